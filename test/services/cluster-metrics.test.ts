// The primary's side of the cluster metrics: a worker that died while its scrape was being
// aggregated must not take the primary (and every other worker) down with it.
import { EventEmitter } from 'node:events'
import type { Worker } from 'node:cluster'
import t from 'tap'
import type { AggregatorRegistry, RegistryContentType } from 'prom-client'
import { answerMetricsRequests } from '../../src/services/cluster-metrics.ts'

/** A cluster Worker whose IPC channel is closed, sending as node:cluster does. */
class ClosedWorker extends EventEmitter {
  private markSent = (): void => {}
  readonly sent = new Promise<void>((resolve) => { this.markSent = resolve })
  send (_message: unknown, callback?: (error: Error | null) => void): boolean {
    this.markSent()
    const error = Object.assign(new Error('Channel closed'), { code: 'ERR_IPC_CHANNEL_CLOSED' })
    // Without a callback node:cluster emits 'error' on the worker: with no listener, the primary dies.
    if (callback === undefined) process.nextTick(() => { this.emit('error', error) })
    else process.nextTick(() => { callback(error) })
    return false
  }
}

t.test('the answer to a worker that died meanwhile is dropped, not an error event', async (t) => {
  const worker = new ClosedWorker()
  const errors: unknown[] = []
  // Recorded instead of thrown, so the assertion below reports it.
  worker.on('error', (error) => { errors.push(error) })
  let aggregated = 0
  const aggregator = { clusterMetrics: async () => { aggregated += 1; return 'itb_up 1\n' } } as unknown as AggregatorRegistry<RegistryContentType>
  answerMetricsRequests(worker as unknown as Worker, aggregator)
  worker.emit('message', { type: 'itb:metrics:request', id: 'a' })
  await worker.sent
  await new Promise((resolve) => setImmediate(resolve)) // past the send's nextTick
  t.equal(aggregated, 1, 'the request was aggregated')
  t.same(errors, [], 'no error event on the worker')
})
