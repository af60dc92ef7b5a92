import { Type, type Static } from 'typebox'

export const ErrorResponse = Type.Object({
  statusCode: Type.Integer({ description: 'HTTP status code', examples: [400] }),
  error: Type.String({ description: 'HTTP status text', examples: ['Bad Request'] }),
  message: Type.String({ description: 'What went wrong, for people', examples: ['body/message must NOT have fewer than 1 characters'] }),
  code: Type.String({ description: 'Stable machine-readable error code', examples: ['VALIDATION_ERROR'] }),
  requestId: Type.String({ description: 'Request id (also in the X-Request-Id response header); quote it in bug reports' })
}, { description: 'The error body of every endpoint' })

export type ErrorBody = Static<typeof ErrorResponse>

/** The error responses a route documents, keyed by status code. */
export function errorResponses (...statusCodes: number[]): Record<number, typeof ErrorResponse> {
  return Object.fromEntries(statusCodes.map((status) => [status, ErrorResponse]))
}
