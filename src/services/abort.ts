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
