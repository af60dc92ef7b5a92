// How the service talks to Redis: shared by the redis plugin and `npm run doctor` (src/wiring/redis.ts
// picks the target from the configuration). Commands fail fast while disconnected (no offline queue)
// and give up after COMMAND_TIMEOUT_MS on a connection that stays open but is not answered (a hung
// or frozen server), so callers degrade instead of hanging; commands of one event-loop turn are
// auto-pipelined.
import type { RedisOptions } from 'ioredis'

/**
 * How long one command may go unanswered. Far above a healthy reply (the load test's write probe,
 * docs/performance.md: p99 6–9 ms, max 34–46 ms with fsync on every write), so only a server that
 * stopped answering reaches it.
 */
export const COMMAND_TIMEOUT_MS = 2000

/**
 * The longest wait between two connection attempts while Redis is unreachable, which is also how
 * late the service can notice that it is back. It was 2 s: after a 2 s restart the next attempt came
 * up to 0.7 s after Redis listened again, and up to 2 s after a longer outage (measured on a
 * redis-server stopped and started again). A refused connection costs Redis nothing; one that is
 * not answered waits out the connect timeout before the next.
 */
export const RECONNECT_MAX_DELAY_MS = 500

/** ioredis's retryStrategy: 100 ms more per attempt up to RECONNECT_MAX_DELAY_MS, then forever at it. */
export function reconnectDelay (attempt: number): number {
  return Math.min(attempt * 100, RECONNECT_MAX_DELAY_MS)
}

/** Where Redis is: a URL, or a host with its port, database and password. */
export type RedisTarget = { url: string } | { host: string, port: number, db: number, password?: string }

export function redisConnection (target: RedisTarget): { url?: string, options: RedisOptions } {
  const options: RedisOptions = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: reconnectDelay,
    // A restarted Redis loading its AOF answers LOADING with an estimate of the time left; ioredis
    // would wait that long (up to 10 s) before asking again. Ask every 250 ms instead, so the
    // service is back as soon as the data is.
    maxLoadingRetryTime: 250,
    // Commands issued in the same event-loop turn (many conversations' locks, checkpoint reads and
    // writes under load) go out in one write and come back in one read: about 1 CPU ms less per
    // turn at 16 turns in flight (docs/benchmarks.md, "bench:chat after the turn CPU work").
    enableAutoPipelining: true
  }
  if ('url' in target) return { url: target.url, options }
  return { options: { ...options, host: target.host, port: target.port, db: target.db, password: target.password } }
}

/**
 * A restarted Redis still loading its data (`LOADING`). ioredis's ready check (INFO) holds commands
 * back until it is done; a user whose ACL refuses INFO skips that check, and its commands get this.
 */
export function isRedisLoadingError (error: unknown): boolean {
  return error instanceof Error && /^LOADING\b/.test(error.message)
}

/**
 * True for ioredis's "not connected" and "not answered" failures: while Redis is down or hung, commands
 * fail with these; for a replica's READONLY refusal (the address is a replica: a primary demoted by
 * a failover, or a replica's address configured), which a failover or a corrected address ends; and
 * for a Redis still loading its data (isRedisLoadingError), which the end of the load ends.
 */
export function isRedisUnavailableError (error: unknown): boolean {
  if (!(error instanceof Error)) return false
  return error.name === 'MaxRetriesPerRequestError' ||
    /^READONLY\b/.test(error.message) ||
    isRedisLoadingError(error) ||
    error.message.includes("Stream isn't writeable") ||
    error.message === 'Connection is closed.' ||
    error.message === 'Command timed out' ||
    /^connect ECONNREFUSED/.test(error.message)
}

/**
 * Redis refusing a write because it is full (maxmemory with the noeviction policy): storage is
 * unavailable to the client as in an outage, but nothing else reports it, so each refusal stays an
 * error line for the operator.
 */
export function isRedisFullError (error: unknown): boolean {
  return error instanceof Error && /^OOM\b/.test(error.message)
}
