// Shared pieces of the benchmarks: percentiles, CPU time read from /proc, timed load loops (the
// service process and HTTP client come from test/support/helpers/service.ts). Benchmarks print figures only.
import { readdirSync, readFileSync } from 'node:fs'
import { call, startService } from '../test/support/helpers/service.ts'

export { call, startService }

/** 'NAME=value OTHER=value' (a benchmark knob) as an environment object. */
export function envPairs (text: string | undefined): Record<string, string> {
  return Object.fromEntries((text ?? '').split(/\s+/).filter((pair) => pair.includes('='))
    .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]))
}

export function percentile (values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number
}

/** User + system CPU milliseconds a process has used so far (Linux). */
export function cpuMs (pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  const ticks = Number(fields[11]) + Number(fields[12])
  return ticks * 10 // USER_HZ is 100 on Linux
}

/** CPU time of the whole machine so far (Linux /proc/stat, in ticks): busy and total over all cores. */
export function machineCpu (): { busy: number, total: number } {
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number)
  const total = ticks.reduce((sum, value) => sum + value, 0)
  return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total } // idle and iowait
}

/** The pids of a process and all its descendants (Linux). */
export function processTree (pid: number): number[] {
  const pids = [pid]
  for (let index = 0; index < pids.length; index++) {
    try {
      for (const tid of readdirSync(`/proc/${pids[index]}/task`)) {
        const children = readFileSync(`/proc/${pids[index]}/task/${tid}/children`, 'utf8').trim()
        if (children !== '') pids.push(...children.split(' ').map(Number))
      }
    } catch {} // ended in between
  }
  return pids
}

/** CPU milliseconds of a process and all its descendants (cluster workers) so far (Linux). */
export function treeCpuMs (pid: number): number {
  return processTree(pid).reduce((sum, each) => { try { return sum + cpuMs(each) } catch { return sum } }, 0)
}

/** The machine's load average over 1, 5 and 15 minutes (Linux), to print beside a run's figures. */
export const loadAverage = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

/** Resident set size of a process, in MB (Linux). */
export function rssMb (pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024
}

/**
 * Waits until a service (with its cluster workers) has finished starting: /health answers before
 * a second worker or the index warm-up is done, and a measurement started then measures the
 * start-up. Settled: the process tree used under 10 % of a core over the last second (at most 90 s).
 */
export async function settle (pid: number): Promise<void> {
  const treeCpu = (): number => treeCpuMs(pid)
  const deadline = performance.now() + 90_000
  let before = treeCpu()
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const now = treeCpu()
    if (now - before < 100) return
    before = now
  }
}

/** User + system CPU milliseconds of each thread of a process so far, by thread name (Linux). */
export function threadCpuMs (pid: number): Map<string, number> {
  const threads = new Map<string, number>()
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      threads.set(name, (threads.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) * 10)
    } catch {} // the thread ended in between
  }
  return threads
}

/** CPU milliseconds of a process per call of `run` (`count` calls): all its threads, whatever the machine's load. */
export async function cpuPerCall (pid: number, run: () => Promise<unknown>, count: number): Promise<number> {
  const before = cpuMs(pid)
  await run()
  return (cpuMs(pid) - before) / count
}

/**
 * The same by thread, per call: the event loop (MainThread), worker threads (WorkerThread), the rest
 * (V8's GC and compiler helpers, libuv). Threads that left in between are not counted.
 */
export async function threadCpuPerCall (pid: number, run: () => Promise<unknown>, count: number): Promise<{ main: number, workers: number, other: number }> {
  const before = threadCpuMs(pid)
  await run()
  const split = { main: 0, workers: 0, other: 0 }
  for (const [name, ms] of threadCpuMs(pid)) {
    const used = (ms - (before.get(name) ?? 0)) / count
    if (name === 'MainThread') split.main += used
    else if (name === 'WorkerThread') split.workers += used
    else split.other += used
  }
  return split
}

export const fmt = (value: number, digits = 1): string => Number.isFinite(value) ? value.toFixed(digits) : 'n/a'

/** Runs `worker(index)` in `concurrency` loops until `seconds` have passed. */
export async function runFor (seconds: number, concurrency: number, worker: (index: number) => Promise<void>): Promise<void> {
  const deadline = performance.now() + seconds * 1000
  await Promise.all(Array.from({ length: concurrency }, async (_, index) => {
    while (performance.now() < deadline) await worker(index)
  }))
}

/**
 * `count` users, each arriving at a random moment of the first `arrivalSeconds` and then taking turns
 * with a think time drawn uniformly from `thinkMs` between the end of one turn and the start of the
 * next, until `seconds` have passed (a think that would end later ends the user instead).
 */
export async function users (seconds: number, count: number, options: { arrivalSeconds: number, thinkMs: [number, number] },
  turn: (user: number, index: number) => Promise<void>): Promise<void> {
  const deadline = performance.now() + seconds * 1000
  const pause = async (ms: number): Promise<boolean> => {
    if (performance.now() + ms >= deadline) return false
    await new Promise((resolve) => setTimeout(resolve, ms))
    return true
  }
  const [low, high] = options.thinkMs
  await Promise.all(Array.from({ length: count }, async (_, user) => {
    if (!await pause(Math.random() * options.arrivalSeconds * 1000)) return
    for (let index = 0; ; index++) {
      await turn(user, index)
      if (!await pause(low + Math.random() * (high - low))) return
    }
  }))
}

/**
 * The reference beside bench:voice's service: a bare Fastify route (POST /bare) reading a multipart
 * upload whole, and `lag()`, its event-loop delay since the last call (measured as prom-client
 * measures the service's, at 10 ms resolution).
 */
export async function startBareMultipart (): Promise<Awaited<ReturnType<typeof startService>> & { lag: () => Promise<{ p99: number, max: number }> }> {
  const bare = await startService({}, `
    import Fastify from 'fastify'
    import multipart from '@fastify/multipart'
    import { monitorEventLoopDelay } from 'node:perf_hooks'
    const app = Fastify()
    const delay = monitorEventLoopDelay({ resolution: 10 })
    delay.enable()
    app.get('/lag', async () => { const lag = { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 }; delay.reset(); return lag })
    await app.register(multipart, { limits: { fileSize: 16 * 1024 * 1024 } })
    app.post('/bare', async (request) => { const part = await request.file(); const data = await part.toBuffer(); return { bytes: data.length } })
    app.get('/health', async () => ({ ok: true }))
    await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) })`)
  return Object.assign(bare, { lag: async () => JSON.parse((await call(bare.port, 'GET', '/lag')).body) as { p99: number, max: number } })
}
