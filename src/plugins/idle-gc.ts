// After IDLE_GC_SECONDS with no request in flight (probes aside), one full garbage collection returns
// what a burst (or start-up) left in the V8 heap and in buffers awaiting collection, and glibc's
// `malloc_trim` then returns the freed pages to the system (src/services/idle-gc.ts). It stops the
// event loop for ~100–200 ms (V8's most thorough collection, `npm run bench:voice` prints the mean
// pause), once per idle spell and only when there is memory to return.
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { createIdleGc } from '../services/idle-gc.ts'

const MB = 2 ** 20

export default fp(async (fastify) => {
  const seconds = fastify.config.IDLE_GC_SECONDS
  if (seconds === 0) return
  const idleGc = createIdleGc({
    idleMs: seconds * 1000,
    onCollected: ({ beforeBytes, afterBytes, ms }) => {
      fastify.metrics.idleCollection(ms / 1000, beforeBytes - afterBytes)
      fastify.log.debug({ beforeMb: Math.round(beforeBytes / MB), afterMb: Math.round(afterBytes / MB), rssMb: Math.round(process.memoryUsage.rss() / MB), ms: Math.round(ms) }, 'idle: garbage collected')
    },
    onTrimmed: ({ beforeBytes, afterBytes, ms }) => {
      fastify.log.debug({ rssBeforeMb: Math.round(beforeBytes / MB), rssMb: Math.round(afterBytes / MB), ms: Math.round(ms) }, 'idle: freed memory returned to the system')
    },
    onError: (error) => { fastify.log.warn({ err: error }, 'idle garbage collection failed; not tried again') }
  })
  // Probes do not count: Kubernetes asks every 10 s by default, which would keep the service from
  // ever being idle that long; they are cheap, and one that arrives mid-collection waits for it.
  const counts = (request: FastifyRequest): boolean => request.routeOptions.config.probe !== true
  fastify.watchRequests({
    started: (request) => { if (counts(request)) idleGc.requestStarted() },
    ended: (request) => { if (counts(request)) idleGc.requestEnded() }
  })
  fastify.addHook('onClose', async () => { await idleGc.close() })
}, { name: 'idle-gc', fastify: '5.x', dependencies: ['config', 'metrics', 'request-end'] })
