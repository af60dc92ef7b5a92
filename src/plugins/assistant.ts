// The answering agent, compiled once: chat providers from config (or the extractive answerer
// when none is configured), conversation memory in Redis (or bounded in memory) and
// per-conversation locks.
import type { FastifyBaseLogger } from 'fastify'
import fp from 'fastify-plugin'
import { hostOf } from '../services/address.ts'
import { createConversationLock, type ConversationLock } from '../services/conversations/lock.ts'
import type { PrefetchedCheckpoint } from '../services/conversations/saver-records.ts'
import { BoundedMemorySaver } from '../services/conversations/memory-saver.ts'
import { RedisCheckpointSaver } from '../services/conversations/redis-saver.ts'
import { createAssistant, type Assistant } from '../services/rag/assistant.ts'
import { createExtractiveAnswerer } from '../services/rag/extractive.ts'
import { probeModels, type ModelProbeResult } from '../services/rag/model-probe.ts'
import { createRagGraph } from '../services/rag/graph.ts'
import { RECORD_CHANNEL } from '../services/rag/state.ts'
import { createChatProviders } from '../services/rag/providers.ts'
import { createNodeFetch } from '../services/node-fetch.ts'
import { installLightRunContext } from '../services/rag/run-context.ts'
import { createTracing } from '../services/rag/tracing.ts'
import { assistantSettings } from '../wiring/assistant.ts'
import { chatProviderSettings, chatProviderVariables, tracingSettings } from '../wiring/rag.ts'

declare module 'fastify' {
  interface FastifyInstance {
    assistant: Assistant
  }
}

/**
 * A conversation lock lives this long unless its holder extends it (every third of it). Short, so
 * a lock left behind by a crash, or restored from Redis's AOF after an outage, frees within seconds.
 */
const LOCK_TTL_MS = 6000

/** One line per provider checked at start-up: a warn when the answer shows a configuration mistake or nothing answered. */
function logModelProbe (log: FastifyBaseLogger, provider: string, model: string, host: string | undefined, result: ModelProbeResult): void {
  const variables = chatProviderVariables(provider)
  const where = { provider, host }
  switch (result.outcome) {
    case 'ok':
      log.info(where, 'llm start-up check: ok (the model list answered)')
      return
    case 'unlisted': {
      // A warning, not a verdict: some servers answer for models they do not list (aliases, tags).
      const examples = result.examples.map((id) => `"${id}"`).join(', ')
      log.warn({ ...where, model, listed: result.listed, check: variables.model },
        `llm start-up check: ${host ?? provider} does not list the model "${model}" (it lists ${result.listed}: ${examples}${result.listed > result.examples.length ? ', …' : ''}): check ${variables.model}, unless this server serves models it does not list`)
      return
    }
    case 'unexpected':
      log.info({ ...where, status: result.status }, `llm start-up check: ${host ?? provider} answered HTTP ${result.status} (not a configuration mistake; the first question will tell)`)
      return
    case 'refused':
      if (result.problem === 'key') {
        log.warn({ ...where, status: result.status, check: variables.key }, `llm start-up check: ${host ?? provider} refused the API key (HTTP ${result.status}): check ${variables.key}`)
      } else {
        log.warn({ ...where, status: result.status, check: variables.url }, `llm start-up check: ${host ?? provider} answered HTTP ${result.status}${result.page === undefined ? '' : ` with ${result.page}`}, not an OpenAI-compatible API: check ${variables.url} (it usually ends in /v1)`)
      }
      return
    default:
      log.warn({ ...where, error: result.error }, `llm start-up check: ${host ?? provider} is unreachable (${result.error}): check ${variables.url}, or whether the server is up`)
  }
}

