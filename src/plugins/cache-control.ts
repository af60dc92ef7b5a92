// How an answer may be cached, said once per group of routes (an onSend hook of their scope), not per
// handler. Only where the reply has no Cache-Control yet: an event stream keeps its own (routes/sse.ts)
// and an error its `no-store` (plugins/errors.ts, sendError), so the group's value never replaces them.
// https://www.rfc-editor.org/rfc/rfc9111#section-5.2.2
import type { onSendHookHandler } from 'fastify'

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
