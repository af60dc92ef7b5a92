// Probes, public (outside the /v1 auth scope), never rate limited or shed under pressure.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses, routeErrors } from '../../schemas/errors.ts'
import { HealthResponse, ReadyResponse, ReadyUnavailableResponse } from '../../schemas/health.ts'
import { SERVICE_VERSION } from '../version.ts'
import { cacheControl, NO_STORE } from '../plugins/cache-control.ts'
import { redisStatus } from '../plugins/redis.ts'

/** A probe that arrives while the instance drains for a restart (plugins/shutdown.ts). */
const DRAINING = routeErrors('SHUTTING_DOWN')

const health: FastifyPluginAsyncTypebox = async (fastify) => {
  // A probe must see the instance as it is now, never an answer a proxy kept.
  fastify.addHook('onSend', cacheControl(NO_STORE))
  fastify.get('/health', {
    config: { probe: true },
    schema: {
      tags: ['probes'],
      summary: 'Liveness',
      description: '200 while the process can serve. Dependency outages are reported but do not fail it. ' +
        '503 `SHUTTING_DOWN` while the instance drains for a restart.',
      'x-errors': DRAINING,
      response: { 200: HealthResponse, ...errorResponses(DRAINING) }
    }
  }, async () => ({
    status: 'healthy' as const,
    version: SERVICE_VERSION,
    redis: redisStatus(fastify.redis),
    timestamp: Math.floor(Date.now() / 1000),
    uptime: Math.round(process.uptime() * 10) / 10
  }))

  fastify.get('/ready', {
    config: { probe: true },
    schema: {
      tags: ['probes'],
      summary: 'Readiness',
      description: '200 only when every configured dependency answers; 503 names the failing checks, or is ' +
        '`SHUTTING_DOWN` while the instance drains for a restart.',
      response: { 200: ReadyResponse, 503: ReadyUnavailableResponse }
    }
  }, async (_request, reply) => {
    const { ready, checks } = await fastify.readiness.run()
    return await reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks })
  })
}

export default health
