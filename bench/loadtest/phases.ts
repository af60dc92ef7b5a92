// The phases of a run: a phase is a stretch of time with marks (when a fault started, changed, was
// repaired) while the users keep going; the figures are computed from the samples afterwards. Also
// the read-back of conversations against the ledger, and the fault phases themselves.
import { setTimeout as sleep } from 'node:timers/promises'
import { KEY, LLM_TIMEOUT_S, phaseSeconds, REDIS_OUTAGE_MS, REDIS_PHASE_SECONDS } from './config.ts'
import { log, now } from './process.ts'
import { counterSum, missingFromSequence, redisWriteProbe, send } from './toolkit.ts'
import type { Instance, Load, Sample } from './users.ts'
import { model, portOf, type Proxy, type Vendors } from './vendors.ts'

export interface Phase { name: string, start: number, end: number, marks: Record<string, number> }
export async function phase (name: string, seconds: number, body: (mark: (label: string) => number, until: (fraction: number) => Promise<void>) => Promise<void> = async () => {}): Promise<Phase> {
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

export async function metricsSum (instances: Instance[], name: string): Promise<number> {
  let total = 0
  for (const instance of instances) {
    if (!instance.up) continue
    const outcome = await send(instance.port, 'GET', '/metrics', {}, undefined, 10_000)
    if (outcome.status === 200) total += counterSum(outcome.body, name)
  }
  return total
}

export interface LedgerCheck { conversations: number, turns: number, missing: number, failedReads: number, examples: string[] }
/** Reads conversations back and checks every acknowledged question is stored, in order. */
export async function verify (instances: Instance[], ledger: Map<string, string[]>, conversations: string[], budgetMs: number): Promise<LedgerCheck> {
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
export const within = (samples: Sample[], from: number, to: number, filter: (s: Sample) => boolean = () => true): Sample[] =>
  samples.filter((s) => s.start >= from && s.start < to && filter(s))

export interface FaultResults {
  redisPhase: Phase
  readyPolls: Array<{ t: number, instance: string, status: number | string }>
  /** The conversations with a turn acknowledged during the Redis phase, read back right after it. */
  redisLedger: LedgerCheck
  llmPhase: Phase
  failovers: { before: number, after: number }
  sttPhase: Phase
  ttsPhase: Phase
  emotionPhase: Phase
  sigtermPhase: Phase
  /** Instance B, sent SIGTERM, and the ids of the turns it had in flight then. */
  victim: Instance
  inFlightAtKill: number[]
}

/** The fault phases one after the other, under the users' continued load. */
export async function runFaults (instances: Instance[], load: Load, vendors: Vendors): Promise<FaultResults> {
  const { redis, primary, sttProxy, ttsProxy, emotionProxy, sttOk, sttFailing, ttsOk, ttsFailing, emotionOk, emotionFailing, emotionSlow } = vendors
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
    mark('listening')
    // Back is when Redis serves again: it listens at once but answers LOADING while it replays its
    // append-only file, which a long soak makes large; the service cannot be normal before that.
    while (Number.isNaN(await redisWriteProbe(redis.port, 1000))) await sleep(50)
    mark('back')
    await sleep(6000)
    polling.on = false
    await poller
  })
  // Right after the phase: every conversation with a turn acknowledged during it is read back.
  const redisLedger = await verify(instances, load.ledger, [...new Set(within(load.samples, redisPhase.start, redisPhase.end, (s) => s.ok).map((s) => s.conversation))], 120_000)

  // 2b. Primary LLM down: HTTP 500, then hanging -------------------------------------------------------
  const failovers = { before: 0, after: 0 }
  const llmPhase = await phase('llm-primary-down', phaseSeconds(15), async (mark, until) => {
    await until(0.1)
    failovers.before = await metricsSum(instances, 'itb_llm_failovers_total')
    primary.setRespond(() => ({ status: 500 }))
    mark('failing')
    await until(0.45)
    primary.setRespond(() => ({ hang: true }))
    mark('hanging')
    await until(0.8)
    primary.setRespond(model)
    mark('restored')
    await sleep(2 * LLM_TIMEOUT_S * 1000) // turns still waiting on a hanging call fail over before the count is read
    failovers.after = await metricsSum(instances, 'itb_llm_failovers_total')
  })

  // 2c-e. Speech-to-text, speech synthesis, emotion: failing, then stopped (emotion: slow) --------------
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

  return { redisPhase, readyPolls, redisLedger, llmPhase, failovers, sttPhase, ttsPhase, emotionPhase, sigtermPhase, victim, inFlightAtKill }
}
