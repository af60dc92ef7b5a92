// How the configuration reaches Redis: shared by the redis plugin and `npm run doctor`.
// Commands fail fast while disconnected (no offline queue) so callers degrade instead of hanging.
import type { RedisOptions } from 'ioredis'
import type { Env } from '../../schemas/env.ts'

export function redisOptionsFrom (config: Env): { url?: string, options: RedisOptions } | null {
  const options: RedisOptions = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    // Keep retrying forever, backing off to one attempt every 2 s.
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    // A restarted Redis loading its AOF answers LOADING with an estimate of the time left; ioredis
    // would wait that long (up to 10 s) before asking again. Ask every 250 ms instead, so the
    // service is back as soon as the data is.
    maxLoadingRetryTime: 250
  }
  if (config.REDIS_URL !== undefined) return { url: config.REDIS_URL, options }
  if (config.REDIS_HOST === undefined) return null
  return {
    options: {
      ...options,
      host: config.REDIS_HOST,
      port: config.REDIS_PORT,
      db: config.REDIS_DB,
      password: config.REDIS_PASSWORD
    }
  }
}

/** True for ioredis's "not connected" failures: while Redis is down, commands fail fast with these. */
export function isRedisUnavailableError (error: unknown): boolean {
  if (!(error instanceof Error)) return false
  return error.name === 'MaxRetriesPerRequestError' ||
    error.message.includes("Stream isn't writeable") ||
    error.message === 'Connection is closed.' ||
    /^connect ECONNREFUSED/.test(error.message)
}
