// npm run loadtest — a soak and fault-injection run of the real service on loopback (figures only;
// not part of `npm test`). Everything runs on 127.0.0.1: a private redis-server with AOF (fsync
// always), fakes of every dependency with realistic latencies, and two service processes on that
// Redis behind a round-robin client (the "load balancer": it skips an instance marked down).
//
//  1. Soak: LOADTEST_USERS (100) users for LOADTEST_SECONDS (600) after a short warm-up, each on its
//     own conversation (a new one every ~10 turns): 90 % text turns (a share of them as SSE), 10 %
//     voice turns. Latency p50/p95/p99 per kind, errors by status, throughput, service RSS and heap
//     every 10 s (start, end, max, least-squares slope), CPU per turn.
//  2. Faults under continued load, LOADTEST_FAULT_SECONDS each: Redis restart, primary LLM down (500,
//     then hanging), STT down, TTS down, emotion down, SIGTERM of one instance with requests in flight.
//  3. One markdown table, printed and written to docs/performance.md (LOADTEST_OUTPUT).
//
//   LOADTEST_SECONDS=60 npm run loadtest      # quick run (fault phases shrink with it)
// Over 300 lines (923): moved here unchanged from scripts/ for the layering rule; its split into
// bench/loadtest/ modules (phases, faults, ledger, report) is issue 13 item 3, not done yet.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, release, tmpdir, totalmem } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { startFakeEmotion } from '../test/fakes/emotion.ts'
import { startFakeChat, type ChatRequest, type FakeChat, type Reply } from '../test/fakes/openai-chat.ts'
import { startFakeProsaStt } from '../test/fakes/prosa-stt.ts'
import { startFakeProsaTts } from '../test/fakes/prosa-tts.ts'
import { speak } from '../test/helpers/audio-fixtures.ts'
import { startRedis } from '../test/helpers/redis-server.ts'
import { startService } from '../test/helpers/service.ts'
import { cpuMs, fmt, percentile } from './helpers.ts'
import {
  counterSum, gauge, machineJiffies, missingFromSequence, multipartBody, processJiffies, redisWriteProbe, rssMb, send, slope, startSwitchProxy, tally, type Outcome
} from './load.ts'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
process.chdir(ROOT)

// ---------------------------------------------------------------------------------------------------
// Parameters

const num = (name: string, fallback: number): number => {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`)
  return value
}
const SECONDS = num('LOADTEST_SECONDS', 600)
const WARMUP_SECONDS = num('LOADTEST_WARMUP_SECONDS', Math.min(30, Math.round(SECONDS / 4)))
const USERS = Math.max(1, Math.round(num('LOADTEST_USERS', 100)))
const FAULT_SECONDS = num('LOADTEST_FAULT_SECONDS', Math.min(45, Math.max(15, Math.round(SECONDS / 15))))
const VOICE_SHARE = num('LOADTEST_VOICE_SHARE', 0.1)
const SSE_SHARE = num('LOADTEST_SSE_SHARE', 0.2)
const THINK_MS = num('LOADTEST_THINK_MS', 1000)
const OUTPUT = process.env.LOADTEST_OUTPUT ?? 'docs/performance.md'
const SAMPLES_FILE = process.env.LOADTEST_SAMPLES // optional: every turn as JSON lines, for analysis
const REQUEST_TIMEOUT_MS = 60_000
const TURNS_PER_CONVERSATION = 10

// Dependency latencies (the fakes'): per model call, per transcription, per emotion call, per sentence.
const LLM_MS = 500
const CHUNK_MS = 5
const STT_MS = 1000
const EMOTION_MS = 500
const TTS_SENTENCE_MS = 300
const LLM_TIMEOUT_S = 3
const REDIS_OUTAGE_MS = 2000
const RECOVERY_TARGET_S = 5
// Latency targets: the fakes' own time plus a budget for the service (1 s text, ~1.7 s voice at p99).
const TEXT_P99_TARGET_MS = 2000
const VOICE_P99_TARGET_MS = 4500

const KEY = 'loadtest-key-0123456789abcdef'
const TRANSCRIPT = 'apa saja fakultas di itb'
const ANSWER = 'ITB memiliki dua belas fakultas dan sekolah, antara lain STEI, FTI, FMIPA dan SAPPK [1]. ' +
  'Kampus utamanya berada di Jalan Ganesa 10 Bandung, dengan kampus lain di Jatinangor dan Cirebon [1].'
const QUESTIONS = ['Kapan ITB didirikan?', 'Di mana kampus Ganesha?', 'Apa itu TPB?', 'Bagaimana cara mendaftar lewat SNBP?',
  'Apa saja program studi di STEI?', 'Berapa biaya kuliah di ITB?', 'Kalau biayanya untuk S2?', 'Apa saja fakultas di ITB?']

const phaseSeconds = (minimum: number): number => Math.max(minimum, FAULT_SECONDS)
const REDIS_PHASE_SECONDS = phaseSeconds(45) // long enough to see the aftermath (conversation locks live 30 s)
const expectedSeconds = WARMUP_SECONDS + SECONDS + REDIS_PHASE_SECONDS + phaseSeconds(15) * 2 + phaseSeconds(20) * 3 + 60
const WATCHDOG_MS = (expectedSeconds + 300) * 1000

// ---------------------------------------------------------------------------------------------------
// Safety: every child this process started is killed if it ends early; a watchdog bounds the run.

function ownChildren (): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid) pids.push(Number(entry))
    } catch {}
  }
  return pids
}
process.on('exit', () => { for (const pid of ownChildren()) { try { process.kill(pid, 'SIGKILL') } catch {} } })
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { console.error(`loadtest: ${signal}, stopping`); process.exit(130) })
const watchdog = setTimeout(() => { console.error(`loadtest: watchdog fired after ${WATCHDOG_MS / 1000} s, aborting`); process.exit(2) }, WATCHDOG_MS)
watchdog.unref()

const log = (message: string): void => { console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`) }

// ---------------------------------------------------------------------------------------------------
// Dependencies and the two service instances

const runStarted = Date.now()
log(`loadtest: ${USERS} users, warm-up ${WARMUP_SECONDS} s, soak ${SECONDS} s, fault phases ${FAULT_SECONDS} s, voice ${VOICE_SHARE * 100} %, ` +
  `think ${THINK_MS} ms (expected ~${Math.round(expectedSeconds / 60)} min)`)

const words = (ANSWER.match(/\s*\S+/g) ?? []).length
const model = (request: ChatRequest): Reply => request.toolResults.length === 0
  ? { toolCalls: [{ name: 'fetch_documents', arguments: { search_query: request.lastUserText } }], delayMs: LLM_MS }
  : request.stream
    ? { content: ANSWER, delayMs: LLM_MS - words * CHUNK_MS, chunkDelayMs: CHUNK_MS } // 0.5 s in all, streamed word by word
    : { content: ANSWER, delayMs: LLM_MS }

const primary = await startFakeChat({ apiKey: 'primary-llm-key', respond: model })
const fallback = await startFakeChat({ apiKey: 'fallback-llm-key', respond: model })
const sttOk = await startFakeProsaStt({ apiKey: 'stt-key', transcript: TRANSCRIPT, delayMs: STT_MS })
const sttFailing = await startFakeProsaStt({ apiKey: 'stt-key', closeWith: 1011, closeReason: 'internal error' })
const ttsOk = await startFakeProsaTts({ apiKey: 'tts-key', delayPerSentenceMs: TTS_SENTENCE_MS })
const ttsFailing = await startFakeProsaTts({ apiKey: 'tts-key', closeWith: 1011, closeReason: 'internal error' })
const emotionOk = await startFakeEmotion({ mode: 'slow', delayMs: EMOTION_MS, label: 'happy' })
const emotionFailing = await startFakeEmotion({ mode: 'failing' })
const emotionSlow = await startFakeEmotion({ mode: 'slow', delayMs: 5000 })
const portOf = (url: string): number => Number(new URL(url.replace(/^ws/, 'http')).port)
const sttProxy = await startSwitchProxy(portOf(sttOk.url))
const ttsProxy = await startSwitchProxy(portOf(ttsOk.url))
const emotionProxy = await startSwitchProxy(portOf(emotionOk.url))

