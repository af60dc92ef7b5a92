// npm run bench:voice — the voice pipeline with a 10 s espeak-ng recording:
//  1. instant vendors (fake STT/TTS/emotion answering at once, extractive answer): the service's own
//     time one at a time and 20 at once (next to a bare multipart route in the same run, and on
//     WORKERS=2), RSS and heap around the burst, its worst event-loop delay, decode cost per format;
//  2. fakes of fixed latency (STT 1 s, emotion 0.5 s, model 0.5 s per call, TTS 0.3 s per sentence):
//     end-to-end p50/p95 at 1 and 20 concurrent requests, the pipeline's own overhead (total minus
//     the vendor time on the critical path), time to the first audio event when streaming;
//  3. espeak-ng synthesis time per sentence.
// BENCH_VOICE_PARTS=1 runs part 1 only (default 1,2,3); BENCH_VOICE_FORMATS=0 skips the decode cost
// per format; BENCH_VOICE_ENV='MALLOC_ARENA_MAX=2 …' adds environment variables to the services of
// parts 1 and 2 (allocator settings for the RSS figures, AUDIO_DECODE_NICENESS …); BENCH_CPU_PROF=<dir>
// runs part 1's service under --cpu-prof (written when it stops); BENCH_VOICE_NODE_ARGS='--trace-gc …'
// are more Node flags for it, and BENCH_VOICE_LOG=<file> receives its output.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEspeakTextToSpeech } from '../src/services/speech/espeak-tts.ts'
import { startFakeChat, type ChatRequest, type Reply } from '../test/support/fakes/openai-chat.ts'
import { startFakeEmotion } from '../test/support/fakes/emotion.ts'
import { startFakeProsaStt } from '../test/support/fakes/prosa-stt.ts'
import { startFakeProsaTts } from '../test/support/fakes/prosa-tts.ts'
import { encode, speak, trimWav, type FixtureFormat } from '../test/support/helpers/audio-fixtures.ts'
import { startRedis } from '../test/support/helpers/redis-server.ts'
import { call, cpuPerCall, envPairs, fmt, machineCpu, percentile, rssMb, settle, startBareMultipart, startService, threadCpuPerCall, treeCpuMs } from './helpers.ts'
import { multipartBody } from './loadtest/toolkit.ts'

