// OpenAPI 3.1 from the route schemas; Swagger UI at /docs and the document at /openapi.json
// (both public). https://github.com/fastify/fastify-swagger
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'
import { SERVICE_DESCRIPTION, SERVICE_VERSION } from '../version.ts'
import { cacheControl, entityTag, REVALIDATE, unchanged, validatedByContent } from './cache-control.ts'
import { completeDocument } from './openapi-document.ts'

/**
 * Swagger UI's React code creates `<style>` elements (the logo's SVG carries one); CSP allows them by
 * hash. The hashes are read from the bundles this install serves, so an upgrade cannot silently break
 * them (the browser test would see the violation anyway).
 */
let styleHashes: string[] | undefined
export function swaggerUiStyleHashes (): string[] {
  if (styleHashes !== undefined) return styleHashes
  const staticDir = join(dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui')), 'static')
  const hashes = new Set<string>()
  for (const file of ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js']) {
    const source = readFileSync(join(staticDir, file), 'utf8')
    for (const match of source.matchAll(/createElement\("style",null,"((?:[^"\\]|\\.)*)"\)/g)) {
      const css = JSON.parse(`"${match[1]}"`) as string
      hashes.add(`'sha256-${createHash('sha256').update(css).digest('base64')}'`)
    }
  }
  styleHashes = [...hashes]
  return styleHashes
}

/**
 * Only same-origin scripts and styles (plus Swagger UI's own inline styles, by hash). `upgrade-insecure-requests` only when the page itself came over
 * TLS: on a plain-HTTP host it would rewrite Swagger UI's own scripts to https and leave a blank page.
 */
export function docsContentSecurityPolicy (overTls: boolean, styleHashes: string[]): string {
  const directives = [
    "default-src 'self'",
    "base-uri 'self'",
    "connect-src 'self'",
    "font-src 'self' data:",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "img-src 'self' data:",
    "object-src 'none'",
    "script-src 'self'",
    "script-src-attr 'none'",
    ["style-src 'self'", ...styleHashes].join(' ')
  ]
  if (overTls) directives.push('upgrade-insecure-requests')
  return directives.join('; ')
}

export default fp(async (fastify) => {
  await fastify.register(swagger, {
    transformObject: (document) => 'openapiObject' in document ? completeDocument(document.openapiObject) : document.swaggerObject,
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'itb-chatbot API',
        version: SERVICE_VERSION,
        description: `${SERVICE_DESCRIPTION}\n\nEvery /v1 endpoint needs an API key in the \`X-API-Key\` header. ` +
          'Errors always have the body `{statusCode, error, message, code, requestId}`. Any request may also be ' +
          'refused before it reaches a route, in the same body: 431 `HEADERS_TOO_LARGE` (request headers over the ' +
          'server\'s limit), 400 `BAD_REQUEST` (not valid HTTP, a body that ended before its length, or a CONNECT), 400 `MISSING_HOST` (HTTP/1.1 without a Host ' +
          'header), 400 `INVALID_HOST` (more than one Host header, or one that names no host), 417 ' +
          '`EXPECTATION_FAILED` (an `Expect` other than 100-continue), 408 `REQUEST_TIMEOUT` (headers or ' +
          'body not received whole within REQUEST_TIMEOUT; the connection is closed).'
      },
      tags: [
        { name: 'chat', description: 'Questions and answers by text' },
        { name: 'voice', description: 'Questions and answers by voice' },
        { name: 'conversations', description: 'Stored conversations' },
        { name: 'key', description: 'Checking an API key' },
        { name: 'probes', description: 'Liveness and readiness (public)' }
      ],
      components: {
        securitySchemes: {
          ApiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'API key issued by the operator' }
        }
      }
    }
  })
  // Swagger UI needs scripts and styles of its own: its pages get their own CSP, set in a context of
  // their own so the API's strict one stays everywhere else.
  const hashes = swaggerUiStyleHashes()
  const policies = { http: docsContentSecurityPolicy(false, hashes), https: docsContentSecurityPolicy(true, hashes) }
  await fastify.register(async (documentation) => {
    // Public, but they change with a deploy: kept, and asked again before each use. Swagger UI's static
    // files keep @fastify/static's `public, max-age=0` with their ETag, which comes to the same.
    documentation.addHook('onSend', cacheControl(REVALIDATE))
    await documentation.register(async (docs) => {
      // request.protocol honours X-Forwarded-Proto only when TRUST_PROXY says the proxy is ours.
      docs.addHook('onRequest', async (request, reply) => {
        reply.header('content-security-policy', request.protocol === 'https' ? policies.https : policies.http)
      })
      // Its page, initializer, /docs/json and /docs/yaml are made by Swagger UI's routes with no
      // validator: each answer's bytes are hashed (SHA-256, once per distinct body), so a revalidation is a 304 with no body.
      docs.addHook('onSend', validatedByContent)
      await docs.register(swaggerUi, {
        routePrefix: '/docs',
        uiConfig: { docExpansion: 'list', deepLinking: true, persistAuthorization: true }
      })
    })
    // Fixed for the process's life: written and hashed once, at its first request (the routes are all
    // registered by then), so a revalidation is a 304 with no body instead of the whole document again.
    let document: { body: string, etag: string } | undefined
    documentation.get('/openapi.json', { schema: { hide: true } }, async (request, reply) => {
      if (document === undefined) {
        const body = JSON.stringify(fastify.swagger())
        document = { body, etag: entityTag(body) }
      }
      reply.header('etag', document.etag)
      if (unchanged(request.headers['if-none-match'], document.etag)) return await reply.code(304).send()
      return await reply.type('application/json; charset=utf-8').send(document.body)
    })
  })
}, { name: 'swagger', fastify: '5.x' })
