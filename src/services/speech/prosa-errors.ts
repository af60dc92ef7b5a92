// Prosa's WebSocket close codes, shared by its speech-to-text and text-to-speech streams.
// https://docs2.prosa.ai/speech/stt/streaming/asyncapi/#websocket-close-codes
import { ServiceError } from '../errors.ts'
import { brief, isUnreachable, parseRetryAfter } from '../vendor-call.ts'

export type ProsaProduct = 'STT' | 'TTS'

const LABEL: Record<ProsaProduct, string> = { STT: 'Speech-to-text', TTS: 'Text-to-speech' }
/** Prosa sends no retry hint with 4029; a few seconds is the usual advice for a rate limit. */
const DEFAULT_RETRY_AFTER_SECONDS = 5

/**
 * An error whose message carries Prosa's close reason for the log, while the client is told the
 * same sentence without it: the reason is the vendor's own text.
 */
function withReason (code: string, sentence: string, reason: string): ServiceError {
  const trimmed = reason.trim()
  return new ServiceError('upstream', code, trimmed === '' ? sentence : `${sentence}: ${brief(trimmed)}`, { publicMessage: sentence })
}

export function prosaCloseError (product: ProsaProduct, code: number, reason: string): ServiceError {
  const label = LABEL[product]
  switch (code) {
    case 4000:
      return new ServiceError('upstream', `${product}_AUTH`, `${label} rejected the API key`)
    case 4001:
      return withReason(`${product}_CONFIG`, `${label} rejected the stream configuration`, reason)
    case 4002:
      return withReason(`${product}_CONFIG`, `${label} rejected the model`, reason)
    case 4005:
      return new ServiceError('unavailable', `${product}_QUOTA`, `${label} quota is exhausted`)
    case 4029: {
      const hint = /(\d+(?:\.\d+)?)\s*(?:s\b|sec|second)/i.exec(reason)?.[1] ?? /retry[^\d]*(\d+)/i.exec(reason)?.[1]
      return new ServiceError('rate_limited', `${product}_RATE_LIMITED`, `${label} is rate limited; try again shortly`,
        { retryAfter: parseRetryAfter(hint, DEFAULT_RETRY_AFTER_SECONDS) })
    }
    default:
      return withReason(`${product}_FAILED`, `${label} closed the connection unexpectedly (code ${code})`, reason)
  }
}

/** A failed connection: refused, unreachable, or answered with HTTP instead of a WebSocket. */
export function prosaConnectionError (product: ProsaProduct, error: Error, status?: number): ServiceError {
  const label = LABEL[product]
  if (status === 401 || status === 403) return new ServiceError('upstream', `${product}_AUTH`, `${label} rejected the API key`, { cause: error })
  if (status === 429) {
    return new ServiceError('rate_limited', `${product}_RATE_LIMITED`, `${label} is rate limited; try again shortly`,
      { cause: error, retryAfter: DEFAULT_RETRY_AFTER_SECONDS })
  }
  if (status === undefined && isUnreachable(error)) {
    return new ServiceError('unavailable', `${product}_UNAVAILABLE`, `${label} service cannot be reached`, { cause: error })
  }
  return new ServiceError('upstream', `${product}_FAILED`, `${label} connection failed${status === undefined ? '' : ` (HTTP ${status})`}`, { cause: error })
}
