// The only entry point: load the configuration, build the app, listen, and shut down gracefully.
// `npm start` runs: node --import ./src/instrument.ts src/server.ts
// With WORKERS > 1 this process becomes the cluster primary and each worker runs start().
import { fileURLToPath } from 'node:url'
import cluster from 'node:cluster'
import v8 from 'node:v8'
import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'
import { buildApp, type BuildOptions } from './app.ts'
import { runPrimary, workerCount } from './cluster.ts'
import { ConfigError, readConfig, type Config } from './config.ts'
import { shutdownSettings } from './wiring/shutdown.ts'

/** What to change when listening fails: Node's message names the address, not the variable. */
const LISTEN_HINTS: Record<string, string> = {
  EADDRINUSE: 'another process listens on that port: stop it or set PORT',
  EACCES: 'ports below 1024 need privileges: set PORT to 1024 or above',
  EADDRNOTAVAIL: 'HOST is not an address of this machine: set HOST (0.0.0.0 for every interface)',
  ENOTFOUND: 'HOST does not resolve: set HOST to an address of this machine (0.0.0.0 for every interface)'
}

export interface StartOptions extends BuildOptions {
  config?: Config
  /** What readConfig warned about the environment `config` came from (ignored without `config`). */
  configWarnings?: string[]
}

export async function start (options: StartOptions = {}): Promise<FastifyInstance> {
  // Warnings from the same read of .env as the configuration, not from a second one.
  const { config, warnings } = options.config !== undefined
    ? { config: options.config, warnings: options.configWarnings ?? [] }
    : readConfig()
  const app = await buildApp(config, options)
  // Once per deployment, not once per worker process.
  if (cluster.worker === undefined || cluster.worker.id === 1) {
    for (const warning of warnings) app.log.warn(warning)
  }

  // On SIGTERM/SIGINT: stop accepting, let in-flight requests finish for SHUTDOWN_TIMEOUT, cancel
  // the turns still running and answer each as it ended (the rest with 503), close Redis, exit 0.
  // SIGTERM can arrive twice (a supervisor or an operator signalling again; a cluster worker gets it
  // from the primary and from the process group): only the first counts,
  // instead of close-with-grace's exit-at-once, which dropped what was in flight. The drain is
  // bounded anyway. A second SIGINT (Ctrl-C again, a person) still exits at once, except in a worker.
  // A cancelled turn stops within milliseconds unless its store hangs: SHUTDOWN_TURN_SETTLE bounds that.
  const worker = cluster.isWorker
  const shutdown = shutdownSettings(config)
  const graceful = closeWithGrace({ delay: shutdown.giveUpMs, skip: worker ? ['SIGTERM', 'SIGINT'] : ['SIGTERM'] }, async ({ signal, err, manual }) => {
    if (err !== undefined) app.log.error({ err }, 'fatal error: shutting down')
    else app.log.info({ signal: signal ?? (manual === true ? 'SIGTERM' : undefined) }, 'shutting down: draining in-flight requests')
    const started = performance.now()
    await app.closeWithin(shutdown.deadlineMs, shutdown.settleMs)
    // The last line a clean shutdown writes: without it an operator could not tell a finished drain from a killed process.
    if (err === undefined) app.log.info({ drained_ms: Math.round(performance.now() - started) }, 'shut down: closed, exiting')
  })
  let stopping = false
  const stopOnce = (signal: NodeJS.Signals): void => {
    if (stopping) {
      app.log.info({ signal }, 'already draining: signal ignored')
      return
    }
    stopping = true
    graceful.close()
  }
  process.on('SIGTERM', stopOnce)
  if (worker) process.on('SIGINT', stopOnce)
  app.addHook('onClose', async () => {
    graceful.uninstall()
    process.off('SIGTERM', stopOnce)
    process.off('SIGINT', stopOnce)
  })

  await app.listen({ host: config.HOST, port: config.PORT })
  return app
}

/**
 * After a full collection V8 lets this process's heap grow only ~10–15 % past what survived it (a
 * small live heap, ~55 MB), so 20 voice uploads at once ran a full collection every ~9 requests,
 * each one's concurrent marking on V8's helper threads. With room to double: 1 in 60 requests (two
 * traced runs), and 3–8 CPU ms less per request in the burst (docs/benchmarks.md). The idle
 * collection gives the extra room back after a burst. `--heap-growing-percent` on the command line wins.
 */
export function tuneHeapGrowth (execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return false
  v8.setFlagsFromString('--heap-growing-percent=100')
  return true
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  tuneHeapGrowth()
  try {
    const { config, warnings } = readConfig()
    const workers = workerCount(config.WORKERS)
    if (workers > 1 && cluster.isPrimary) await runPrimary(config, workers)
    else await start({ config, configWarnings: warnings })
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable and its meaning.\n`)
    } else {
      const hint = LISTEN_HINTS[(error as NodeJS.ErrnoException).code ?? '']
      process.stderr.write(`itb-chatbot failed to start: ${error instanceof Error ? error.message : String(error)}${hint === undefined ? '' : ` (${hint})`}\n`)
    }
    process.exit(1)
  }
}
