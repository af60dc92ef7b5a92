// The knowledge base's typed failure. It is a ServiceError so the HTTP layer answers a store outage
// with 503 and retry-after instead of a 500; the detailed message (store names, vendor errors) is for
// logs and the doctor, clients get a fixed one.
import { ServiceError, type ErrorKind } from '../errors.ts'

export type KnowledgeBaseErrorCode = 'INDEX_NOT_READY' | 'STORE_UNAVAILABLE' | 'INVALID_OPTIONS' | 'CLOSED'

const FOR_CLIENTS: Record<KnowledgeBaseErrorCode, { kind: ErrorKind, message: string, retryAfter?: number }> = {
  STORE_UNAVAILABLE: { kind: 'unavailable', message: 'The knowledge base is temporarily unavailable. Retry shortly.', retryAfter: 5 },
  INDEX_NOT_READY: { kind: 'unavailable', message: 'The knowledge base is not ready yet. Retry shortly.', retryAfter: 5 },
  // Only while the service shuts down: another instance answers the retry.
  CLOSED: { kind: 'unavailable', message: 'The service is shutting down. Retry shortly.', retryAfter: 1 },
  INVALID_OPTIONS: { kind: 'bad_request', message: 'Invalid knowledge base options' }
}

/** The state each code means, in the fixed words /ready shows (`error: <state>`). */
const STATES: Record<KnowledgeBaseErrorCode, string> = {
  STORE_UNAVAILABLE: 'store unavailable',
  INDEX_NOT_READY: 'index not loaded',
  CLOSED: 'closed',
  INVALID_OPTIONS: 'invalid options'
}

export class KnowledgeBaseError extends ServiceError {
  declare readonly code: KnowledgeBaseErrorCode
  /**
   * What state the knowledge base is in, in fixed words anyone may read (never a path, a store's
   * name or a vendor's text: those are in `message`, for the log).
   */
  readonly state: string

  constructor (code: KnowledgeBaseErrorCode, message: string, options?: { cause?: unknown, state?: string }) {
    const { kind, message: publicMessage, retryAfter } = FOR_CLIENTS[code]
    super(kind, code, message, { cause: options?.cause, retryAfter, publicMessage })
    this.name = 'KnowledgeBaseError'
    this.state = options?.state ?? STATES[code]
  }
}
