// Chat models behind an ordered provider list. On an error, a 429 or a timeout the next provider
// takes over; when every provider fails the caller gets one clear 503, never a hang. A provider that
// fails after part of its answer was streamed to the caller is the end of the call, not failed over:
// the next one's answer would follow the first one's beginning.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models'
import type { BaseMessage, AIMessage } from '@langchain/core/messages'
import type { Runnable } from '@langchain/core/runnables'
import { linkedSignal } from '../abort.ts'
import { hostOf } from '../address.ts'
import { htmlPageIn } from '../error-serializer.ts'
import { ServiceError } from '../errors.ts'
import { isConnectionLost, isUnreachable } from '../vendor-call.ts'
import { ChatCompletions } from './chat-completions.ts'

/** The variables that set a chat provider, for the log lines that point an operator at one. */
export interface ChatProviderVariables { key: string, model: string, url: string }

export interface ChatProviderSettings {
  /** A short name for logs and metrics: together, openai, custom. */
  name: string
  baseURL: string
  apiKey: string
  model: string
  variables?: ChatProviderVariables
}

/** Where a provider is, for the log lines of its failures: its host (never its URL) and its variables. */
export interface ProviderWhereabouts {
  host?: string
  variables?: ChatProviderVariables
}

/** Any LangChain chat model (ChatCompletions in production, the fakes of @langchain/core in unit tests). */
export interface ChatProvider<Model extends BaseChatModel = BaseChatModel> extends ProviderWhereabouts {
  name: string
  model: string
  chat: Model
  /** The model with the given tools bound, built once per tool list. */
  withTools: (tools: ToolDefinition[]) => Runnable<BaseMessage[], AIMessage>
}

export interface ToolDefinition {
  type: 'function'
  function: { name: string, description: string, parameters: Record<string, unknown> }
}

export interface ProviderCallObserver {
  /** Called after each attempt, successful or not (metrics and logs). */
  onAttempt?: (attempt: {
    provider: string
    durationMs: number
    outcome: 'ok' | 'error' | 'timeout'
    error?: string
    /** For the log: what a failure says about the configuration (a web page where the API was expected, a refused key). */
    problem?: ConfigurationProblem
    hint?: string
    /** The failed provider's host and, for a configuration problem, the variable to check. */
    host?: string
    check?: string
    /** No provider takes over after this failure: the call fails with it. */
    last?: boolean
    usage?: { input: number, output: number }
  }) => void
  /** Called when a provider failed and the next one takes over (`failed`: the failed one's host and variable to check). */
  onFailover?: (from: string, to: string, reason: string, failed: { host?: string, check?: string }) => void
}

/**
 * `fetch`: the HTTP client of every call, in the service the node:http one of ../node-fetch.ts (less
 * CPU per call than the built-in fetch), owned and closed by the caller. `maxTokens`: a cap on every
 * answer (the doctor's test call); the service sets none. No retries: failover is ours, a retry on
 * the same provider would only delay the next one.
 */
export function createChatProviders (settings: ChatProviderSettings[], fetch: typeof globalThis.fetch, options: { maxTokens?: number } = {}): Array<ChatProvider<ChatCompletions>> {
  return settings.map((provider) => chatProvider(provider.name, provider.model, new ChatCompletions({
    baseURL: provider.baseURL,
    apiKey: provider.apiKey,
    model: provider.model,
    fetch,
    maxTokens: options.maxTokens
  }), { host: hostOf(provider.baseURL), variables: provider.variables }))
}

/** Wraps a chat model as a provider; the model must support tool binding. */
export function chatProvider<Model extends BaseChatModel> (name: string, model: string, chat: Model, where: ProviderWhereabouts = {}): ChatProvider<Model> {
  const bound = new WeakMap<ToolDefinition[], Runnable<BaseMessage[], AIMessage>>()
  return {
    name,
    model,
    chat,
    ...where,
    withTools (tools) {
      let runnable = bound.get(tools)
      if (runnable === undefined) {
        if (chat.bindTools === undefined) throw new TypeError(`chat model ${name} cannot call tools`)
        runnable = chat.bindTools(tools) as Runnable<BaseMessage[], AIMessage>
        bound.set(tools, runnable)
      }
      return runnable
    }
  }
}

/**
 * What a refusal says about the configuration, not about the moment: a web page where the API was
 * expected (the base URL points at a web server, or lacks its /v1), a refused key (401/403), a 404
 * from the API itself (a model it does not serve), or a request the API refused as invalid (400, 422:
 * a model name or a parameter it does not take, more context than the model holds). Retrying changes
 * none of these.
 */
export type ConfigurationProblem = 'address' | 'key' | 'model' | 'request'

export function configurationProblem (status: number, webPage: boolean): ConfigurationProblem | undefined {
  if (status === 401 || status === 403) return 'key'
  if (webPage) return 'address'
  if (status === 404) return 'model'
  if (status === 400 || status === 422) return 'request'
  return undefined
}

/** What an operator should check, per problem; `variableToCheck` names the variable. */
export const PROBLEM_HINTS: Record<ConfigurationProblem, string> = {
  address: 'the address answered with a web page, not an OpenAI-compatible API: check its base URL (it usually ends in /v1)',
  key: 'the server refused the API key: check the key (and that it belongs to this server)',
  model: 'the API answered 404: check the model name (and the base URL\'s path)',
  request: 'the API refused the request as invalid (a model name or a parameter it does not take, more context than the model holds): check the model name and the model\'s context length'
}