const STT_S = 1
const EMOTION_S = 0.5
const MODEL_S = 0.5
const TTS_S = 0.3
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10)
const KEY = 'bench-voice-key-0123456789'
const ANSWER = 'ITB didirikan pada tanggal 3 Juli 1920 [1]. Namanya saat itu Technische Hoogeschool te Bandoeng [1]. Kampus utamanya berada di Jalan Ganesa 10 Bandung [1].'
const SENTENCES = 3
const PARTS = new Set((process.env.BENCH_VOICE_PARTS ?? '1,2,3').split(',').map((part) => part.trim()))
const FORMATS = process.env.BENCH_VOICE_FORMATS !== '0'
const SERVICE_ENV = envPairs(process.env.BENCH_VOICE_ENV)
const CPU_PROF = process.env.BENCH_CPU_PROF
const NODE_ARGS = [...(CPU_PROF === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`]), ...(process.env.BENCH_VOICE_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg !== '')]
const loadAverage = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

const recording = trimWav(await speak(
  'Selamat pagi. Saya ingin bertanya tentang Institut Teknologi Bandung. Kapan sebenarnya ITB didirikan, ' +
  'dan apa nama sekolah itu ketika pertama kali dibuka di kota Bandung? Terima kasih banyak atas jawabannya.',
  { wordsPerMinute: 120 }), 10)

const dataDir = mkdtempSync(join(tmpdir(), 'itb-bench-voice-'))
const rows: string[][] = []

const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

// 1. Instant vendors: what the service itself costs.
console.log(`load average at the start ${loadAverage()}`)
if (PARTS.has('1')) {
  const stt = await startFakeProsaStt({ apiKey: 'stt', transcript: 'Kapan ITB didirikan?' })
  const tts = await startFakeProsaTts({ apiKey: 'tts' })
  const emotion = await startFakeEmotion({ label: 'neutral' })
  const serviceEnv = {
    API_KEYS: KEY,
    RATE_LIMIT_ENABLED: 'false',
    MAX_EVENT_LOOP_DELAY: '0',
    DATA_DIR: dataDir,
    MAX_CONVERSATIONS: '100000',
    PROSA_STT_API_KEY: 'stt',
    PROSA_STT_URL: stt.url,
    PROSA_TTS_API_KEY: 'tts',
    PROSA_TTS_URL: tts.url,
    EMOTION_ANALYSIS_URL: emotion.url,
    ...SERVICE_ENV
  }
  const service = await startService(serviceEnv, undefined, NODE_ARGS)
  // The reference: the same multipart upload read whole by a bare Fastify route, in the same run.
  const bare = await startBareMultipart()
  let conversation = 0
  // Each recording's multipart body is built once: this process (fakes and client) shares the cores.
  const bodies = new Map<Buffer, ReturnType<typeof multipartBody>>()
  const askFile = async (port: number, path: string, file: Buffer) => {
    if (!bodies.has(file)) bodies.set(file, multipartBody('audio', 'question', 'application/octet-stream', file))
    const { body, contentType } = bodies.get(file) as ReturnType<typeof multipartBody>
    return await call(port, 'POST', path, { 'content-type': contentType, 'x-api-key': KEY, 'x-conversation-id': `instant-${conversation++}` }, body as unknown as string)
  }
  const sequential = async (port: number, path: string, file: Buffer, count: number) => {
    const times: number[] = []
    const decodes: number[] = []
    for (let i = 0; i < count; i++) {
      const response = await askFile(port, path, file)
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${response.body.slice(0, 200)}`)
      times.push(response.totalMs)
      const decode = (JSON.parse(response.body) as { exec_time?: { decode: number } }).exec_time?.decode
      if (decode !== undefined) decodes.push(decode * 1000)
    }
    return { times, decodes }
  }
  /** Three rounds of 20 uploads at once: the latencies of the 200s, and how many were not 200. */
  const bursts = async (port: number, path: string) => {
    const times: number[] = []
    let errors = 0
    for (let round = 0; round < 3; round++) {
      await Promise.all(Array.from({ length: 20 }, async () => {
        const response = await askFile(port, path, recording)
        if (response.status === 200) times.push(response.totalMs)
        else errors++
      }))
    }
    return { times, errors }
  }
  const ROUNDS_1 = Math.max(10, ROUNDS * 2)
  await sequential(service.port, '/v1/audio', recording, 3) // warm-up: worker, WebAssembly, JIT
  await sleep(12_000) // idle, as a service between requests: the memory reducer runs
  const rssWarm = rssMb(service.child.pid as number)
  await sequential(bare.port, '/bare', recording, 3)
  // CPU per request, and by thread: main thread, decoder pool (WorkerThread), the rest (V8's helpers).
  const threadSplit = async (pid: number, run: () => Promise<unknown>, count: number): Promise<string> => {
    const { main, workers, other } = await threadCpuPerCall(pid, run, count)
    return `main thread ${fmt(main, 0)}, decoder workers ${fmt(workers, 0)}, other threads ${fmt(other, 0)}`
  }
  let bareOne = { times: [] as number[], decodes: [] as number[] }
  let one = { times: [] as number[], decodes: [] as number[] }
  const bareCpu = await cpuPerCall(bare.child.pid as number, async () => { bareOne = await sequential(bare.port, '/bare', recording, ROUNDS_1) }, ROUNDS_1)
  let oneThreads = ''
  const serviceCpu = await cpuPerCall(service.child.pid as number, async () => {
    oneThreads = await threadSplit(service.child.pid as number, async () => { one = await sequential(service.port, '/v1/audio', recording, ROUNDS_1) }, ROUNDS_1)
  }, ROUNDS_1)
  rows.push(['(1) instant vendors, one at a time', `p50 ${fmt(percentile(one.times, 50), 0)} ms, p95 ${fmt(percentile(one.times, 95), 0)} ms; ${fmt(serviceCpu, 0)} CPU ms/request (${oneThreads})`,
    `bare multipart route p50 ${fmt(percentile(bareOne.times, 50), 0)} ms, p95 ${fmt(percentile(bareOne.times, 95), 0)} ms, ${fmt(bareCpu, 1)} CPU ms/request; decode p50 ${fmt(percentile(one.decodes, 50), 0)} ms; ${ROUNDS_1} requests`, 'p95 ≤ 150 ms'])

  const pid = service.child.pid as number
  // Beside RSS: the main thread's V8 heap (committed) and external memory (Buffers), from /metrics.
  const heapMb = async (): Promise<string> => {
    const text = (await call(service.port, 'GET', '/metrics')).body
    const metric = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]) / 2 ** 20
    return `heap ${fmt(metric('nodejs_heap_size_total_bytes'), 0)}, external ${fmt(metric('nodejs_external_memory_bytes'), 0)}`
  }
  await sleep(12_000) // an idle spell before the burst, as in service: the heap limits shrink
  const rssBefore = rssMb(pid)
  const heapBefore = await heapMb()
  await call(service.port, 'GET', '/metrics') // resets the event-loop delay histogram
  let rssPeak = rssBefore
  const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, rssMb(pid)) }, 50)
  let burst = { times: [] as number[], errors: 0 }
  let burstThreads = ''
  // Beside the service, on the same cores: this process (the load generator and the fakes).
  const machineBefore = machineCpu()
  const benchBefore = process.cpuUsage()
  const burstCpu = await cpuPerCall(pid, async () => {
    burstThreads = await threadSplit(pid, async () => { burst = await bursts(service.port, '/v1/audio') }, 60)
  }, 60)
  clearInterval(sampler)
  const benchCpu = process.cpuUsage(benchBefore)
  const machineAfter = machineCpu()
  const machineBusy = (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)
  const metrics = (await call(service.port, 'GET', '/metrics')).body
  const lagMax = Number(/^nodejs_eventloop_lag_max_seconds\S* (\S+)$/m.exec(metrics)?.[1]) * 1000
  const lagP99 = Number(/^nodejs_eventloop_lag_p99_seconds\S* (\S+)$/m.exec(metrics)?.[1]) * 1000
  await bare.lag() // resets the bare route's
  const bareBurst = (await bursts(bare.port, '/bare')).times
  const bareLag = await bare.lag()
  rows.push(['(1) instant vendors, 20 at once', `p50 ${fmt(percentile(burst.times, 50), 0)} ms, p95 ${fmt(percentile(burst.times, 95), 0)} ms, ${burst.errors} errors; ${fmt(burstCpu, 0)} CPU ms/request (${burstThreads})`,
    `bare multipart route 20 at once p95 ${fmt(percentile(bareBurst, 95), 0)} ms; 3 rounds; event-loop delay during the burst p99 ${fmt(lagP99, 0)} ms, max ${fmt(lagMax, 0)} ms (the bare route's during its burst p99 ${fmt(bareLag.p99, 0)}, max ${fmt(bareLag.max, 0)}); load generator and fakes ${fmt((benchCpu.user + benchCpu.system) / 1000 / 60, 0)} CPU ms/request, all cores ${fmt(100 * machineBusy, 0)} % busy`, 'p95 ≤ 500 ms'])
  // RSS comes back once the heap is collected (the decoder threads stay).
  const rssIdle: string[] = [`${fmt(rssMb(pid), 0)} (${await heapMb()})`]
  for (const seconds of [15, 30, 60]) {
    await sleep(15_000 * (seconds === 60 ? 2 : 1))
    rssIdle.push(`${seconds} s ${fmt(rssMb(pid), 0)} (${await heapMb()})`)
  }
  // The idle collections (IDLE_GC_SECONDS) so far: start-up's, and the ones after idle spells.
  const idleText = (await call(service.port, 'GET', '/metrics')).body
  const idleMetric = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(idleText)?.[1] ?? 0)
  const idleCount = idleMetric('itb_idle_gc_duration_seconds_count')
  const idleGc = idleCount === 0 ? 'no idle collection' : `${idleCount} idle collections, mean pause ${fmt(idleMetric('itb_idle_gc_duration_seconds_sum') / idleCount * 1000, 0)} ms, ${fmt(idleMetric('itb_idle_gc_released_bytes_total') / 2 ** 20, 0)} MB returned`
  rows.push(['(1) RSS around the burst', `warmed up ${fmt(rssWarm, 0)} MB; before the burst (after ${ROUNDS_1} one at a time) ${fmt(rssBefore, 0)} MB (${heapBefore}), peak ${fmt(rssPeak, 0)} MB, after ${rssIdle.join(' / ')} MB; ${idleGc}`,
    `after: at the end of the burst, then idle${Object.keys(SERVICE_ENV).length === 0 ? '' : `; service environment ${process.env.BENCH_VOICE_ENV ?? ''}`}`, 'back to baseline'])

  // The same burst on WORKERS=2 (one process per core, as on a 2-core host): two event loops share it.
  {
    // Several processes need Redis to share conversations (the configuration refuses them without).
    const redis = await startRedis()
    const clustered = await startService({ ...serviceEnv, WORKERS: '2', REDIS_URL: redis.url }, undefined, NODE_ARGS)
    await settle(clustered.child.pid as number)
    await Promise.all(Array.from({ length: 4 }, async () => await sequential(clustered.port, '/v1/audio', recording, 3))) // warm-up: both workers
    const before = treeCpuMs(clustered.child.pid as number)
    const { times, errors } = await bursts(clustered.port, '/v1/audio')
    const cpu = (treeCpuMs(clustered.child.pid as number) - before) / 60
    await clustered.stop()
    await redis.destroy()
    rows.push(['(1) instant vendors, 20 at once, WORKERS=2', `p50 ${fmt(percentile(times, 50), 0)} ms, p95 ${fmt(percentile(times, 95), 0)} ms, ${errors} errors; ${fmt(cpu, 0)} CPU ms/request (all processes)`,
      '3 rounds; two server processes on one port', 'p95 ≤ 500 ms'])
  }

  for (const format of FORMATS ? ['wav', 'mp3', 'flac', 'ogg', 'webm', 'm4a'] as FixtureFormat[] : []) {
    const file = format === 'wav' ? recording : await encode(recording, format)
    await sequential(service.port, '/v1/audio', file, 2)
    const { times, decodes } = await sequential(service.port, '/v1/audio', file, Math.max(5, ROUNDS))
    rows.push([`(1) decode ${format} (${fmt(file.length / 1024, 0)} KB)`, `decode p50 ${fmt(percentile(decodes, 50), 0)} ms, p95 ${fmt(percentile(decodes, 95), 0)} ms`,
      `request p50 ${fmt(percentile(times, 50), 0)} ms; ${format === 'm4a' ? 'ffmpeg (fallback)' : 'in-process worker'}`, '—'])
  }
  await Promise.all([service.stop(), bare.stop()])
  await Promise.all([stt.close(), tts.close(), emotion.close()])
  if (process.env.BENCH_VOICE_LOG !== undefined) writeFileSync(process.env.BENCH_VOICE_LOG, service.output())
}

