// Shared by the app's logger (plugins/logging.ts) and the cluster primary's, so it sits below both.
const ERROR_FIELDS = ['code', 'statusCode', 'status', 'errno', 'syscall'] as const

/**
 * How an error appears in a log line (the `err` key): its type, message, code and causes, never its
 * stack. Stack traces stay out of logs, which are shipped and read widely; with SENTRY_DSN set, Sentry
 * keeps them for 5xx errors.
 */
export function serializeError (error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) }
  const fields = error as unknown as Record<string, unknown>
  const out: Record<string, unknown> = { type: error.constructor.name === 'Error' ? error.name : error.constructor.name, message: error.message }
  for (const key of ERROR_FIELDS) if (fields[key] !== undefined) out[key] = fields[key]
  if (depth < 3 && error.cause !== undefined) out.cause = serializeError(error.cause, depth + 1)
  if (depth < 3 && error instanceof AggregateError) out.errors = error.errors.slice(0, 5).map((inner: unknown) => serializeError(inner, depth + 1))
  return out
}
