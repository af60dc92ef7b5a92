// A registry of readiness checks. Each plugin that owns a dependency adds its check; /ready runs
// them all in parallel, each bounded by READY_CHECK_TIMEOUT so a probe never hangs.
import fp from 'fastify-plugin'

export type ReadinessCheck = (signal: AbortSignal) => Promise<void>

export interface Readiness {
  /** A failing critical check makes /ready 503; a non-critical one is only reported (a degraded feature). */
  add: (name: string, check: ReadinessCheck, options?: { critical?: boolean }) => void
  run: () => Promise<{ ready: boolean, checks: Record<string, string> }>
}

declare module 'fastify' {
  interface FastifyInstance {
    readiness: Readiness
  }
}

export function createReadiness (timeoutMs: number): Readiness {
  const checks = new Map<string, { check: ReadinessCheck, critical: boolean }>()
  const runOne = async (check: ReadinessCheck): Promise<string> => {
    const controller = new AbortController()
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<never>((resolve, reject) => {
      timer = setTimeout(() => {
        controller.abort()
        reject(new Error(`timed out after ${timeoutMs} ms`))
      }, timeoutMs)
    })
    try {
      await Promise.race([check(controller.signal), timedOut])
      return 'ok'
    } catch (error) {
      return `error: ${error instanceof Error ? error.message : String(error)}`
    } finally {
      clearTimeout(timer)
    }
  }
  return {
    add (name, check, options = {}) {
      if (checks.has(name)) throw new Error(`readiness check "${name}" is already registered`)
      checks.set(name, { check, critical: options.critical ?? true })
    },
    async run () {
      const entries = [...checks.entries()]
      const results = await Promise.all(entries.map(async ([, { check }]) => await runOne(check)))
      const byName = Object.fromEntries(entries.map(([name], index) => [name, results[index] as string]))
      const ready = entries.every(([, { critical }], index) => !critical || results[index] === 'ok')
      return { ready, checks: byName }
    }
  }
}

export default fp(async (fastify) => {
  fastify.decorate('readiness', createReadiness(fastify.config.READY_CHECK_TIMEOUT))
}, { name: 'readiness', fastify: '5.x', dependencies: ['config'] })
