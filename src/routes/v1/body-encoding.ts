// Request bodies are read as sent: no route decodes a content coding. A gzip body failed as invalid
// JSON (or an undecodable upload), and one in a coding nothing checked (br, x-unknown) was read as if
// it were plain. RFC 9110 §15.5.16: 415, with the one coding read in Accept-Encoding.
import type { FastifyReply, FastifyRequest, RequestPayload } from 'fastify'
import { ServiceError } from '../../services/errors.ts'

export const ENCODED_BODY_MESSAGE = 'A request body with a Content-Encoding is not read: send it uncompressed'

/** A `preParsing` hook: refuses a body sent in any content coding but identity, before a byte of it is read. */
export async function refuseEncodedBody (request: FastifyRequest, reply: FastifyReply, payload: RequestPayload): Promise<RequestPayload> {
  const encoding = request.headers['content-encoding']
  if (encoding === undefined) return payload
  const codings = encoding.split(',').map((coding) => coding.trim().toLowerCase()).filter((coding) => coding !== '' && coding !== 'identity')
  if (codings.length === 0) return payload
  reply.header('accept-encoding', 'identity')
  throw new ServiceError('unsupported_media_type', 'UNSUPPORTED_MEDIA_TYPE', ENCODED_BODY_MESSAGE)
}
