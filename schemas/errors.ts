import { Type, type Static } from 'typebox'

export const ErrorResponse = Type.Object({
  statusCode: Type.Integer({ description: 'HTTP status code' }),
  error: Type.String({ description: 'HTTP status text' }),
  message: Type.String({ description: 'What went wrong, for people' }),
  code: Type.String({ description: 'Stable machine-readable error code' }),
  requestId: Type.String({ description: 'Request id (also in the X-Request-Id response header); quote it in bug reports' })
}, { description: 'The error body of every endpoint' })

export type ErrorBody = Static<typeof ErrorResponse>

/**
 * The data of a stream's `error` event: the error body, plus `retryAfter` where a JSON answer would
 * have had a Retry-After header (a stream's headers went out with its first event, before the failure).
 */
export const StreamErrorEvent = Type.Object({
  ...ErrorResponse.properties,
  retryAfter: Type.Optional(Type.Integer({
    minimum: 0,
    description: 'Seconds after which the same request may succeed (what a JSON error\'s Retry-After header says); absent when waiting will not help, such as every language model refusing the server\'s configuration'
  }))
}, { description: 'The data of a stream\'s `error` event: the error body, with retryAfter when retrying later may succeed' })

export type StreamErrorBody = Static<typeof StreamErrorEvent>

interface ErrorCodeDoc {
  status: number
  /** When a client gets it, for the response's description. */
  meaning: string
  /** A message the service really writes with this code (the OpenAPI example). */
  message: string
}

/**
 * The error codes the API documents: status, meaning and one real message each. A route lists the
 * codes it can answer (`routeErrors`); the OpenAPI document shows, per route and status, those codes
 * and one example each, so a route never shows an error it cannot produce.
 */
