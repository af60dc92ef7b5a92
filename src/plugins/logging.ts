// One log line per request (method, route, path, status, duration, key id, conversation id) and the
// request id echoed back. Fastify's own request logging is off: it would log headers we redact anyway.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import fp from 'fastify-plugin'
import { CONVERSATION_ID_PATTERN } from '../../schemas/chat.ts'
import { redactSecrets, secretValues } from '../sentry-options.ts'
import { CLIENT_CLOSED_REQUEST } from './request-end.ts'

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/
const CONVERSATION_ID = new RegExp(CONVERSATION_ID_PATTERN)

/** Takes a well-formed `X-Request-Id` from the caller (or a proxy), otherwise makes one. */
export function requestIdFrom (request: IncomingMessage): string {
  return requestIdOf(request.headers['x-request-id'])
}

/** The request id an `X-Request-Id` value gives: itself when well-formed, otherwise a new one. */
export function requestIdOf (header: unknown): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID()
}

/** Longer paths are cut: a scanner's path can be kilobytes long, and one log line each. */
export const MAX_LOGGED_PATH = 200

/**
 * The request's path as the access log shows it, next to the route template: for an unknown path
 * (route `not-found`) it is the only clue to what was asked for, and for a route with parameters it
 * names the conversation read or deleted. Never the query string, which may carry anything (a key
 * pasted as `?api_key=`, a user's question); from an absolute-form target (`GET http://user:pw@host/x`)
 * only the path, not the authority and its credentials; every one of `secrets` (the configured
 * keys) blanked, also when pasted percent-encoded; at most MAX_LOGGED_PATH characters.
 */
export function loggedPath (url: string, secrets: string[] = []): string {
  const end = url.search(/[?#]/)
  const target = end === -1 ? url : url.slice(0, end)
  // A key pasted into the path is blanked before the path is cut: cut first, a key the cut falls in
  // would keep its first characters, no longer the whole key the redaction looks for.
  const asSent = redactSecrets(target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, ''), secrets)
  // A key pasted percent-encoded (`%2D` for `-`) is the key all the same: when the decoded path holds
  // one, the decoded path is logged, blanked; otherwise the path as sent.
  const decoded = decodeEscapes(asSent)
  const path = decoded !== asSent && secrets.some((secret) => decoded.includes(secret))
    ? redactSecrets(decoded, secrets)
    : asSent
  if (path.length <= MAX_LOGGED_PATH) return path === '' ? '/' : path
  return `${path.slice(0, MAX_LOGGED_PATH)}…[${path.length} characters]`
}

const ESCAPE_RUN = /(?:%[0-9A-Fa-f]{2})+/g
const ASCII_ESCAPE = /%[0-7][0-9A-Fa-f]/g

/** The text with its percent-escapes decoded, in one linear pass over runs of escapes: a run that is
 * not UTF-8 has its ASCII escapes decoded and keeps the others as sent, never throws. */
function decodeEscapes (text: string): string {
  return text.replace(ESCAPE_RUN, (run) => {
    try {
      return decodeURIComponent(run)
    } catch {
      return run.replace(ASCII_ESCAPE, (escape) => String.fromCharCode(Number.parseInt(escape.slice(1), 16)))
    }
  })
}

/** Paths pino blanks out wherever they appear in a log object. */
export const REDACTED_PATHS = [
  'req.headers["x-api-key"]', 'req.headers.authorization', 'req.headers.cookie',
  'headers["x-api-key"]', 'headers.authorization', 'apiKey', 'password', '*.apiKey', '*.password'
]

// The error serializer lives below the plugins: the cluster primary's logger uses it too.
export { serializeError } from '../services/error-serializer.ts'

export default fp(async (fastify) => {
  const secrets = secretValues(fastify.config)
  fastify.watchRequests({
    started: (request, reply) => { reply.header('x-request-id', request.id) },
    ended: (request, reply, status) => {
      const conversationId = request.headers['x-conversation-id']
      request.log.info({
        method: request.method,
        route: request.routeOptions.url ?? 'not-found',
        path: loggedPath(request.url, secrets),
        status,
        duration_ms: Math.round(reply.elapsedTime * 10) / 10,
        key_id: request.keyId ?? undefined,
        conversation_id: typeof conversationId === 'string' && CONVERSATION_ID.test(conversationId) ? conversationId : undefined
      }, status === CLIENT_CLOSED_REQUEST ? 'client closed the connection before the response' : 'request completed')
    }
  })
}, { name: 'logging', fastify: '5.x', dependencies: ['config', 'auth', 'request-end'] })
