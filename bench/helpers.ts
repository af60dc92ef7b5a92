// Shared pieces of the benchmarks: percentiles, CPU time read from /proc, timed load loops (the
// service process and HTTP client come from test/support/helpers/service.ts). Benchmarks print figures only.
import { readdirSync, readFileSync } from 'node:fs'
export { call, startService } from '../test/support/helpers/service.ts'

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

export const fmt = (value: number, digits = 1): string => Number.isFinite(value) ? value.toFixed(digits) : 'n/a'

/** Runs `worker(index)` in `concurrency` loops until `seconds` have passed. */
export async function runFor (seconds: number, concurrency: number, worker: (index: number) => Promise<void>): Promise<void> {
  const deadline = performance.now() + seconds * 1000
  await Promise.all(Array.from({ length: concurrency }, async (_, index) => {
    while (performance.now() < deadline) await worker(index)
  }))
}
