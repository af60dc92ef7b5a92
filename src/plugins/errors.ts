// One error body for the whole API: {statusCode, error, message, code, requestId}.
// 4xx messages pass through (they describe the client's mistake); 5xx messages are hidden unless
// they come from a typed ServiceError meant for the client; stacks never leave the process.
import { STATUS_CODES } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { isExpectedError, ServiceError, type ErrorKind } from '../services/errors.ts'
import { isRedisFullError, isRedisUnavailableError } from '../services/redis-options.ts'
import { isPermissionDenial } from '../services/redis-permissions.ts'
import type { ErrorBody } from '../../schemas/errors.ts'
import { requestIdFrom, requestIdOf } from './logging.ts'
import { headerIn, receivedHead } from './request-head.ts'
import { answeredOnSocket, clientDisconnected, requestOnSocket, socketAnswer } from './request-end.ts'
import { lingerAfterLastAnswer, lingeringClose } from './lingering-close.ts'

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  request_timeout: 408,
  rate_limited: 429,
  upstream: 502,
  unavailable: 503,
  timeout: 504
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  417: 'EXPECTATION_FAILED',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT'
}

export function errorBody (request: FastifyRequest, statusCode: number, code: string, message: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, code, requestId: String(request.id) }
}

/**
 * Every error answer, on every route, public ones included: `no-store`, as those written outside
 * Fastify (BASELINE_SECURITY_HEADERS). A cached 429 or 503 would outlive its Retry-After; a cached 401
 * would answer a request whose key is fine. A route group's own Cache-Control never replaces it
 * (plugins/cache-control.ts).
 */
export function sendError (request: FastifyRequest, reply: FastifyReply, statusCode: number, code: string, message: string): FastifyReply {
  return reply.code(statusCode).header('cache-control', 'no-store').type('application/json; charset=utf-8').send(errorBody(request, statusCode, code, message))
}

// type "/" subtype, each an RFC 9110 token, then parameters (§8.3.1).
const MEDIA_TYPE = /^\s*([!#$%&'*+.^`|~\w-]+\/[!#$%&'*+.^`|~\w-]+)\s*(;|$)/

/**
 * Fastify refuses a body it has no parser for with "Unsupported Media Type" and no more, whether its
 * Content-Type is missing, no media type at all (a list "application/json, text/plain", a bare comma)
 * or one the route does not read: which of the three, for the client.
 */
function unreadBodyMessage (contentType: string | undefined): string {
  if (contentType === undefined || contentType.trim() === '') return 'The body has no Content-Type header: say what it is (such as application/json), or send none'
  const type = MEDIA_TYPE.exec(contentType)?.[1]
  if (type === undefined) return 'The Content-Type header is not a media type: send one type/subtype, such as application/json or multipart/form-data'
  return `This route does not read a body of type ${type.toLowerCase()}`
}

/** Turns any thrown value into the status, code and public message of the common error body. */
export function describeError (error: FastifyError | ServiceError | Error): { statusCode: number, code: string, message: string, retryAfter?: number } {
  if (error instanceof ServiceError) {
    const statusCode = STATUS_BY_KIND[error.kind]
    return { statusCode, code: error.code, message: error.publicMessage, retryAfter: error.retryAfter }
  }
  if (isRedisUnavailableError(error) || isRedisFullError(error) || isPermissionDenial(error)) {
    // Redis is down, reconnecting, full, or refuses the user a command (an ACL to fix): the client
    // should retry, it did nothing wrong.
    return { statusCode: 503, code: 'STORAGE_UNAVAILABLE', message: 'Conversation storage is temporarily unavailable. Retry shortly.', retryAfter: 2 }
  }
  const fastifyError = error as FastifyError
  if (fastifyError.validation !== undefined) {
    return { statusCode: 400, code: 'VALIDATION_ERROR', message: fastifyError.message }
  }
  const statusCode = typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 600
    ? fastifyError.statusCode
    : 500
  if (statusCode >= 500) {
    return { statusCode, code: CODE_BY_STATUS[statusCode] ?? 'INTERNAL_ERROR', message: statusCode === 500 ? 'Internal Server Error' : STATUS_CODES[statusCode] ?? 'Server Error' }
  }
  return { statusCode, code: CODE_BY_STATUS[statusCode] ?? 'BAD_REQUEST', message: fastifyError.message }
}

/**
 * Security headers for the responses that never reach the onRequest hooks (helmet's): router
 * errors and HTTP parse errors. A subset of plugins/security.ts's, fixed because these responses
 * are JSON errors only.
 */
export const BASELINE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store'
}

const ROUTER_ERRORS: Record<string, { statusCode: number, message: string }> = {
  FST_ERR_MAX_PARAM_LENGTH: { statusCode: 414, message: 'The URL is too long' },
  FST_ERR_BAD_URL: { statusCode: 400, message: 'The URL is malformed' }
}

const CLIENT_ERRORS: Record<string, { statusCode: number, message: string }> = {
  HPE_HEADER_OVERFLOW: { statusCode: 431, message: 'The request headers are too large' },
  // The client closed its side mid-body (an upload given up): valid HTTP, only cut short.
  HPE_INVALID_EOF_STATE: { statusCode: 400, message: 'The request ended before its body did (fewer bytes than Content-Length, or no last chunk)' },
  ERR_HTTP_REQUEST_TIMEOUT: { statusCode: 408, message: 'The request was not received in time' }
}

/** The CORS headers of an answer to a request from `origin` (plugins/security.ts, crossOriginHeaders). */
export type OriginHeaders = (origin: string | undefined) => Record<string, string>

/** An error answer written outside Fastify, in the common shape, closing the connection. */
function rawErrorAnswer (statusCode: number, message: string, requestId: string, cors: Record<string, string>): { headers: Record<string, string>, body: string } {
  const body = JSON.stringify({ statusCode, error: STATUS_CODES[statusCode], message, code: CODE_BY_STATUS[statusCode] ?? 'BAD_REQUEST', requestId })
  const headers = { ...BASELINE_SECURITY_HEADERS, ...cors, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), connection: 'close', 'x-request-id': requestId }
  return { headers, body }
}

