// Metrics across the workers of a node:cluster (WORKERS > 1): a worker asks the primary, which
// aggregates every worker's registry (prom-client's AggregatorRegistry) and answers over IPC.
// The worker side is used by the metrics plugin, the primary side by src/cluster.ts.
import cluster, { type Worker } from 'node:cluster'
import { randomBytes } from 'node:crypto'
import { AggregatorRegistry, type Registry, type RegistryContentType } from 'prom-client'

const METRICS_REQUEST = 'itb:metrics:request'
const METRICS_RESPONSE = 'itb:metrics:response'

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

/** In the primary: answers a worker's requests for the metrics of all workers. */
export function answerMetricsRequests (worker: Worker, aggregator: AggregatorRegistry<RegistryContentType>): void {
  // With a callback a closed channel (the worker died while its scrape was aggregated) is reported
  // to it; without one node:cluster emits 'error' on the worker, which would end the primary.
  const answer = (response: { type: string, id?: string, text?: string }): void => {
    worker.send(response, () => {})
  }
  worker.on('message', (message: { type?: string, id?: string }) => {
    if (message.type !== METRICS_REQUEST) return
    aggregator.clusterMetrics().then(
      (text) => { answer({ type: METRICS_RESPONSE, id: message.id, text }) },
      () => { answer({ type: METRICS_RESPONSE, id: message.id }) }
    )
  })
}
