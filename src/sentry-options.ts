// Sentry settings shared by src/instrument.ts (normal start) and the sentry plugin (late start).
import type { NodeOptions } from '@sentry/node'
import type { Config } from './config.ts'

export function sentryOptions (config: Config): NodeOptions {
  return {
    dsn: config.SENTRY_DSN,
    environment: config.SENTRY_ENVIRONMENT,
    tracesSampleRate: config.SENTRY_TRACES_SAMPLE_RATE,
    beforeSend (event) {
      const headers = event.request?.headers
      if (headers !== undefined) {
        for (const name of Object.keys(headers)) {
          if (/^(x-api-key|authorization|cookie)$/i.test(name)) headers[name] = '[redacted]'
        }
      }
      return event
    }
  }
}