const redis = await startRedis({ appendOnly: true })
const dataDir = mkdtempSync(join(tmpdir(), 'itb-loadtest-'))
const env: Record<string, string> = {
  API_KEYS: KEY,
  REDIS_URL: redis.url,
  RATE_LIMIT_ENABLED: 'false',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  LLM_PROVIDERS: 'together,openai',
  TOGETHER_API_KEY: 'primary-llm-key',
  TOGETHER_BASE_URL: primary.baseURL,
  OPENAI_API_KEY: 'fallback-llm-key',
  OPENAI_BASE_URL: fallback.baseURL,
  LLM_TIMEOUT: String(LLM_TIMEOUT_S),
  PROSA_STT_API_KEY: sttOk.apiKey,
  PROSA_STT_URL: `ws://127.0.0.1:${sttProxy.port}/v2/speech/stt/streaming`,
  PROSA_TTS_API_KEY: ttsOk.apiKey,
  PROSA_TTS_URL: `ws://127.0.0.1:${ttsProxy.port}/v2/speech/tts/streaming`,
  EMOTION_ANALYSIS_URL: `http://127.0.0.1:${emotionProxy.port}`,
  // Diagnostics only, e.g. LOADTEST_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" (profiles written at exit).
  ...(process.env.LOADTEST_NODE_OPTIONS === undefined ? {} : { NODE_OPTIONS: process.env.LOADTEST_NODE_OPTIONS })
}

interface Instance {
  name: string
  port: number
  pid: number
  up: boolean
  inFlight: Set<number>
  service: Awaited<ReturnType<typeof startService>>
  exit?: { code: number | null, signal: string | null, at: number }
}
const T0 = performance.now()
/** Seconds since the start. */
function now (): number { return (performance.now() - T0) / 1000 }
const instances: Instance[] = []
for (const name of ['A', 'B']) {
  const service = await startService(env)
  const instance: Instance = { name, port: service.port, pid: service.child.pid as number, up: true, inFlight: new Set(), service }
  service.child.once('exit', (code, signal) => { instance.up = false; instance.exit = { code, signal, at: now() } })
  instances.push(instance)
}
log(`service A on :${instances[0].port} (pid ${instances[0].pid}), B on :${instances[1].port} (pid ${instances[1].pid}), redis ${redis.url}`)

const wav = await speak('Apa saja fakultas di ITB?')
const voice = multipartBody('audio', 'question.wav', 'audio/wav', wav)

// ---------------------------------------------------------------------------------------------------
// Load: USERS closed loops, one turn at a time each, think time between turns.

type Kind = 'text' | 'sse' | 'voice'
interface Sample {
  id: number
  kind: Kind
  instance: string
  conversation: string
  /** Seconds since the start. */
  start: number
  end: number
  /** 200, or e.g. `503 OVERLOADED`, `sse 503 LLM_UNAVAILABLE` (an SSE error event), `timeout`, `ECONNRESET`. */
  status: number | string
  ok: boolean
  emotion?: string
  audioNull?: boolean
  warnings?: string
  /** JSON text turns: the service's own exec_time (seconds): total and model time. */
  server?: number
  llm?: number
}

const samples: Sample[] = []
const ledger = new Map<string, string[]>()
const control = { stopping: false }
let nextId = 0
let cursor = 0

/** The load balancer: round-robin over the instances not marked down. */
function pick (): Instance | undefined {
  for (let tries = 0; tries < instances.length; tries++) {
    const instance = instances[cursor++ % instances.length]
    if (instance.up) return instance
  }
  return undefined
}

function classify (kind: Kind, outcome: Outcome): { status: number | string, ok: boolean } {
  if (outcome.status === 0) return { status: outcome.error ?? 'error', ok: false }
  const code = (text: string): string => /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? ''
  if (outcome.status !== 200) return { status: `${outcome.status} ${code(outcome.body)}`.trim(), ok: false }
  if (kind !== 'sse' || outcome.body.includes('event: done')) return { status: 200, ok: true }
  const failed = /event: error\ndata: (.*)/.exec(outcome.body)
  return { status: failed === null ? 'sse no done event' : `sse ${/"statusCode":(\d+)/.exec(failed[1])?.[1] ?? '?'} ${code(failed[1])}`.trim(), ok: false }
}
const isStatus = (status: number | string, code: number): boolean => String(status).replace(/^sse /, '').startsWith(String(code))

async function turn (instance: Instance, kind: Kind, conversation: string): Promise<boolean> {
  const id = nextId++
  const question = kind === 'voice' ? TRANSCRIPT : `${QUESTIONS[id % QUESTIONS.length]} (#${id})`
  const headers: Record<string, string | number> = { 'x-api-key': KEY, 'x-conversation-id': conversation }
  const start = now()
  instance.inFlight.add(id)
  let outcome: Outcome
  if (kind === 'voice') {
    outcome = await send(instance.port, 'POST', '/v1/audio', { ...headers, 'content-type': voice.contentType, 'content-length': voice.body.length }, voice.body, REQUEST_TIMEOUT_MS)
  } else {
    const body = JSON.stringify({ message: question })
    outcome = await send(instance.port, 'POST', '/v1/chat', {
      ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(kind === 'sse' ? { accept: 'text/event-stream' } : {})
    }, body, REQUEST_TIMEOUT_MS)
  }
  instance.inFlight.delete(id)
  const { status, ok } = classify(kind, outcome)
  const sample: Sample = { id, kind, instance: instance.name, conversation, start, end: now(), status, ok }
  if (kind === 'voice' && outcome.status === 200) {
    sample.emotion = /"emotion":"([^"]*)"/.exec(outcome.body)?.[1]
    sample.audioNull = outcome.body.includes('"audio":null')
    sample.warnings = /"warnings":\[(.*?)\]/.exec(outcome.body)?.[1] ?? ''
  }
  if (kind === 'text' && ok) {
    const times = /"exec_time":\{[^}]*"llm":([\d.]+)[^}]*"total":([\d.]+)/.exec(outcome.body)
    if (times !== null) { sample.llm = Number(times[1]); sample.server = Number(times[2]) }
  }
  samples.push(sample)
  if (ok) {
    let acked = ledger.get(conversation)
    if (acked === undefined) ledger.set(conversation, acked = [])
    acked.push(question)
  }
  return ok
}

async function user (index: number): Promise<void> {
  await sleep(Math.round((index / USERS) * 2000)) // ramp up over 2 s
  let conversation = ''
  let left = 0
  let generation = 0
  while (!control.stopping && performance.now() - T0 < WATCHDOG_MS) {
    if (left <= 0) {
      conversation = `lt-${runStarted.toString(36)}-u${index}-c${generation++}`
      left = TURNS_PER_CONVERSATION - 2 + Math.floor(Math.random() * 5) // 8..12 turns
    }
    const instance = pick()
    if (instance === undefined) { await sleep(200); continue }
    const kind: Kind = Math.random() < VOICE_SHARE ? 'voice' : Math.random() < SSE_SHARE ? 'sse' : 'text'
    const ok = await turn(instance, kind, conversation)
    left--
    // Think time; a failed turn waits a little longer (clients back off).
    const pause = THINK_MS * (0.5 + Math.random()) + (ok ? 0 : 500)
    if (pause > 0 && !control.stopping) await sleep(pause)
  }
}

