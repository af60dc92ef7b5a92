// One full garbage collection once the process has been idle, so that memory a burst (or start-up)
// left behind goes back to the system. V8 collects when JavaScript allocates: after the last request of a burst
// nothing allocates, and its own memory reducer only starts after a collection that shrank the heap,
// so the heap it grew and the buffers (uploads, decoded audio, answers) still waiting for a collection
// stay as they are. Measured on the voice burst (docs/benchmarks.md): the heap grown from 58 to 75–92 MB
// and up to 26 MB of dead buffers were still there 60 s after it; with one collection, heap 56 and
// external memory 11 MB, their levels before the burst.
// Only when the heap and external memory grew by `minGrowthBytes` since the last collection, so a
// quiet service with sparse requests does not pay a full collection for each of them. After it, the
// allocator's free pages go back to the system (glibc's `malloc_trim`, src/services/malloc-trim.ts):
// what V8 freed is otherwise kept by glibc, and RSS stays ~30 MB above its level before a voice burst.

import { createMallocTrim } from './malloc-trim.ts'

export interface IdleTimers {
  now: () => number
  /** Calls `run` after `ms`; must not keep the process alive. */
  setTimeout: (run: () => void, ms: number) => unknown
  clearTimeout: (handle: unknown) => void
}

export interface IdleGcOptions {
  /** Milliseconds with no request in flight before collecting. */
  idleMs: number
  /** Growth of `footprint()` since the last collection that makes one worthwhile (default 16 MiB). */
  minGrowthBytes?: number
  /** A full, memory-reducing collection (default: V8's, through an in-process inspector session). */
  collect?: () => Promise<void>
  /** After each collection: gives the allocator's free pages back (default: glibc's `malloc_trim`). */
  trim?: () => Promise<unknown>
  /** What a collection can return: V8 heap (committed) and external memory, in bytes. */
  footprint?: () => number
  /** Resident memory of the process, in bytes (default: `process.memoryUsage.rss()`). */
  rss?: () => number
  /** After each collection: the footprint before and after, and how long it took. */
  onCollected?: (result: { beforeBytes: number, afterBytes: number, ms: number }) => void
  /** After a trim alone (V8 had collected by itself; RSS grew by `minGrowthBytes`): RSS before and after. */
  onTrimmed?: (result: { beforeBytes: number, afterBytes: number, ms: number }) => void
  /** A collection failed (it is not tried again). */
  onError?: (error: unknown) => void
  timers?: IdleTimers
}

export interface IdleGc {
  /** A request started. */
  requestStarted: () => void
  /** A request ended (answered, failed or abandoned by its client). */
  requestEnded: () => void
  close: () => Promise<void>
}

const realTimers: IdleTimers = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms).unref(),
  clearTimeout: (handle) => { clearTimeout(handle as NodeJS.Timeout) }
}

function processFootprint (): number {
  const usage = process.memoryUsage()
  return usage.heapTotal + usage.external
}

/** V8's most thorough collection (`LowMemoryNotification`: old objects, new space and pooled pages). */
export function createInspectorCollector (): { collect: () => Promise<void>, close: () => void } {
  let session: import('node:inspector/promises').Session | undefined
  return {
    async collect () {
      if (session === undefined) {
        const { Session } = await import('node:inspector/promises')
        session = new Session()
        session.connect()
      }
      await session.post('HeapProfiler.collectGarbage')
    },
    close () { session?.disconnect() }
  }
}

export function createIdleGc (options: IdleGcOptions): IdleGc {
  const { idleMs, minGrowthBytes = 16 * 2 ** 20, footprint = processFootprint, rss = process.memoryUsage.rss, timers = realTimers } = options
  if (!(Number.isFinite(idleMs) && idleMs > 0)) throw new RangeError('idleMs must be a positive number')
  const inspector = options.collect === undefined ? createInspectorCollector() : undefined
  const collect = options.collect ?? (inspector as { collect: () => Promise<void> }).collect
  const trim = options.trim ?? createMallocTrim()
  let inFlight = 0
  let lastActivity = timers.now()
  let timer: unknown
  let collecting: Promise<void> | undefined
  let closed = false
  // The process just started: what start-up allocated counts as growth.
  let afterLastCollection = 0
  let rssAfterLastTrim = 0

  const arm = (ms: number): void => { timer = timers.setTimeout(fire, ms) }

  function fire (): void {
    timer = undefined
    if (closed || inFlight > 0) return
    const idle = timers.now() - lastActivity
    if (idle < idleMs) { arm(idleMs - idle); return }
    const started = timers.now()
    const beforeBytes = footprint()
    if (beforeBytes - afterLastCollection >= minGrowthBytes) {
      run(async () => {
        await collect()
        await trim()
        rssAfterLastTrim = rss()
        const afterBytes = footprint()
        afterLastCollection = afterBytes
        options.onCollected?.({ beforeBytes, afterBytes, ms: timers.now() - started })
      })
      return
    }
    // V8's own memory reducer may have collected first (it starts after a collection that shrank the
    // heap): the heap is back, but glibc still holds the pages, so they are returned on their own.
    const rssBefore = rss()
    if (rssBefore - rssAfterLastTrim < minGrowthBytes) return
    run(async () => {
      await trim()
      rssAfterLastTrim = rss()
      options.onTrimmed?.({ beforeBytes: rssBefore, afterBytes: rssAfterLastTrim, ms: timers.now() - started })
    })
  }

  function run (work: () => Promise<void>): void {
    collecting = work().catch((error: unknown) => {
      closed = true
      options.onError?.(error)
    }).finally(() => { collecting = undefined })
  }

  function activity (): void {
    lastActivity = timers.now()
    if (timer === undefined && !closed) arm(idleMs)
  }

  arm(idleMs)
  return {
    requestStarted () {
      inFlight++
      activity()
    },
    requestEnded () {
      inFlight = Math.max(0, inFlight - 1)
      activity()
    },
    async close () {
      closed = true
      if (timer !== undefined) timers.clearTimeout(timer)
      timer = undefined
      await collecting
      inspector?.close()
    }
  }
}
