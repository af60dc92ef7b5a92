// Cancellation shared by every service that waits on something it cannot cancel itself.

/** Resolves with `promise`, or rejects with the signal's reason as soon as it aborts. */
export async function abortable<T> (promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return await promise
  signal.throwIfAborted()
  let onAbort: (() => void) | undefined
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
  })
  // The abandoned promise may still reject later: that rejection is expected, not unhandled.
  promise.catch(() => {})
  try {
    return await Promise.race([promise, aborted])
  } finally {
    if (onAbort !== undefined) signal.removeEventListener('abort', onAbort)
  }
}

export interface LinkedSignal {
  signal: AbortSignal
  /** Whether it aborted because `timeoutMs` passed (not because a source aborted). */
  timedOut: () => boolean
  /** Removes its listeners from the sources and clears its timer: call it when the work is over. */
  dispose: () => void
}

/**
 * A signal that aborts when any of `sources` aborts (with its reason) or, given `timeoutMs`, when that
 * time has passed (with a TimeoutError). Used instead of AbortSignal.any()/AbortSignal.timeout() for
 * per-request work: Node keeps a composite or timeout signal that has an abort listener alive until
 * it aborts, and libraries add listeners they never remove (LangGraph's stream() does), so every
 * finished turn stayed reachable — for good (any) or until the timeout (timeout, whose timer also
 * holds the async context it was created in). A plain controller's signal is garbage with its request.
 */
export function linkedSignal (sources: Array<AbortSignal | undefined>, timeoutMs?: number): LinkedSignal {
  const controller = new AbortController()
  const linked = sources.filter((source): source is AbortSignal => source !== undefined)
  let timer: NodeJS.Timeout | undefined
  let timedOut = false
  const onAbort = (event: Event): void => {
    dispose()
    controller.abort((event.target as AbortSignal).reason)
  }
  const dispose = (): void => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    for (const source of linked) source.removeEventListener('abort', onAbort)
  }
  const aborted = linked.find((source) => source.aborted)
  if (aborted !== undefined) {
    controller.abort(aborted.reason)
  } else {
    for (const source of linked) source.addEventListener('abort', onAbort, { once: true })
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        timedOut = true
        dispose()
        controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))
      }, timeoutMs)
      timer.unref()
    }
  }
  return { signal: controller.signal, timedOut: () => timedOut, dispose }
}
