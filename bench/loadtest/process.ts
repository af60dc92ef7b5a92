// The load test's own process: every child it started is killed if it ends early, a watchdog bounds
// the run, log lines carry the time of day, and `now()` is the run's clock (seconds since startClock).
import { readdirSync, readFileSync } from 'node:fs'

/** Pids of the processes this one started (services, Redis; their own children are theirs). */
export function ownChildren (): number[] {
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

/** Kills every child on exit, stops on SIGINT/SIGTERM and ends the run after `watchdogMs` at the latest. */
export function installSafety (watchdogMs: number): void {
  process.on('exit', () => { for (const pid of ownChildren()) { try { process.kill(pid, 'SIGKILL') } catch {} } })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { console.error(`loadtest: ${signal}, stopping`); process.exit(130) })
  const watchdog = setTimeout(() => { console.error(`loadtest: watchdog fired after ${watchdogMs / 1000} s, aborting`); process.exit(2) }, watchdogMs)
  watchdog.unref()
}

export const log = (message: string): void => { console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`) }

let T0 = performance.now()
/** Starts the run's clock (once the fakes are up, before the services start). */
export function startClock (): void { T0 = performance.now() }
/** Seconds since the clock started. */
export function now (): number { return (performance.now() - T0) / 1000 }
