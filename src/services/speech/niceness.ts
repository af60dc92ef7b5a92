// Audio work below the event loop's priority. Decoding runs beside the event loop (worker threads,
// ffmpeg processes); on a machine whose cores are all busy, the kernel shares them by weight, and a
// decoder at the event loop's own priority takes its turn in the middle of request handling. At a
// higher nice level it runs whenever a core is free and yields when the event loop needs one.
// Linux sets a nice level per thread (setpriority with a thread id); raising one's own needs no
// privilege. Elsewhere, or where a sandbox refuses it, the work runs at the service's priority.
import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'

/** Sets the nice level of process or (on Linux) thread `id`; false when the system refused. */
export function setNiceness (id: number, niceness: number): boolean {
  try {
    setPriority(id, niceness)
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

/** Gives the calling thread the nice level `niceness` (0 leaves it as it is); false when it could not. */
export function niceCurrentThread (niceness: number): boolean {
  if (niceness === 0) return true
  const id = currentThreadId()
  return id !== null && setNiceness(id, niceness)
}