/**
 * The HTTP status of a failed call, on the client's error or on one of its causes (a wrapper such as
 * LangChain's ContextOverflowError keeps the client's error as cause).
 */
function httpFailureOf (error: unknown): { status: number, message: string } | undefined {
  for (let link = error, depth = 0; typeof link === 'object' && link !== null && depth < 4; link = (link as { cause?: unknown }).cause, depth++) {
    const status = (link as { status?: unknown }).status
    if (typeof status === 'number') return { status, message: link instanceof Error ? link.message : '' }
  }
  return undefined
}

/** The variable behind a configuration problem: the key's, the base URL's, or the model's (a 404 or 400 from the API). */
export function variableToCheck (variables: ChatProviderVariables | undefined, problem: ConfigurationProblem | undefined): string | undefined {
  if (problem === undefined || variables === undefined) return undefined
  return problem === 'key' ? variables.key : problem === 'address' ? variables.url : variables.model
}

function problemOf (error: unknown): ConfigurationProblem | undefined {
  const failure = httpFailureOf(error)
  if (failure === undefined) return undefined
  return configurationProblem(failure.status, htmlPageIn(failure.message) !== undefined)
}

function describeFailure (error: unknown, timedOut: boolean): string {
  if (timedOut) return 'timeout'
  const status = httpFailureOf(error)?.status
  if (status !== undefined) return `HTTP ${status}`
  // The client's connection error keeps the refused or unresolved host's Node error as its cause.
  if (isUnreachable(error)) return 'unreachable'
  // Node's "aborted" (ECONNRESET) when the server or a proxy cut the answer short; its name read 'Error'.
  if (isConnectionLost(error)) return 'connection lost'
  return error instanceof Error ? error.name : 'error'
}

export interface FailoverOptions {
  tools?: ToolDefinition[]
  signal?: AbortSignal
  timeoutMs: number
  observer?: ProviderCallObserver
  /**
   * How many pieces of text the calls have streamed to the caller so far, counted as the model
   * produces them (the caller cannot take them back). Read before and after each attempt: one that
   * streamed text and then failed is not failed over. Without it, every failure fails over.
   */
  streamedText?: () => number
}

/**
 * Every provider failed. Only when one of them may answer later (a timeout, a 5xx, a 429, an unreachable
 * host) does the client hear "try again shortly" with a Retry-After: a refused key, a wrong address or
 * a request refused as invalid (HTTP 400) stays so until an operator changes something.
 */
function unavailable (failures: string[], retryable: boolean, last: Record<string, unknown>): ServiceError {
  const list = failures.join('; ')
  // The failed turn's one log line (the errors plugin's) names the last failed provider, where it is and what to check.
  return retryable
    ? new ServiceError('unavailable', 'LLM_UNAVAILABLE', `No language model provider could answer (${list}). Please try again shortly.`, { retryAfter: 10, logFields: last })
    : new ServiceError('unavailable', 'LLM_UNAVAILABLE', `No language model provider could answer (${list}). The answering service is not available.`, { logFields: last })
}

/** Calls the providers in order until one answers. */
export async function invokeWithFailover (providers: ChatProvider[], messages: BaseMessage[], options: FailoverOptions): Promise<{ message: AIMessage, provider: string }> {
  const failures: string[] = []
  let retryable = false
  let last: Record<string, unknown> = {}
  for (const [index, provider] of providers.entries()) {
    const call = linkedSignal([options.signal], options.timeoutMs)
    const signal = call.signal
    const started = performance.now()
    const streamedBefore = options.streamedText?.() ?? 0
    try {
      const runnable = options.tools === undefined || options.tools.length === 0 ? provider.chat : provider.withTools(options.tools)
      const message = await runnable.invoke(messages, { signal }) as AIMessage
      const usage = message.usage_metadata
      options.observer?.onAttempt?.({
        provider: provider.name,
        durationMs: performance.now() - started,
        outcome: 'ok',
        usage: usage === undefined ? undefined : { input: usage.input_tokens, output: usage.output_tokens }
      })
      return { message, provider: provider.name }
    } catch (error) {
      // The caller went away: stop, do not fail over.
      if (options.signal?.aborted === true) throw error
      const timedOut = call.timedOut()
      const reason = describeFailure(error, timedOut)
      const problem = timedOut ? undefined : problemOf(error)
      const next = providers[index + 1]
      const streamed = (options.streamedText?.() ?? 0) > streamedBefore
      const hint = problem === undefined ? undefined : PROBLEM_HINTS[problem]
      const check = variableToCheck(provider.variables, problem)
      options.observer?.onAttempt?.({
        provider: provider.name,
        durationMs: performance.now() - started,
        outcome: timedOut ? 'timeout' : 'error',
        error: reason,
        problem,
        hint,
        host: provider.host,
        check,
        last: next === undefined || streamed
      })
      retryable ||= problem === undefined
      last = { provider: provider.name, error: reason, host: provider.host, hint, check }
      // Part of this answer already reached the caller: another model's answer cannot replace it.
      if (streamed) throw unavailable([...failures, `${provider.name}: ${reason} after part of its answer was streamed`], true, last)
      failures.push(`${provider.name}: ${reason}`)
      if (next !== undefined) options.observer?.onFailover?.(provider.name, next.name, reason, { host: provider.host, check })
    } finally {
      call.dispose()
    }
  }
  throw unavailable(failures, retryable, last)
}
