// How an answer may be cached, said once per group of routes (an onSend hook of their scope), not per
// handler. Only where the reply has no Cache-Control yet: an event stream keeps its own (routes/sse.ts)
// and an error its `no-store` (plugins/errors.ts, sendError), so the group's value never replaces them.
// https://www.rfc-editor.org/rfc/rfc9111#section-5.2.2
import { createHash } from 'node:crypto'
import type { onSendHookHandler } from 'fastify'
import { BoundedMap } from '../services/bounded-map.ts'

/** Nothing kept anywhere, neither by a shared cache nor in a browser's history: private data, probes. */
export const NO_STORE = 'no-store'
/** May be kept, but asked again each time before use: public documents that change with a deploy. */
export const REVALIDATE = 'no-cache'

/** An onSend hook giving the answers of its scope `value` as their Cache-Control, unless they have one. */
export function cacheControl (value: string): onSendHookHandler {
  return (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', value)
    done(null, payload)
  }
}

/**
 * Whether a request's If-None-Match names `etag` (or is `*`): its copy is current, answer 304. The
 * weak comparison RFC 9110 §13.1.2 asks of If-None-Match, so a W/ copy of the tag matches too.
 */
export function unchanged (ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false
  if (ifNoneMatch.trim() === '*') return true
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}

/** A strong entity tag of `body`: its SHA-256, base64url, quoted. */
export function entityTag (body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`
}

/** Room for every page of Swagger UI (each of its two addresses, initializer, JSON, YAML) and more. */
const TAGGED_BODIES = 16
/**
 * Strings already tagged, with their tags (a Buffer is hashed each time: the same one may be refilled).
 * Bounded all the same (a page made of its URL, a query string in it): the oldest makes room.
 */
const tagged = new BoundedMap<string, string>(TAGGED_BODIES)

/** `entityTag(body)`, hashed once per body: the pages it serves are the same bytes for the process's life. */
function rememberedTag (body: string | Buffer): string {
  if (typeof body !== 'string') return entityTag(body)
  let etag = tagged.get(body)
  if (etag === undefined) {
    etag = entityTag(body)
    tagged.set(body, etag)
  }
  return etag
}

/**
 * An onSend hook for answers made by code that is not ours (Swagger UI's pages): a 200 sent whole (a
 * string or a Buffer) without a validator gets a strong ETag of its bytes, and a request whose
 * If-None-Match names it a 304 with no body. A stream (a static file) keeps what its sender gave it.
 * A body sent again is not hashed again: /docs/json is serialized afresh each time, 0.1 ms of SHA-256
 * for 100 KB, against a string comparison with the one remembered.
 */
export const validatedByContent: onSendHookHandler = (request, reply, payload, done) => {
  if (reply.statusCode !== 200 || reply.hasHeader('etag') || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) {
    done(null, payload)
    return
  }
  const etag = rememberedTag(payload)
  reply.header('etag', etag)
  if (!unchanged(request.headers['if-none-match'], etag)) {
    done(null, payload)
    return
  }
  reply.code(304)
  // No body, and no Content-Length of one. HEAD's own hook (Fastify's, after this one) reads the
  // payload for its Content-Length, the 200's, which a 304 may say (RFC 9110 §8.6), and drops it.
  done(null, request.method === 'HEAD' ? payload : null)
}
