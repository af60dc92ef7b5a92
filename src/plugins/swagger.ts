// OpenAPI 3.1 from the route schemas; Swagger UI at /docs and the document at /openapi.json
// (both public). https://github.com/fastify/fastify-swagger
import { readFileSync } from 'node:fs'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string, description: string }
export const SERVICE_VERSION = pkg.version

export default fp(async (fastify) => {
  await fastify.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'itb-chatbot API',
        version: pkg.version,
        description: `${pkg.description}\n\nEvery /v1 endpoint needs an API key in the \`X-API-Key\` header. ` +
          'Errors always have the body `{statusCode, error, message, code, requestId}`.'
      },
      tags: [
        { name: 'chat', description: 'Questions and answers by text' },
        { name: 'voice', description: 'Questions and answers by voice' },
        { name: 'conversations', description: 'Stored conversations' },
        { name: 'probes', description: 'Liveness and readiness (public)' }
      ],
      components: {
        securitySchemes: {
          ApiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'API key issued by the operator' }
        }
      }
    }
  })
  await fastify.register(swaggerUi, {
    routePrefix: '/docs',
    // Swagger UI needs scripts and styles of its own: its pages get their own CSP.
    staticCSP: true,
    uiConfig: { docExpansion: 'list', deepLinking: true, persistAuthorization: true }
  })
  fastify.get('/openapi.json', { schema: { hide: true } }, async () => fastify.swagger())
}, { name: 'swagger', fastify: '5.x' })
