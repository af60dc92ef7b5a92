// The end of a graceful shutdown. Requests that arrive while closing get the common 503 body (not
// Fastify's own). At the SHUTDOWN_TIMEOUT deadline each turn still in flight is cancelled through
// its own abort path (routes/sse.ts turnSignal) and given a bounded grace to settle, so that what its
// client hears is what happened: stored, the normal answer; not stored, 503 SHUTTING_DOWN (an `error`
// event on a stream). Telling "retry" for a turn that is stored anyway made a retrying client ask it
// twice. Any other request, and a turn that has not settled by the end of the grace, gets the 503
// then. The process then exits as documented (0) instead of being killed with empty replies (exit 1).
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ServiceError } from '../services/errors.ts'
import { describeError, sendError } from './errors.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Closes the app. After `deadlineMs` the turns in flight are cancelled and get up to `settleMs`
     * to be answered as they ended; whatever is still in flight then is answered with 503.
     */
    closeWithin: (deadlineMs: number, settleMs: number) => Promise<void>
  }
  interface FastifyRequest {
    /** Set by a started event stream: ends it with an `error` event. */
    interruptForShutdown: (() => void) | null
    /** Set by a turn (routes/sse.ts turnSignal): aborts its work with `reason`, as its own deadline would. */
    cancelForShutdown: ((reason: Error) => void) | null
  }
}

export function shuttingDown (): ServiceError {
  return new ServiceError('unavailable', 'SHUTTING_DOWN', 'The service is restarting. Retry shortly.', { retryAfter: 1, expected: true })
}

function answerShuttingDown (request: FastifyRequest, reply: FastifyReply): void {
  if (request.interruptForShutdown !== null) {
    request.interruptForShutdown()
    return
  }
  if (reply.sent) return
  const { statusCode, code, message, retryAfter } = describeError(shuttingDown())
  reply.header('connection', 'close').header('retry-after', String(retryAfter))
  sendError(request, reply, statusCode, code, message)
}

export default fp(async (fastify) => {
  let closing = false
  const inFlight = new Map<FastifyRequest, FastifyReply>()
  fastify.decorateRequest('interruptForShutdown', null)
  fastify.decorateRequest('cancelForShutdown', null)

  fastify.addHook('preClose', async () => { closing = true })
  fastify.watchRequests({
    started: (request, reply) => { inFlight.set(request, reply) },
    ended: (request) => { inFlight.delete(request) }
  })
  fastify.addHook('onRequest', (request, reply, done) => {
    if (closing) answerShuttingDown(request, reply)
    else done()
  })

  fastify.decorate('closeWithin', async (deadlineMs: number, settleMs: number) => {
    let settling: NodeJS.Timeout | undefined
    const answerTheRest = (): void => {
      for (const [request, reply] of inFlight) answerShuttingDown(request, reply)
    }
    const deadline = setTimeout(() => {
      const turns = [...inFlight.keys()].filter((request) => request.cancelForShutdown !== null)
      fastify.log.warn({ in_flight: inFlight.size, turns: turns.length },
        'shutdown deadline reached: cancelling the turns in flight, answering the other requests with 503')
      for (const request of turns) request.cancelForShutdown?.(shuttingDown())
      for (const [request, reply] of inFlight) {
        if (request.cancelForShutdown === null) answerShuttingDown(request, reply)
      }
      if (inFlight.size === 0) return
      // A turn that does not wind down (a store that hangs) must not hold the exit.
      settling = setTimeout(() => {
        fastify.log.warn({ in_flight: inFlight.size }, 'cancelled turns not settled in time: answering them with 503')
        answerTheRest()
      }, settleMs)
    }, deadlineMs)
    try {
      await fastify.close()
    } finally {
      clearTimeout(deadline)
      clearTimeout(settling)
    }
  })
}, { name: 'shutdown', fastify: '5.x', dependencies: ['errors', 'request-end'] })
