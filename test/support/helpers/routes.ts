import type { FastifyPluginAsync } from 'fastify'

/** A minimal authenticated route, mounted in the real /v1 scope by tests of the perimeter. */
export const whoami: FastifyPluginAsync = async (fastify) => {
  fastify.get('/whoami', async (request) => ({ keyId: request.keyId }))
}
