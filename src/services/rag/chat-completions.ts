// The service's chat model: a LangChain chat model that speaks OpenAI's Chat Completions over the
// injected fetch (node-fetch.ts's in the service), for every provider (Together AI, OpenAI, any
// OpenAI-compatible server). It replaces @langchain/openai's ChatOpenAI, whose openai SDK (request
// building, headers, debug-log details, APIPromise, parsing) and conversions were ~10 % of a turn's
// main-thread CPU for what is one POST and one JSON body (docs/benchmarks.md, issue 10).
//
// What it does as ChatOpenAI did for us: the same request body (model, temperature 0, tools,
// optional max_tokens; `stream_options.include_usage` when streaming), the same messages out
// (chat-wire.ts), tool calls parsed by LangChain's parser, usage, and the token callbacks of a stream
// (`handleLLMNewToken(text, indices, …, { chunk })`, which LangGraph's message stream and the
// assistant's StreamedTextCounter read). No retries: failover is the caller's (providers.ts).
//
// Failures, for invokeWithFailover and the doctor: an HTTP error status is a ChatCompletionsError with
// `status` (and OpenAI's `code`/`type`), its message what the body said (its first 4 kB only, the rest
// left unread; the API key never in it): a web page quoted as such, so htmlPageIn reads it. A web page
// with a 2xx status (a captive portal's or a proxy's login page, a base URL at a web site) is one too,
// with that status and what likely happened: as a 404 page, a configuration problem for providers.ts
// (the `address` hint, no retry promised), not a malformed answer to retry. A connection that failed
// or broke off keeps the Node error as `cause` (isUnreachable/isConnectionLost read its code). Our signal aborting
// rejects with an AbortError (the socket is destroyed by the fetch). A body that is not the format
// (not JSON, no choices, a stream ending before its end) is a ChatWireError saying so.
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager'
import type { BaseLanguageModelInput } from '@langchain/core/language_models/base'
import { BaseChatModel, type BaseChatModelCallOptions, type BindToolsInput } from '@langchain/core/language_models/chat_models'
import { AIMessageChunk, type BaseMessage } from '@langchain/core/messages'
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs'
import type { Runnable } from '@langchain/core/runnables'
import { convertToOpenAITool } from '@langchain/core/utils/function_calling'
import { htmlPageIn } from '../error-serializer.ts'
import {
  ChatWireError, chunkFromWire, excerpt, messageFromCompletion, sseData, streamErrorEvent, toWireMessages, usageOf, type SseState, type WireCompletion, type WireUsage
} from './chat-wire.ts'

export interface ChatCompletionsFields {
  /** The API's base URL, `…/v1`: requests go to `{baseURL}/chat/completions`. */
  baseURL: string
  apiKey: string
  model: string
  fetch: typeof globalThis.fetch
  /** `max_tokens` of every request (the doctor's test call); unset, the server's own limit. */
  maxTokens?: number
}

/** A tool as the wire carries it (OpenAI's shape, which our ToolDefinition already is). */
export interface WireTool { type: 'function', function: { name: string, description?: string, parameters?: Record<string, unknown> } }

export interface ChatCompletionsCallOptions extends BaseChatModelCallOptions {
  tools?: WireTool[]
}

/** An HTTP error answer of the API: its status, and what its body said. */
export class ChatCompletionsError extends Error {
  override name = 'ChatCompletionsError'
  readonly status: number | undefined
  /** OpenAI's error `code` (`invalid_api_key`, `rate_limit_exceeded`, `insufficient_quota`…) when the body had one. */
  readonly code: string | undefined
  readonly type: string | undefined

  constructor (message: string, fields: { status?: number, code?: string, type?: string, cause?: unknown } = {}) {
    super(message, { cause: fields.cause })
    this.status = fields.status
    this.code = fields.code
    this.type = fields.type
  }
}

/** How much of an error body is read and kept (a page's title is read from its first 4 kB). */
const MAX_ERROR_BODY = 4096

/** What a web page where the API's answer was expected likely means; the message goes on with the page. */
const WEB_PAGE = 'a web page, not the API\'s answer: a captive portal\'s or a proxy\'s login page in front of the API, or a base URL at a web site (check the base URL; it usually ends in /v1)'

/** The start of a body; `cut`: more followed, and was not read. */
interface BodyStart { text: string, cut: boolean }

interface ErrorBody { error?: { message?: unknown, code?: unknown, type?: unknown } | string, message?: unknown, detail?: unknown }

export class ChatCompletions extends BaseChatModel<ChatCompletionsCallOptions, AIMessageChunk> {
  readonly model: string
  maxTokens: number | undefined
  readonly #url: string
  readonly #apiKey: string
  readonly #headers: Record<string, string>
  readonly #fetch: typeof globalThis.fetch

  static override lc_name (): string { return 'ChatCompletions' }

