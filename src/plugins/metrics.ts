// Prometheus metrics (prom-client) on GET /metrics: HTTP traffic, external calls by service, LLM
// tokens and failovers, model calls per turn, idle garbage collections, cache results, rate-limit rejections, Redis
// availability, event-loop delay and the default process metrics. Public on trusted networks, or behind METRICS_TOKEN (Authorization: Bearer).
// With WORKERS > 1 the worker that answers asks the primary for the metrics of every worker.
import fp from 'fastify-plugin'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { ServiceError } from '../services/errors.ts'
import { createApiKeyVerifier, unusualSecret } from './auth.ts'
import { cacheControl, NO_STORE } from './cache-control.ts'
import { clusterMetrics, registerWorkerRegistry } from '../services/cluster-metrics.ts'

export type CallOutcome = 'ok' | 'error' | 'timeout'

export interface Metrics {
  readonly registry: Registry
  externalCall: (service: string, outcome: CallOutcome, seconds: number) => void
  llmTokens: (provider: string, input: number, output: number) => void
  failover: (from: string, to: string) => void
  cache: (cache: string, result: 'hit' | 'miss' | 'error') => void
  rateLimited: () => void
  /** A request let through because the rate-limit store (Redis) failed. */
  rateLimitStoreFailure: () => void
  turn: (mode: string, channel: 'text' | 'voice', modelCalls: number) => void
  /** One idle garbage collection: how long it held the event loop, and the heap and buffers it returned. */
  idleCollection: (seconds: number, releasedBytes: number) => void
  /** Stops the event-loop sampler. */
  close: () => void
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics
  }
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120]

export function createMetrics (options: { redisStatus: () => 'up' | 'down' | 'disabled' }): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const external = new Histogram({
    name: 'itb_external_call_duration_seconds',
    help: 'Duration of calls to external services, by service and outcome',
    labelNames: ['service', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry]
  })
  const tokens = new Counter({ name: 'itb_llm_tokens_total', help: 'Language-model tokens by provider and direction', labelNames: ['provider', 'direction'] as const, registers: [registry] })
  const failovers = new Counter({ name: 'itb_llm_failovers_total', help: 'Times the next language-model provider took over', labelNames: ['from', 'to'] as const, registers: [registry] })
  const cache = new Counter({ name: 'itb_cache_requests_total', help: 'Cache lookups by cache and result', labelNames: ['cache', 'result'] as const, registers: [registry] })
  const rateLimited = new Counter({ name: 'itb_rate_limit_rejections_total', help: 'Requests refused by the rate limit', registers: [registry] })
  const rateLimitStoreFailures = new Counter({ name: 'itb_rate_limit_store_failures_total', help: 'Requests let through unlimited because the rate-limit store failed', registers: [registry] })
  const turns = new Counter({ name: 'itb_conversation_turns_total', help: 'Answered questions by mode and channel', labelNames: ['mode', 'channel'] as const, registers: [registry] })
  // A turn's cost is set by how many model calls it makes: 1 when the first search suffices.
  const modelCalls = new Histogram({ name: 'itb_model_calls_per_turn', help: 'Language-model calls made to answer one question, by mode', labelNames: ['mode'] as const, buckets: [0, 1, 2, 3, 4, 6, 10], registers: [registry] })
  const idleGcDuration = new Histogram({ name: 'itb_idle_gc_duration_seconds', help: 'Full garbage collections run after IDLE_GC_SECONDS without requests: time the event loop was held', buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry] })
  const idleGcReleased = new Counter({ name: 'itb_idle_gc_released_bytes_total', help: 'V8 heap and external memory returned by idle garbage collections', registers: [registry] })
  const sampler = observeEventLoopDelay(registry)
  if (options.redisStatus() !== 'disabled') {
    // Only with Redis configured: a 0 without Redis would page someone for nothing.
    // eslint-disable-next-line no-new -- registered on creation, read at scrape time
    new Gauge({
      name: 'itb_redis_up',
      help: '1 when Redis is connected, 0 when it is configured but not connected',
      registers: [registry],
      collect () { this.set(options.redisStatus() === 'up' ? 1 : 0) }
    })
  }
  return {
    registry,
    externalCall: (service, outcome, seconds) => { external.observe({ service, outcome }, seconds) },
    llmTokens: (provider, input, output) => {
      tokens.inc({ provider, direction: 'input' }, input)
      tokens.inc({ provider, direction: 'output' }, output)
    },
    failover: (from, to) => { failovers.inc({ from, to }) },
    cache: (name, result) => { cache.inc({ cache: name, result }) },
    rateLimited: () => { rateLimited.inc() },
    rateLimitStoreFailure: () => { rateLimitStoreFailures.inc() },
    turn: (mode, channel, calls) => {
      turns.inc({ mode, channel })
      modelCalls.observe({ mode }, calls)
    },
    idleCollection: (seconds, releasedBytes) => {
      idleGcDuration.observe(seconds)
      idleGcReleased.inc(Math.max(0, releasedBytes))
    },
    close: () => { clearInterval(sampler) }
  }
}

