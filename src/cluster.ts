// WORKERS > 1: one primary process forks that many servers sharing the port (node:cluster),
// restarts a worker that dies, and forwards SIGTERM so every worker drains before exiting.
// The primary also answers a worker's request for the metrics of all workers.
import cluster, { type Worker } from 'node:cluster'
import { availableParallelism } from 'node:os'
import { randomBytes } from 'node:crypto'
import pino from 'pino'
import { AggregatorRegistry, type Registry } from 'prom-client'
import type { Config } from './config.ts'
import { serializeError } from './plugins/logging.ts'

const METRICS_REQUEST = 'itb:metrics:request'
const METRICS_RESPONSE = 'itb:metrics:response'

export function workerCount (setting: string): number {
  return setting === 'auto' ? availableParallelism() : Number(setting)
}

/** In a worker of a cluster: the metrics of every worker, aggregated by the primary. Otherwise null. */
export async function clusterMetrics (): Promise<string | null> {
  if (!cluster.isWorker || process.send === undefined) return null
  const id = randomBytes(8).toString('hex')
  return await new Promise((resolve) => {
    const timer = setTimeout(() => { process.off('message', onMessage); resolve(null) }, 5000)
    const onMessage = (message: { type?: string, id?: string, text?: string }): void => {
      if (message.type !== METRICS_RESPONSE || message.id !== id) return
      clearTimeout(timer)
      process.off('message', onMessage)
      resolve(message.text ?? null)
    }
    process.on('message', onMessage)
    process.send?.({ type: METRICS_REQUEST, id })
  })
}

/** Workers register their registry at start so the primary can aggregate before any scrape. */
export function registerWorkerRegistry (registry: Registry): void {
  if (!cluster.isWorker) return
  // Constructing one installs prom-client's worker-side listener for the primary's requests.
  // eslint-disable-next-line no-new
  new AggregatorRegistry()
  AggregatorRegistry.setRegistries([registry])
}

export async function runPrimary (config: Config, workers: number): Promise<void> {
  const log = pino({ level: config.LOG_LEVEL, name: 'primary', serializers: { err: serializeError } })
  if (config.API_KEY === undefined && config.API_KEYS === undefined) {
    // One key for every worker: generated here, handed down through the environment.
    const generated = randomBytes(24).toString('base64url')
    process.env.API_KEYS = generated
    log.warn({ generatedApiKey: generated }, 'No API_KEY or API_KEYS configured: generated a random API key for this process. Set API_KEYS to choose your own.')
  }
  const aggregator = new AggregatorRegistry()
  let stopping = false
  const recentCrashes: number[] = []

  const fork = (): Worker => {
    const worker = cluster.fork()
    worker.on('message', (message: { type?: string, id?: string }) => {
      if (message.type !== METRICS_REQUEST) return
      aggregator.clusterMetrics().then(
        (text) => { worker.send({ type: METRICS_RESPONSE, id: message.id, text }) },
        () => { worker.send({ type: METRICS_RESPONSE, id: message.id }) }
      )
    })
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
    }, (config.SHUTDOWN_TIMEOUT + 5) * 1000)
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
