// Audio work below the event loop's priority. Decoding runs beside the event loop (worker threads,
// ffmpeg processes); on a machine whose cores are all busy, the kernel shares them by weight, and a
// decoder at the event loop's own priority takes its turn in the middle of request handling. A few
// nice levels lower, it runs whenever a core is free and yields when the event loop needs one.
// Linux keeps a nice level per thread (getpriority/setpriority with a thread id); lowering one's own
// priority needs no privilege. Elsewhere, or where a sandbox refuses it, the work keeps the service's.
import { readlinkSync } from 'node:fs'
import { getPriority, setPriority } from 'node:os'

/** Maximum nice level: the lowest priority. */
export const LOWEST_PRIORITY = 19

/**
 * Moves process or (on Linux) thread `id` `levels` nice levels down from where it is, to 19 at most
 * (like `nice -n`); false when the system refused.
 */
export function lowerPriority (id: number, levels: number): boolean {
  try {
    setPriority(id, Math.min(LOWEST_PRIORITY, getPriority(id) + levels))
    return true
  } catch {
    return false
  }
}

/** The calling thread's id on Linux (from /proc/thread-self), null elsewhere. */
export function currentThreadId (): number | null {
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop())
    return Number.isInteger(id) && id > 0 ? id : null
  } catch {
    return null
  }
}

/** Moves the calling thread `levels` nice levels down (0 leaves it as it is); false when it could not. */
export function lowerThisThreadPriority (levels: number): boolean {
  if (levels === 0) return true
  const id = currentThreadId()
  return id !== null && lowerPriority(id, levels)
}