export const ERROR_CODES = {
  VALIDATION_ERROR: { status: 400, meaning: 'the request does not match the schema (the message names the field)', message: 'body/message must NOT have fewer than 1 characters' },
  BAD_REQUEST: { status: 400, meaning: 'the body is not valid JSON', message: 'Body is not valid JSON but content-type is set to \'application/json\'' },
  MISSING_API_KEY: { status: 400, meaning: 'no X-API-Key header', message: 'Missing X-API-Key header' },
  AUDIO_MULTIPART_REQUIRED: { status: 400, meaning: 'the body is not multipart/form-data', message: 'Send multipart/form-data with the recording in a field named "audio"' },
  AUDIO_MISSING: { status: 400, meaning: 'no file in the field audio (or file)', message: 'No audio file: send the recording as the first file, in a multipart field named "audio" (or "file")' },
  AUDIO_TOO_MANY_FILES: { status: 400, meaning: 'a second file', message: 'More than one file: send one recording per request' },
  AUDIO_TOO_MANY_PARTS: { status: 400, meaning: 'more than 4 text fields', message: 'Too many form fields: send the recording with at most 4 small text fields beside it' },
  AUDIO_MALFORMED_UPLOAD: { status: 400, meaning: 'a malformed or incomplete multipart body', message: 'The multipart upload is malformed or incomplete' },
  BODY_IN_TINY_PIECES: { status: 400, meaning: 'the body arrived in pieces (chunks or TCP segments) of under 512 bytes on average, over 1,024 pieces; the connection is closed', message: 'The body arrived in pieces of under 512 bytes on average (over 1024 pieces): send it in larger writes (a chunk or TCP segment of several KB, as browsers and HTTP libraries do)' },
  AUDIO_EMPTY: { status: 400, meaning: 'an empty file', message: 'The audio file is empty' },
  AUDIO_UNSUPPORTED: { status: 400, meaning: 'not audio in a supported format', message: 'The file is not audio in a supported format. Accepted formats: WAV, MP3, FLAC, Ogg (Opus or Vorbis), M4A/MP4 (AAC), WebM/Matroska' },
  AUDIO_UNDECODABLE: { status: 400, meaning: 'a damaged or truncated file', message: 'The audio could not be decoded: the file is damaged, truncated or has no audio' },
  AUDIO_TOO_LONG: { status: 400, meaning: 'longer than MAX_AUDIO_SECONDS', message: 'The audio is longer than the limit of 60 seconds' },
  AUDIO_NO_SPEECH: { status: 400, meaning: 'no speech recognised', message: 'No speech was recognised in the audio' },
  MULTIPLE_API_KEYS: { status: 400, meaning: 'more than one key: repeated X-API-Key headers, or a comma-separated list in one', message: 'Send one API key in one X-API-Key header: this request has several (repeated headers, or a list)' },
  INVALID_API_KEY: { status: 401, meaning: 'X-API-Key is not a valid key', message: 'Invalid API key' },
  CONVERSATION_NOT_FOUND: { status: 404, meaning: 'no conversation with this id for this API key (another key\'s is not found either)', message: 'No stored conversation with this id for this API key' },
  AUDIO_UPLOAD_TOO_SLOW: { status: 408, meaning: 'the upload did not arrive within AUDIO_UPLOAD_TIMEOUT', message: 'The upload did not arrive within 30 s' },
  CONVERSATION_BUSY: { status: 409, meaning: 'another request on the conversation held it longer than CONVERSATION_LOCK_WAIT', message: 'Another request on this conversation is still being processed. Retry shortly.' },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: 'the body is too large', message: 'Request body is too large' },
  AUDIO_TOO_LARGE: { status: 413, meaning: 'the upload is larger than MAX_CONTENT_LENGTH', message: 'The upload is larger than 16777216 bytes (MAX_CONTENT_LENGTH)' },
  URI_TOO_LONG: { status: 414, meaning: 'a path parameter longer than 256 characters', message: 'The URL is too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'a Content-Type, Content-Encoding or Transfer-Encoding the route does not read', message: 'This route does not read a body of type application/xml' },
  RATE_LIMITED: { status: 429, meaning: 'more than RATE_LIMIT_PER_HOUR requests this hour (see Retry-After)', message: 'Rate limit exceeded: 100 requests per hour. Retry in 12 minutes.' },
  INTERNAL_ERROR: { status: 500, meaning: 'an unexpected failure (details only in the logs, under the request id)', message: 'Internal Server Error' },
  STT_FAILED: { status: 502, meaning: 'the speech-to-text service failed', message: 'Speech-to-text failed (HTTP 500)' },
  STT_AUTH: { status: 502, meaning: 'the speech-to-text service refused this server\'s key (a fault of the server\'s configuration)', message: 'Speech-to-text rejected the API key' },
  STT_CONFIG: { status: 502, meaning: 'the speech-to-text service refused this server\'s stream settings or model', message: 'Speech-to-text rejected the model' },
  STT_RATE_LIMITED: { status: 429, meaning: 'the speech-to-text service is rate limiting this server (see Retry-After: the vendor\'s wait, at most 60 s)', message: 'Speech-to-text is rate limited; try again shortly' },
  STT_QUOTA: { status: 503, meaning: 'this server\'s speech-to-text quota is used up', message: 'Speech-to-text quota is exhausted' },
  STT_UNAVAILABLE: { status: 503, meaning: 'the speech-to-text service cannot be reached', message: 'Speech-to-text service cannot be reached' },
  AUDIO_DECODER_UNAVAILABLE: { status: 503, meaning: 'the audio decoder (ffmpeg) for a format decoded outside the process is missing', message: 'Voice input is unavailable: the audio decoder (ffmpeg) is not installed' },
  STORAGE_UNAVAILABLE: { status: 503, meaning: 'conversation storage (Redis) is unavailable', message: 'Conversation storage is temporarily unavailable. Retry shortly.' },
  SHUTTING_DOWN: { status: 503, meaning: 'this instance is draining for a restart', message: 'The service is restarting. Retry shortly.' },
  OVERLOADED: { status: 503, meaning: 'the event loop is saturated (MAX_EVENT_LOOP_DELAY)', message: 'Server is overloaded (eventLoopDelay); retry later' },
  LLM_UNAVAILABLE: { status: 503, meaning: 'no language model could answer: with Retry-After and "Please try again shortly" when one may answer later (a timeout, HTTP 5xx or 429, unreachable); without either, "The answering service is not available", when every model refused this server\'s configuration or request (HTTP 401, 403 or 404: a wrong key, address or model; 400 or 422: a request refused as invalid, such as more context than the model holds)', message: 'No language model provider could answer (together: HTTP 503; openai: timed out). Please try again shortly.' },
  STORE_UNAVAILABLE: { status: 503, meaning: 'the knowledge base is unavailable', message: 'The knowledge base is temporarily unavailable. Retry shortly.' },
  INDEX_NOT_READY: { status: 503, meaning: 'the knowledge base is still loading', message: 'The knowledge base is not ready yet. Retry shortly.' },
  VOICE_UNAVAILABLE: { status: 503, meaning: 'voice is not configured (no speech-to-text or no decoder)', message: 'Voice is unavailable: speech-to-text not configured. See README, "Voice: configuring speech".' },
  AUDIO_BUSY: { status: 503, meaning: 'too many recordings are being received or decoded', message: 'Too many recordings are being received right now. Retry shortly.' },
  ANSWER_TIMEOUT: { status: 504, meaning: 'no answer within REQUEST_TIMEOUT', message: 'The answer took longer than this server allows (120 s). Try again.' },
  STT_TIMEOUT: { status: 504, meaning: 'speech-to-text did not answer within STT_TIMEOUT', message: 'Speech-to-text did not answer in time' }
} satisfies Record<string, ErrorCodeDoc>

export type ErrorCode = keyof typeof ERROR_CODES

/** One error a route documents: its code, status and example message (the catalogue's, or the route's own). */
export interface RouteError { code: ErrorCode, status: number, message: string }

/** The errors a route can answer: a code, or a code with the message the route writes (validation names its fields). */
export function routeErrors (...errors: Array<ErrorCode | [ErrorCode, string]>): RouteError[] {
  return errors.map((error) => {
    const [code, message] = typeof error === 'string' ? [error, undefined] : error
    return { code, status: ERROR_CODES[code].status, message: message ?? ERROR_CODES[code].message }
  })
}

/** The error responses of these errors' statuses, for a route's `response` schema. */
export function errorResponses (errors: RouteError[]): Record<number, typeof ErrorResponse> {
  return Object.fromEntries(errors.map(({ status }) => [status, ErrorResponse]))
}

/** What each status means, whatever the code (the first words of its response's description). */
export const STATUS_MEANINGS: Record<number, string> = {
  400: 'Invalid request',
  401: 'Wrong API key',
  404: 'Not found',
  408: 'Upload too slow',
  409: 'Conversation busy (see Retry-After)',
  413: 'Too large',
  414: 'URL too long',
  415: 'Unsupported content type',
  429: 'Rate limit exceeded (see Retry-After)',
  500: 'Unexpected failure',
  502: 'A speech service failed',
  503: 'Temporarily unavailable (see Retry-After)',
  504: 'Timed out'
}