  constructor (fields: ChatCompletionsFields) {
    // Nothing of the fields is given to LangChain's constructor, which keeps its arguments (lc_kwargs): not the key.
    super({})
    this.model = fields.model
    this.maxTokens = fields.maxTokens
    this.#url = `${fields.baseURL.replace(/\/+$/, '')}/chat/completions`
    this.#apiKey = fields.apiKey
    this.#headers = { authorization: `Bearer ${fields.apiKey}`, 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'itb-chatbot' }
    this.#fetch = fields.fetch
  }

  _llmType (): string { return 'openai-compatible' }

  /** The model with `tools` sent on every call (converted once, here). */
  override bindTools (tools: BindToolsInput[], kwargs?: Partial<ChatCompletionsCallOptions>): Runnable<BaseLanguageModelInput, AIMessageChunk, ChatCompletionsCallOptions> {
    return this.withConfig({ tools: tools.map((tool) => convertToOpenAITool(tool) as WireTool), ...kwargs })
  }

  override getLsParams (options: this['ParsedCallOptions']): ReturnType<BaseChatModel['getLsParams']> {
    return { ls_provider: 'openai', ls_model_name: this.model, ls_model_type: 'chat', ls_temperature: 0, ls_max_tokens: this.maxTokens, ls_stop: options.stop }
  }

  /** The request body but for `messages` (and the stream fields). */
  override invocationParams (options?: this['ParsedCallOptions']): Record<string, unknown> {
    const params: Record<string, unknown> = { model: this.model, temperature: 0 }
    if (this.maxTokens !== undefined) params.max_tokens = this.maxTokens
    if (options?.tools !== undefined && options.tools.length > 0) params.tools = options.tools
    if (options?.tool_choice !== undefined) params.tool_choice = toolChoiceOf(options.tool_choice)
    return params
  }

  async _generate (messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    const response = await this.#post({ ...this.invocationParams(options), messages: toWireMessages(messages) }, options.signal)
    const text = await this.#read(response, options.signal)
    // A page served without an HTML content type (read whole, as an answer is) is still a page.
    if (startsWithPage(text)) throw this.#webPage(response.status, { text, cut: false })
    const message = messageFromCompletion(this.#parsed(text, 'completion'))
    return { generations: [{ text: message.text, message }] }
  }

  override async * _streamResponseChunks (messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    const signal = options.signal
    const body = { ...this.invocationParams(options), stream: true, stream_options: { include_usage: true }, messages: toWireMessages(messages) }
    const response = await this.#post(body, signal)
    const type = response.headers.get('content-type') ?? ''
    if (!type.includes('text/event-stream')) {
      const start = await this.#readStart(response, signal)
      if (startsWithPage(start.text)) throw this.#webPage(response.status, start)
      throw new ChatWireError(`the chat completions API answered a stream request with ${type === '' ? 'no content type' : type}, not an event stream: ${this.#quote(start, 300)}`)
    }
    const indices = { prompt: 0, completion: 0 }
    const state: SseState = { done: false }
    let usage: WireUsage | undefined
    let id: string | undefined
    let finished = false
    try {
      for await (const data of sseData(response.body as unknown as AsyncIterable<Uint8Array>, state)) {
        if (state.event === 'error') throw streamErrorEvent(this.#redact(data))
        const wire = this.#parsed(data, 'stream chunk')
        id ??= wire.id
        if (wire.usage !== undefined && wire.usage !== null) usage = wire.usage
        const message = chunkFromWire(wire)
        if (message === undefined) continue
        finished ||= message.response_metadata.finish_reason !== undefined
        const chunk = new ChatGenerationChunk({ message, text: message.content as string })
        yield chunk
        await runManager?.handleLLMNewToken(chunk.text, indices, undefined, undefined, undefined, { chunk })
      }
    } catch (error) {
      // The connection broke off only when reading the body failed: a chunk or a callback that threw is said as it is.
      throw state.broken === true ? this.#failure(error, signal, 'broke off') : signal?.aborted === true ? abortError(signal) : error
    }
    if (!state.done && !finished) throw new ChatWireError('the chat completions stream ended before its end (no finish reason, no [DONE])')
    if (usage !== undefined) {
      const chunk = new ChatGenerationChunk({ message: new AIMessageChunk({ id, content: '', usage_metadata: usageOf(usage) }), text: '' })
      yield chunk
      await runManager?.handleLLMNewToken('', indices, undefined, undefined, undefined, { chunk })
    }
  }

  async #post (body: Record<string, unknown>, signal: AbortSignal | undefined): Promise<Response> {
    let response: Response
    try {
      response = await this.#fetch(this.#url, { method: 'POST', headers: this.#headers, body: JSON.stringify(body), signal })
    } catch (error) {
      throw this.#failure(error, signal, 'failed')
    }
    if (!response.ok) throw this.#httpError(response.status, await this.#readStart(response, signal))
    if (response.headers.get('content-type')?.includes('text/html') === true) throw this.#webPage(response.status, await this.#readStart(response, signal))
    return response
  }

  async #read (response: Response, signal: AbortSignal | undefined): Promise<string> {
    try {
      return await response.text()
    } catch (error) {
      throw this.#failure(error, signal, 'broke off')
    }
  }

