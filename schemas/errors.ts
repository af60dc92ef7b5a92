import { Type, type Static } from 'typebox'

export const ErrorResponse = Type.Object({
  statusCode: Type.Integer({ description: 'HTTP status code' }),
  error: Type.String({ description: 'HTTP status text' }),
  message: Type.String({ description: 'What went wrong, for people' }),
  code: Type.String({ description: 'Stable machine-readable error code' }),
  requestId: Type.String({ description: 'Request id (also in the X-Request-Id response header); quote it in bug reports' })
}, { description: 'The error body of every endpoint' })

export type ErrorBody = Static<typeof ErrorResponse>

/** The error responses a route documents, keyed by status code. */
export function errorResponses (...statusCodes: number[]): Record<number, typeof ErrorResponse> {
  return Object.fromEntries(statusCodes.map((status) => [status, ErrorResponse]))
}

/**
 * What the OpenAPI document shows for each error status: one real example of that status, its code
 * and message (the swagger plugin puts them on every response that carries the error body), so the
 * docs never show a 400 under a 429.
 */
export const ERROR_EXAMPLES: Record<number, { description: string, example: Omit<ErrorBody, 'requestId'> }> = {
  400: { description: 'Invalid request', example: { statusCode: 400, error: 'Bad Request', message: 'body/message must NOT have fewer than 1 characters', code: 'VALIDATION_ERROR' } },
  401: { description: 'Wrong API key', example: { statusCode: 401, error: 'Unauthorized', message: 'Invalid API key', code: 'INVALID_API_KEY' } },
  404: { description: 'Not found', example: { statusCode: 404, error: 'Not Found', message: 'No stored conversation with this id for this API key', code: 'CONVERSATION_NOT_FOUND' } },
  408: { description: 'The upload did not arrive in time (AUDIO_UPLOAD_TIMEOUT)', example: { statusCode: 408, error: 'Request Timeout', message: 'The upload did not arrive within 30 s', code: 'AUDIO_UPLOAD_TOO_SLOW' } },
  409: { description: 'Another request on the same conversation took too long', example: { statusCode: 409, error: 'Conflict', message: 'Another request on this conversation is still being processed. Retry shortly.', code: 'CONVERSATION_BUSY' } },
  413: { description: 'Body or upload too large', example: { statusCode: 413, error: 'Payload Too Large', message: 'Request body is too large', code: 'PAYLOAD_TOO_LARGE' } },
  415: { description: 'Unsupported content type', example: { statusCode: 415, error: 'Unsupported Media Type', message: 'Unsupported Media Type: text/plain', code: 'UNSUPPORTED_MEDIA_TYPE' } },
  429: { description: 'Rate limit exceeded (see Retry-After)', example: { statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded: 100 requests per hour. Retry in 12 minutes.', code: 'RATE_LIMITED' } },
  500: { description: 'Unexpected failure (details only in the logs, under the request id)', example: { statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error', code: 'INTERNAL_ERROR' } },
  502: { description: 'A speech or emotion service failed', example: { statusCode: 502, error: 'Bad Gateway', message: 'Speech-to-text failed', code: 'STT_FAILED' } },
  503: { description: 'A dependency (conversation storage, language models, speech) is unavailable; see Retry-After', example: { statusCode: 503, error: 'Service Unavailable', message: 'Conversation storage is temporarily unavailable. Retry shortly.', code: 'STORAGE_UNAVAILABLE' } },
  504: { description: 'A speech service did not answer in time', example: { statusCode: 504, error: 'Gateway Timeout', message: 'Speech-to-text did not answer in time', code: 'STT_TIMEOUT' } }
}