// ---------------------------------------------------------------------------------------------------
// Every 10 s: RSS, CPU and (from /metrics) heap and event-loop lag of each service; the fakes forget
// what they recorded (it would grow for the whole run).

interface Tick {
  t: number
  rss: Record<string, number>
  cpu: Record<string, number>
  heap: Record<string, number>
  /** prom-client's event-loop lag p99 / max since the previous scrape (seconds). */
  lagP99: Record<string, number>
  lagMax: Record<string, number>
  external: Record<string, number>
  loadgenRss: number
  /** Jiffies: the machine busy / in total, and this test's processes (for the share of other work per tick). */
  machine: CpuSnapshot
}
const ticks: Tick[] = []
/** CPU jiffies of the machine and of this test's own processes (load generator with fakes; services with their ffmpeg children, Redis: per pid). */
interface CpuSnapshot { busy: number, total: number, self: number, children: Record<number, number> }
function cpuSnapshot (): CpuSnapshot {
  const machine = machineJiffies()
  const self = process.cpuUsage()
  const children: Record<number, number> = {}
  for (const pid of ownChildren()) children[pid] = processJiffies(pid)
  return { ...machine, self: (self.user + self.system) / 10_000, children }
}
/** Share of the machine's CPU between two snapshots used by other work than this test (processes that came or went in between count as ours). */
function otherShare (a: CpuSnapshot, b: CpuSnapshot): { ours: number, other: number } {
  const total = b.total - a.total
  if (total <= 0) return { ours: Number.NaN, other: Number.NaN }
  let ours = b.self - a.self
  for (const [pid, jiffies] of Object.entries(b.children)) {
    const before = a.children[Number(pid)]
    if (before !== undefined) ours += Math.max(0, jiffies - before)
  }
  return { ours: ours / total, other: Math.min(1, Math.max(0, (b.busy - a.busy - ours) / total)) }
}
// Once a second: how long Redis takes to acknowledge a write (fsync included), from outside the service.
const probes: Array<{ t: number, ms: number }> = []
const prober = setInterval(() => { const t = now(); redisWriteProbe(redis.port, 2000).then((ms) => { probes.push({ t, ms }) }, () => {}) }, 1000)
const drainFakes = (): void => {
  for (const fake of [primary, fallback] as FakeChat[]) fake.reset()
  for (const fake of [sttOk, sttFailing]) fake.sessions.length = 0
  for (const fake of [ttsOk, ttsFailing]) { fake.sessions.length = 0; fake.texts.length = 0 }
  for (const fake of [emotionOk, emotionFailing, emotionSlow]) fake.requests.length = 0
}
const sampleTick = async (): Promise<void> => {
  const tick: Tick = { t: now(), rss: {}, cpu: {}, heap: {}, lagP99: {}, lagMax: {}, external: {}, loadgenRss: process.memoryUsage.rss() / 1048576, machine: cpuSnapshot() }
  for (const instance of instances) {
    if (instance.exit !== undefined) continue
    tick.rss[instance.name] = rssMb(instance.pid)
    try { tick.cpu[instance.name] = cpuMs(instance.pid) } catch {}
  }
  ticks.push(tick)
  drainFakes()
  await Promise.all(instances.filter((instance) => instance.up).map(async (instance) => {
    const metrics = await send(instance.port, 'GET', '/metrics', {}, undefined, 5000)
    if (metrics.status !== 200) return
    tick.heap[instance.name] = gauge(metrics.body, 'nodejs_heap_size_used_bytes') / 1048576
    tick.lagP99[instance.name] = gauge(metrics.body, 'nodejs_eventloop_lag_p99_seconds')
    tick.lagMax[instance.name] = gauge(metrics.body, 'nodejs_eventloop_lag_max_seconds')
    tick.external[instance.name] = gauge(metrics.body, 'nodejs_external_memory_bytes') / 1048576
  }))
}
const loopDelay = monitorEventLoopDelay({ resolution: 20 })
loopDelay.enable()
const cpuStart = process.cpuUsage()

await sampleTick()
const ticker = setInterval(() => { sampleTick().catch(() => {}) }, 10_000)
const users = Array.from({ length: USERS }, async (_, index) => { await user(index) })

// ---------------------------------------------------------------------------------------------------
// Phases: each records its marks; the figures are computed at the end, once every turn has finished.

interface Phase { name: string, start: number, end: number, marks: Record<string, number> }
async function phase (name: string, seconds: number, body: (mark: (label: string) => number, until: (fraction: number) => Promise<void>) => Promise<void> = async () => {}): Promise<Phase> {
  const current: Phase = { name, start: now(), end: Number.NaN, marks: {} }
  log(`phase ${name} (${seconds} s)`)
  const until = async (fraction: number): Promise<void> => {
    const wait = current.start + seconds * fraction - now()
    if (wait > 0) await sleep(wait * 1000)
  }
  await body((label) => (current.marks[label] = now()), until)
  await until(1)
  current.end = now()
  return current
}

async function metricsSum (name: string): Promise<number> {
  let total = 0
  for (const instance of instances) {
    if (!instance.up) continue
    const outcome = await send(instance.port, 'GET', '/metrics', {}, undefined, 10_000)
    if (outcome.status === 200) total += counterSum(outcome.body, name)
  }
  return total
}

interface LedgerCheck { conversations: number, turns: number, missing: number, failedReads: number, examples: string[] }
/** Reads conversations back and checks every acknowledged question is stored, in order. */
async function verify (conversations: string[], budgetMs: number): Promise<LedgerCheck> {
  const result: LedgerCheck = { conversations: 0, turns: 0, missing: 0, failedReads: 0, examples: [] }
  const deadline = performance.now() + budgetMs
  let next = 0
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < conversations.length && performance.now() < deadline) {
      const id = conversations[next++]
      const acked = [...(ledger.get(id) ?? [])]
      const target = instances.find((instance) => instance.up)
      if (target === undefined) return
      const read = await send(target.port, 'GET', `/v1/conversations/${id}`, { 'x-api-key': KEY }, undefined, 30_000)
      result.conversations++
      result.turns += acked.length
      if (read.status !== 200) {
        result.failedReads++
        result.missing += acked.length
        if (result.examples.length < 3) result.examples.push(`${id}: GET ${read.status || read.error}`)
        continue
      }
      const stored = (JSON.parse(read.body) as { turns: Array<{ role: string, text: string }> }).turns
        .filter((t) => t.role === 'user').map((t) => t.text)
      const missing = missingFromSequence(acked, stored)
      result.missing += missing.length
      if (missing.length > 0 && result.examples.length < 3) result.examples.push(`${id}: ${missing.length} missing, e.g. "${missing[0]}"`)
    }
  }))
  return result
}
const within = (from: number, to: number, filter: (s: Sample) => boolean = () => true): Sample[] =>
  samples.filter((s) => s.start >= from && s.start < to && filter(s))

// 0-1. Warm-up and soak ----------------------------------------------------------------------------
const warmup = await phase('warm-up', WARMUP_SECONDS)
const soakCpuStart = cpuSnapshot()
const soak = await phase('soak', SECONDS)
const soakCpuEnd = cpuSnapshot()