  /**
   * At most MAX_ERROR_BODY characters of a body that is not the answer. Leaving the loop with more to
   * come ends the body (Node's stream iterator destroys it, cancel for a WHATWG one), which closes its
   * connection: a half-read answer never goes back to the keep-alive pool, and a huge page is not read.
   */
  async #readStart (response: Response, signal: AbortSignal | undefined): Promise<BodyStart> {
    const decoder = new TextDecoder()
    let text = ''
    try {
      for await (const bytes of (response.body ?? []) as AsyncIterable<Uint8Array>) {
        text += decoder.decode(bytes, { stream: true })
        if (text.length > MAX_ERROR_BODY) return { text: text.slice(0, MAX_ERROR_BODY), cut: true }
      }
      return { text: text + decoder.decode(), cut: false }
    } catch (error) {
      throw this.#failure(error, signal, 'broke off')
    }
  }

  /** A rejection of the fetch or of reading the body: an abort of ours, or the connection's failure (its Node error the cause). */
  #failure (error: unknown, signal: AbortSignal | undefined, what: string): unknown {
    if (signal?.aborted === true) return abortError(signal)
    if (error instanceof ChatWireError || error instanceof ChatCompletionsError || !(error instanceof Error)) return error
    return new ChatCompletionsError(`the connection to the chat completions API ${what}: ${this.#redact(error.message)}`, { cause: error })
  }

  #httpError (status: number, start: BodyStart): ChatCompletionsError {
    let body: ErrorBody | undefined
    try {
      body = JSON.parse(start.text) as ErrorBody
    } catch {
      // Not JSON (or cut): a proxy's or web server's page, quoted below.
    }
    const error = typeof body?.error === 'object' && body.error !== null ? body.error : undefined
    const said = error?.message ?? (typeof body?.error === 'string' ? body.error : undefined) ?? body?.message ?? body?.detail
    const message = typeof said === 'string' ? excerpt(this.#redact(said), MAX_ERROR_BODY) : start.text === '' ? 'an empty body' : this.#quote(start)
    return new ChatCompletionsError(`${status} ${message}`, {
      status,
      code: typeof error?.code === 'string' ? error.code : undefined,
      type: typeof error?.type === 'string' ? error.type : undefined
    })
  }

  #parsed (text: string, what: string): WireCompletion {
    try {
      return JSON.parse(text) as WireCompletion
    } catch {
      throw new ChatWireError(`the chat completions API answered a ${what} that is not JSON: ${excerpt(this.#redact(text), 200)}`)
    }
  }

  /** A 2xx web page: a configuration problem (status and page in the message), as a 404 page is. */
  #webPage (status: number, start: BodyStart): ChatCompletionsError {
    return new ChatCompletionsError(`${status} ${WEB_PAGE}: ${this.#quote(start)}`, { status })
  }

  /** A body's start for a message: the key redacted, at most `max` characters, what was left out said. */
  #quote (start: BodyStart, max = MAX_ERROR_BODY): string {
    // A key cut at the end of what was read is not whole, so not replaced: that beginning goes.
    const text = this.#redact(start.cut ? withoutEndOf(start.text, this.#apiKey) : start.text)
    if (!start.cut) return excerpt(text, max)
    return `${text.slice(0, max)}… (more than ${MAX_ERROR_BODY} characters, the rest not read)`
  }

  /** The key, should an answer quote it, is never in a message. */
  #redact (text: string): string {
    return this.#apiKey.length >= 4 && text.includes(this.#apiKey) ? text.replaceAll(this.#apiKey, '***') : text
  }
}

/** Whether a body is a web page (`<!doctype html>`, `<html>`…): JSON never starts with `<`. */
function startsWithPage (text: string): boolean {
  const start = text.slice(0, 256).trimStart()
  return start.startsWith('<') && htmlPageIn(start) !== undefined
}

/** `text` without an end that is the beginning of `secret` (a secret the cut left partial). */
function withoutEndOf (text: string, secret: string): string {
  if (secret.length < 4) return text
  for (let length = Math.min(secret.length - 1, text.length); length > 0; length--) {
    if (text.endsWith(secret.slice(0, length))) return text.slice(0, -length)
  }
  return text
}

function abortError (signal: AbortSignal): Error {
  const error = new Error('the chat completion was aborted', { cause: signal.reason })
  error.name = 'AbortError'
  return error
}

/** LangChain's tool choice as OpenAI's: 'any' is 'required'; another name is that function. */
function toolChoiceOf (choice: NonNullable<BaseChatModelCallOptions['tool_choice']>): unknown {
  if (typeof choice !== 'string') return choice
  if (choice === 'any' || choice === 'required') return 'required'
  if (choice === 'auto' || choice === 'none') return choice
  return { type: 'function', function: { name: choice } }
}
