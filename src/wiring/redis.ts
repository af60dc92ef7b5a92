// Where the configuration says Redis is (REDIS_URL, or REDIS_HOST and friends), as the connection the
// redis plugin and `npm run doctor` open; null when Redis is not configured.
import type { RedisOptions } from 'ioredis'
import type { Env } from '../../schemas/env.ts'
import { redisConnection } from '../services/redis-options.ts'

/** The connection, and the variable an operator corrects when the address is wrong. */
export interface RedisSettings { url?: string, options: RedisOptions, variable: string }

export function redisOptionsFrom (config: Env): RedisSettings | null {
  if (config.REDIS_URL !== undefined) return { ...redisConnection({ url: config.REDIS_URL }), variable: 'REDIS_URL' }
  if (config.REDIS_HOST === undefined) return null
  const connection = redisConnection({ host: config.REDIS_HOST, port: config.REDIS_PORT, db: config.REDIS_DB, password: config.REDIS_PASSWORD })
  return { ...connection, variable: 'REDIS_HOST and REDIS_PORT' }
}