// 2a. Redis restart (2 s down, AOF) -----------------------------------------------------------------
const readyPolls: Array<{ t: number, instance: string, status: number | string }> = []
const redisPhase = await phase('redis-restart', REDIS_PHASE_SECONDS, async (mark, until) => {
  await until(0.15)
  const polling = { on: true }
  const poller = (async () => {
    while (polling.on) {
      await Promise.all(instances.filter((i) => i.up).map(async (instance) => {
        const t = now()
        const outcome = await send(instance.port, 'GET', '/ready', {}, undefined, 5000)
        readyPolls.push({ t, instance: instance.name, status: outcome.status || (outcome.error ?? 'error') })
      }))
      await sleep(250)
    }
  })()
  mark('stop')
  await redis.stop()
  mark('down')
  await sleep(REDIS_OUTAGE_MS)
  await redis.start()
  mark('back')
  await sleep(6000)
  polling.on = false
  await poller
})
// Right after the phase: every conversation with a turn acknowledged during it is read back.
const redisLedger = await verify([...new Set(within(redisPhase.start, redisPhase.end, (s) => s.ok).map((s) => s.conversation))], 120_000)

// 2b. Primary LLM down: HTTP 500, then hanging -------------------------------------------------------
const failovers = { before: 0, after: 0 }
const llmPhase = await phase('llm-primary-down', phaseSeconds(15), async (mark, until) => {
  await until(0.1)
  failovers.before = await metricsSum('itb_llm_failovers_total')
  primary.setRespond(() => ({ status: 500 }))
  mark('failing')
  await until(0.45)
  primary.setRespond(() => ({ hang: true }))
  mark('hanging')
  await until(0.8)
  primary.setRespond(model)
  mark('restored')
  await sleep(2 * LLM_TIMEOUT_S * 1000) // turns still waiting on a hanging call fail over before the count is read
  failovers.after = await metricsSum('itb_llm_failovers_total')
})

// 2c-e. Speech-to-text, speech synthesis, emotion: failing, then stopped (emotion: slow) --------------
type Proxy = Awaited<ReturnType<typeof startSwitchProxy>>
const dependencyPhase = async (name: string, proxy: Proxy, healthy: number, failing: number, second: number | null): Promise<Phase> =>
  await phase(name, phaseSeconds(20), async (mark, until) => {
    await until(0.1)
    await proxy.route(failing)
    mark('failing')
    await until(0.45)
    await proxy.route(second)
    mark('second')
    await until(0.8)
    await proxy.route(healthy)
    mark('restored')
  })
const sttPhase = await dependencyPhase('stt-down', sttProxy, portOf(sttOk.url), portOf(sttFailing.url), null)
const ttsPhase = await dependencyPhase('tts-down', ttsProxy, portOf(ttsOk.url), portOf(ttsFailing.url), null)
const emotionPhase = await dependencyPhase('emotion-down', emotionProxy, portOf(emotionOk.url), portOf(emotionFailing.url), portOf(emotionSlow.url))

// 2f. SIGTERM to instance B with requests in flight -------------------------------------------------
const victim = instances[1]
let inFlightAtKill: number[] = []
const sigtermPhase = await phase('sigterm', phaseSeconds(15), async (mark, until) => {
  await until(0.3)
  victim.up = false // the load balancer sends nothing new to it
  inFlightAtKill = [...victim.inFlight]
  mark('sigterm')
  const exited = new Promise<void>((resolve) => { if (victim.exit !== undefined) resolve(); else victim.service.child.once('exit', () => resolve()) })
  victim.service.child.kill('SIGTERM')
  await Promise.race([exited, sleep(30_000)])
})

// ---------------------------------------------------------------------------------------------------
// Wind down: stop the users (every turn finishes), read every conversation back.

control.stopping = true
log('stopping the users')
await Promise.race([Promise.all(users), sleep(REQUEST_TIMEOUT_MS + 5000)])
clearInterval(ticker)
clearInterval(prober)
await sampleTick()
const loadEnded = now()
const VERIFY_MAX = Math.round(num('LOADTEST_VERIFY_MAX', 20_000))
const allConversations = [...ledger.keys()]
const toVerify = allConversations.length <= VERIFY_MAX ? allConversations : allConversations.sort(() => Math.random() - 0.5).slice(0, VERIFY_MAX)
log(`reading back ${toVerify.length} conversations`)
const finalLedger = await verify(toVerify, 300_000)
const cpuUsed = process.cpuUsage(cpuStart)
if (SAMPLES_FILE !== undefined) {
  const phases = [warmup, soak, redisPhase, llmPhase, sttPhase, ttsPhase, emotionPhase, sigtermPhase]
  writeFileSync(SAMPLES_FILE, [JSON.stringify({ phases, ticks, probes, readyPolls }), ...samples.map((s) => JSON.stringify(s))].join('\n') + '\n')
}

// ---------------------------------------------------------------------------------------------------
// Figures

interface Row { check: string, figures: string, target: string, pass: boolean | null }
const rows: Row[] = []
const seconds = (list: Sample[]): number[] => list.map((s) => s.end - s.start)
const latencyOf = (list: Sample[]): string => {
  const ms = seconds(list).map((s) => s * 1000)
  return `p50 ${fmt(percentile(ms, 50), 0)} / p95 ${fmt(percentile(ms, 95), 0)} / p99 ${fmt(percentile(ms, 99), 0)} ms`
}
const successRate = (list: Sample[]): number => list.length === 0 ? Number.NaN : list.filter((s) => s.ok).length / list.length
const pct = (value: number): string => Number.isFinite(value) ? `${(value * 100).toFixed(value === 1 || value === 0 ? 0 : 2)} %` : 'n/a'
const statuses = (list: Sample[]): string => tally(list.map((s) => s.status))
const errorsOf = (list: Sample[]): string => { const failed = list.filter((s) => !s.ok); return failed.length === 0 ? 'none' : statuses(failed) }
const maxOf = (values: number[]): number => values.length === 0 ? Number.NaN : Math.max(...values)

// Warm-up
{
  const list = within(warmup.start, warmup.end)
  rows.push({
    check: 'Warm-up (not in the soak figures)',
    figures: `${fmt(warmup.end - warmup.start, 0)} s from cold start: ${list.length} turns, errors: ${errorsOf(list)}; text ${latencyOf(list.filter((s) => s.kind !== 'voice' && s.ok))}`,
    target: 'reported only',
    pass: null
  })
}

