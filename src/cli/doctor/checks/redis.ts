// Redis: connects once without retries, PINGs, and reports the version and the persistence.
import { Redis, type RedisOptions } from 'ioredis'
import type { Env as Config } from '../../../../schemas/env.ts'
import { brief } from '../../../services/speech/call.ts'
import { redisOptionsFrom } from '../../../wiring/redis.ts'
import type { CheckOutcome, PlannedCheck } from '../types.ts'
import { hostOf } from './common.ts'
import { firstReply, isRespReply, printableLine, type ProbeTarget } from './redis-probe.ts'

interface Persistence { aof?: boolean, rdb?: boolean }

async function persistenceOf (redis: Redis): Promise<Persistence> {
  try {
    const appendonly = await redis.call('CONFIG', 'GET', 'appendonly') as string[]
    const save = await redis.call('CONFIG', 'GET', 'save') as string[]
    return { aof: appendonly[1] === 'yes', rdb: (save[1] ?? '').trim() !== '' }
  } catch {
    // Managed Redis (ElastiCache, Upstash, Memorystore...) often disables CONFIG; INFO still tells AOF.
    const info = await redis.info('persistence').catch(() => '')
    const aof = /^aof_enabled:(\d)/m.exec(info)?.[1]
    return { aof: aof === undefined ? undefined : aof === '1' }
  }
}

function describePersistence ({ aof, rdb }: Persistence): CheckOutcome {
  if (aof === true) return { status: 'ok', detail: rdb === true ? 'AOF on, RDB snapshots on' : 'AOF on' }
  if (rdb === true) return { status: 'ok', detail: 'RDB snapshots on (AOF off: writes since the last snapshot are lost on a crash)' }
  if (aof === false && rdb === false) {
    return { status: 'warn', detail: 'no persistence (AOF and RDB snapshots off) — conversations are lost when Redis restarts: set appendonly yes' }
  }
  if (aof === false) return { status: 'ok', detail: 'AOF off, snapshots unknown (CONFIG is disabled, as on managed Redis)' }
  return { status: 'ok', detail: 'persistence unknown (CONFIG and INFO are disabled)' }
}

/** ioredis's decoder meeting a first byte no Redis reply starts with: something else listens there. */
const NOT_RESP = /^Unknown RESP type \d+ "(.)"/

/** The connection went away under ioredis (a server of another kind closing on what it cannot parse). */
function droppedConnection (error: unknown): boolean {
  const { code, message } = error as { code?: unknown, message?: unknown }
  return code === 'ECONNRESET' || code === 'EPIPE' || message === 'Connection is closed.'
}

/**
 * When ioredis failed for want of a Redis at the other end, says so plainly, with what answered in
 * its place; undefined when the failure was something else (explained the usual way).
 */
async function notRedis (redis: Redis, failure: unknown, protocolError: Error | undefined, address: string, variable: string,
  timeoutMs: number, signal: AbortSignal): Promise<CheckOutcome | undefined> {
  if (protocolError === undefined && !droppedConnection(failure)) return undefined
  const { host, port, path, tls } = redis.options
  const target: ProbeTarget | undefined = tls !== undefined ? undefined : path !== undefined && path !== null ? { path } : { host: host ?? 'localhost', port: port ?? 6379 }
  const reply = target === undefined ? undefined : await firstReply(target, timeoutMs, signal)
  const check = ` — check ${variable}`
  if (reply !== undefined && !isRespReply(reply)) {
    return { status: 'fail', code: 'protocol', detail: `${address} answered, but it is not Redis: it replied "${printableLine(reply)}"${check}` }
  }
  const byte = protocolError === undefined ? undefined : NOT_RESP.exec(protocolError.message)?.[1]
  if (byte === undefined) return undefined
  return { status: 'fail', code: 'protocol', detail: `${address} answered, but it is not Redis: its reply began with "${printableLine(byte)}"${check}` }
}

export function redisCheck (config: Config): PlannedCheck {
  const settings = redisOptionsFrom(config)
  if (settings === null) return { name: 'redis', skip: 'not configured (REDIS_URL, REDIS_HOST): conversations stay in this process' }
  const viaUrl = settings.url !== undefined
  // Never the URL itself: it may hold the password.
  const address = viaUrl ? hostOf(settings.url as string) : `${config.REDIS_HOST ?? ''}:${config.REDIS_PORT}`
  const variable = viaUrl ? 'REDIS_URL' : 'REDIS_HOST and REDIS_PORT'
  return {
    name: 'redis',
    hints: {
      key: viaUrl ? 'the password in REDIS_URL' : 'REDIS_PASSWORD',
      credential: 'password',
      url: variable,
      host: address
    },
    run: async ({ signal, timeoutMs }) => {
      // No reconnection and no retries: the doctor wants the first answer, good or bad.
      const options: RedisOptions = {
        ...settings.options,
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        connectTimeout: timeoutMs,
        commandTimeout: timeoutMs
      }
      const redis = viaUrl ? new Redis(settings.url as string, options) : new Redis(options)
      let lastError: Error | undefined
      let protocolError: Error | undefined
      redis.on('error', (error: Error) => {
        lastError = error
        if (NOT_RESP.test(error.message)) protocolError ??= error
      })
      const onAbort = (): void => { redis.disconnect() }
      signal.addEventListener('abort', onAbort, { once: true })
      try {
        let pong: unknown
        try {
          await redis.connect().catch((error: unknown) => {
            // connect() only says "Connection is closed."; the error event has the cause.
            throw lastError ?? error
          })
          pong = await redis.ping()
        } catch (failure) {
          const outcome = await notRedis(redis, failure, protocolError, address, variable, timeoutMs, signal)
          if (outcome !== undefined) return outcome
          throw failure
        }
        if (pong !== 'PONG') return { status: 'fail', code: 'ping', detail: `unexpected PING reply ${brief(String(pong), 40)}` }
        const version = /^redis_version:(\S+)/m.exec(await redis.info('server').catch(() => ''))?.[1]
        const persistence = describePersistence(await persistenceOf(redis))
        return { ...persistence, detail: `redis ${version ?? '(version unknown)'}, ${persistence.detail}` }
      } finally {
        signal.removeEventListener('abort', onAbort)
        redis.disconnect()
      }
    }
  }
}
