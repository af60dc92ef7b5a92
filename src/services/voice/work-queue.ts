// Bounds concurrent work of one kind (audio decoding) per instance: at most `concurrency` jobs run,
// at most `maxWaiting` wait in order, and the rest are refused at once with a 503 and retry-after,
// so a burst costs a short queue instead of unbounded processes and memory.
import { ServiceError } from '../errors.ts'

export interface WorkQueueOptions {
  concurrency: number
  maxWaiting: number
  /** The code and message of the refusal (a ServiceError unavailable with retry-after). */
  busyCode: string
  busyMessage: string
}

export interface WorkQueue {
  /** Runs `job` when a slot is free; rejects with the busy error when the queue is full, or with the signal's reason if aborted while waiting. */
  run: <T>(job: () => Promise<T>, signal?: AbortSignal) => Promise<T>
  readonly running: number
  readonly waiting: number
}

export function createWorkQueue (options: WorkQueueOptions): WorkQueue {
  const { concurrency, maxWaiting } = options
  if (!(Number.isInteger(concurrency) && concurrency > 0)) throw new TypeError('concurrency must be a positive integer')
  if (!(Number.isInteger(maxWaiting) && maxWaiting >= 0)) throw new TypeError('maxWaiting must be a non-negative integer')
  let running = 0
  const waiters: Array<() => void> = []

  const acquire = async (signal?: AbortSignal): Promise<void> => {
    signal?.throwIfAborted()
    if (running < concurrency) {
      running++
      return
    }
    if (waiters.length >= maxWaiting) throw new ServiceError('unavailable', options.busyCode, options.busyMessage, { retryAfter: 1, expected: true })
    await new Promise<void>((resolve, reject) => {
      const wake = (): void => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }
      const onAbort = (): void => {
        const at = waiters.indexOf(wake)
        if (at !== -1) waiters.splice(at, 1)
        reject(signal?.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      waiters.push(wake)
    })
  }
  // A finished job hands its slot straight to the next waiter, so `running` never drops below the queue.
  const releaseSlot = (): void => {
    const next = waiters.shift()
    if (next === undefined) running--
    else next()
  }

  return {
    async run (job, signal) {
      await acquire(signal)
      try {
        return await job()
      } finally {
        releaseSlot()
      }
    },
    get running () { return running },
    get waiting () { return waiters.length }
  }
}