// Soak
/** Latency (s) above which a successful turn counts as stalled: well past the soak's own p99 for that kind. */
const stallBound: Record<Kind, number> = { text: 10, sse: 10, voice: 15 }
{
  const list = within(soak.start, soak.end)
  const elapsed = soak.end - soak.start
  // The machine may be shared: per 10 s between samples, the share of its CPU used by other work. A
  // turn that started in a 10 s where other work took more than OTHER_WORK_LIMIT is "contended"; the
  // latency and error verdicts are on the quiet turns (when they cover at least half of the soak).
  const OTHER_WORK_LIMIT = 0.15
  const soakTicksAll = ticks.filter((tick) => tick.t >= soak.start - 11 && tick.t <= soak.end + 11)
  const intervals = soakTicksAll.slice(1).map((tick, index) => {
    const previous = soakTicksAll[index]
    return { from: previous.t, to: tick.t, other: otherShare(previous.machine, tick.machine).other }
  })
  const contended = (s: Sample): boolean => intervals.some((i) => s.start >= i.from && s.start < i.to && !(i.other <= OTHER_WORK_LIMIT))
  const quiet = list.filter((s) => !contended(s))
  const quietSeconds = intervals.filter((i) => i.other <= OTHER_WORK_LIMIT)
    .reduce((sum, i) => sum + Math.max(0, Math.min(i.to, soak.end) - Math.max(i.from, soak.start)), 0)
  const judgeQuiet = quietSeconds >= elapsed / 2
  const quietNote = `quiet = the ${fmt(quietSeconds, 0)} s of ${fmt(elapsed, 0)} s in which other work on the machine took ≤ ${OTHER_WORK_LIMIT * 100} % of it`
  for (const kind of ['text', 'sse', 'voice'] as Kind[]) {
    const ok = list.filter((s) => s.kind === kind && s.ok)
    const quietOk = quiet.filter((s) => s.kind === kind && s.ok)
    const label = kind === 'text' ? 'text turns (JSON)' : kind === 'sse' ? 'text turns (SSE)' : 'voice turns'
    const floor = kind === 'voice'
      ? `fakes' floor ≈ ${((STT_MS + EMOTION_MS + LLM_MS + TTS_SENTENCE_MS) / 1000).toFixed(1)} s`
      : `model floor ${(LLM_MS / 1000).toFixed(1)} s`
    const target = kind === 'voice' ? VOICE_P99_TARGET_MS : TEXT_P99_TARGET_MS
    const p99 = percentile(seconds(ok), 99)
    if (ok.length > 0) stallBound[kind] = Math.max(1.5 * p99, p99 + 1)
    const served = ok.filter((s) => s.server !== undefined && s.llm !== undefined)
    const ms = (values: number[], p: number): string => fmt(percentile(values.map((v) => v * 1000), p), 0)
    const inside = kind !== 'text' || served.length === 0
      ? ''
      : `; inside the service (exec_time) total p50 ${ms(served.map((s) => s.server as number), 50)} / p99 ${ms(served.map((s) => s.server as number), 99)} ms, ` +
        `model p50 ${ms(served.map((s) => s.llm as number), 50)} / p99 ${ms(served.map((s) => s.llm as number), 99)} ms, ` +
        `rest p50 ${ms(served.map((s) => (s.server as number) - (s.llm as number)), 50)} / p99 ${ms(served.map((s) => (s.server as number) - (s.llm as number)), 99)} ms`
    const quietP99 = percentile(seconds(quietOk), 99)
    rows.push({
      check: `Soak: ${label}`,
      figures: `quiet: ${quietOk.length} ok, ${latencyOf(quietOk)}; whole soak: ${ok.length} ok, ${latencyOf(ok)} (${floor})${inside}`,
      target: `p99 ≤ ${target / 1000} s (quiet)`,
      pass: judgeQuiet ? quietOk.length > 0 && quietP99 * 1000 <= target : null
    })
  }
  const machineBusy = (soakCpuEnd.busy - soakCpuStart.busy) / (soakCpuEnd.total - soakCpuStart.total)
  const oursBusy = otherShare(soakCpuStart, soakCpuEnd).ours
  const otherPerTick = intervals.map((i) => i.other).filter(Number.isFinite)
  const contendedErrors = list.filter((s) => !s.ok && contended(s))
  rows.push({
    check: 'Soak: errors, throughput',
    figures: `${list.length} turns in ${fmt(elapsed, 0)} s = ${fmt(list.length / elapsed)} turns/s (ok: ${tally(list.filter((s) => s.ok).map((s) => s.kind))}); ` +
      `errors when quiet: ${errorsOf(quiet)}; errors while other work was heavy: ${errorsOf(contendedErrors)}; ` +
      `machine CPU ${pct(machineBusy)} busy (${cpus().length} cores), this test's processes ${pct(oursBusy)}, other work ${pct(Math.max(0, machineBusy - oursBusy))} ` +
      `(busiest 10 s: ${pct(maxOf(otherPerTick))}); ${quietNote}`,
    target: '0 errors when quiet; only 503 OVERLOADED (load shedding) otherwise',
    pass: quiet.every((s) => s.ok) && contendedErrors.every((s) => s.status === '503 OVERLOADED' || s.status === 'sse 503 OVERLOADED')
  })
  const soakProbes = probes.filter((p) => p.t >= soak.start && p.t < soak.end)
  const probeMs = soakProbes.map((p) => p.ms).filter(Number.isFinite)
  rows.push({
    check: 'Soak: Redis write latency (probe)',
    figures: `${soakProbes.length} probes (one SET a second on a fresh connection, fsync always): p50 ${fmt(percentile(probeMs, 50), 1)} / p99 ${fmt(percentile(probeMs, 99), 1)} / ` +
      `max ${fmt(maxOf(probeMs), 0)} ms, ${probeMs.filter((ms) => ms > 100).length} over 100 ms, ${soakProbes.length - probeMs.length} unanswered within 2 s`,
    target: 'reported only',
    pass: null
  })
  const soakTicks = soakTicksAll
  const mid = soak.start + (soak.end - soak.start) / 2
  for (const instance of instances) {
    const series = (field: 'rss' | 'heap' | 'external'): Array<[number, number]> => soakTicks
      .filter((tick) => Number.isFinite(tick[field][instance.name])).map((tick): [number, number] => [tick.t / 60, tick[field][instance.name]])
    const rss = series('rss')
    const heap = series('heap')
    // The heap sampled at random points in the GC cycle is noisy; its per-minute minimum follows the live set.
    const minima: Array<[number, number]> = []
    for (const [t, mb] of heap) {
      const minute = Math.floor(t)
      const last = minima.at(-1)
      if (last !== undefined && Math.floor(last[0]) === minute) { if (mb < last[1]) minima[minima.length - 1] = [last[0], mb] } else minima.push([t, mb])
    }
    const external = series('external')
    const late = (points: Array<[number, number]>): Array<[number, number]> => points.filter(([t]) => t * 60 >= mid)
    const values = rss.map(([, mb]) => mb)
    const first = soakTicks[0]
    const last = soakTicks.at(-1)
    const cpu = first !== undefined && last !== undefined ? (last.cpu[instance.name] - first.cpu[instance.name]) : Number.NaN
    const served = samples.filter((s) => s.instance === instance.name && s.start >= (first?.t ?? 0) && s.start < (last?.t ?? 0)).length
    const lag = soakTicks.map((tick) => tick.lagP99[instance.name]).filter(Number.isFinite)
    const lagMax = soakTicks.map((tick) => tick.lagMax[instance.name]).filter(Number.isFinite)
    const lateSlope = slope(late(rss))
    rows.push({
      check: `Soak: memory, CPU of instance ${instance.name}`,
      figures: `RSS (${rss.length} samples, 10 s apart) start ${fmt(values[0] ?? Number.NaN, 0)} MB, end ${fmt(values.at(-1) ?? Number.NaN, 0)} MB, max ${fmt(maxOf(values), 0)} MB; ` +
        `slope ${fmt(slope(rss), 2)} MB/min over the soak, ${fmt(lateSlope, 2)} MB/min over its second half, ` +
        `${fmt(slope(rss.filter(([t]) => t * 60 >= soak.start + (soak.end - soak.start) * 2 / 3)), 2)} MB/min over its last third; ` +
        `V8 heap used, per-minute minimum: ${fmt(minima[0]?.[1] ?? Number.NaN, 0)} → ${fmt(minima.at(-1)?.[1] ?? Number.NaN, 0)} MB, slope ${fmt(slope(minima), 2)} MB/min ` +
        `(second half ${fmt(slope(late(minima)), 2)}); external ${fmt(external[0]?.[1] ?? Number.NaN, 0)} → ${fmt(external.at(-1)?.[1] ?? Number.NaN, 0)} MB; ` +
        `CPU ${fmt(cpu / Math.max(1, served), 1)} ms/turn (without ffmpeg); event-loop lag p99 median ${fmt(percentile(lag, 50) * 1000, 0)} ms, worst 10 s max ${fmt(maxOf(lagMax) * 1000, 0)} ms`,
      target: 'RSS second-half slope ≤ 1 MB/min',
      pass: late(rss).length >= 3 ? lateSlope <= 1 : null
    })
  }
}

