// A registry of readiness checks. Each plugin that owns a dependency adds its check; /ready runs
// them all in parallel, each bounded by READY_CHECK_TIMEOUT so a probe never hangs.
// /ready is public: it says which check failed and how ("error", "timeout"), never the error's own
// text (a vendor's message, a file path). That goes to the log, once per change, not once per poll.
import fp from 'fastify-plugin'

export type ReadinessCheck = (signal: AbortSignal) => Promise<void>

/**
 * A failure whose message is meant for the public body (`error: <message>`): a fixed description of
 * a state the check itself knows (a feature not configured), never a dependency's own words. Its
 * `cause`, when given, is the failure as it happened: what the log line shows.
 */
export class ReadinessFailure extends Error {
  constructor (message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ReadinessFailure'
  }
}

/** What the log shows of a failed check: the dependency's own error behind a public description. */
const loggedError = (error: unknown): unknown =>
  error instanceof ReadinessFailure && error.cause !== undefined ? error.cause : error

export interface Readiness {
  /** A failing critical check makes /ready 503; a non-critical one is only reported (a degraded feature). */
  add: (name: string, check: ReadinessCheck, options?: { critical?: boolean }) => void
  run: () => Promise<{ ready: boolean, checks: Record<string, string> }>
}

export interface ReadinessLogger {
  info: (obj: object, msg: string) => void
  warn: (obj: object, msg: string) => void
}

declare module 'fastify' {
  interface FastifyInstance {
    readiness: Readiness
  }
}

interface Outcome {
  /** What /ready shows: ok, timeout, error, or error: <a ReadinessFailure's message>. */
  status: string
  error?: unknown
}

const describe = (outcome: Outcome): string => {
  const error = loggedError(outcome.error)
  return `${outcome.status}\n${error instanceof Error ? error.message : String(error)}`
}

export function createReadiness (timeoutMs: number, logger?: ReadinessLogger): Readiness {
  const checks = new Map<string, { check: ReadinessCheck, critical: boolean }>()
  /** The last outcome of each check, as status and detail: a log line only when it changes. */
  const last = new Map<string, string>()

  const runOne = async (check: ReadinessCheck): Promise<Outcome> => {
    const controller = new AbortController()
    let timer: NodeJS.Timeout | undefined
    let timedOut = false
    const timeout = new Promise<never>((resolve, reject) => {
      timer = setTimeout(() => {
        timedOut = true
        controller.abort()
        reject(new Error(`timed out after ${timeoutMs} ms`))
      }, timeoutMs)
    })
    try {
      await Promise.race([check(controller.signal), timeout])
      return { status: 'ok' }
    } catch (error) {
      if (timedOut) return { status: 'timeout', error }
      return { status: error instanceof ReadinessFailure ? `error: ${error.message}` : 'error', error }
    } finally {
      clearTimeout(timer)
    }
  }

  const report = (name: string, critical: boolean, outcome: Outcome): void => {
    const key = outcome.status === 'ok' ? 'ok' : describe(outcome)
    const previous = last.get(name)
    if (key === previous) return
    last.set(name, key)
    if (outcome.status === 'ok') {
      if (previous !== undefined) logger?.info({ check: name }, 'readiness check recovered')
      return
    }
    // A non-critical check reports a degraded feature (voice without speech-to-text), not an outage.
    const line = { check: name, status: outcome.status, critical, err: loggedError(outcome.error) }
    if (critical) logger?.warn(line, 'readiness check failed')
    else logger?.info(line, 'readiness check failed')
  }

  return {
    add (name, check, options = {}) {
      if (checks.has(name)) throw new Error(`readiness check "${name}" is already registered`)
      checks.set(name, { check, critical: options.critical ?? true })
    },
    async run () {
      const entries = [...checks.entries()]
      const outcomes = await Promise.all(entries.map(async ([, { check }]) => await runOne(check)))
      entries.forEach(([name, { critical }], index) => { report(name, critical, outcomes[index] as Outcome) })
      const byName = Object.fromEntries(entries.map(([name], index) => [name, (outcomes[index] as Outcome).status]))
      const ready = entries.every(([, { critical }], index) => !critical || outcomes[index]?.status === 'ok')
      return { ready, checks: byName }
    }
  }
}

export default fp(async (fastify) => {
  fastify.decorate('readiness', createReadiness(fastify.config.READY_CHECK_TIMEOUT, fastify.log))
}, { name: 'readiness', fastify: '5.x', dependencies: ['config'] })
