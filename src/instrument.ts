// Loaded first with `node --import ./src/instrument.ts` so Sentry can instrument what loads after.
// Does nothing without SENTRY_DSN (or with an invalid configuration: server.ts reports that).
import { loadConfig, type Config } from './config.ts'
import { sentryOptions } from './sentry-options.ts'

async function initialise (): Promise<void> {
  let config: Config
  try {
    config = loadConfig()
  } catch {
    return
  }
  if (config.SENTRY_DSN === undefined) return
  const Sentry = await import('@sentry/node')
  Sentry.init(sentryOptions(config, Sentry))
}

await initialise()
