// Completes the OpenAPI document fastify-swagger builds from the route schemas with what those
// schemas cannot say: per route, the error codes it answers (one example each), the response
// headers it sends (X-Request-Id, Cache-Control, Vary, the rate limit's, Retry-After) and its
// server-sent events. Routes declare them in their schema as `x-errors` and `x-event-stream`;
// fastify-swagger copies `x-` keys onto the operation, and they are read here.
import { STATUS_CODES } from 'node:http'
import { ERROR_CODES, STATUS_MEANINGS, type RouteError } from '../../schemas/errors.ts'

/** A text/event-stream answer: what its events are, one stream as an example, and the headers only a stream sends. */
export interface EventStreamDoc { description: string, example: string, headers?: Record<string, { description: string, schema: object }> }

declare module 'fastify' {
  interface FastifySchema {
    /** The errors the route can answer (see schemas/errors.ts, routeErrors). */
    'x-errors'?: RouteError[]
    /** The route answers `Accept: text/event-stream` with these events. */
    'x-event-stream'?: EventStreamDoc
  }
}

export const RESPONSE_HEADERS = {
  XRequestId: { description: 'The request id: the client\'s own X-Request-Id when it sent a usable one, else a generated one (also `requestId` in error bodies)', schema: { type: 'string' } },
  XRateLimitLimit: { description: 'Requests allowed per hour for this API key (RATE_LIMIT_PER_HOUR; absent when RATE_LIMIT_ENABLED=false)', schema: { type: 'integer' } },
  XRateLimitRemaining: { description: 'Requests left in the current hour', schema: { type: 'integer' } },
  XRateLimitReset: { description: 'Seconds until the hourly window resets', schema: { type: 'integer' } },
  RetryAfter: { description: 'Seconds to wait before retrying (on 409, on 429, and on a 503 that will pass)', schema: { type: 'integer' } },
  CacheControl: {
    description: '`no-store` on every answer and every error: no shared cache or browser history keeps an answer to an API key or a probe. ' +
      'An event stream says `no-store, no-transform` (it is an answer too, and no proxy may buffer or compress it)',
    schema: { type: 'string', enum: ['no-store', 'no-store, no-transform'] }
  },
  Vary: { description: '`Origin` (CORS): the answer depends on the page\'s origin', schema: { type: 'string', enum: ['Origin'] } },
  VaryAccept: {
    description: '`Origin` (CORS), then `Accept`: the route answers JSON or an event stream by it, so every answer of it, errors included, names it',
    schema: { type: 'string', enum: ['Origin, Accept'] }
  }
}

const ref = (name: keyof typeof RESPONSE_HEADERS): { $ref: string } => ({ $ref: `#/components/headers/${name}` })
const RATE_LIMIT_HEADERS = { 'x-ratelimit-limit': ref('XRateLimitLimit'), 'x-ratelimit-remaining': ref('XRateLimitRemaining'), 'x-ratelimit-reset': ref('XRateLimitReset') }
const RETRY_STATUSES = new Set([409, 429, 503])
/** Router errors (414) are answered before the rate limit runs. */
const BEFORE_RATE_LIMIT = new Set([414])

interface MediaType { schema?: { properties?: Record<string, unknown>, type?: string, description?: string }, example?: unknown, examples?: unknown }
interface Response { description?: string, headers?: Record<string, unknown>, content?: Record<string, MediaType> }
interface Operation { security?: unknown[], responses?: Record<string, Response>, 'x-errors'?: RouteError[], 'x-event-stream'?: EventStreamDoc }

function errorResponse (status: number, response: Response, errors: RouteError[]): Response {
  const json = response.content?.['application/json']
  if (json?.schema?.properties?.requestId === undefined) return response
  const own = errors.filter((error) => error.status === status)
  const meanings = own.map(({ code }) => `\`${code}\`: ${ERROR_CODES[code].meaning}`)
  const examples = Object.fromEntries(own.map(({ code, message }) => [code, {
    summary: ERROR_CODES[code].meaning,
    value: { statusCode: status, error: STATUS_CODES[status], message, code, requestId: 'req-1a2b3c' }
  }]))
  const { example: _example, ...media } = json
  return {
    ...response,
    description: [STATUS_MEANINGS[status] ?? STATUS_CODES[status], ...meanings].join('. '),
    content: { ...response.content, 'application/json': { ...media, examples } }
  }
}

function headersOf (status: number, rateLimited: boolean, negotiated: boolean): Record<string, unknown> {
  return {
    'x-request-id': ref('XRequestId'),
    'cache-control': ref('CacheControl'),
    vary: ref(negotiated ? 'VaryAccept' : 'Vary'),
    ...(rateLimited && !BEFORE_RATE_LIMIT.has(status) ? RATE_LIMIT_HEADERS : {}),
    ...(RETRY_STATUSES.has(status) ? { 'retry-after': ref('RetryAfter') } : {})
  }
}

/** The document with every route's errors, headers and event streams filled in (see the header). */
export function completeDocument<T extends { paths?: unknown, components?: unknown }> (document: T): T {
  const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      const { 'x-errors': errors = [], 'x-event-stream': eventStream } = operation
      delete operation['x-errors']
      delete operation['x-event-stream']
      // Every authenticated route is rate limited (the /v1 scope applies both); a route with an event
      // stream answers JSON or the stream by Accept, and says so in Vary (routes/sse.ts, varyByAccept).
      const rateLimited = operation.security !== undefined
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const described = Number(status) >= 400 ? errorResponse(Number(status), response, errors) : response
        const { description, content } = described
        const streamed: Record<string, MediaType> = status === '200' && eventStream !== undefined
          ? { 'text/event-stream': { schema: { type: 'string', description: eventStream.description }, example: eventStream.example } }
          : {}
        ;(operation.responses as Record<string, Response>)[status] = {
          description,
          headers: { ...described.headers, ...headersOf(Number(status), rateLimited, eventStream !== undefined), ...(status === '200' ? eventStream?.headers : {}) },
          ...(content === undefined ? {} : { content: { ...content, ...streamed } })
        }
      }
    }
  }
  const components = (document.components ?? {}) as Record<string, unknown>
  components.headers = { ...(components.headers as object | undefined), ...RESPONSE_HEADERS }
  return document
}
