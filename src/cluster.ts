// WORKERS > 1: one primary process forks that many servers sharing the port (node:cluster),
// restarts a worker that dies, and forwards SIGTERM so every worker drains before exiting.
// The primary also answers a worker's request for the metrics of all workers.
import cluster, { type Worker } from 'node:cluster'
import { availableParallelism } from 'node:os'
import { randomBytes } from 'node:crypto'
import pino from 'pino'
import { AggregatorRegistry } from 'prom-client'
import type { Config } from './config.ts'
import { answerMetricsRequests } from './services/cluster-metrics.ts'
import { serializeError } from './services/error-serializer.ts'
import { shutdownSettings } from './wiring/shutdown.ts'

export function workerCount (setting: string): number {
  return setting === 'auto' ? availableParallelism() : Number(setting)
}

export async function runPrimary (config: Config, workers: number): Promise<void> {
  const log = pino({ level: config.LOG_LEVEL, name: 'primary', serializers: { err: serializeError } })
  // One key for every worker when none is configured: generated here, handed to each forked worker
  // in its environment (this process's own environment is left as it was started).
  const workerEnv: Record<string, string> = {}
  if (config.API_KEY === undefined && config.API_KEYS === undefined) {
    const generated = randomBytes(24).toString('base64url')
    workerEnv.API_KEYS = generated
    log.warn({ generatedApiKey: generated }, 'No API_KEY or API_KEYS configured: generated a random API key for this process. Set API_KEYS to choose your own.')
  }
  const aggregator = new AggregatorRegistry()
  let stopping = false
  const recentCrashes: number[] = []

  const fork = (): Worker => {
    const worker = cluster.fork(workerEnv)
    answerMetricsRequests(worker, aggregator)
    return worker
  }

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return
    const now = Date.now()
    recentCrashes.push(now)
    while (recentCrashes.length > 0 && (recentCrashes[0] as number) < now - 60_000) recentCrashes.shift()
    if (recentCrashes.length > workers * 5) {
      log.fatal('workers keep dying (more than 5 restarts per worker in a minute): giving up')
      process.exit(1)
    }
    log.error({ pid: worker.process.pid, code, signal }, 'worker died: starting a new one')
    fork()
  })

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return
    stopping = true
    log.info({ signal, workers: Object.keys(cluster.workers ?? {}).length }, 'shutting down: draining every worker')
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM')
    const deadline = setTimeout(() => {
      log.error('workers did not stop in time: exiting')
      process.exit(1)
    }, shutdownSettings(config).giveUpMs)
    deadline.unref()
    const check = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        clearInterval(check)
        process.exit(0)
      }
    }, 50)
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)

  log.info({ workers }, 'starting workers')
  for (let index = 0; index < workers; index++) fork()
}
