// Per-caller rate limit (RATE_LIMIT_PER_HOUR): by API key id, by client IP without a valid key.
// Counters live in Redis when present, so every instance shares them; in memory otherwise.
// Registered with global: false; the /v1 scope and the 404 handler apply `fastify.rateLimit()`.
// https://github.com/fastify/fastify-rate-limit
import { createHash } from 'node:crypto'
import { isIP } from 'node:net'
import rateLimit from '@fastify/rate-limit'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'
import type { RateLimitUsageBody } from '../../schemas/key.ts'
import { ServiceError } from '../services/errors.ts'
import { createOutageReporter, type OutageReporter } from '../services/outage.ts'

const WINDOW_MS = 60 * 60 * 1000

/** Where the counters live in Redis (docs/deployment.md lists it): the same prefix for the count and the read. */
const KEY_PREFIX = 'itb:rl:'

// INCR + PEXPIRE on first hit, atomically; returns the count and the window's remaining ms.
const INCREMENT = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {current, ttl}`

// The count and the window's remaining ms, unchanged; {0, 0} when nothing was counted.
const READ = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then ttl = 0 end
return {current, ttl}`

type IncrementCallback = (error: Error | null, result?: { current: number, ttl: number }) => void

function redisStoreClass (redis: Redis, outage: OutageReporter) {
  // The plugin's own RedisStore fails silently with skipOnError; this one reports the outage
  // (and the request still goes through: a Redis outage must not take the API down).
  return class RedisRateLimitStore {
    incr (key: string, callback: IncrementCallback, timeWindow: number = WINDOW_MS): void {
      redis.eval(INCREMENT, 1, `${KEY_PREFIX}${key}`, String(timeWindow)).then((reply) => {
        outage.succeeded()
        const [current, ttl] = reply as [number, number]
        callback(null, { current, ttl })
      }, (error: Error) => {
        outage.failed(error)
        callback(error)
      })
    }

    child (): this { return this }
  }
}

/**
 * The counter's name: the key id, else the client address. `request.ip` can come from
 * X-Forwarded-For, which proxy-addr does not validate: anything but an IP address is hashed, so
 * header text never becomes a Redis key.
 */
declare module 'fastify' {
  interface FastifyInstance {
    /** The caller's hourly budget as it stands, without counting this request; null when unknown or off. */
    rateLimitUsage: (request: FastifyRequest) => Promise<RateLimitUsageBody | null>
  }
  interface FastifyContextConfig {
    /** A valid key's request to this route is not counted (without one it is, by client IP, as anywhere). */
    uncounted?: boolean
  }
}

export function rateLimitKey (request: Pick<FastifyRequest, 'keyId' | 'ip'>): string {
  if (request.keyId !== null) return `key:${request.keyId}`
  return isIP(request.ip) !== 0 ? `ip:${request.ip}` : `ip-hash:${createHash('sha256').update(request.ip).digest('hex')}`
}

/**
 * A request the store could not count (Redis down: let through, skipOnError) gets the plugin's
 * made-up numbers, the whole quota left and a reset in 0 s; a counted one has at least one used.
 * No numbers rather than wrong ones. The quota is the answer's own x-ratelimit-limit, not
 * RATE_LIMIT_PER_HOUR: a limiter made with its own `max` is read right too.
 */
export function dropUncountedNumbers (reply: Pick<FastifyReply, 'getHeader' | 'removeHeader'>): void {
  const limit = reply.getHeader('x-ratelimit-limit')
  if (limit === undefined || Number(reply.getHeader('x-ratelimit-remaining')) !== Number(limit)) return
  reply.removeHeader('x-ratelimit-limit')
  reply.removeHeader('x-ratelimit-remaining')
  reply.removeHeader('x-ratelimit-reset')
}

export default fp(async (fastify) => {
  const { config, redis } = fastify
  await fastify.register(rateLimit, {
    global: false,
    max: config.RATE_LIMIT_PER_HOUR,
    timeWindow: WINDOW_MS,
    keyGenerator: rateLimitKey,
    onExceeded: () => { fastify.metrics.rateLimited() },
    skipOnError: true,
    ...(redis === null
      ? {}
      : {
          store: redisStoreClass(redis, createOutageReporter({
            logger: fastify.log,
            dependency: 'redis',
            failure: 'rate limit store unavailable: requests are allowed until it is back',
            recovery: 'rate limit store available again',
            onFailure: () => { fastify.metrics.rateLimitStoreFailure() }
          }))
        }),
    errorResponseBuilder: (_request, context) => new ServiceError('rate_limited', 'RATE_LIMITED',
      `Rate limit exceeded: ${context.max} requests per hour. Retry in ${context.after}.`,
      { retryAfter: Math.ceil(context.ttl / 1000) })
  })
  const peek = fastify.createRateLimit()
  fastify.decorate('rateLimitUsage', async (request: FastifyRequest): Promise<RateLimitUsageBody | null> => {
    if (!config.RATE_LIMIT_ENABLED) return null
    const limit = config.RATE_LIMIT_PER_HOUR
    let current: number
    let ttl: number
    if (redis === null) {
      // The plugin's memory store; its read never fails.
      const read = await peek(request, { increment: false })
      if (read.isAllowed) return null
      current = limit - read.remaining
      ttl = read.ttl
    } else {
      // Read here rather than through the plugin, which would take a failed read for an unused budget.
      try {
        [current, ttl] = await redis.eval(READ, 1, `${KEY_PREFIX}${rateLimitKey(request)}`) as [number, number]
      } catch {
        return null
      }
    }
    return { limit, remaining: Math.max(0, limit - current), reset: Math.ceil(ttl / 1000) }
  })
  if (redis !== null) {
    fastify.addHook('onSend', async (_request, reply, payload) => {
      dropUncountedNumbers(reply)
      return payload
    })
  }
}, { name: 'rate-limit', fastify: '5.x', dependencies: ['config', 'redis', 'auth', 'metrics'] })
