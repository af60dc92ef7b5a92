// Sentry's Fastify error handler when SENTRY_DSN is set (Sentry itself is initialised first by
// src/instrument.ts via `node --import`); a no-op otherwise.
import fp from 'fastify-plugin'

export default fp(async (fastify) => {
  if (fastify.config.SENTRY_DSN === undefined) return
  const Sentry = await import('@sentry/node')
  if (Sentry.getClient() === undefined) {
    // Started without --import ./src/instrument.ts: errors are still reported, without auto-tracing.
    const { sentryOptions } = await import('../sentry-options.ts')
    Sentry.init(sentryOptions(fastify.config))
    fastify.log.warn('Sentry initialised late: start with `node --import ./src/instrument.ts` for tracing')
  }
  Sentry.setupFastifyErrorHandler(fastify)
}, { name: 'sentry', fastify: '5.x', dependencies: ['config'] })