// 2. Vendors of fixed latency.
if (PARTS.has('2')) {
  const model = await startFakeChat({
    apiKey: 'llm',
    respond: (request: ChatRequest): Reply => request.toolResults.length === 0
      ? { toolCalls: [{ name: 'fetch_documents', arguments: { search_query: request.lastUserText } }], delayMs: MODEL_S * 1000 }
      : { content: ANSWER, delayMs: MODEL_S * 1000 }
  })
  const stt = await startFakeProsaStt({ apiKey: 'stt', transcript: 'Kapan ITB didirikan?', delayMs: STT_S * 1000 })
  const tts = await startFakeProsaTts({ apiKey: 'tts', delayPerSentenceMs: TTS_S * 1000 })
  const emotion = await startFakeEmotion({ mode: 'slow', delayMs: EMOTION_S * 1000, label: 'neutral' })
  const service = await startService({
    API_KEYS: KEY,
    RATE_LIMIT_ENABLED: 'false',
    MAX_EVENT_LOOP_DELAY: '0',
    DATA_DIR: dataDir,
    LLM_BASE_URL: model.baseURL,
    LLM_MODEL: 'fake',
    LLM_API_KEY: 'llm',
    PROSA_STT_API_KEY: 'stt',
    PROSA_STT_URL: stt.url,
    PROSA_TTS_API_KEY: 'tts',
    PROSA_TTS_URL: tts.url,
    EMOTION_ANALYSIS_URL: emotion.url,
    MAX_CONVERSATIONS: '100000',
    ...SERVICE_ENV
  })

  const { body, contentType } = multipartBody('audio', 'question.wav', 'audio/wav', recording)
  let conversation = 0
  const ask = async (accept?: string) => await call(service.port, 'POST', '/v1/audio', {
    'content-type': contentType,
    'x-api-key': KEY,
    'x-conversation-id': `voice-${conversation++}`,
    ...(accept === undefined ? {} : { accept })
  }, body as unknown as string, accept === undefined ? undefined : 'event: audio')

  // Critical path of the vendors: STT, then the search call and the answer call (emotion overlaps the
  // search), then the sentences one after another over the TTS socket.
  const vendorS = STT_S + Math.max(MODEL_S, EMOTION_S) + MODEL_S + SENTENCES * TTS_S
  const firstAudioBudgetS = STT_S + Math.max(MODEL_S, EMOTION_S) + MODEL_S + TTS_S + 0.1

  // Warm-up, as in part 1: the first requests of a fresh process compile the code they run (a p95 of
  // ten requests would otherwise be the first one's).
  for (let i = 0; i < 3; i++) await ask()
  for (const concurrency of [1, 20]) {
    const totals: number[] = []
    let errors = 0
    const rounds = concurrency === 1 ? ROUNDS : Math.max(2, Math.round(ROUNDS / 5))
    for (let round = 0; round < rounds; round++) {
      await Promise.all(Array.from({ length: concurrency }, async () => {
        const response = await ask()
        if (response.status !== 200 || JSON.parse(response.body).audio === null) errors++
        else totals.push(response.totalMs / 1000)
      }))
    }
    const overhead = totals.map((total) => (total - vendorS) * 1000)
    rows.push([`(2) end to end, ${concurrency} concurrent`, `p50 ${fmt(percentile(totals, 50), 2)} s, p95 ${fmt(percentile(totals, 95), 2)} s`,
      `overhead p50 ${fmt(percentile(overhead, 50), 0)} ms, p95 ${fmt(percentile(overhead, 95), 0)} ms (vendor path ${vendorS} s); ${totals.length} ok, ${errors} errors`, 'overhead ≤ 250 ms'])
  }

  const firstAudio: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const response = await ask('text/event-stream')
    if (response.firstEventMs !== undefined) firstAudio.push(response.firstEventMs / 1000)
  }
  rows.push(['(2) first audio event (SSE)', `p50 ${fmt(percentile(firstAudio, 50), 2)} s, p95 ${fmt(percentile(firstAudio, 95), 2)} s`,
    `budget STT + first model sentence + first TTS + 0.1 = ${fmt(firstAudioBudgetS, 2)} s`, `≤ ${fmt(firstAudioBudgetS, 2)} s`])

  await service.stop()
  await Promise.all([model.close(), stt.close(), tts.close(), emotion.close()])
}

