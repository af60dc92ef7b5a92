// How a request body's bytes are read: as sent, and JSON as UTF-8 only, or refused. No route decodes
// a content coding: a gzip body failed as invalid JSON (or an undecodable upload), and one in a coding
// nothing checked (br, x-unknown) was read as if it were plain (RFC 9110 §15.5.16: 415, with the one
// coding read in Accept-Encoding). JSON is UTF-8 (RFC 8259 §8.1): a body declared in another charset,
// or with bytes that are not UTF-8, was read as UTF-8 with U+FFFD in place of what it could not read.
// A transfer coding before chunked ("Transfer-Encoding: gzip, chunked") is ignored by Node's parser,
// which undoes the chunking only: the gzip bytes were read as the body. It is refused the same way
// (RFC 9112 §6.1 would have 501; 415 keeps one answer for "a coding this server does not read").
import type { FastifyBodyParser, FastifyReply, FastifyRequest, RequestPayload } from 'fastify'
import { ServiceError } from '../../services/errors.ts'

export const ENCODED_BODY_MESSAGE = 'A request body with a Content-Encoding is not read: send it uncompressed'
export const TRANSFER_CODED_BODY_MESSAGE = 'A request body with a Transfer-Encoding other than chunked (gzip, deflate…) is not read: send it uncompressed'

function hasBody (request: FastifyRequest): boolean {
  const length = request.headers['content-length']
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
}

/** The codings a Content-Encoding or Transfer-Encoding header lists, but those in `plain`. */
function codingsBut (header: string | undefined, plain: readonly string[]): string[] {
  return (header ?? '').split(',').map((coding) => coding.trim().toLowerCase()).filter((coding) => coding !== '' && !plain.includes(coding))
}

/**
 * A `preParsing` hook: refuses a body sent in any content coding but identity, or in a transfer
 * coding but chunked, before a byte of it is read (a request without a body passes).
 */
export async function refuseEncodedBody (request: FastifyRequest, reply: FastifyReply, payload: RequestPayload): Promise<RequestPayload> {
  if (!hasBody(request)) return payload
  if (codingsBut(request.headers['transfer-encoding'], ['chunked', 'identity']).length > 0) {
    throw new ServiceError('unsupported_media_type', 'UNSUPPORTED_MEDIA_TYPE', TRANSFER_CODED_BODY_MESSAGE)
  }
  if (codingsBut(request.headers['content-encoding'], ['identity']).length === 0) return payload
  reply.header('accept-encoding', 'identity')
  throw new ServiceError('unsupported_media_type', 'UNSUPPORTED_MEDIA_TYPE', ENCODED_BODY_MESSAGE)
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i
const UTF8 = new TextDecoder('utf-8', { fatal: true })

/**
 * A JSON body parser (`parseAs: 'buffer'`) reading UTF-8 only: another declared charset fails with
 * `unsupported()`, bytes that are not UTF-8 with 400 BAD_REQUEST; the text goes on to `parseJson`.
 */
export function utf8Json (parseJson: FastifyBodyParser<string>, unsupported: () => Error): FastifyBodyParser<Buffer> {
  return (request, body, done) => {
    const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase()
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      done(unsupported())
      return
    }
    let text: string
    try {
      text = UTF8.decode(body)
    } catch {
      done(new ServiceError('bad_request', 'BAD_REQUEST', 'The body is not valid UTF-8'))
      return
    }
    parseJson(request, text, (error, value) => {
      // Fastify says "not valid JSON" of a valid text it refuses for a __proto__ or constructor.prototype key.
      done(error !== null && isJson(text) ? new ServiceError('bad_request', 'BAD_REQUEST', FORBIDDEN_KEY_MESSAGE) : error, value)
    })
  }
}

const FORBIDDEN_KEY_MESSAGE = 'The body has a key that is refused: __proto__, or constructor with prototype in it'

function isJson (text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}
