// The authenticated API. Everything registered here is rate limited and needs X-API-Key;
// public routes (probes, docs) live outside this scope instead of being exempted by URL.
import type { FastifyPluginAsync } from 'fastify'
import { ErrorResponse } from '../../../schemas/errors.ts'

export interface V1Options {
  /** Route plugins mounted under /v1 (each capability's routes register here). */
  routes: FastifyPluginAsync[]
}

/** What every /v1 operation can answer besides its own responses. */
const COMMON_ERRORS = { 400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse, 500: ErrorResponse, 503: ErrorResponse }

const v1: FastifyPluginAsync<V1Options> = async (fastify, { routes }) => {
  // Documented once here rather than in every route: the API key and the errors the scope adds.
  fastify.addHook('onRoute', (route) => {
    const schema = route.schema ?? {}
    route.schema = {
      ...schema,
      security: [{ ApiKey: [] }],
      response: { ...COMMON_ERRORS, ...(schema.response as Record<number, unknown> | undefined) }
    }
  })
  if (fastify.config.RATE_LIMIT_ENABLED) fastify.addHook('onRequest', fastify.rateLimit())
  fastify.addHook('onRequest', fastify.requireApiKey)
  for (const route of routes) await fastify.register(route)
}

export default v1
