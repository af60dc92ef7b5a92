// What the log says about the Redis connection while ioredis reconnects on its own (every 0.5 s at
// most, forever: redis-options.ts). Each distinct failure is logged once per outage, not at every
// attempt: ioredis's errors alternate ("write EPIPE", "Unknown RESP type 72 "H"", "read ECONNRESET"),
// so comparing with the last one logged a line per attempt. When the address answers, but not as Redis (REDIS_URL at
// an HTTP port), one probe (redis-probe.ts) says what answered, in one line naming the address and
// never the password; the protocol errors that follow at each reconnection are not logged again.
// A server that closes a new connection without a word (Node's TLS server given plain text) raises no
// error in ioredis, only a close: that close is a failure like "Connection is closed." and is probed too.
import type { Redis } from 'ioredis'
import { isDatabaseRefusal } from './redis-database.ts'
import { isProtocolError, maySignalNotRedis, probeNotRedis, SPEAKS_PLAIN, SPEAKS_TLS, type NotRedis } from './redis-probe.ts'

export interface RedisConnectionLogger {
  error: (obj: object, msg: string) => void
  warn: (obj: object, msg: string) => void
  info: (obj: object, msg: string) => void
}

/** Redis refusing the password (or its absence): NOAUTH, WRONGPASS, or an old server's "invalid password". */
export function isPasswordRefusal (error: unknown): boolean {
  return error instanceof Error && /^(NOAUTH|WRONGPASS)\b|^ERR invalid password/.test(error.message)
}

/** What /ready and /health say while Redis refuses the password: fixed words, the server's are in the log. */
export const PASSWORD_REFUSED = 'the server refuses the password'

export interface RedisConnectionLog {
  /** What answered at the address in Redis's place, while that is the diagnosis; undefined otherwise. */
  notRedis: () => NotRedis | undefined
  /** Whether the last failure was Redis refusing the password (until a connection is ready or fails otherwise). */
  passwordRefused: () => boolean
  /** Stops a probe under way (the service is closing). */
  close: () => void
}

export interface RedisConnectionLogOptions {
  logger: RedisConnectionLogger
  /** The variable to correct: REDIS_URL, or REDIS_HOST and REDIS_PORT. */
  variable: string
  probeTimeoutMs: number
}

export function watchRedisConnection (redis: Redis, options: RedisConnectionLogOptions): RedisConnectionLog {
  const { logger, variable } = options
  // Where ioredis connects, from its parsed options: never the URL, which may hold the password.
  const { host, port, path } = redis.options
  const address = path !== undefined && path !== null && path !== '' ? path : `${host ?? 'localhost'}:${port ?? 6379}`
  /** The failures logged (or probed) since the connection was last ready. */
  const seen = new Set<string>()
  let diagnosis: NotRedis | undefined
  let protocolError: Error | undefined
  let probing: AbortController | undefined

  const logFailure = (error: Error): void => {
    if (seen.has(error.message)) return
    seen.add(error.message)
    logger.warn({ err: error, address }, 'redis connection error')
  }

  const probe = (failure: Error): void => {
    seen.add(failure.message)
    const controller = probing = new AbortController()
    probeNotRedis(redis.options, failure, protocolError, options.probeTimeoutMs, controller.signal).then((answer) => {
      if (probing !== controller || controller.signal.aborted) return
      probing = undefined
      if (answer === undefined) {
        seen.delete(failure.message)
        logFailure(failure)
        return
      }
      diagnosis = answer
      if ('tls' in answer) {
        logger.error({ address }, `redis address ${SPEAKS_TLS} (check ${variable})`)
        return
      }
      if ('plain' in answer) {
        logger.error({ address }, `redis address ${SPEAKS_PLAIN} (check ${variable})`)
        return
      }
      const answered = 'replied' in answer ? answer.replied : `${answer.began}…`
      logger.error({ address, answered }, `redis address answers, but it is not Redis: check ${variable}`)
    }).catch(() => {
      // The probe resolves on every socket outcome; should it ever throw, the failure is logged as it was.
      probing = undefined
      logFailure(failure)
    })
  }

  /** Connected at TCP level, and neither ready nor failed since: a close now is the server hanging up. */
  let connecting = false
  let stopped = false

  let refusedPassword = false

  const onFailure = (error: Error): void => {
    refusedPassword = isPasswordRefusal(error)
    if (isProtocolError(error)) protocolError ??= error
    if (maySignalNotRedis(error, redis.options.tls !== undefined)) {
      // Already explained, or being probed: the same mismatch at another reconnection.
      if (diagnosis !== undefined || probing !== undefined) return
      if (!seen.has(error.message)) {
        probe(error)
        return
      }
    } else if (diagnosis !== undefined) {
      // Something else now (the address refuses connections): no longer the same diagnosis, and
      // what answers there next is probed again.
      diagnosis = undefined
      protocolError = undefined
      seen.clear()
    }
    logFailure(error)
  }

  /** The server refused the database number: the guard (redis-database.ts) says so and drops the connection. */
  let dropped = false

  redis.on('connect', () => { connecting = true })
  redis.on('error', (error: Error) => {
    connecting = false
    // Neither the refusal nor the failures of the connection being dropped for it ("Stream isn't writeable").
    if (isDatabaseRefusal(error)) dropped = true
    if (dropped) return
    onFailure(error)
  })
  redis.on('close', () => {
    dropped = false
    // `stopped`: the service's own disconnect at shutdown is no failure to probe.
    if (!connecting || stopped) return
    connecting = false
    onFailure(new Error('Connection is closed.'))
  })
  redis.on('ready', () => {
    connecting = false
    if (seen.size > 0 || diagnosis !== undefined) logger.info({ address }, 'redis connection restored')
    seen.clear()
    diagnosis = undefined
    protocolError = undefined
    refusedPassword = false
    probing?.abort()
    probing = undefined
  })

  return {
    notRedis: () => diagnosis,
    passwordRefused: () => refusedPassword,
    close: () => {
      stopped = true
      probing?.abort()
    }
  }
}
