// bench:voice part 1 — instant vendors (fake STT/TTS/emotion answering at once, extractive answer):
// the service's own time one at a time and 20 at once, next to a bare multipart route in the same run
// and to the same question asked by text 20 at once (the event-loop delay a burst costs without any
// audio work), on WORKERS=2, RSS and heap around the burst, decode cost per format.
import { writeFileSync } from 'node:fs'
import { startFakeEmotion } from '../test/support/fakes/emotion.ts'
import { startFakeProsaStt } from '../test/support/fakes/prosa-stt.ts'
import { startFakeProsaTts } from '../test/support/fakes/prosa-tts.ts'
import { encode, type FixtureFormat } from '../test/support/helpers/audio-fixtures.ts'
import { startRedis } from '../test/support/helpers/redis-server.ts'
import { call, cpuPerCall, fmt, machineCpu, percentile, rssMb, settle, startBareMultipart, startService, threadCpuPerCall, treeCpuMs } from './helpers.ts'
import { multipartBody } from './loadtest/toolkit.ts'

export interface InstantOptions {
  /** The spoken question (a WAV). */
  recording: Buffer
  key: string
  dataDir: string
  /** Requests per measurement (one at a time: twice this, at least 10). */
  rounds: number
  /** Also measure the decode cost per format. */
  formats: boolean
  /** More environment for the service (allocator settings…), and how to print it. */
  serviceEnv: Record<string, string>
  envLabel: string
  nodeArgs: string[]
  /** A file to receive the service's output. */
  log?: string
}

const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

/** Part 1's table rows. */
export async function instantVendors ({ recording, key: KEY, dataDir, rounds: ROUNDS, formats: FORMATS, serviceEnv: SERVICE_ENV, envLabel, nodeArgs: NODE_ARGS, log }: InstantOptions): Promise<string[][]> {
  // Everything started is released, in reverse order, however the run ends: a bench that throws
  // must not leave the service, its workers, Redis or the fakes running.
  const releases: Array<() => Promise<void>> = []
  const own = (release: () => Promise<unknown>): (() => Promise<void>) => {
    let released = false
    const once = async (): Promise<void> => {
      if (released) return
      released = true
      await release()
    }
    releases.push(once)
    return once
  }
  const releaseAll = async (): Promise<void> => {
    for (const release of [...releases].reverse()) await release().catch((error: unknown) => { console.error('bench clean-up:', error) })
  }
  try {
    const rows: string[][] = []
    const stt = await startFakeProsaStt({ apiKey: 'stt', transcript: 'Kapan ITB didirikan?' })
    own(async () => { await stt.close() })
    const tts = await startFakeProsaTts({ apiKey: 'tts' })
    own(async () => { await tts.close() })
    const emotion = await startFakeEmotion({ label: 'neutral' })
    own(async () => { await emotion.close() })
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
    own(async () => { await service.stop() })
    // The reference: the same multipart upload read whole by a bare Fastify route, in the same run.
    const bare = await startBareMultipart()
    own(async () => { await bare.stop() })
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
    /** The service's event-loop delay (ms) since /metrics was last read: prom-client resets it on each read. */
    const lagSinceLastRead = async (): Promise<{ p99: number, max: number }> => {
      const metrics = (await call(service.port, 'GET', '/metrics')).body
      const seconds = (name: string): number => Number(new RegExp(`^nodejs_eventloop_lag_${name}_seconds\\S* (\\S+)$`, 'm').exec(metrics)?.[1])
      return { p99: seconds('p99') * 1000, max: seconds('max') * 1000 }
    }
    // Beside RSS: the main thread's V8 heap (committed) and external memory (Buffers), from /metrics.
    const heapMb = async (): Promise<string> => {
      const text = (await call(service.port, 'GET', '/metrics')).body
      const metric = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]) / 2 ** 20
      return `heap ${fmt(metric('nodejs_heap_size_total_bytes'), 0)}, external ${fmt(metric('nodejs_external_memory_bytes'), 0)}`
    }
    await sleep(12_000) // an idle spell before the burst, as in service: the heap limits shrink
    const rssBefore = rssMb(pid)
    const heapBefore = await heapMb()
    await lagSinceLastRead() // resets the event-loop delay histogram
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
    const { p99: lagP99, max: lagMax } = await lagSinceLastRead()
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
      `after: at the end of the burst, then idle${Object.keys(SERVICE_ENV).length === 0 ? '' : `; service environment ${envLabel}`}`, 'back to baseline'])

    // The reference for the burst's event-loop delay: the same question asked by text, 20 at once, after
    // the same kind of idle spell. What the voice burst adds beyond it is the audio path's (upload, decode
    // hand-off, speech and emotion clients, speech in the answer).
    const textBursts = async () => {
      const times: number[] = []
      let errors = 0
      for (let round = 0; round < 3; round++) {
        await Promise.all(Array.from({ length: 20 }, async () => {
          const response = await call(service.port, 'POST', '/v1/chat', { 'content-type': 'application/json', 'x-api-key': KEY, 'x-conversation-id': `text-${conversation++}` }, JSON.stringify({ message: 'Kapan ITB didirikan?' }))
          if (response.status === 200) times.push(response.totalMs)
          else errors++
        }))
      }
      return { times, errors }
    }
    await textBursts() // warm-up of the text route
    await sleep(12_000)
    await lagSinceLastRead()
    let text = { times: [] as number[], errors: 0 }
    let textThreads = ''
    const textCpu = await cpuPerCall(pid, async () => {
      textThreads = await threadSplit(pid, async () => { text = await textBursts() }, 60)
    }, 60)
    const { p99: textLagP99, max: textLagMax } = await lagSinceLastRead()
    rows.push(['(1) the same question by text, 20 at once (reference)', `p50 ${fmt(percentile(text.times, 50), 0)} ms, p95 ${fmt(percentile(text.times, 95), 0)} ms, ${text.errors} errors; ${fmt(textCpu, 0)} CPU ms/request (${textThreads})`,
      `POST /v1/chat on the same service after the same idle spell; 3 rounds; event-loop delay during the burst p99 ${fmt(textLagP99, 0)} ms, max ${fmt(textLagMax, 0)} ms`, '—'])

    // The same burst on WORKERS=2 (one process per core, as on a 2-core host): two event loops share it.
    {
      // Several processes need Redis to share conversations (the configuration refuses them without).
      const redis = await startRedis()
      const stopRedis = own(async () => { await redis.destroy() })
      const clustered = await startService({ ...serviceEnv, WORKERS: '2', REDIS_URL: redis.url }, undefined, NODE_ARGS)
      const stopClustered = own(async () => { await clustered.stop() })
      await settle(clustered.child.pid as number)
      await Promise.all(Array.from({ length: 4 }, async () => await sequential(clustered.port, '/v1/audio', recording, 3))) // warm-up: both workers
      const before = treeCpuMs(clustered.child.pid as number)
      const { times, errors } = await bursts(clustered.port, '/v1/audio')
      const cpu = (treeCpuMs(clustered.child.pid as number) - before) / 60
      await stopClustered()
      await stopRedis()
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
    await releaseAll()
    if (log !== undefined) writeFileSync(log, service.output())
    return rows
  } finally {
    await releaseAll()
  }
}
