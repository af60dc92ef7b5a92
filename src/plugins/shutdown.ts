// The end of a graceful shutdown. Requests that arrive while closing get the common 503 body (not
// Fastify's own); at the SHUTDOWN_TIMEOUT deadline every request still in flight is answered: a
// JSON client with the same 503, a stream with an `error` event. The process then exits as
// documented (0) instead of being killed by the timeout with empty replies (exit 1).
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ServiceError } from '../services/errors.ts'
import { describeError, sendError } from './errors.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** Closes the app; whatever is still in flight after `deadlineMs` is answered with 503. */
    closeWithin: (deadlineMs: number) => Promise<void>
  }
  interface FastifyRequest {
    /** Set by a started event stream: ends it with an `error` event. */
    interruptForShutdown: (() => void) | null
  }
}

export function shuttingDown (): ServiceError {
  return new ServiceError('unavailable', 'SHUTTING_DOWN', 'The service is restarting. Retry shortly.', { retryAfter: 1, expected: true })
}

function answerShuttingDown (request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { statusCode, code, message, retryAfter } = describeError(shuttingDown())
  reply.header('connection', 'close').header('retry-after', String(retryAfter))
  return sendError(request, reply, statusCode, code, message)
}

export default fp(async (fastify) => {
  let closing = false
  const inFlight = new Map<FastifyRequest, FastifyReply>()
  fastify.decorateRequest('interruptForShutdown', null)

  fastify.addHook('preClose', async () => { closing = true })
  fastify.watchRequests({
    started: (request, reply) => { inFlight.set(request, reply) },
    ended: (request) => { inFlight.delete(request) }
  })
  fastify.addHook('onRequest', (request, reply, done) => {
    if (closing) answerShuttingDown(request, reply)
    else done()
  })

  fastify.decorate('closeWithin', async (deadlineMs: number) => {
    const timer = setTimeout(() => {
      fastify.log.warn({ in_flight: inFlight.size }, 'shutdown deadline reached: answering in-flight requests with 503')
      for (const [request, reply] of inFlight) {
        if (request.interruptForShutdown !== null) request.interruptForShutdown()
        else if (!reply.sent) answerShuttingDown(request, reply)
      }
    }, deadlineMs)
    try {
      await fastify.close()
    } finally {
      clearTimeout(timer)
    }
  })
}, { name: 'shutdown', fastify: '5.x', dependencies: ['errors', 'request-end'] })
