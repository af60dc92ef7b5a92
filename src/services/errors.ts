// Typed domain errors. Services throw these; the errors plugin maps `kind` to an HTTP status in
// one place, so no service knows about HTTP.
export type ErrorKind =
  | 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict'
  | 'payload_too_large' | 'unsupported_media_type' | 'request_timeout' | 'rate_limited' | 'upstream' | 'unavailable' | 'timeout'

export interface ServiceErrorOptions {
  cause?: unknown
  /** Seconds a client should wait before retrying (sent as `retry-after`). */
  retryAfter?: number
  /** What the client is told when `message` is meant for operators (vendor errors, paths). */
  publicMessage?: string
  /**
   * The answer states how this instance is, as documented (voice not configured, shedding load),
   * rather than a failure: logged at warn, not sent to Sentry as an error.
   */
  expected?: boolean
  /**
   * What the failure's log line adds to the request's own fields (the errors plugin's one line per
   * failure): where a vendor is and what to check. Never a secret, never for the client.
   */
  logFields?: Readonly<Record<string, unknown>>
}

export class ServiceError extends Error {
  readonly kind: ErrorKind
  readonly code: string
  readonly retryAfter: number | undefined
  readonly publicMessage: string
  readonly expected: boolean
  readonly logFields: Readonly<Record<string, unknown>> | undefined

  constructor (kind: ErrorKind, code: string, message: string, options: ServiceErrorOptions = {}) {
    super(message, { cause: options.cause })
    this.name = 'ServiceError'
    this.kind = kind
    this.code = code
    this.retryAfter = options.retryAfter
    this.publicMessage = options.publicMessage ?? message
    this.expected = options.expected ?? false
    this.logFields = options.logFields
  }
}

export function isAbortError (error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: string }).code === 'ABORT_ERR')
}

/** A documented state of this instance rather than a failure (see ServiceErrorOptions.expected). */
export function isExpectedError (error: unknown): boolean {
  return error instanceof ServiceError && error.expected
}