/** Writes the answer and closes the connection lingering: the client may still be sending (a body, a head past the limit). */
function writeRaw (socket: Socket, statusCode: number, message: string, requestId: string, cors: Record<string, string>): void {
  const { headers, body } = rawErrorAnswer(statusCode, message, requestId, cors)
  socket.write(`HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? ''}\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n${body}`)
  lingeringClose(socket)
}

export interface RawAnswers {
  /** Fastify's `frameworkErrors`: router failures (414 from a too-long parameter, 400 from a malformed URL). */
  frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void
  /**
   * Fastify's `clientErrorHandler`: requests Node's HTTP parser rejects before Fastify sees them
   * (431 headers too large, 400 malformed, 408 too slow), answered in the common shape on the socket.
   */
  clientErrorHandler: (error: NodeJS.ErrnoException & { rawPacket?: unknown }, socket: Socket) => void
  /**
   * Node's `checkExpectation`: an `Expect` other than 100-continue. Node's own answer was a 417 with
   * no body, on a connection kept open.
   */
  expectationFailed: (request: IncomingMessage, response: ServerResponse) => void
  /** Node's `connect`: a CONNECT request, which Node met by closing the connection without a word. */
  connectRefused: (request: IncomingMessage, socket: Socket) => void
}

/**
 * The answers written outside Fastify or before its hooks, with the CORS headers the others get: a
 * page on an allowed origin can read these errors too.
 */
