// Sentry's side of a request when SENTRY_DSN is set (Sentry itself is initialised first by
// src/instrument.ts via `node --import`); a no-op otherwise. Every event of a request carries its
// request id and route, so an error in Sentry leads straight to the request's log lines.
import fp from 'fastify-plugin'

export default fp(async (fastify) => {
  if (fastify.config.SENTRY_DSN === undefined) return
  const Sentry = await import('@sentry/node')
  if (Sentry.getClient() === undefined) {
    // Started without --import ./src/instrument.ts: error-level log lines are still reported,
    // without auto-tracing.
    const { sentryOptions } = await import('../sentry-options.ts')
    Sentry.init(sentryOptions(fastify.config, Sentry))
    fastify.log.warn('Sentry initialised late: start with `node --import ./src/instrument.ts` for tracing')
  }
  fastify.addHook('onRequest', async (request) => {
    // The isolation scope is this request's own (Sentry's http instrumentation forks one per request).
    const scope = Sentry.getIsolationScope()
    scope.setTag('request_id', String(request.id))
    scope.setTag('route', request.routeOptions.url ?? 'not-found')
  })
  Sentry.setupFastifyErrorHandler(fastify)
}, { name: 'sentry', fastify: '5.x', dependencies: ['config'] })
