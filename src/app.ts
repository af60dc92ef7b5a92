// Builds the whole service from a validated config. Load order is the architecture:
// infrastructure plugins, then the app's own plugins, then routes (public ones outside /v1).
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { DestinationStream } from 'pino'
import Fastify, { LogController, type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { trustProxyOf, type Config } from './config.ts'
import { redactSecrets, secretValues } from './sentry-options.ts'
import assistantPlugin from './plugins/assistant.ts'
import authPlugin from './plugins/auth.ts'
import configPlugin from './plugins/config.ts'
import errorsPlugin, { rawAnswers, sendError, type RawAnswers } from './plugins/errors.ts'
import hostHeaderPlugin from './plugins/host-header.ts'
import idleGcPlugin from './plugins/idle-gc.ts'
import knowledgePlugin from './plugins/knowledge.ts'
import loggingPlugin, { REDACTED_PATHS, requestIdFrom, serializeError } from './plugins/logging.ts'
import metricsPlugin from './plugins/metrics.ts'
import pressurePlugin from './plugins/pressure.ts'
import rateLimitPlugin from './plugins/rate-limit.ts'
import readinessPlugin from './plugins/readiness.ts'
import redisPlugin from './plugins/redis.ts'
import requestEndPlugin from './plugins/request-end.ts'
import { keepRequestHeads } from './plugins/request-head.ts'
import securityPlugin, { crossOriginHeaders } from './plugins/security.ts'
import sentryPlugin from './plugins/sentry.ts'
import shutdownPlugin from './plugins/shutdown.ts'
import swaggerPlugin from './plugins/swagger.ts'
import voicePlugin from './plugins/voice.ts'
import demoRoutes from './routes/demo.ts'
import healthRoutes from './routes/health.ts'
import { createRouteMethods } from './routes/methods.ts'
import audioRoutes from './routes/v1/audio.ts'
import chatRoutes from './routes/v1/chat.ts'
import conversationRoutes from './routes/v1/conversations.ts'
import v1Routes from './routes/v1/index.ts'
import meRoutes from './routes/v1/me.ts'

/** JSON bodies are small: a message is at most 5,000 characters (≤ 20 KB in UTF-8). */
export const JSON_BODY_LIMIT = 64 * 1024

export interface BuildOptions {
  /** Where logs go (default: stdout). Tests pass a stream to read them. */
  logStream?: DestinationStream
  /** Pretty logs (default: only when stdout is a TTY). */
  prettyLogs?: boolean
  /** Extra route plugins mounted under /v1, inside the auth scope. */
  extraV1Routes?: FastifyPluginAsync[]
}

/** pino-pretty is a development dependency: a production install logs JSON even on a terminal. */
function prettyLogsAvailable (): boolean {
  try {
    import.meta.resolve('pino-pretty')
    return true
  } catch {
    return false
  }
}

/** Fastify takes a hop count at run time but its types do not: the same rule as a function. */
function fastifyTrustProxy (setting: false | number | string[]): FastifyServerOptions['trustProxy'] {
  return typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : setting
}

export function loggerOptions (config: Config, options: BuildOptions): FastifyServerOptions['logger'] {
  // A vendor's error text is logged (never sent to clients) and may quote a key we sent it: every
  // configured secret is blanked in logged errors, as in what goes to Sentry.
  const secrets = secretValues(config)
  const err = (error: unknown): Record<string, unknown> => redactSecrets(serializeError(error), secrets)
  const base = {
    level: config.LOG_LEVEL,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // Fastify's types expect a `stack` in the serialized error; leaving it out is the point. (A key
    // pasted into a request's path is blanked by plugins/logging.ts, before the path is cut.)
    serializers: {
      err: err as unknown as (error: Error) => { type: string, message: string, stack: string }
    }
  }
  if (options.logStream !== undefined) return { ...base, stream: options.logStream }
  if ((options.prettyLogs ?? process.stdout.isTTY) && prettyLogsAvailable()) {
    return { ...base, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
  }
  return base
}

/**
 * `Expect: 100-continue`: Node answers 100 Continue at once, inviting a body the route may then refuse
 * by its announced size (413). Instead the 100 goes out when the body is first read, so a refused
 * upload is refused before the client sends it.
 */
function continueOnRead (server: Server, { expectationFailed, connectRefused }: RawAnswers): void {
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    request.once('resume', () => { if (!response.headersSent) response.writeContinue() })
    server.emit('request', request, response)
  })
  // What Node answers itself otherwise (a bare 417, a closed socket), in the common error shape.
  server.on('checkExpectation', expectationFailed)
  server.on('connect', connectRefused)
}

/** How often Node looks for requests past REQUEST_TIMEOUT (a walk over the open connections). */
const REQUEST_TIMEOUT_CHECK_MS = 1000