export function rawAnswers (originHeaders: OriginHeaders): RawAnswers {
  return {
    frameworkErrors (error, request, reply) {
      // Anything else (route constraints, unused here) is the server's fault.
      const { statusCode, message } = ROUTER_ERRORS[error.code] ?? { statusCode: 500, message: 'Internal Server Error' }
      request.log.info({ code: error.code, statusCode }, message)
      reply.headers({ ...BASELINE_SECURITY_HEADERS, ...originHeaders(request.headers.origin), 'x-request-id': String(request.id) })
      sendError(request, reply, statusCode, CODE_BY_STATUS[statusCode] ?? 'INTERNAL_ERROR', message)
    },
    clientErrorHandler (error, socket) {
      if (error.code === 'ECONNRESET' || socket.destroyed) return
      const { statusCode, message } = CLIENT_ERRORS[error.code ?? ''] ?? { statusCode: 400, message: 'The request is not valid HTTP' }
      // A request in progress keeps its id; one whose answer has begun cannot get another (a connection
      // that carried earlier answers can: each request on it gets its own).
      const current = requestOnSocket(socket)
      if (!socket.writable || current?.response.headersSent === true) {
        socket.destroy(error)
        return
      }
      answeredOnSocket(socket, statusCode)
      // The request in progress failed (its body came too slowly or malformed), unless it was received
      // whole: then the failure is in a head pipelined behind it.
      if (current !== undefined && !current.response.req.complete) {
        writeRaw(socket, statusCode, message, current.id, originHeaders(current.response.req.headers.origin))
        return
      }
      // Its head as received so far, over every packet it came in (plugins/request-head.ts). Only
      // an allowed origin is ever written back.
      const head = receivedHead(socket, error.rawPacket, (error as { bytesParsed?: unknown }).bytesParsed)
      writeRaw(socket, statusCode, message, requestIdOf(headerIn(head, 'x-request-id')), originHeaders(headerIn(head, 'origin')))
    },
    expectationFailed (request, response) {
      const { headers, body } = rawErrorAnswer(417, 'Only "Expect: 100-continue" is supported', requestIdFrom(request), originHeaders(request.headers.origin))
      lingerAfterLastAnswer(request.socket)
      response.writeHead(417, headers).end(body)
    },
    connectRefused (request, socket) {
      socket.on('error', () => {})
      writeRaw(socket, 400, 'CONNECT is not supported: this server is not a proxy', requestIdFrom(request), originHeaders(request.headers.origin))
    }
  }
}

/**
 * Logs a request's failure, answered as an error body or as a stream's `error` event, in one line at
 * the level of whose doing it is: only a server fault is an error line (and so a Sentry event). A
 * ServiceError's `logFields` (a model's host, hint and variable to check) are in that line.
 */
export function logFailure (request: FastifyRequest, error: unknown, { statusCode, code, message }: { statusCode: number, code: string, message: string }, failed = 'request failed'): void {
  const fields = error instanceof ServiceError ? error.logFields : undefined
  if (clientDisconnected(request)) {
    // Nobody to answer: the cancelled work is the client's doing, not a server fault. The access
    // log records the request with status 499.
    request.log.info({ err: error }, 'client disconnected before the answer')
  } else if (isRedisUnavailableError(error) || isPermissionDenial(error)) {
    // The redis plugin logs the outage when it starts and ends, and a refused command once, naming it
    // (services/redis-permissions.ts); the access log and metrics count each refused request. One
    // error line per request flooded the logs during an outage.
    request.log.debug({ code, statusCode }, message)
  } else if (isExpectedError(error)) {
    request.log.warn({ code, statusCode, ...fields }, message)
  } else if (statusCode >= 500) {
    request.log.error({ err: error, route: request.routeOptions.url, code, ...fields }, failed)
  } else {
    request.log.info({ code, statusCode, ...fields }, message)
  }
}

export default fp(async (fastify) => {
  fastify.setErrorHandler((error: FastifyError, request, reply) => {
    const described = error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
      ? { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: unreadBodyMessage(request.headers['content-type']), retryAfter: undefined }
      : describeError(error)
    const { statusCode, code, message, retryAfter } = described
    const answered = socketAnswer(request)
    if (answered !== undefined) {
      // Node answered the connection itself (408: the body never came whole); reading it then failed.
      request.log.info({ statusCode: answered }, 'answered before the request was received whole')
    } else {
      logFailure(request, error, described)
    }
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter))
    return sendError(request, reply, statusCode, code, message)
  })
}, { name: 'errors', fastify: '5.x' })
