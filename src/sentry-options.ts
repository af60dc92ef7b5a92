// Sentry settings shared by src/instrument.ts (normal start) and the sentry plugin (late start).
// What leaves the process: 5xx errors and error-level log lines (handled vendor failures among them)
// with their request id and route, and a share of transactions. What never does: request bodies
// (a user's question), credentials headers, and the value of any configured secret.
import type { ErrorEvent, NodeOptions } from '@sentry/node'
import { SECRET_VARIABLES } from '../schemas/env.ts'
import { isExpectedError } from './services/errors.ts'
import type { Config } from './config.ts'
import { SERVICE_RELEASE } from './version.ts'

type Sentry = typeof import('@sentry/node')

const CREDENTIAL_HEADER = /^(x-api-key|authorization|proxy-authorization|cookie|set-cookie)$/i

/** Every configured secret value (each key of API_KEYS on its own), longest first. */
export function secretValues (config: Config): string[] {
  const values = SECRET_VARIABLES
    .filter((name) => name !== 'SENTRY_DSN')
    .flatMap((name) => {
      const value = config[name]
      return typeof value === 'string' ? value.split(',').map((part) => part.trim()) : []
    })
    .filter((value) => value.length >= 4)
  return [...new Set(values)].sort((a, b) => b.length - a.length)
}

/** The value with every secret blanked: a secret may surface anywhere (an upstream error message
 * quoting a key, a URL in a span attribute). */
export function redactSecrets<T> (value: T, secrets: string[]): T {
  let text = JSON.stringify(value)
  // Searched as they appear inside a JSON string: a quote or a backslash in a secret is escaped there.
  const encoded = secrets.map((secret) => JSON.stringify(secret).slice(1, -1))
  if (!encoded.some((secret) => text.includes(secret))) return value
  for (const secret of encoded) text = text.replaceAll(secret, '[redacted]')
  return JSON.parse(text) as T
}

/** An error event without the fields that may hold user text or credentials. */
function scrubEvent (event: ErrorEvent, secrets: string[]): ErrorEvent {
  if (event.request !== undefined) {
    delete event.request.data
    delete event.request.cookies
    const headers = event.request.headers
    if (headers !== undefined) {
      for (const name of Object.keys(headers)) if (CREDENTIAL_HEADER.test(name)) headers[name] = '[redacted]'
    }
  }
  return redactSecrets(event, secrets)
}

export function sentryOptions (config: Config, sentry: Sentry): NodeOptions {
  const secrets = secretValues(config)
  return {
    dsn: config.SENTRY_DSN,
    environment: config.SENTRY_ENVIRONMENT,
    release: SERVICE_RELEASE,
    tracesSampleRate: config.SENTRY_TRACES_SAMPLE_RATE,
    // Request bodies and model prompts carry the user's question; cookies and users are not ours to send.
    dataCollection: { httpBodies: [], genAI: { inputs: false, outputs: false }, cookies: false, userInfo: false },
    integrations: [
      // Error-level log lines become events: failures the service handles (a vendor down, a failed
      // stream) are logged, not thrown. Lower levels stay in the logs.
      sentry.pinoIntegration({ error: { levels: ['error', 'fatal'] }, log: { levels: [] } }),
      // A 5xx answer is an event unless it states how this instance is (voice not configured,
      // shedding load): one per refused request would flood Sentry just when it matters.
      sentry.fastifyIntegration({ shouldHandleError: (error, _request, reply) => reply.statusCode >= 500 && !isExpectedError(error) })
    ],
    beforeSend: (event) => scrubEvent(event, secrets),
    // Transactions are streamed as spans (the SDK's default trace lifecycle).
    beforeSendSpan: (span) => redactSecrets(span, secrets)
  }
}
