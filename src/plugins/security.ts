// Browser-facing security: CORS from CORS_ORIGINS and helmet's headers on every response.
// https://github.com/fastify/fastify-cors  https://helmetjs.github.io/
//
// helmet's middleware is built once per set of options: once for the API, once per route that sets
// its own (`config.helmet`, merged over the API's, as the demo's pages do for their CSP).
// @fastify/helmet, used before, built it again on every request (its options and CSP directives
// checked and parsed each time) in two async hooks: GET /health took 132–143 CPU µs with it, 90–97
// now (docs/benchmarks.md).
import cors, { type FastifyCorsOptions } from '@fastify/cors'
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import helmet, { type HelmetOptions } from 'helmet'
import { parseList } from '../config.ts'
import { cacheControl, NO_STORE } from './cache-control.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route's helmet options, over the API's (each top-level option replaces the API's). */
    helmet?: HelmetOptions
  }
}

const API_HELMET_OPTIONS: HelmetOptions = {
  // An API serves no HTML except Swagger UI, which relaxes this for /docs itself.
  contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  hsts: { maxAge: 31_536_000, includeSubDomains: true },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' }
}

type Middleware = ReturnType<typeof helmet>

const EXPOSED_HEADERS = ['X-Request-Id', 'Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Preference-Applied']

/**
 * Who may read answers from another origin (CORS_ORIGINS): the Access-Control-Allow-Origin for a
 * request from `origin`, or false. '*' only when written explicitly; an empty list allows none.
 */
export function allowedOrigin (setting: string | undefined): (origin: string | undefined) => string | false {
  const origins = parseList(setting)
  if (origins.includes('*')) return () => '*'
  return (origin) => origin !== undefined && origins.includes(origin) ? origin : false
}

/**
 * The CORS headers @fastify/cors gives an answer to a request from `origin`, for the answers written
 * outside Fastify (plugins/errors.ts: 431, malformed HTTP, 408, 417, CONNECT). None without CORS_ORIGINS.
 */
export function crossOriginHeaders (setting: string | undefined): (origin: string | undefined) => Record<string, string> {
  if (parseList(setting).length === 0) return () => ({})
  const allowed = allowedOrigin(setting)
  return (origin): Record<string, string> => {
    const allow = allowed(origin)
    if (allow === false) return { vary: 'Origin' }
    return { 'access-control-allow-origin': allow, vary: 'Origin', 'access-control-expose-headers': EXPOSED_HEADERS.join(', ') }
  }
}

export default fp(async (fastify) => {
  const api = helmet(API_HELMET_OPTIONS)
  const routes = new WeakMap<HelmetOptions, Middleware>()
  const middlewareOf = (request: FastifyRequest): Middleware => {
    const own = request.routeOptions.config.helmet
    if (own === undefined) return api
    let middleware = routes.get(own)
    if (middleware === undefined) {
      middleware = helmet({ ...API_HELMET_OPTIONS, ...own } as HelmetOptions)
      routes.set(own, middleware)
    }
    return middleware
  }
  // helmet sets the headers on the raw response, where Fastify's reply finds them; since 8.1 it
  // throws instead of passing an error on. Its hook comes before CORS's, which answers a preflight
  // itself: added after, it never ran for one (a 204 without the security headers).
  fastify.addHook('onRequest', (request, reply, done) => { middlewareOf(request)(request.raw, reply.raw, () => { done() }) })

  // A preflight's answer is kept by the browser's CORS-preflight cache for Access-Control-Max-Age
  // (below), which Cache-Control has no say in (https://fetch.spec.whatwg.org/#http-cors-protocol);
  // an answer to OPTIONS is kept by no HTTP cache either (RFC 9110, 9.3.7). `no-store` says so, as
  // every other answer says how it may be kept.
  const preflightCache = cacheControl(NO_STORE)
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (request.method === 'OPTIONS' && reply.statusCode === 204) preflightCache.call(fastify, request, reply, payload, done)
    else done(null, payload)
  })

  const corsOptions: FastifyCorsOptions = {
    methods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'X-API-Key', 'X-Conversation-Id', 'X-Request-Id', 'Prefer'],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600
  }
  // One origin check for these answers and for those written outside Fastify (crossOriginHeaders).
  // A preflight from an origin not allowed goes on, as any OPTIONS request that is no preflight (no
  // Origin or no Access-Control-Request-Method), to the 405/404 answer a server without CORS gives
  // (the common error shape), not @fastify/cors's strict-preflight 400 in text/plain.
  const allowed = allowedOrigin(fastify.config.CORS_ORIGINS)
  await fastify.register(cors, {
    delegator: (request, callback) => {
      const preflight = request.headers.origin !== undefined && request.headers['access-control-request-method'] !== undefined
      callback(null, { ...corsOptions, origin: allowed(request.headers.origin), preflight: request.method !== 'OPTIONS' || preflight })
    }
  })
}, { name: 'security', fastify: '5.x', dependencies: ['config'] })
