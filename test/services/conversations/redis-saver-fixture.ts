// What the redis-saver*.test.ts files share: a private redis-server (each file starts its own and
// stops it with its clients on teardown), savers under a fresh key prefix, and checkpoints to put.
import { randomUUID } from 'node:crypto'
import type { Test } from 'tap'
import { Redis } from 'ioredis'
import { emptyCheckpoint, uuid6, type Checkpoint } from '@langchain/langgraph-checkpoint'
import { RedisCheckpointSaver } from '../../../src/services/conversations/redis-saver.ts'
import { startRedis } from '../../support/helpers/redis-server.ts'

export interface SaverFixture {
  /** A client of this file's redis-server, quit on teardown. */
  client: (options?: { keyPrefix?: string }) => Redis
  /** A saver under a key prefix of its own, so that tests never see each other's threads. */
  freshSaver: (ttlSeconds?: number, redis?: Redis) => RedisCheckpointSaver
}

export async function startSaverFixture (t: Test): Promise<SaverFixture> {
  const server = await startRedis()
  const clients: Redis[] = []

  function client (options: { keyPrefix?: string } = {}): Redis {
    const redis = new Redis(server.port, '127.0.0.1', options)
    clients.push(redis)
    return redis
  }

  t.teardown(async () => {
    await Promise.all(clients.map(async (redis) => await redis.quit()))
    await server.destroy()
  })

  function freshSaver (ttlSeconds = 100, redis = client()): RedisCheckpointSaver {
    return new RedisCheckpointSaver({ redis, ttlSeconds, keyPrefix: `test:${randomUUID()}:` })
  }

  return { client, freshSaver }
}

export function checkpoint (values: Record<string, unknown> = {}, versions: Record<string, number> = {}): Checkpoint {
  return { ...emptyCheckpoint(), id: uuid6(-1), channel_values: values, channel_versions: versions }
}

export const meta = (step: number, source: 'input' | 'loop' = 'loop') => ({ source, step, parents: {} })
