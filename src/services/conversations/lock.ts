// Per-conversation mutual exclusion: two requests on one conversation run one after the other.
//
// With Redis (several service instances): `SET key token NX PX ttl` (or the `acquire` option, a script
// that does that and reads what the holder needs first in the same round trip), retried with a small
// jittered backoff until acquired or `waitMs` elapses (then ConversationBusyError). While `fn` runs the lock is
// extended every ttl/3 with a compare-and-PEXPIRE (or the `extend` option, which may keep something
// else alive in the same round trip), so only a crashed holder's lock expires; it is released with a
// compare-and-delete, so a holder never deletes a lock that expired and was taken by someone else.
// Without Redis: an in-process FIFO mutex per key (the map entry is removed when idle), with a `hold`
// option called while it is held.
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Redis } from 'ioredis'
import { ServiceError } from '../errors.ts'
import { defineScript, runScript } from './redis-script.ts'

export class ConversationBusyError extends ServiceError {
  readonly key: string
  readonly waitedMs: number

  constructor (key: string, waitedMs: number) {
    super('conflict', 'CONVERSATION_BUSY',
      'Another request on this conversation is still being processed. Retry shortly.', { retryAfter: 1 })
    this.name = 'ConversationBusyError'
    this.key = key
    this.waitedMs = waitedMs
  }
}

/**
 * The lock expired while its holder still ran (Redis unreachable for longer than its lifetime, or
 * restarted without persistence) and may be someone else's now: the turn stops, and the client is
 * told to retry, as for any storage outage.
 */
export class LockLostError extends ServiceError {
  constructor (key: string) {
    super('unavailable', 'STORAGE_UNAVAILABLE', `lock of conversation ${key} was lost`,
      { retryAfter: 2, publicMessage: 'Conversation storage is temporarily unavailable. Retry shortly.' })
    this.name = 'LockLostError'
  }
}

export interface ConversationLockOptions<R = never> {
  /** Shared Redis for multi-instance locking; omitted: in-process lock. */
  redis?: Redis
  /**
   * With `redis`: one attempt at the lock in place of `SET lockKey token NX PX ttlMs`, which may
   * read something else in the same round trip. Resolves to false when the lock is someone else's,
   * else to what it read (handed to `run`'s `fn`).
   */
  acquire?: (lockKey: string, token: string, ttlMs: number, key: string) => Promise<R | false>
  /**
   * With `redis`: one extension of the held lock in place of the compare-and-PEXPIRE, which may keep
   * something else alive in the same round trip (the conversation's keys). Resolves to false when
   * the lock is not `token`'s any more.
   */
  extend?: (lockKey: string, token: string, ttlMs: number, key: string) => Promise<boolean>
  /**
   * Without `redis`: called when the in-process lock of `key` is taken; what it returns is called
   * when the lock is released (the in-process conversation store keeps a held conversation alive).
   */
  hold?: (key: string) => () => void
  /** Lock lifetime in Redis; extended while the holder runs, so it only matters if the holder dies. */
  ttlMs: number
  /** How long `run` waits for the lock before throwing ConversationBusyError (0: try once). */
  waitMs: number
  /** Redis key prefix (default `itb:lock:`). */
  keyPrefix?: string
  /** First retry delay in ms (default 10), doubled up to `retryMaxMs` (default 100), with jitter. */
  retryMinMs?: number
  retryMaxMs?: number
  /** Called if a Redis lock could not be extended (it expired or was taken over) while `fn` ran. */
  onLockLost?: (key: string) => void
}

export interface ConversationLock<R = never> {
  /**
   * Runs `fn` while holding the lock of `key`. The signal aborts if the Redis lock is lost while `fn`
   * runs (never for the in-process lock). `waiting` ends the wait for the lock early (its reason is
   * thrown): the caller went away or ran out of time. `acquired` is what the `acquire` option read
   * with the lock (undefined without it).
   */
  run<T>(key: string, fn: (signal: AbortSignal, acquired: R | undefined) => Promise<T>, waiting?: AbortSignal): Promise<T>
}

const RELEASE_SCRIPT = defineScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`)

const EXTEND_SCRIPT = defineScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`)

/** At most this many failed releases wait for Redis per client; past it, a lock waits out its ttl. */
const MAX_PENDING_RELEASES = 10_000

/**
 * Releases that failed (Redis down), by token, retried once Redis is back, so a lock that survives a
 * restart (AOF) does not block its conversation for ttlMs. Safe: the release compares the owner's
 * token. One map and one 'ready' listener per client, however many locks share it: a listener per
 * lock was never removed, and eleven locks on one client drew Node's MaxListenersExceededWarning.
 */
const pendingByClient = new WeakMap<Redis, Map<string, string>>()

function pendingReleasesOf (redis: Redis): Map<string, string> {
  const known = pendingByClient.get(redis)
  if (known !== undefined) return known
  const releases = new Map<string, string>()
  pendingByClient.set(redis, releases)
  redis.on('ready', () => {
    for (const [token, redisKey] of [...releases]) {
      runScript(redis, RELEASE_SCRIPT, [redisKey], [token])
        .then(() => { releases.delete(token) })
        .catch(() => { /* still down: the next 'ready' retries, or the lock expires */ })
    }
  })
  return releases
}

