import { Type, type Static } from 'typebox'

const DependencyStatus = Type.String({
  description: '"ok", "disabled" (not configured) or "error: <reason>"',
  examples: ['ok', 'disabled', 'error: connection refused']
})

export const HealthResponse = Type.Object({
  status: Type.Literal('ok', { description: 'Always "ok" while the process can serve' }),
  version: Type.String({ description: 'Service version', examples: ['1.0.0'] }),
  uptime: Type.Number({ description: 'Seconds since the process started' }),
  redis: DependencyStatus
}, { description: 'Liveness: the process is up. A dependency outage does not fail it.' })

export const ReadyResponse = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')], { description: '"ready" when every configured dependency answers' }),
  checks: Type.Record(Type.String(), DependencyStatus, { description: 'Each readiness check by name' })
}, { description: 'Readiness: every configured dependency answers' })

export type Health = Static<typeof HealthResponse>
export type Ready = Static<typeof ReadyResponse>
