// GET /demo/: the demo web client, static files from src/demo (plain ES modules and one CSS file,
// no build step). Public like /docs: the page itself holds no data, the visitor pastes an API key
// and it calls the /v1 API like any client. Not in the OpenAPI document: it is a client, not an
// endpoint. https://github.com/fastify/fastify-static
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync } from 'fastify'
import { cacheControl, REVALIDATE } from '../plugins/cache-control.ts'

export const DEMO_ROOT = fileURLToPath(new URL('../demo/', import.meta.url))

/**
 * The global policy (default-src 'none') would block the page's own scripts, styles and API calls:
 * these routes allow exactly that, same origin only, still with no inline script or style.
 * Playback goes through Web Audio, so no media-src is needed.
 */
export const DEMO_CSP_DIRECTIVES = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  connectSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"]
}

const demo: FastifyPluginAsync = async (fastify) => {
  // The security plugin reads a route's `config.helmet`; set on every route of this scope (the ones
  // @fastify/static adds included), it replaces only the CSP of the API's helmet options.
  fastify.addHook('onRoute', (route) => {
    route.config = { ...route.config, helmet: { contentSecurityPolicy: { useDefaults: false, directives: DEMO_CSP_DIRECTIVES } } } as typeof route.config
  })
  await fastify.register(fastifyStatic, {
    root: DEMO_ROOT,
    prefix: '/demo',
    // /demo → /demo/, so the page's relative URLs (./main.js, ../v1/…) resolve under /demo/.
    redirect: true,
    // @fastify/swagger-ui registers @fastify/static too: one reply.sendFile decorator is enough.
    decorateReply: false,
    // Cache-Control is the scope's (below), not @fastify/static's `public, max-age=0`.
    cacheControl: false
  })
  // Revalidate every time: a demo must never run yesterday's script against today's API. The 301
  // from /demo too: without a Cache-Control a browser keeps a permanent redirect as long as it likes,
  // and a deploy may turn the demo off (DEMO_ENABLED) or move it.
  fastify.addHook('onSend', cacheControl(REVALIDATE))
}

export default demo
