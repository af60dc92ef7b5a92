// HTTP details shared by the OpenAI-compatible audio clients (OpenAI, whisper.cpp server,
// faster-whisper servers...). Error bodies are `{error: {message, code}}` (OpenAI) or
// `{detail}` (FastAPI-based servers).
import { ServiceError } from '../errors.ts'
import { brief, isUnreachable, parseRetryAfter } from '../vendor-call.ts'

export type AudioProduct = 'STT' | 'TTS'

const LABEL: Record<AudioProduct, string> = { STT: 'Speech-to-text', TTS: 'Text-to-speech' }
const DEFAULT_RETRY_AFTER_SECONDS = 5

export function trimBaseURL (baseURL: string): string {
  return baseURL.replace(/\/+$/, '')
}

export function authorization (apiKey: string | undefined): Record<string, string> {
  return apiKey === undefined || apiKey === '' ? {} : { authorization: `Bearer ${apiKey}` }
}

function errorDetails (body: string): { message: string, code?: string } {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown, code?: unknown } | string, detail?: unknown, message?: unknown }
    const error = parsed.error
    if (typeof error === 'object' && error !== null) {
      return { message: typeof error.message === 'string' ? error.message : '', code: typeof error.code === 'string' ? error.code : undefined }
    }
    if (typeof error === 'string') return { message: error }
    if (typeof parsed.detail === 'string') return { message: parsed.detail }
    if (typeof parsed.message === 'string') return { message: parsed.message }
  } catch {}
  return { message: body }
}

/** The domain error for a non-2xx answer. */
export async function httpError (product: AudioProduct, response: Response): Promise<ServiceError> {
  const label = LABEL[product]
  const { message, code } = errorDetails(await response.text().catch(() => ''))
  const detail = message.trim() === '' ? '' : `: ${brief(message)}`
  const status = response.status
  if (status === 401 || status === 403) return new ServiceError('upstream', `${product}_AUTH`, `${label} rejected the API key (HTTP ${status})`)
  if (status === 429 && code === 'insufficient_quota') return new ServiceError('unavailable', `${product}_QUOTA`, `${label} quota is exhausted`)
  if (status === 429) {
    return new ServiceError('rate_limited', `${product}_RATE_LIMITED`, `${label} is rate limited; try again shortly`,
      { retryAfter: parseRetryAfter(response.headers.get('retry-after'), DEFAULT_RETRY_AFTER_SECONDS) })
  }
  // The vendor's words go to the log (the error's message), never to the client.
  return new ServiceError('upstream', `${product}_FAILED`, `${label} failed (HTTP ${status})${detail}`, { publicMessage: `${label} failed (HTTP ${status})` })
}

/** The domain error for a fetch that never got an answer (aborts are the caller's business). */
export function fetchError (product: AudioProduct, error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted || error instanceof ServiceError) return error
  const label = LABEL[product]
  if (isUnreachable(error)) return new ServiceError('unavailable', `${product}_UNAVAILABLE`, `${label} service cannot be reached`, { cause: error })
  return new ServiceError('upstream', `${product}_FAILED`, `${label} request failed`, { cause: error })
}