export async function buildApp (config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  // Node's timeouts take whole milliseconds; the configuration allows fractional seconds.
  const requestTimeoutMs = Math.round(config.REQUEST_TIMEOUT * 1000)
  // Answers Node would write itself, in the common error shape, with the CORS headers of the others.
  const raw = rawAnswers(crossOriginHeaders(config.CORS_ORIGINS))
  const app = Fastify({
    logger: loggerOptions(config, options),
    // Our own one-line-per-request log replaces Fastify's two lines (plugins/logging.ts).
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
    genReqId: requestIdFrom,
    trustProxy: fastifyTrustProxy(trustProxyOf(config.TRUST_PROXY)),
    bodyLimit: JSON_BODY_LIMIT,
    // A request not received whole within REQUEST_TIMEOUT (a stalled or trickled body) is answered 408
    // by Node's request timeout (plugins/errors.ts, clientErrorHandler). Node checks it every
    // connectionsCheckingInterval (30 s by default: a 5 s timeout fired after up to 35 s), only while
    // headersTimeout is not longer (Fastify sets requestTimeout after creating the server, so the
    // headers' default of 60 s stayed, and the request timeout never fired below it), and the socket's
    // idle timeout must come later, or it hangs up on a stalled body without a word first.
    requestTimeout: requestTimeoutMs,
    connectionTimeout: requestTimeoutMs + 2 * REQUEST_TIMEOUT_CHECK_MS,
    keepAliveTimeout: 72_000,
    // The common error shape and security headers for errors raised before the request lifecycle.
    frameworkErrors: raw.frameworkErrors,
    clientErrorHandler: raw.clientErrorHandler,
    // Node's bare 400 for an HTTP/1.1 request without Host becomes the common shape (plugins/host-header.ts).
    http: {
      requireHostHeader: false,
      headersTimeout: Math.min(60_000, requestTimeoutMs),
      connectionsCheckingInterval: REQUEST_TIMEOUT_CHECK_MS
    },
    // plugins/shutdown.ts answers requests that arrive while closing, in the common error shape.
    return503OnClosing: false,
    // Conversation ids are up to 128 characters (schemas/chat.ts): the router's default of 100 answered
    // 414 to GET/DELETE of ids that could chat. Room above 128 so a slightly long id gets the
    // validation message; far longer ones still get 414 (in the common shape, see plugins/errors.ts).
    routerOptions: { maxParamLength: 256 },
    // No type coercion: `{"message": 12345}` or `["   "]` would become strings and skip the trimming
    // done on real strings. No route takes numbers or arrays from the query string or headers.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } }
  }).withTypeProvider<TypeBoxTypeProvider>()
  continueOnRead(app.server, raw)
  // The head each connection is receiving, for those answers when Node's parser refuses it.
  keepRequestHeads(app.server)
  // Every route, the plugins' own included (docs, CORS preflight), for the 405 answers below.
  const routeMethods = createRouteMethods()
  app.addHook('onRoute', (route) => { routeMethods.add(route) })

  // Infrastructure
  await app.register(configPlugin, { config })
  // First: its onRequest hook runs before any other can answer a request (see the plugin).
  await app.register(requestEndPlugin)
  await app.register(sentryPlugin)
  await app.register(errorsPlugin)
  await app.register(readinessPlugin)
  await app.register(redisPlugin)
  await app.register(metricsPlugin)
  await app.register(authPlugin)
  await app.register(loggingPlugin)
  await app.register(securityPlugin)
  await app.register(hostHeaderPlugin)
  await app.register(shutdownPlugin)
  await app.register(pressurePlugin)
  await app.register(idleGcPlugin)
  await app.register(rateLimitPlugin)
  await app.register(swaggerPlugin)

  // The product
  await app.register(knowledgePlugin)
  await app.register(assistantPlugin)
  await app.register(voicePlugin)

  // Routes
  await app.register(healthRoutes)
  if (config.DEMO_ENABLED) await app.register(demoRoutes)
  await app.register(v1Routes, { prefix: '/v1', routes: [chatRoutes, audioRoutes, conversationRoutes, meRoutes, ...(options.extraV1Routes ?? [])] })

  // On close Node drops the keep-alive connections that are idle at that moment, once. A connection
  // whose request was still running goes idle later and would hold the shutdown open until its
  // keep-alive timeout: keep sweeping until the server is closed.
  let sweeper: NodeJS.Timeout | undefined
  app.addHook('preClose', async () => {
    sweeper = setInterval(() => { app.server.closeIdleConnections() }, 100)
    sweeper.unref()
  })
  app.addHook('onClose', async () => { clearInterval(sweeper) })

  // Unknown routes are rate limited too, so probing for them costs the caller's quota.
  app.setNotFoundHandler({ preHandler: config.RATE_LIMIT_ENABLED ? app.rateLimit() : undefined }, async (request, reply) => {
    const path = (request.url.split('?')[0] ?? '').slice(0, 200)
    const allowed = routeMethods.allowed(path)
    // A route of this method that found nothing (a file under /demo/*) is a plain 404 too.
    if (allowed.length === 0 || allowed.includes(request.method)) return sendError(request, reply, 404, 'NOT_FOUND', `Route ${request.method} ${path} not found`)
    reply.header('allow', allowed.join(', '))
    return sendError(request, reply, 405, 'METHOD_NOT_ALLOWED', `Method ${request.method} is not allowed on ${path} (allowed: ${allowed.join(', ')})`)
  })

  return app
}