// 3. espeak-ng.
if (PARTS.has('3')) {
  const espeak = createEspeakTextToSpeech({ voice: 'id', timeoutMs: 30_000 })
  const sentences = ['Institut Teknologi Bandung didirikan pada tanggal tiga Juli seribu sembilan ratus dua puluh.',
    'Kampus utamanya berada di Jalan Ganesa nomor sepuluh, Bandung.', 'Mahasiswa baru mengikuti Tahap Persiapan Bersama pada tahun pertama.']
  const espeakMs: number[] = []
  for (let round = 0; round < 5; round++) {
    for (const sentence of sentences) {
      const started = performance.now()
      let wavs = 0
      for await (const spoken of espeak.synthesize([sentence])) wavs += spoken.wav.length > 44 ? 1 : 0
      if (wavs !== 1) throw new Error('espeak-ng produced no audio')
      espeakMs.push(performance.now() - started)
    }
  }
  rows.push(['(3) espeak-ng synthesis per sentence', `p50 ${fmt(percentile(espeakMs, 50), 0)} ms, p95 ${fmt(percentile(espeakMs, 95), 0)} ms`, `${espeakMs.length} sentences of ~10 words`, '—'])
}
rmSync(dataDir, { recursive: true, force: true })

console.log(`\nbench:voice — Node ${process.version}, load average ${loadAverage()}; (2) fakes: STT ${STT_S} s, emotion ${EMOTION_S} s, model ${MODEL_S} s/call, TTS ${TTS_S} s/sentence; 10 s recording; ${SENTENCES}-sentence answer${Object.keys(SERVICE_ENV).length === 0 ? '' : `; service environment ${process.env.BENCH_VOICE_ENV ?? ''}`}\n`)
console.log('| measure | result | detail | target |')
console.log('| --- | --- | --- | --- |')
for (const row of rows) console.log(`| ${row.join(' | ')} |`)
process.exit(0)
