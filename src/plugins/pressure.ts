// 503 with retry-after while the event loop is saturated, so an overloaded instance sheds load
// instead of queueing it. Probes are exempt: a busy pod is not a dead one.
// https://github.com/fastify/under-pressure
import underPressure from '@fastify/under-pressure'
import fp from 'fastify-plugin'
import { ServiceError } from '../services/errors.ts'

const RETRY_AFTER_SECONDS = 10

export default fp(async (fastify) => {
  const maxEventLoopDelay = fastify.config.MAX_EVENT_LOOP_DELAY
  if (maxEventLoopDelay === 0) return
  await fastify.register(underPressure, {
    maxEventLoopDelay,
    retryAfter: RETRY_AFTER_SECONDS,
    pressureHandler: async (request, _reply, type) => {
      if (request.routeOptions.config.probe === true) return
      throw new ServiceError('unavailable', 'OVERLOADED', `Server is overloaded (${type}); retry later`, { retryAfter: RETRY_AFTER_SECONDS, expected: true })
    }
  })
}, { name: 'pressure', fastify: '5.x', dependencies: ['config'] })

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Liveness/readiness probe routes: never shed under pressure, never rate limited. */
    probe?: boolean
  }
}
