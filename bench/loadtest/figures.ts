// The figures of a run, part one: shared formatting and the warm-up and soak rows (latency per kind,
// errors against other work on the machine, Redis write latency, memory and CPU per instance).
import { cpus } from 'node:os'
import type { monitorEventLoopDelay } from 'node:perf_hooks'
import { fmt, percentile } from '../helpers.ts'
import { TEXT_P99_TARGET_MS, LLM_MS, STT_MS, EMOTION_MS, TTS_SENTENCE_MS, VOICE_P99_TARGET_MS } from './config.ts'
import { otherShare, type CpuSnapshot, type Tick } from './monitor.ts'
import { regionGrowth } from './memory-regions.ts'
import { within as withinAll, type FaultResults, type LedgerCheck, type Phase } from './phases.ts'
import { slope, tally } from './toolkit.ts'
import type { Instance, Kind, Sample } from './users.ts'
import type { Vendors } from './vendors.ts'

export interface RunData {
  instances: Instance[]
  samples: Sample[]
  ticks: Tick[]
  probes: Array<{ t: number, ms: number }>
  warmup: Phase
  soak: Phase
  soakCpuStart: CpuSnapshot
  soakCpuEnd: CpuSnapshot
  faults: FaultResults
  finalLedger: LedgerCheck
  /** Conversations read back at the end, of all that were acknowledged. */
  verified: number
  conversations: number
  /** Seconds from the start to the end of the load. */
  loadEnded: number
  cpuUsed: NodeJS.CpuUsage
  loopDelay: ReturnType<typeof monitorEventLoopDelay>
  vendors: Vendors
}

export interface Row { check: string, figures: string, target: string, pass: boolean | null }

export const seconds = (list: Sample[]): number[] => list.map((s) => s.end - s.start)
export const latencyOf = (list: Sample[]): string => {
  const ms = seconds(list).map((s) => s * 1000)
  return `p50 ${fmt(percentile(ms, 50), 0)} / p95 ${fmt(percentile(ms, 95), 0)} / p99 ${fmt(percentile(ms, 99), 0)} ms`
}
export const successRate = (list: Sample[]): number => list.length === 0 ? Number.NaN : list.filter((s) => s.ok).length / list.length
export const pct = (value: number): string => Number.isFinite(value) ? `${(value * 100).toFixed(value === 1 || value === 0 ? 0 : 2)} %` : 'n/a'
export const statuses = (list: Sample[]): string => tally(list.map((s) => s.status))
/** Failed turns by status; the first five the client saw no answer for (a reset, a timeout) also say when, to which instance and after how long, to look for in its log. */
export const errorsOf = (list: Sample[]): string => {
  const failed = list.filter((s) => !s.ok)
  if (failed.length === 0) return 'none'
  const unanswered = failed.filter((s) => typeof s.status === 'string' && !/^(sse )?\d/.test(s.status)).slice(0, 5)
  const when = unanswered.map((s) => `${s.kind} to ${s.instance} ${fmt(s.start, 1)} s into the run, after ${fmt(s.end - s.start, 2)} s`)
  return statuses(failed) + (when.length === 0 ? '' : ` (${when.join('; ')})`)
}
export const maxOf = (values: number[]): number => values.length === 0 ? Number.NaN : Math.max(...values)

/**
 * The warm-up and soak rows, and per kind the latency (s) above which a successful turn counts as
 * stalled: well past the soak's own p99 for that kind (the Redis fault row uses it).
 */
export function soakRows (run: RunData): { rows: Row[], stallBound: Record<Kind, number> } {
  const { instances, samples, ticks, probes, warmup, soak, soakCpuStart, soakCpuEnd } = run
  const rows: Row[] = []
  const within = (from: number, to: number, filter?: (s: Sample) => boolean): Sample[] => withinAll(samples, from, to, filter)
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
      // What the second half's RSS change is made of: the first reading at or after its start against the last.
      const regionTicks = soakTicks.filter((tick) => tick.t >= mid && tick.regions[instance.name] !== undefined)
      const regionsFrom = regionTicks[0]?.regions[instance.name]
      const regionsTo = regionTicks.at(-1)?.regions[instance.name]
      const regionNote = regionsFrom !== undefined && regionsTo !== undefined && regionTicks.length >= 2
        ? `; RSS change over the second half by region (smaps): ${regionGrowth(regionsFrom, regionsTo)} MB`
        : ''
      rows.push({
        check: `Soak: memory, CPU of instance ${instance.name}`,
        figures: `RSS (${rss.length} samples, 10 s apart) start ${fmt(values[0] ?? Number.NaN, 0)} MB, end ${fmt(values.at(-1) ?? Number.NaN, 0)} MB, max ${fmt(maxOf(values), 0)} MB; ` +
          `slope ${fmt(slope(rss), 2)} MB/min over the soak, ${fmt(lateSlope, 2)} MB/min over its second half, ` +
          `${fmt(slope(rss.filter(([t]) => t * 60 >= soak.start + (soak.end - soak.start) * 2 / 3)), 2)} MB/min over its last third; ` +
          `V8 heap used, per-minute minimum: ${fmt(minima[0]?.[1] ?? Number.NaN, 0)} → ${fmt(minima.at(-1)?.[1] ?? Number.NaN, 0)} MB, slope ${fmt(slope(minima), 2)} MB/min ` +
          `(second half ${fmt(slope(late(minima)), 2)}); external ${fmt(external[0]?.[1] ?? Number.NaN, 0)} → ${fmt(external.at(-1)?.[1] ?? Number.NaN, 0)} MB; ` +
          `CPU ${fmt(cpu / Math.max(1, served), 1)} ms/turn (without ffmpeg); event-loop lag p99 median ${fmt(percentile(lag, 50) * 1000, 0)} ms, worst 10 s max ${fmt(maxOf(lagMax) * 1000, 0)} ms${regionNote}`,
        target: 'RSS second-half slope ≤ 1 MB/min',
        pass: late(rss).length >= 3 ? lateSlope <= 1 : null
      })
    }
  }
  return { rows, stallBound }
}