// Redis restart
{
  const downAt = redisPhase.marks.down
  const backAt = redisPhase.marks.back
  // A turn is affected when it failed, or succeeded but took longer than stallBound (well past the
  // soak's p99). Requests are "normal again" after the last affected turn ended, counted from when Redis was back.
  const affected = (s: Sample): boolean => !s.ok || s.end - s.start > stallBound[s.kind]
  const around = within(redisPhase.start - 60, redisPhase.end, (s) => s.end <= redisPhase.end)
  const affectedAfter = around.filter((s) => affected(s) && s.end > backAt)
  const recovery = Math.max(0, ...affectedAfter.map((s) => s.end - backAt))
  const firstOk = Math.min(...within(backAt, redisPhase.end, (s) => s.ok).map((s) => s.end)) - backAt
  const stalled = around.filter((s) => s.ok && s.end > backAt && s.end - s.start > stallBound[s.kind])
  const failedAfter = affectedAfter.filter((s) => !s.ok)
  const outageErrors = around.filter((s) => !s.ok && s.end >= downAt - 0.5)
  const duringOutage = readyPolls.filter((p) => p.t >= downAt + 0.25 && p.t + 0.25 < backAt)
  const ready503 = duringOutage.filter((p) => p.status === 503).length
  // /ready is 200 again from the first 200 after Redis is back on each instance, and stays 200.
  const readyAgain = instances.map((instance) => {
    const polls = readyPolls.filter((p) => p.instance === instance.name && p.t >= backAt)
    const lastNot200 = polls.filter((p) => p.status !== 200).at(-1)
    const first200 = polls.find((p) => p.status === 200 && (lastNot200 === undefined || p.t > lastNot200.t))
    return first200 === undefined ? Number.POSITIVE_INFINITY : Math.max(0, first200.t - backAt)
  })
  const check = redisLedger
  rows.push({
    check: 'Fault: Redis restarted (AOF, 2 s down)',
    figures: `acknowledged turns lost: ${check.missing} of ${check.turns} (${check.conversations} conversations active in the phase read back${check.failedReads > 0 ? `, ${check.failedReads} reads failed` : ''})` +
      `${check.examples.length > 0 ? ` [${check.examples.join('; ')}]` : ''}; ` +
      `requests normal again ${fmt(recovery, 1)} s after Redis is back (first 200 after ${fmt(firstOk, 1)} s; ${failedAfter.length} errors ended after it was back, the last after ${fmt(maxOf(failedAfter.map((s) => s.end - backAt)), 1)} s; ` +
      `${stalled.length} turns ending after it was back took > ${fmt(stallBound.text, 1)} s (text) / ${fmt(stallBound.voice, 1)} s (voice), up to ${fmt(maxOf(seconds(stalled)), 1)} s); ` +
      `errors around the outage: ${statuses(outageErrors)}; ` +
      `/ready 503 in ${ready503}/${duringOutage.length} polls during the outage, 200 again ${readyAgain.map((t) => `${fmt(t, 1)} s`).join(' / ')} after Redis was back (A / B)`,
    target: `0 lost; normal ≤ ${RECOVERY_TARGET_S} s after; /ready 503 while down`,
    pass: check.missing === 0 && check.conversations > 0 && recovery <= RECOVERY_TARGET_S &&
      duringOutage.length > 0 && ready503 === duringOutage.length && readyAgain.every((t) => t <= RECOVERY_TARGET_S)
  })
}

// Primary LLM down
{
  const m = llmPhase.marks
  const failing = within(m.failing, m.hanging)
  const hanging = within(m.hanging, m.restored)
  const all = [...failing, ...hanging]
  // Latency: turns that stayed inside their half (a turn crossing into the hanging half waits for the timeout).
  const textOk = (list: Sample[]): Sample[] => list.filter((s) => s.kind !== 'voice' && s.ok && (list !== failing || s.end <= m.hanging))
  const hangLimit = 2 * (LLM_TIMEOUT_S + 2 * LLM_MS / 1000) + 3 // two calls, each: primary timeout, then the fallback; plus slack
  const count = failovers.after - failovers.before
  rows.push({
    check: 'Fault: primary LLM down (HTTP 500, then hanging)',
    figures: `answering 500: ${failing.length} turns, ${pct(successRate(failing))} ok, text ${latencyOf(textOk(failing))}; ` +
      `hanging: ${hanging.length} turns, ${pct(successRate(hanging))} ok, text ${latencyOf(textOk(hanging))} (LLM_TIMEOUT ${LLM_TIMEOUT_S} s per call); ` +
      `itb_llm_failovers_total +${count}; errors: ${errorsOf(all)}`,
    target: '≥ 99 % ok through the fallback; failovers counted',
    pass: all.length > 0 && successRate(all) >= 0.99 && count > 0 && seconds(textOk(hanging)).every((s) => s < hangLimit)
  })
}

// Dependencies down. A voice turn is judged when it started after the fault began and ended before it
// was repaired (so its call to the dependency certainly met the fault).
const dependencyRow = (p: Phase, check: string, halves: [string, string], target: string, judge: (s: Sample) => boolean, describe: (voices: Sample[]) => string): void => {
  const m = p.marks
  const judged = (from: number, to: number): Sample[] => within(from, to, (s) => s.kind === 'voice' && s.end <= m.restored)
  const first = judged(m.failing, m.second)
  const second = judged(m.second, m.restored)
  const voices = [...first, ...second]
  const texts = within(m.failing, m.restored, (s) => s.kind !== 'voice')
  const recovered = within(m.restored + 0.5, p.end, (s) => s.kind === 'voice')
  const maxVoice = maxOf(seconds(voices))
  rows.push({
    check,
    figures: `${halves[0]}: ${first.length} voice turns, ${describe(first)}; ${halves[1]}: ${second.length} voice turns, ${describe(second)}; ` +
      `voice ${latencyOf(voices)}, max ${fmt(maxVoice, 1)} s; text meanwhile: ${texts.length} turns, ${pct(successRate(texts))} ok` +
      `${texts.some((s) => !s.ok) ? ` (${errorsOf(texts)})` : ''}; voice after repair: ${recovered.length} turns, ${pct(successRate(recovered))} ok`,
    target,
    pass: first.length > 0 && second.length > 0 && voices.every(judge) && maxVoice < 20 && successRate(texts) === 1 &&
      recovered.length > 0 && successRate(recovered) === 1
  })
}
dependencyRow(sttPhase, 'Fault: speech-to-text down', ['closing with 1011', 'stopped'], 'voice 502/503, fast; text unaffected',
  (s) => isStatus(s.status, 502) || isStatus(s.status, 503),
  (voices) => `${statuses(voices)}, ${latencyOf(voices)}`)
dependencyRow(ttsPhase, 'Fault: speech synthesis down', ['closing with 1011', 'stopped'], 'voice 200, audio null + warning',
  (s) => s.ok && s.audioNull === true && /synthesis/i.test(s.warnings ?? ''),
  (voices) => `${statuses(voices)}, audio null in ${voices.filter((s) => s.audioNull === true).length}, synthesis warning in ${voices.filter((s) => /synthesis/i.test(s.warnings ?? '')).length}`)