export function createConversationLock<R = never> (options: ConversationLockOptions<R>): ConversationLock<R> {
  if (!Number.isFinite(options.ttlMs) || options.ttlMs <= 0) throw new RangeError('ttlMs must be a positive number')
  if (!Number.isFinite(options.waitMs) || options.waitMs < 0) throw new RangeError('waitMs must be a non-negative number')
  return options.redis !== undefined ? createRedisLock(options.redis, options) : createLocalLock(options)
}

function createRedisLock<R> (redis: Redis, options: ConversationLockOptions<R>): ConversationLock<R> {
  const { ttlMs, waitMs } = options
  const attempt = options.acquire ??
    (async (lockKey: string, token: string): Promise<undefined | false> => await redis.set(lockKey, token, 'PX', ttlMs, 'NX') === 'OK' ? undefined : false)
  const extend = options.extend ??
    (async (lockKey: string, token: string): Promise<boolean> => await runScript(redis, EXTEND_SCRIPT, [lockKey], [token, ttlMs]) === 1)
  const prefix = options.keyPrefix ?? 'itb:lock:'
  const retryMinMs = Math.max(1, options.retryMinMs ?? 10)
  const retryMaxMs = Math.max(retryMinMs, options.retryMaxMs ?? 100)
  const extendEveryMs = Math.max(1, Math.floor(ttlMs / 3))
  const pendingReleases = pendingReleasesOf(redis)

  async function acquire (key: string, redisKey: string, token: string, waiting: AbortSignal | undefined): Promise<R | undefined> {
    const startedAt = Date.now()
    let delay = retryMinMs
    for (;;) {
      waiting?.throwIfAborted()
      const acquired = await attempt(redisKey, token, ttlMs, key)
      if (acquired !== false) return acquired
      const waited = Date.now() - startedAt
      const remaining = waitMs - waited
      if (remaining <= 0) throw new ConversationBusyError(key, waited)
      await sleep(Math.min(remaining, delay / 2 + Math.random() * delay / 2), undefined, { signal: waiting }).catch(() => {})
      delay = Math.min(delay * 2, retryMaxMs)
    }
  }

  return {
    async run<T>(key: string, fn: (signal: AbortSignal, acquired: R | undefined) => Promise<T>, waiting?: AbortSignal): Promise<T> {
      const redisKey = prefix + key
      const token = randomUUID()
      const acquired = await acquire(key, redisKey, token, waiting)
      const controller = new AbortController()
      let extending = false
      const timer = setInterval(() => {
        if (extending || controller.signal.aborted) return
        extending = true
        extend(redisKey, token, ttlMs, key)
          .then((extended) => {
            if (extended || controller.signal.aborted) return
            controller.abort(new LockLostError(key))
            clearInterval(timer)
            options.onLockLost?.(key)
          })
          // A failed extension is retried at the next tick; the lock lives ttlMs past the last success.
          .catch(() => {})
          .finally(() => { extending = false })
      }, extendEveryMs)
      timer.unref()
      try {
        return await fn(controller.signal, acquired)
      } finally {
        clearInterval(timer)
        await runScript(redis, RELEASE_SCRIPT, [redisKey], [token]).catch(() => {
          if (pendingReleases.size < MAX_PENDING_RELEASES) pendingReleases.set(token, redisKey)
        })
      }
    }
  }
}

interface Waiter {
  grant: () => void
}

function createLocalLock<R> (options: ConversationLockOptions<R>): ConversationLock<R> {
  const { waitMs } = options
  /** Present while the key is held; holds the waiters in arrival order. */
  const queues = new Map<string, Waiter[]>()
  const neverAborted = new AbortController().signal

  async function acquire (key: string, waiting: AbortSignal | undefined): Promise<void> {
    waiting?.throwIfAborted()
    const queue = queues.get(key)
    if (queue === undefined) {
      queues.set(key, [])
      return
    }
    const startedAt = Date.now()
    await new Promise<void>((resolve, reject) => {
      const leave = (error: unknown): void => {
        clearTimeout(timer)
        waiting?.removeEventListener('abort', onAbort)
        const index = queue.indexOf(waiter)
        if (index >= 0) queue.splice(index, 1)
        reject(error)
      }
      const onAbort = (): void => { leave(waiting?.reason) }
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer)
          waiting?.removeEventListener('abort', onAbort)
          resolve()
        }
      }
      const timer = setTimeout(() => { leave(new ConversationBusyError(key, Date.now() - startedAt)) }, waitMs)
      waiting?.addEventListener('abort', onAbort, { once: true })
      queue.push(waiter)
    })
  }

  function release (key: string): void {
    const queue = queues.get(key)
    if (queue === undefined) return
    const next = queue.shift()
    if (next === undefined) queues.delete(key)
    else next.grant()
  }

  return {
    async run<T>(key: string, fn: (signal: AbortSignal, acquired: R | undefined) => Promise<T>, waiting?: AbortSignal): Promise<T> {
      await acquire(key, waiting)
      let unhold: (() => void) | undefined
      try {
        unhold = options.hold?.(key)
        return await fn(neverAborted, undefined)
      } finally {
        unhold?.()
        release(key)
      }
    }
  }
}
