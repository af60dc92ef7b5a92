// Official LangGraph checkpointer conformance suite, run by vitest (`npx vitest run --globals`).
// The package's CLI is broken in 1.1.1, so `validate()` is called directly; it registers
// describe/it blocks through vitest's globals.
import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { validate } from '@langchain/langgraph-checkpoint-validation'
import { RedisCheckpointSaver } from '../../../src/services/conversations/redis-saver.ts'
import { BoundedMemorySaver } from '../../../src/services/conversations/memory-saver.ts'
import { startRedis, type TestRedis } from '../../support/helpers/redis-server.ts'

let server: TestRedis | undefined
let redis: Redis | undefined

validate<RedisCheckpointSaver>({
  checkpointerName: 'RedisCheckpointSaver',
  beforeAllTimeout: 30_000,
  async beforeAll () {
    server = await startRedis()
    redis = new Redis(server.port, '127.0.0.1', { lazyConnect: true })
    await redis.connect()
  },
  async afterAll () {
    await redis?.quit()
    await server?.destroy()
  },
  createCheckpointer () {
    if (redis === undefined) throw new Error('redis not started')
    // A fresh prefix per checkpointer: instances never see each other's data (no FLUSHALL).
    return new RedisCheckpointSaver({ redis, ttlSeconds: 600, keyPrefix: `conformance:${randomUUID()}:` })
  },
  async destroyCheckpointer (saver) {
    let cursor = '0'
    do {
      const [next, keys] = await saver.redis.scan(cursor, 'MATCH', `${saver.keyPrefix}*`, 'COUNT', 500)
      if (keys.length > 0) await saver.redis.del(...keys)
      cursor = next
    } while (cursor !== '0')
  }
})

validate<BoundedMemorySaver>({
  checkpointerName: 'BoundedMemorySaver',
  createCheckpointer () {
    return new BoundedMemorySaver({ maxThreads: 1000, ttlSeconds: 600 })
  },
  destroyCheckpointer (saver) {
    saver.close()
  }
})