dependencyRow(emotionPhase, 'Fault: emotion down', ['HTTP 500', 'answering after 5 s'], 'voice 200, emotion neutral',
  (s) => s.ok && s.emotion === 'neutral' && /emotion/i.test(s.warnings ?? ''),
  (voices) => `${statuses(voices)}, emotion ${tally(voices.map((s) => s.emotion ?? '-'))}`)

// SIGTERM
{
  const killedAt = sigtermPhase.marks.sigterm
  const killed = new Set(inFlightAtKill)
  const drained = samples.filter((s) => killed.has(s.id))
  const others = within(killedAt, sigtermPhase.end)
  const exit = victim.exit
  const killedByTimeout = victim.service.output().includes('killed by timeout')
  const lastDrained = maxOf(drained.map((s) => s.end)) - killedAt
  rows.push({
    check: 'Fault: SIGTERM to instance B with requests in flight',
    figures: `${inFlightAtKill.length} in flight at SIGTERM (${tally(drained.map((s) => s.kind))}): ${drained.filter((s) => s.ok).length} completed 200 ` +
      `(${statuses(drained)}), the last ${fmt(lastDrained, 1)} s after SIGTERM; process exit code ${exit?.code ?? 'none'}${exit?.signal !== null && exit?.signal !== undefined ? ` (signal ${exit.signal})` : ''} ` +
      `${fmt((exit?.at ?? Number.NaN) - killedAt, 1)} s after SIGTERM${killedByTimeout ? ' — close-with-grace "killed by timeout": shutdown did not finish within SHUTDOWN_TIMEOUT (10 s)' : ''}; ` +
      `instance A meanwhile: ${others.length} turns, ${pct(successRate(others))} ok`,
    target: 'every in-flight request completes; exit 0; A unaffected',
    pass: inFlightAtKill.length > 0 && drained.length === inFlightAtKill.length && drained.every((s) => s.ok) && exit?.code === 0 && others.length > 0 && successRate(others) === 1
  })
}

// Ledger, whole run
rows.push({
  check: 'Ledger: every acknowledged turn stored',
  figures: `${finalLedger.conversations} of ${allConversations.length} conversations read back after the run, ${finalLedger.turns} acknowledged turns, ${finalLedger.missing} missing` +
    `${finalLedger.failedReads > 0 ? `, ${finalLedger.failedReads} reads failed` : ''}${finalLedger.examples.length > 0 ? ` [${finalLedger.examples.join('; ')}]` : ''}`,
  target: '0 missing',
  pass: finalLedger.missing === 0 && finalLedger.conversations === toVerify.length
})
const errorMessages: string[] = []
for (const instance of instances) {
  for (const line of instance.service.output().split('\n')) {
    if (!line.includes('"level":50')) continue
    try {
      const entry = JSON.parse(line) as { msg?: string, err?: { message?: string } }
      errorMessages.push(`${entry.msg ?? ''}: ${(entry.err?.message ?? '').slice(0, 70)}`)
    } catch {}
  }
}
const http500 = samples.filter((s) => isStatus(s.status, 500))
rows.push({
  check: 'Whole run',
  figures: `${samples.length} turns in ${fmt(loadEnded / 60, 1)} min (${tally(samples.map((s) => s.kind))}); HTTP 500s: ${http500.length}` +
    `${http500.length > 0 ? ` (${tally(http500.map((s) => phaseAt(s.start)))})` : ''}; client timeouts: ${samples.filter((s) => s.status === 'timeout').length}; ` +
    `service error log lines: ${errorMessages.length === 0 ? 'none' : tally(errorMessages, 4)}; ` +
    `load generator: event-loop delay p99 ${fmt(loopDelay.percentile(99) / 1e6, 0)} ms, ${pct((cpuUsed.user + cpuUsed.system) / 1e6 / loadEnded)} of a core, RSS max ${fmt(maxOf(ticks.map((t) => t.loadgenRss)), 0)} MB; ` +
    `fake protocol violations: ${[sttOk, sttFailing, ttsOk, ttsFailing, emotionOk, emotionFailing, emotionSlow].reduce((sum, fake) => sum + fake.violations.length, 0)}`,
  target: 'no HTTP 500, no hang',
  pass: http500.length === 0 && samples.every((s) => s.status !== 'timeout')
})
function phaseAt (t: number): string {
  const phases = [warmup, soak, redisPhase, llmPhase, sttPhase, ttsPhase, emotionPhase, sigtermPhase]
  return phases.find((p) => t >= p.start && t < p.end)?.name ?? 'wind-down'
}

// ---------------------------------------------------------------------------------------------------
// Clean up, report

const stamp = new Date(runStarted).toISOString().replace(/[:.]/g, '-')
const logFiles = instances.map((instance) => {
  const file = join(tmpdir(), `itb-loadtest-${stamp}-${instance.name}.log`)
  writeFileSync(file, instance.service.output())
  return file
})
for (const instance of instances) if (instance.up) await instance.service.stop()
for (const fake of [primary, fallback, sttOk, sttFailing, ttsOk, ttsFailing, emotionOk, emotionFailing, emotionSlow]) await fake.close()
for (const proxy of [sttProxy, ttsProxy, emotionProxy]) await proxy.close()
await redis.destroy()
rmSync(dataDir, { recursive: true, force: true })

const verdict = (pass: boolean | null): string => pass === null ? 'n/a' : pass ? 'PASS' : '**FAIL**'
const table = ['| check | figures | target | verdict |', '| --- | --- | --- | --- |',
  ...rows.map((row) => `| ${row.check} | ${row.figures.replace(/\|/g, '\\|')} | ${row.target} | ${verdict(row.pass)} |`)].join('\n')
const durationMin = (Date.now() - runStarted) / 60_000
const failures = rows.filter((row) => row.pass === false).length
const tool = (command: string, args: string[]): string => { try { return execFileSync(command, args, { encoding: 'utf8' }).split('\n')[0].trim() } catch { return 'unknown' } }
const machine = `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GB RAM, ` +
  `Linux ${release()}, ${tool('redis-server', ['--version']).replace(/ sha=.*/, '')}`
const parameters = `LOADTEST_SECONDS=${SECONDS}, LOADTEST_WARMUP_SECONDS=${WARMUP_SECONDS}, LOADTEST_USERS=${USERS}, LOADTEST_FAULT_SECONDS=${FAULT_SECONDS}, ` +
  `LOADTEST_VOICE_SHARE=${VOICE_SHARE}, LOADTEST_SSE_SHARE=${SSE_SHARE}, LOADTEST_THINK_MS=${THINK_MS}`

console.log(`\nloadtest — ${new Date().toISOString()}, ${machine}\n${parameters}; run took ${fmt(durationMin, 1)} min; service logs: ${logFiles.join(', ')}\n`)
console.log(table)
console.log(`\n${failures === 0 ? 'every verdict passed' : `${failures} verdict(s) failed`}`)

