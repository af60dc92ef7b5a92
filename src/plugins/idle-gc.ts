// After IDLE_GC_SECONDS with no request in flight, one full garbage collection returns what a burst
// (or start-up) left in the V8 heap and in buffers awaiting collection (src/services/idle-gc.ts).
import fp from 'fastify-plugin'
import { createIdleGc } from '../services/idle-gc.ts'
import { onRequestEnd } from './request-end.ts'

const MB = 2 ** 20

export default fp(async (fastify) => {
  const seconds = fastify.config.IDLE_GC_SECONDS
  if (seconds === 0) return
  const idleGc = createIdleGc({
    idleMs: seconds * 1000,
    onCollected: ({ beforeBytes, afterBytes, ms }) => {
      fastify.log.debug({ beforeMb: Math.round(beforeBytes / MB), afterMb: Math.round(afterBytes / MB), ms: Math.round(ms) }, 'idle: garbage collected')
    },
    onError: (error) => { fastify.log.warn({ err: error }, 'idle garbage collection failed; not tried again') }
  })
  fastify.addHook('onRequest', async () => { idleGc.requestStarted() })
  onRequestEnd(fastify, () => { idleGc.requestEnded() })
  fastify.addHook('onClose', async () => { await idleGc.close() })
}, { name: 'idle-gc', fastify: '5.x', dependencies: ['config'] })
