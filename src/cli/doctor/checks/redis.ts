// Redis: connects once without retries, PINGs, and reports the version and the persistence.
import { Redis, type RedisOptions } from 'ioredis'
import type { Env as Config } from '../../../../schemas/env.ts'
import { databaseSetting, isDatabaseRefusal } from '../../../services/redis-database.ts'
import { describeNotRedis, isProtocolError, probeNotRedis, SPEAKS_PLAIN, SPEAKS_TLS } from '../../../services/redis-probe.ts'
import { brief } from '../../../services/vendor-call.ts'
import { redisOptionsFrom } from '../../../wiring/redis.ts'
import type { CheckOutcome, PlannedCheck } from '../types.ts'
import { hostOf } from './common.ts'

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

/**
 * When ioredis failed for want of a Redis at the other end, says so plainly, with what answered in
 * its place; undefined when the failure was something else (explained the usual way).
 */
async function notRedis (redis: Redis, failure: unknown, protocolError: Error | undefined, address: string, variable: string,
  timeoutMs: number, signal: AbortSignal): Promise<CheckOutcome | undefined> {
  const answer = await probeNotRedis(redis.options, failure, protocolError, timeoutMs, signal)
  if (answer === undefined) return undefined
  if ('tls' in answer) {
    // No TLS setting besides the URL's scheme: REDIS_HOST and REDIS_PORT connect in plain text only.
    const detail = variable === 'REDIS_URL' ? `${address} ${SPEAKS_TLS} in REDIS_URL` : `${address} speaks TLS: use REDIS_URL=rediss://… instead of ${variable}`
    return { status: 'fail', code: 'tls', detail }
  }
  // Only a rediss:// address asks for TLS: the fix is in REDIS_URL.
  if ('plain' in answer) return { status: 'fail', code: 'tls', detail: `${address} ${SPEAKS_PLAIN} in REDIS_URL` }
  return { status: 'fail', code: 'protocol', detail: `${address} answered, but it is not Redis: ${describeNotRedis(answer)} — check ${variable}` }
}

export function redisCheck (config: Config): PlannedCheck {
  const settings = redisOptionsFrom(config)
  if (settings === null) return { name: 'redis', skip: 'not configured (REDIS_URL, REDIS_HOST): conversations stay in this process' }
  const viaUrl = settings.url !== undefined
  // Never the URL itself: it may hold the password.
  const address = viaUrl ? hostOf(settings.url as string) : `${config.REDIS_HOST ?? ''}:${config.REDIS_PORT}`
  const variable = settings.variable
  const tls = viaUrl && /^rediss:/i.test(settings.url as string)
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
        // A plain Redis leaves a TLS hello unanswered: over rediss://, give up the handshake at half
        // the budget, so the plain probe has the other half to say what answers there.
        connectTimeout: tls ? Math.floor(timeoutMs / 2) : timeoutMs,
        commandTimeout: timeoutMs
      }
      const redis = viaUrl ? new Redis(settings.url as string, options) : new Redis(options)
      let lastError: Error | undefined
      let protocolError: Error | undefined
      redis.on('error', (error: Error) => {
        lastError = error
        if (isProtocolError(error)) protocolError ??= error
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
        // ioredis carries on in database 0 when the server refuses the configured one: the service does not.
        if (isDatabaseRefusal(lastError)) {
          return { status: 'fail', code: 'database', detail: `${address} refuses database ${redis.options.db ?? 0} (${brief(lastError.message, 80)}) — check ${databaseSetting(variable)}` }
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
