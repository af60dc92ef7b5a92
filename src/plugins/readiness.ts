// A registry of readiness checks. Each plugin that owns a dependency adds its check; /ready runs
// them all in parallel, each bounded by READY_CHECK_TIMEOUT so a probe never hangs.
import fp from 'fastify-plugin'

export type ReadinessCheck = (signal: AbortSignal) => Promise<void>

export interface Readiness {
  add: (name: string, check: ReadinessCheck) => void
  run: () => Promise<{ ready: boolean, checks: Record<string, string> }>
}

declare module 'fastify' {
  interface FastifyInstance {
    readiness: Readiness
  }
}

export function createReadiness (timeoutMs: number): Readiness {
  const checks = new Map<string, ReadinessCheck>()
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
    add (name, check) {
      if (checks.has(name)) throw new Error(`readiness check "${name}" is already registered`)
      checks.set(name, check)
    },
    async run () {
      const names = [...checks.keys()]
      const results = await Promise.all(names.map(async (name) => await runOne(checks.get(name) as ReadinessCheck)))
      const byName = Object.fromEntries(names.map((name, index) => [name, results[index] as string]))
      return { ready: results.every((result) => result === 'ok'), checks: byName }
    }
  }
}

export default fp(async (fastify) => {
  fastify.decorate('readiness', createReadiness(fastify.config.READY_CHECK_TIMEOUT))
}, { name: 'readiness', fastify: '5.x', dependencies: ['config'] })
