import { Type, type Static } from 'typebox'
import { ErrorResponse } from './errors.ts'

const DependencyStatus = Type.String({
  description: '"ok"; "disabled" (not configured); "error" or "timeout" when a check failed (its detail is ' +
    'logged, never shown); "error: <state>" for a state the service describes itself in fixed words, never a ' +
    'path or a vendor\'s text (Redis: "not connected (…)", "the address answers, but not as Redis", "the address speaks TLS: use rediss://", "the address speaks Redis without TLS: use redis://", "the server refuses the password", "the server refuses the configured database number", "the server is a replica: writes are refused (use the primary\'s address)", "the server refuses a command to the configured user (ACL NOPERM)"; knowledge: "index not loaded", "index empty (no documents ' +
    'found)", "index empty (indexing failed)", "store unavailable"; voice: "unavailable: …", "degraded: …")',
  examples: ['ok', 'disabled', 'error', 'timeout', 'error: not connected (reconnecting)', 'error: index empty (no documents found)']
})

// The prototype's body, field for field (its own test asserts status == "healthy"): fields may be
// added, never renamed.
export const HealthResponse = Type.Object({
  status: Type.Literal('healthy', { description: 'Always "healthy" while the process can serve (the prototype\'s value)' }),
  version: Type.String({ description: 'Service version', examples: ['1.0.0'] }),
  redis: DependencyStatus,
  timestamp: Type.Integer({ description: 'Server time in Unix seconds', examples: [1764672000] }),
  uptime: Type.Number({ description: 'Seconds since the process started' })
}, { description: 'Liveness: the process is up. A dependency outage does not fail it.' })

const readiness = {
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')], { description: '"ready" when every critical dependency answers, else "unavailable"' }),
  checks: Type.Record(Type.String(), DependencyStatus, { description: 'Each readiness check by name' })
}

export const ReadyResponse = Type.Object(readiness, { description: 'Ready: every critical dependency answers' })

export const NotReadyResponse = Type.Object(readiness, {
  description: 'Not ready: a critical check failed or timed out (its name in checks); route traffic elsewhere until it passes'
})

/**
 * /ready's 503: a check failed (the readiness body names it), or the service is shutting down and
 * answers every request, probes included, with the common error body (code SHUTTING_DOWN).
 */
export const ReadyUnavailableResponse = Type.Union([NotReadyResponse, ErrorResponse], {
  description: 'Not ready: a critical check failed or timed out (the readiness body names it), or the instance drains for a restart (the error body, code SHUTTING_DOWN)'
})

export type Health = Static<typeof HealthResponse>
export type Ready = Static<typeof ReadyResponse>
