// Browser-facing security: CORS from CORS_ORIGINS and helmet's headers on every response.
// https://github.com/fastify/fastify-cors  https://github.com/fastify/fastify-helmet
import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import fp from 'fastify-plugin'
import { parseList } from '../config.ts'

export default fp(async (fastify) => {
  const origins = parseList(fastify.config.CORS_ORIGINS)
  await fastify.register(cors, {
    // '*' only when written explicitly; an empty list allows no cross-origin access at all.
    origin: origins.includes('*') ? '*' : origins.length === 0 ? false : origins,
    methods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'X-API-Key', 'X-Conversation-Id', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
    maxAge: 600
  })
  await fastify.register(helmet, {
    // An API serves no HTML except Swagger UI, which relaxes this for /docs itself.
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' }
  })
}, { name: 'security', fastify: '5.x', dependencies: ['config'] })