export default fp(async (fastify) => {
  const { config, redis, metrics } = fastify
  const limits = assistantSettings(config)
  // Each turn's record goes to the conversation's append-only transcript (GET /v1/conversations);
  // the checkpoint keeps only the model's history window, and only the newest checkpoint is kept:
  // the service never travels back in time.
  const retention = { transcriptChannel: RECORD_CHANNEL, latestOnly: true }
  let checkpointer: BoundedMemorySaver | RedisCheckpointSaver
  let lock: ConversationLock<PrefetchedCheckpoint>
  if (redis === null) {
    const memory = new BoundedMemorySaver({ maxThreads: limits.maxConversations, ttlSeconds: limits.conversationTtlSeconds, ...retention })
    fastify.addHook('onClose', async () => { memory.close() })
    checkpointer = memory
    // A turn holds its conversation: it restarts the conversation's lifetime and cannot expire it.
    lock = createConversationLock({ ttlMs: LOCK_TTL_MS, waitMs: limits.lockWaitMs, hold: (threadId) => memory.hold(threadId) })
    fastify.log.warn(`Conversation memory is in this process only (no REDIS_URL/REDIS_HOST): not shared between instances, lost on restart, at most ${limits.maxConversations} conversations`)
  } else {
    const saver = new RedisCheckpointSaver({ redis, ttlSeconds: limits.conversationTtlSeconds, ...retention })
    checkpointer = saver
    // The lock is taken by a script that also reads the conversation's checkpoint (one round trip
    // fewer per turn) and restarts its lifetime, as its extensions do: a conversation never expires
    // during a turn. The lock's key is the thread id (assistant.ts).
    lock = createConversationLock({
      redis,
      ttlMs: LOCK_TTL_MS,
      waitMs: limits.lockWaitMs,
      acquire: async (lockKey, token, ttlMs, threadId) => await saver.lockAndRead(lockKey, token, ttlMs, threadId),
      extend: async (lockKey, token, ttlMs, threadId) => await saver.extendLock(lockKey, token, ttlMs, threadId)
    })
  }

  // LangChain's per-step context without a RunTree built for each step (see run-context.ts).
  installLightRunContext()
  const settings = chatProviderSettings(config)
  // The chat models' connection pool (node:http keep-alive, less CPU per call than the built-in fetch).
  const http = createNodeFetch()
  fastify.addHook('onClose', async () => { http.close() })
  const providers = createChatProviders(settings, http.fetch)
  const hosts = new Map(settings.map((provider) => [provider.name, hostOf(provider.baseURL)]))
  const mode = providers.length === 0 ? 'extractive' : 'generative'
  // Where each provider is (host only): a mistyped base URL is visible in the first lines of the log.
  fastify.log.info({ mode, providers: settings.map((provider) => `${provider.name}:${provider.model}`), hosts: Object.fromEntries(hosts) }, 'answering mode')

  const graph = createRagGraph({
    knowledgeBase: fastify.knowledgeBase,
    checkpointer,
    providers,
    extractive: createExtractiveAnswerer(),
    retrievalK: limits.retrievalK,
    historyMessages: limits.historyMessages,
    llmTimeoutMs: limits.llmTimeoutMs,
    maxSearches: limits.maxSearches,
    observer: {
      onAttempt: (attempt) => {
        // A failure names the provider's host (never its URL, which may carry credentials), what it
        // suggests and the variable to check. Every call's line is info: a failure another provider made
        // good has its warn failover line, and the one that fails the turn is the request's own failure
        // line (the errors plugin's, with the request id, route, code, host and hint), not a second one.
        const failure = attempt.outcome !== 'ok' ? { host: attempt.host, hint: attempt.hint, check: attempt.check } : {}
        fastify.log.info({ provider: attempt.provider, duration_ms: Math.round(attempt.durationMs), outcome: attempt.outcome, error: attempt.error, ...failure }, 'llm call')
        metrics.externalCall(`llm-${attempt.provider}`, attempt.outcome, attempt.durationMs / 1000)
        if (attempt.usage !== undefined) metrics.llmTokens(attempt.provider, attempt.usage.input, attempt.usage.output)
      },
      onFailover: (from, to, reason, failed) => {
        fastify.log.warn({ from, to, reason, ...failed }, 'llm provider failover')
        metrics.failover(from, to)
      }
    }
  })
  if (config.LLM_STARTUP_CHECK && settings.length > 0) {
    // In the background, after start-up: readiness never waits on a vendor (one shared outage would
    // take every instance out of rotation); a wrong address or key shows in the log at once instead.
    const stopping = new AbortController()
    let checking: Promise<unknown> | undefined
    fastify.addHook('onReady', async () => {
      // Not awaited here: the checks finish after start-up; a rejected one is a check the shutdown stopped.
      checking = Promise.allSettled(settings.map(async (provider) => {
        logModelProbe(fastify.log, provider.name, provider.model, hosts.get(provider.name), await probeModels(provider, http.fetch, { timeoutMs: limits.llmTimeoutMs, signal: stopping.signal }))
      }))
    })
    fastify.addHook('preClose', async () => {
      stopping.abort()
      await checking
    })
  }

  const tracing = tracingSettings(config)
  if (tracing !== undefined) fastify.log.info({ project: tracing.project }, 'LangSmith tracing on')

  fastify.decorate('assistant', createAssistant({
    graph,
    checkpointer,
    mode,
    tracing: tracing === undefined ? undefined : createTracing(tracing),
    onTurn: (turn) => { metrics.turn(turn.mode, turn.channel, turn.modelCalls) },
    lock
  }))
}, { name: 'assistant', fastify: '5.x', dependencies: ['config', 'redis', 'knowledge', 'metrics'] })