const defaultMinutes = Math.round((30 + 600 + 45 + 40 * 5 + 60) / 60)
const doc = `# Performance and resilience (\`npm run loadtest\`)

Latest run: **${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC** on ${machine}.
Parameters: ${parameters}. The run took ${fmt(durationMin, 1)} minutes; ${failures === 0 ? 'every verdict passed' : `**${failures} verdict(s) failed**`}.

${table}

## How to run it

\`\`\`sh
npm run loadtest                          # the full run: warm-up, 10-minute soak, fault phases (~${defaultMinutes} min)
LOADTEST_SECONDS=60 npm run loadtest      # a quick run (~4 min; warm-up and fault phases shrink with it)
\`\`\`

It needs \`redis-server\`, \`ffmpeg\` and \`espeak-ng\` (like \`npm test\`), is not part of \`npm test\`, uses only
127.0.0.1 and stops by itself (every loop is bounded in time; a watchdog ends the run). It prints the table and
overwrites this file (\`LOADTEST_OUTPUT=path\` writes elsewhere); the services' own logs are kept in the temp
directory (paths printed), and \`LOADTEST_SAMPLES=path\` writes every turn as JSON lines. Exit code 0 when every
verdict passed, 1 otherwise. Knobs: \`LOADTEST_SECONDS\` (soak, 600), \`LOADTEST_WARMUP_SECONDS\` (soak / 4, at most
30), \`LOADTEST_USERS\` (100), \`LOADTEST_FAULT_SECONDS\` (soak / 15, between 15 and 45; the Redis phase lasts at
least 45 s, the dependency phases at least 20 s), \`LOADTEST_VOICE_SHARE\` (0.1), \`LOADTEST_SSE_SHARE\` (share of
text turns sent with \`Accept: text/event-stream\`, 0.2), \`LOADTEST_THINK_MS\` (mean pause between a user's turns,
1000, drawn from 0.5–1.5×; a failed turn waits 0.5 s more).

## What runs

- **Redis**: a private \`redis-server\` with \`appendonly yes\`, \`appendfsync always\`.
- **Two service processes** (\`node src/server.ts\`, the production entry point) on that Redis, with
  \`RATE_LIMIT_ENABLED=false\`, \`LLM_TIMEOUT=${LLM_TIMEOUT_S}\`, \`LOG_LEVEL=warn\`, a temporary \`DATA_DIR\`, everything else at
  its default (\`SHUTDOWN_TIMEOUT=10\`, \`EMOTION_TIMEOUT=3\`, \`MAX_EVENT_LOOP_DELAY=1000\`). The load generator is the
  load balancer: round-robin per request over keep-alive connections, skipping an instance marked down.
- **Fakes** (\`test/fakes/\`, in the load generator's process): primary (\`TOGETHER_*\`) and fallback
  (\`OPENAI_*\`) OpenAI-compatible models, ${LLM_MS} ms per call (a turn is one call, the answer: the service
  searches before calling the model; streamed word by word ${CHUNK_MS} ms apart when the service streams); Prosa
  speech-to-text (${STT_MS} ms after the audio); emotion (${EMOTION_MS} ms); Prosa text-to-speech (${TTS_SENTENCE_MS} ms per sentence;
  answers have two sentences). Speech-to-text, speech synthesis and emotion sit behind a switchable TCP
  proxy, so a phase can put a failing fake, or nothing at all, behind the address the service was given.
- **Users**: each has its own conversation and starts a new one every 8–12 turns; 90 % of turns are
  text (\`POST /v1/chat\`, a share of them as SSE), 10 % voice (\`POST /v1/audio\`, one pre-made espeak-ng WAV
  of "Apa saja fakultas di ITB?"). Every 200 goes into a ledger (the question, per conversation).
- **Order**: warm-up, soak, then the fault phases one after the other under the same continued load.

## What each row means

- **Warm-up** — the first seconds after a cold start (JIT, lazy loading, 100 users arriving within 2 s);
  reported, not judged, and kept out of the soak figures.
- **Quiet vs. whole soak** — the machine may be shared. Every 10 s the load generator reads how much of
  the machine's CPU went to other work (everything but this test's own processes: the load generator and
  its fakes, the services with their ffmpeg children, Redis). Turns started in a 10 s where other work took
  more than 15 % of the machine are "contended"; the latency and error verdicts are on the quiet turns (and
  are n/a when quiet time is less than half the soak). Both are printed.
- **Soak: text turns (JSON / SSE), voice turns** — client-side latency of the successful turns of the
  soak (no faults), p50/p95/p99, next to the fakes' own floor. For JSON text turns the service's own
  \`exec_time\` is split into model time and the rest (retrieval, Redis, locks, checkpointing). Targets
  (quiet): p99 ≤ ${TEXT_P99_TARGET_MS / 1000} s text, ≤ ${VOICE_P99_TARGET_MS / 1000} s voice (the floor plus a budget for the service).
- **Soak: errors, throughput** — every non-200 by status and code (\`sse 503 …\` = an SSE \`error\` event,
  \`timeout\`/\`ECONNRESET\` = client side), quiet and contended, turns per second, and how busy the
  machine was (on average, and the busiest 10 s of other work). Target: no error when quiet; when other
  work starves the services only \`503 OVERLOADED\` (their designed load shedding) is acceptable.
- **Soak: Redis write latency** — once a second the load generator times a \`SET\` on a fresh connection
  to the same Redis (with \`appendfsync always\` the reply waits for the fsync): whether Redis or the disk,
  rather than the service, was slow. Reported, not judged.
- **Soak: memory, CPU of instance A/B** — \`VmRSS\` every 10 s: first, last and largest sample, and the
  least-squares slope over the soak, its second half and its last third; the verdict is on the second half
  (≤ 1 MB/min: no growth trend). From \`/metrics\` at the same moments: the V8 heap
  (\`nodejs_heap_size_used_bytes\`; its per-minute minimum, which follows the live set rather than the GC
  cycle), external memory (Buffers), and event-loop lag (\`nodejs_eventloop_lag_*\`: the median of the
  per-10-s p99 and the worst per-10-s max). CPU per turn is the process's user+system CPU divided by the
  turns it served (ffmpeg children not included).
- **Fault: Redis restarted** — Redis is stopped (SIGTERM), left down ${REDIS_OUTAGE_MS / 1000} s and started again on the same data
  directory (AOF). Right after the phase every conversation with a turn acknowledged during it is read
  back: each acknowledged question must be stored, in order. "Normal again" is when the last affected turn
  (an error, or a success slower than the larger of 1.5× and 1 s over the soak's p99 for its kind) ended, counted from when Redis was back (target ≤
  ${RECOVERY_TARGET_S} s). \`/ready\` is polled every 250 ms on both instances: it must answer 503 throughout the outage
  and be 200 again (for good) within ${RECOVERY_TARGET_S} s after Redis is back.
- **Fault: primary LLM down** — the primary fake answers HTTP 500 for the first half of the fault window,
  then never answers (each call fails over after \`LLM_TIMEOUT\`). Success rate of the turns started in the
  window, text latency, and the increase of \`itb_llm_failovers_total\` summed over both instances.
- **Fault: speech-to-text / speech synthesis / emotion down** — the dependency closes every session with
  code 1011 (emotion: answers HTTP 500) for the first half of the window, then is stopped (connection
  refused; emotion: answers only after 5 s, beyond \`EMOTION_TIMEOUT\`). Judged are the voice turns that
  started after the fault began and ended before it was repaired: a clear 502/503 (speech-to-text), a 200
  with \`audio: null\` and a warning (synthesis), a 200 with emotion \`neutral\` and a warning (emotion). Text
  turns meanwhile must all succeed, and voice turns after the repair too.
- **Fault: SIGTERM** — instance B is marked down in the client (no new requests), then sent SIGTERM while
  it has requests in flight: every one of them must complete with a 200, the process must exit 0, and
  instance A must serve every turn meanwhile.
- **Ledger** — after the run every conversation is read back (\`GET /v1/conversations/:id\`) and every
  acknowledged question must be stored, in order.
- **Whole run** — all turns, HTTP 500s (by phase) and client timeouts (none expected anywhere, faults
  included), the services' error log lines by message, and the load generator's own health (event-loop
  delay, CPU): if it were saturated the latencies above would be its own.
`
writeFileSync(OUTPUT, doc)
log(`wrote ${OUTPUT}`)
process.exit(failures === 0 ? 0 : 1)