const EVENT_LOOP_SAMPLE_MS = 100

/**
 * Event-loop delay as a histogram (summable across instances, unlike the default metrics' percentile
 * gauges): an unref'd timer observes how late it fires. A slow turn's synchronous work shows here.
 */
function observeEventLoopDelay (registry: Registry): NodeJS.Timeout {
  const delay = new Histogram({
    name: 'itb_event_loop_delay_seconds',
    help: `How late a ${EVENT_LOOP_SAMPLE_MS} ms timer fired: time the event loop was blocked`,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry]
  })
  let expected = performance.now() + EVENT_LOOP_SAMPLE_MS
  return setInterval(() => {
    const now = performance.now()
    delay.observe(Math.max(0, now - expected) / 1000)
    expected = now + EVENT_LOOP_SAMPLE_MS
  }, EVENT_LOOP_SAMPLE_MS).unref()
}

export default fp(async (fastify) => {
  const { config } = fastify
  const metrics = createMetrics({
    redisStatus: () => fastify.redis === null ? 'disabled' : fastify.redis.status === 'ready' ? 'up' : 'down'
  })
  fastify.decorate('metrics', metrics)
  fastify.addHook('onClose', async () => { metrics.close() })
  const { registry } = metrics

  const requests = new Counter({ name: 'itb_http_requests_total', help: 'HTTP requests by route, method and status', labelNames: ['route', 'method', 'status'] as const, registers: [registry] })
  const duration = new Histogram({ name: 'itb_http_request_duration_seconds', help: 'HTTP request duration by route, method and status', labelNames: ['route', 'method', 'status'] as const, buckets: LATENCY_BUCKETS, registers: [registry] })
  registerWorkerRegistry(registry)
  const inFlight = new Gauge({ name: 'itb_http_requests_in_flight', help: 'HTTP requests being served', registers: [registry] })

  // Every Redis command, timed (ioredis has no hook of its own: wrap its one entry point).
  const redis = fastify.redis
  if (redis !== null) {
    const send = redis.sendCommand.bind(redis)
    redis.sendCommand = ((command: Parameters<typeof send>[0], stream?: Parameters<typeof send>[1]) => {
      const started = performance.now()
      const settle = (outcome: CallOutcome) => () => { metrics.externalCall('redis', outcome, (performance.now() - started) / 1000) }
      command.promise.then(settle('ok'), settle('error'))
      return send(command, stream)
    }) as typeof redis.sendCommand
  }

  fastify.watchRequests({
    started: () => { inFlight.inc() },
    ended: (request, reply, status) => {
      inFlight.dec()
      // The route pattern, never the raw URL: unknown paths must not create label values.
      const labels = { route: request.routeOptions.url ?? 'not-found', method: request.method, status: String(status) }
      requests.inc(labels)
      duration.observe(labels, reply.elapsedTime / 1000)
    }
  })

  // The API keys' verifier (constant time, a token past ASCII read back as the UTF-8 scrapers send).
  const token = config.METRICS_TOKEN === undefined ? undefined : createApiKeyVerifier([config.METRICS_TOKEN])
  if (config.METRICS_TOKEN !== undefined && unusualSecret(config.METRICS_TOKEN)) {
    fastify.log.warn('METRICS_TOKEN has characters other than printable ASCII: scrapers must send it as UTF-8; use a random token (openssl rand -base64 32)')
  }
  // Its one route is its group: a scrape reads the counters as they are now, never a kept copy.
  fastify.get('/metrics', { schema: { hide: true }, config: { probe: true }, onSend: cacheControl(NO_STORE) }, async (request, reply) => {
    if (token !== undefined) {
      // The scheme is case-insensitive, followed by one or more spaces (RFC 9110 §11.1, §11.4).
      const given = /^Bearer +(.+)$/i.exec(request.headers.authorization ?? '')?.[1]
      if (token.identify(given ?? '') === null) {
        // The challenge a 401 must carry (RFC 9110 §11.6.1), in RFC 6750 §3's words.
        reply.header('www-authenticate', given === undefined ? 'Bearer realm="metrics"' : 'Bearer realm="metrics", error="invalid_token"')
        throw new ServiceError('unauthorized', 'METRICS_UNAUTHORIZED', 'Metrics need Authorization: Bearer <METRICS_TOKEN>')
      }
    }
    const text = await clusterMetrics() ?? await registry.metrics()
    return await reply.type(registry.contentType).send(text)
  })
}, { name: 'metrics', fastify: '5.x', dependencies: ['config', 'redis', 'request-end'] })
