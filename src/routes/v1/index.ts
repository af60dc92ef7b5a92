// The authenticated API. Everything registered here is rate limited and needs X-API-Key;
// public routes (probes, docs) live outside this scope instead of being exempted by URL.
import type { FastifyPluginAsync } from 'fastify'
import { errorResponses, routeErrors } from '../../../schemas/errors.ts'
import { cacheControl, NO_STORE } from '../../plugins/cache-control.ts'

export interface V1Options {
  /** Route plugins mounted under /v1 (each capability's routes register here). */
  routes: FastifyPluginAsync[]
}

/** What every /v1 operation can answer besides its own errors. */
const COMMON_ERRORS = routeErrors('MISSING_API_KEY', 'MULTIPLE_API_KEYS', 'INVALID_API_KEY', 'RATE_LIMITED', 'INTERNAL_ERROR', 'STORAGE_UNAVAILABLE', 'OVERLOADED', 'SHUTTING_DOWN')

const v1: FastifyPluginAsync<V1Options> = async (fastify, { routes }) => {
  // Documented once here rather than in every route: the API key and the errors the scope adds.
  fastify.addHook('onRoute', (route) => {
    const schema = route.schema ?? {}
    const errors = [...COMMON_ERRORS, ...(schema['x-errors'] ?? [])]
    route.schema = {
      ...schema,
      security: [{ ApiKey: [] }],
      'x-errors': errors,
      response: { ...errorResponses(errors), ...(schema.response as Record<number, unknown> | undefined) }
    }
  })
  if (fastify.config.RATE_LIMIT_ENABLED) {
    const counted = fastify.rateLimit()
    // A route marked `uncounted` (GET /v1/me) is free with a valid key; a missing or wrong key is
    // counted by client IP there too, so trying keys costs what it costs on any route.
    fastify.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.config.uncounted === true && request.keyId !== null) return
      await counted.call(fastify, request, reply)
    })
  }
  fastify.addHook('onRequest', fastify.requireApiKey)
  // Answers to a key are its own (a transcript, a budget, an answer): no shared cache or browser
  // history keeps them (OWASP REST Security: sensitive data). A stream keeps its own value (routes/sse.ts).
  fastify.addHook('onSend', cacheControl(NO_STORE))
  for (const route of routes) await fastify.register(route)
}

export default v1
