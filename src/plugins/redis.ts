// Redis (ioredis) when REDIS_URL or REDIS_HOST is set; `fastify.redis` is null otherwise.
// We build the client ourselves instead of using @fastify/redis: that plugin holds start-up until
// Redis answers, and we want a pod to start, report "not ready" and recover on its own.
// Commands fail fast while disconnected (no offline queue) so callers degrade instead of hanging.
import fp from 'fastify-plugin'
import { Redis } from 'ioredis'
import { PASSWORD_REFUSED, watchRedisConnection, type RedisConnectionLog } from '../services/redis-connection-log.ts'
import { DATABASE_REFUSED, databaseSetting, guardDatabase, type DatabaseGuard } from '../services/redis-database.ts'
import { isRedisLoadingError } from '../services/redis-options.ts'
import { isPermissionDenial, PERMISSION_REFUSED, watchPermissions, type PermissionWatch } from '../services/redis-permissions.ts'
import { notRedisState } from '../services/redis-probe.ts'
import { redisOptionsFrom } from '../wiring/redis.ts'
import { ReadinessFailure } from './readiness.ts'

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis | null
  }
}

/** Each client's connection log: it knows when the address answers, but not as Redis. */
const connectionLogs = new WeakMap<Redis, RedisConnectionLog>()
/** Each client's database guard: it knows when the server refuses the database number. */
const databaseGuards = new WeakMap<Redis, DatabaseGuard>()
/** Each client's command watch: it knows when the server refuses the user a command (ACL). */
const permissionWatches = new WeakMap<Redis, PermissionWatch>()

/**
 * Why Redis cannot be used, in the words both probes show (null when connected): fixed words, never
 * what the address answered (that is in the log); a TLS-only Redis at a redis:// address with the fix
 * the log and the doctor give. ioredis's connection state is one of a few words of its own: safe to show.
 */
export function redisConnectionProblem (redis: Redis): string | null {
  if (redis.status === 'ready') return permissionWatches.get(redis)?.denied() === undefined ? null : PERMISSION_REFUSED
  if (databaseGuards.get(redis)?.refused() !== undefined) return DATABASE_REFUSED
  const connectionLog = connectionLogs.get(redis)
  const answer = connectionLog?.notRedis()
  if (answer !== undefined) return notRedisState(answer)
  if (connectionLog?.passwordRefused() === true) return PASSWORD_REFUSED
  return `not connected (${redis.status})`
}

/** /ready's state for a replica (ROLE): writes are refused there, turns answer 503 STORAGE_UNAVAILABLE. */
export const READ_ONLY_REPLICA = 'the server is a replica: writes are refused (use the primary\'s address)'

/** /ready's state while a restarted Redis loads its data, seen only by a user whose ACL refuses INFO (docs/deployment.md). */
export const LOADING_DATA = 'the server is loading its data'

/** /health's `redis` field: the same words as /ready's redis check. */
export function redisStatus (redis: Redis | null): string {
  if (redis === null) return 'disabled'
  const problem = redisConnectionProblem(redis)
  return problem === null ? 'ok' : `error: ${problem}`
}

export default fp(async (fastify) => {
  const settings = redisOptionsFrom(fastify.config)
  if (settings === null) {
    fastify.decorate('redis', null)
    return
  }
  const redis = settings.url === undefined ? new Redis(settings.options) : new Redis(settings.url, settings.options)
  // ioredis reconnects on its own: each distinct failure is logged once per outage, and an address
  // that answers as something else than Redis is said so once.
  const connectionLog = watchRedisConnection(redis, { logger: fastify.log, variable: settings.variable, probeTimeoutMs: fastify.config.READY_CHECK_TIMEOUT })
  connectionLogs.set(redis, connectionLog)
  const database = redis.options.db ?? 0
  databaseGuards.set(redis, guardDatabase(redis, (error) => {
    fastify.log.error({ err: error, database }, `redis refuses database ${database}: check ${databaseSetting(settings.variable)}`)
  }))
  // ROLE is only tried by the readiness check below: a user without it is no misconfiguration.
  permissionWatches.set(redis, watchPermissions(redis, { logger: fastify.log, optional: ['role'] }))
  redis.connect().catch(() => { /* reported by the 'error' listener; reconnection continues */ })
  fastify.decorate('redis', redis)
  fastify.readiness.add('redis', async () => {
    const problem = redisConnectionProblem(redis)
    if (problem !== null) throw new ReadinessFailure(problem)
    const pong = await redis.ping().catch((error: unknown) => {
      if (isRedisLoadingError(error)) throw new ReadinessFailure(LOADING_DATA, { cause: error })
      throw isPermissionDenial(error) ? new ReadinessFailure(PERMISSION_REFUSED, { cause: error }) : error
    })
    if (pong !== 'PONG') throw new Error(`unexpected ping reply ${pong}`)
    // A replica answers PING but refuses every write (READONLY): each turn would fail. A server that
    // does not take ROLE (renamed on some managed services) is not held against it.
    const role: unknown = await redis.call('ROLE').catch(() => undefined)
    if (Array.isArray(role) && role[0] === 'slave') throw new ReadinessFailure(READ_ONLY_REPLICA)
  })
  fastify.addHook('onClose', async () => {
    connectionLog.close()
    if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect())
    else redis.disconnect()
  })
}, { name: 'redis', fastify: '5.x', dependencies: ['config', 'readiness'] })
