// What every call to a vendor shares (speech, emotion, the language models): a deadline, the caller's
// abort signal, one observation per call, and the reading of low-level failures (unreachable, a
// connection lost, Retry-After) that the clients map to their domain errors.
import { ServiceError } from './errors.ts'

/**
 * Told about every external call (metrics and logs). A call the caller aborted is not reported:
 * the user going away says nothing about the provider.
 */
export type CallObserver = (call: { service: string, durationMs: number, outcome: 'ok' | 'error' | 'timeout' }) => void

export interface TimedCallOptions {
  /** Name reported to the observer: prosa-stt, openai-tts, emotion... */
  service: string
  timeoutMs: number
  signal?: AbortSignal
  observer?: CallObserver
  /** The error a timeout becomes. */
  timeoutError: () => ServiceError
}

/**
 * Runs `call` with a signal that aborts on the deadline (reason: the timeout error) or when the
 * caller aborts (reason: the caller's reason, an AbortError by default). A caller abort is rethrown
 * as is and not reported; everything else is reported once.
 */
export async function timedCall<T> (options: TimedCallOptions, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const caller = options.signal
  caller?.throwIfAborted()
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(options.timeoutError()), options.timeoutMs)
  const onCallerAbort = (): void => controller.abort(caller?.reason)
  caller?.addEventListener('abort', onCallerAbort, { once: true })
  const started = performance.now()
  const report = (outcome: 'ok' | 'error' | 'timeout'): void => {
    try {
      options.observer?.({ service: options.service, durationMs: performance.now() - started, outcome })
    } catch {
      // A broken metrics hook must not fail a user's request.
    }
  }
  try {
    const result = await call(controller.signal)
    report('ok')
    return result
  } catch (error) {
    if (caller?.aborted === true) throw caller.reason
    if (controller.signal.aborted) {
      report('timeout')
      throw controller.signal.reason
    }
    report('error')
    throw error
  } finally {
    clearTimeout(timer)
    caller?.removeEventListener('abort', onCallerAbort)
  }
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])

/** An open connection broken off by the other side (or a proxy) before the answer was complete. */
const CONNECTION_LOST_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'])

/** How many steps down (causes and grouped errors alike) an error is read: a graph with a cycle ends. */
const MAX_ERROR_DEPTH = 4

/** True when the error, or one of its causes (or of an AggregateError's errors) at most MAX_ERROR_DEPTH steps down, has one of `codes`. */
function hasCode (error: unknown, codes: ReadonlySet<string>, start = 0): boolean {
  for (let current = error, depth = start; current instanceof Error && depth < MAX_ERROR_DEPTH; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && codes.has(code)) return true
    const nested = (current as { errors?: unknown }).errors // AggregateError from happy-eyeballs connects
    if (Array.isArray(nested) && nested.some((inner) => hasCode(inner, codes, depth + 1))) return true
  }
  return false
}

/** True when the error (or its cause, as with fetch's "fetch failed") says the host could not be reached. */
export function isUnreachable (error: unknown): boolean {
  return hasCode(error, UNREACHABLE_CODES)
}

/** True when the connection broke off mid-answer (node:http's "aborted", ECONNRESET). */
export function isConnectionLost (error: unknown): boolean {
  return hasCode(error, CONNECTION_LOST_CODES)
}

/**
 * The longest wait a vendor's `retry-after` is passed on to our clients as (the `Retry-After` header,
 * a stream's error event): a vendor saying 86400 would have our clients wait a day. A vendor's rate
 * limits are counted per minute (requests and tokens per minute), so a minute covers a rate limit's
 * reset; a longer refusal (a spent quota) is not one a client should sit out: after a minute it asks
 * again, costing one request, and hears the vendor's answer as it then stands.
 */
export const MAX_VENDOR_RETRY_AFTER_SECONDS = 60

/**
 * Seconds to wait before retrying, from a vendor's `retry-after` value (seconds or an HTTP date), else
 * `fallback`; at most MAX_VENDOR_RETRY_AFTER_SECONDS.
 */
export function parseRetryAfter (value: string | null | undefined, fallback: number): number {
  return Math.min(MAX_VENDOR_RETRY_AFTER_SECONDS, secondsOf(value, fallback))
}

function secondsOf (value: string | null | undefined, fallback: number): number {
  if (value === null || value === undefined || value.trim() === '') return fallback
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds)
  const date = Date.parse(value)
  if (Number.isFinite(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000))
  return fallback
}

/** A provider's error text cut to a size that is safe in a log line. */
export function brief (text: string, max = 200): string {
  const oneLine = text.replace(/\s+/g, ' ').trim()
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine
}
