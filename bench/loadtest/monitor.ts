// What the load test watches while it runs: every 10 s the RSS (and where it lies), CPU and (from /metrics) heap,
// external memory and event-loop lag of each service and the machine's CPU split (this test's
// processes against other work); once a second how long Redis takes to acknowledge a write; the load
// generator's own event-loop delay and CPU. Each tick also makes the fakes forget what they recorded.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { cpuMs } from '../helpers.ts'
import { memoryRegions, type Region } from './memory-regions.ts'
import { now, ownChildren } from './process.ts'
import { gauge, machineJiffies, processJiffies, redisWriteProbe, rssMb, send } from './toolkit.ts'
import type { Instance } from './users.ts'
import { drainFakes, type Vendors } from './vendors.ts'

export interface Tick {
  t: number
  rss: Record<string, number>
  /** Resident MiB by region (/proc/PID/smaps): what the RSS slope is made of. */
  regions: Record<string, Record<Region, number>>
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
/** CPU jiffies of the machine and of this test's own processes (load generator with fakes; services with their ffmpeg children, Redis: per pid). */
export interface CpuSnapshot { busy: number, total: number, self: number, children: Record<number, number> }
export function cpuSnapshot (): CpuSnapshot {
  const machine = machineJiffies()
  const self = process.cpuUsage()
  const children: Record<number, number> = {}
  for (const pid of ownChildren()) children[pid] = processJiffies(pid)
  return { ...machine, self: (self.user + self.system) / 10_000, children }
}
/** Share of the machine's CPU between two snapshots used by other work than this test (processes that came or went in between count as ours). */
export function otherShare (a: CpuSnapshot, b: CpuSnapshot): { ours: number, other: number } {
  const total = b.total - a.total
  if (total <= 0) return { ours: Number.NaN, other: Number.NaN }
  let ours = b.self - a.self
  for (const [pid, jiffies] of Object.entries(b.children)) {
    const before = a.children[Number(pid)]
    if (before !== undefined) ours += Math.max(0, jiffies - before)
  }
  return { ours: ours / total, other: Math.min(1, Math.max(0, (b.busy - a.busy - ours) / total)) }
}
export interface Monitor {
  ticks: Tick[]
  /** Redis write probes: when (s) and how long the write took (ms). */
  probes: Array<{ t: number, ms: number }>
  loopDelay: ReturnType<typeof monitorEventLoopDelay>
  cpuStart: NodeJS.CpuUsage
  sampleTick: () => Promise<void>
  /** Stops the timers (the ticks and probes stay). */
  stop: () => void
}

/** Starts the Redis probe and the 10 s ticks (the first one at once). */
export async function startMonitor (instances: Instance[], vendors: Vendors): Promise<Monitor> {
  const ticks: Tick[] = []
  // Once a second: how long Redis takes to acknowledge a write (fsync included), from outside the service.
  const probes: Array<{ t: number, ms: number }> = []
  const prober = setInterval(() => { const t = now(); redisWriteProbe(vendors.redis.port, 2000).then((ms) => { probes.push({ t, ms }) }, () => {}) }, 1000)
  const sampleTick = async (): Promise<void> => {
    const tick: Tick = { t: now(), rss: {}, regions: {}, cpu: {}, heap: {}, lagP99: {}, lagMax: {}, external: {}, loadgenRss: process.memoryUsage.rss() / 1048576, machine: cpuSnapshot() }
    for (const instance of instances) {
      if (instance.exit !== undefined) continue
      tick.rss[instance.name] = rssMb(instance.pid)
      const regions = memoryRegions(instance.pid)
      if (regions !== undefined) tick.regions[instance.name] = regions
      try { tick.cpu[instance.name] = cpuMs(instance.pid) } catch {}
    }
    ticks.push(tick)
    drainFakes(vendors)
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
  return { ticks, probes, loopDelay, cpuStart, sampleTick, stop: () => { clearInterval(ticker); clearInterval(prober) } }
}
