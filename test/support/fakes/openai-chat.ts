// Protocol-faithful fake of an OpenAI-compatible chat completions server (OpenAI, Together AI, vLLM, ...).
// A real HTTP server on 127.0.0.1 speaking the wire format `ChatOpenAI` from @langchain/openai expects:
// JSON `chat.completion` objects, SSE `chat.completion.chunk` streams ending with `data: [DONE]`,
// tool calls (whole and as streamed fragments) and OpenAI error JSON. See docs/external-protocols.md §4.
//
// What the model "says" is scripted per request by a `respond` function; the default one is a small,
// honest RAG agent (call `fetch_documents` first, then answer from the tool result).
// One file over 300 lines on purpose: the wire format (whole and streamed completions, tool-call
// fragments, errors, usage) is one protocol, and its test (openai-chat.test.ts) reads it as one.
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

// ---------------------------------------------------------------------------------------------------
// Types

export interface ChatToolCall {
  id: string
  type: 'function'
  function: { name: string, arguments: string }
}

/** One message as sent by the client (only the fields the fake looks at are typed). */
export interface ChatMessage {
  role: string
  /** A string, an array of content parts (`{type: 'text', text}` ...), or null on a tool-call turn. */
  content?: unknown
  name?: string
  tool_calls?: ChatToolCall[]
  tool_call_id?: string
  [key: string]: unknown
}

export interface ChatToolDefinition {
  type: string
  function: { name: string, description?: string, parameters?: unknown, strict?: boolean | null }
}

/** The parsed request body. Unknown fields are kept (and ignored by the fake). */
export interface ChatCompletionBody {
  model: string
  messages: ChatMessage[]
  stream?: boolean | null
  stream_options?: { include_usage?: boolean } | null
  tools?: ChatToolDefinition[]
  tool_choice?: unknown
  [key: string]: unknown
}

/** What a `respond` function is given: the parsed body plus helpers. */
export interface ChatRequest {
  /** 0-based position among all requests the fake received. */
  index: number
  path: string
  headers: IncomingHttpHeaders
  body: ChatCompletionBody
  model: string
  messages: ChatMessage[]
  stream: boolean
  /** `stream_options.include_usage` was true (LangChain sends it by default when streaming). */
  includeUsage: boolean
  /** Names of the offered tools, in order. */
  tools: string[]
  toolChoice: unknown
  /** Text of the last `user` message ('' when there is none). */
  lastUserText: string
  /** Contents of the `tool` messages after the last user message, in order. */
  toolResults: string[]
  /** Aborted when the client goes away or the fake closes. */
  signal: AbortSignal
}

export interface FakeToolCall {
  name: string
  /** An object is JSON-encoded; a string is sent verbatim (e.g. to send malformed JSON). */
  arguments: Record<string, unknown> | string
  /** Defaults to `call_` + 24 random characters. */
  id?: string
}

/** Stop a stream after `afterChunks` SSE events: stall forever ('hang') or cut the connection ('destroy'). */
export interface StreamInterrupt {
  afterChunks: number
  mode: 'hang' | 'destroy'
}

export interface ContentReply {
  content: string
  finishReason?: 'stop' | 'length' | 'content_filter'
  /** Wait before answering (for streams: before the headers and the first chunk). */
  delayMs?: number
  /** Streams only: wait between chunks. */
  chunkDelayMs?: number
  interrupt?: StreamInterrupt
}

export interface ToolCallReply {
  toolCalls: FakeToolCall[]
  content?: string | null
  delayMs?: number
  chunkDelayMs?: number
  interrupt?: StreamInterrupt
}

export interface ErrorReply {
  status: number
  /** Error message; a default per status otherwise. */
  error?: string
  type?: string
  code?: string | null
  /** Seconds for the `retry-after` header (always sent on 429, default 1). */
  retryAfter?: number
  delayMs?: number
}

/** Never answer (the request stays open until the client aborts or the fake closes). */
export interface HangReply {
  hang: true
  delayMs?: number
}

export type Reply = ContentReply | ToolCallReply | ErrorReply | HangReply
export type Respond = (request: ChatRequest) => Reply | Promise<Reply>

export type RequestOutcome =
  | 'content' | 'tool_calls' | 'error' | 'hang' | 'unauthorized' | 'invalid' | 'not_found' | 'interrupted'

export interface RecordedRequest {
  index: number
  /** Date.now() when the request arrived. */
  time: number
  method: string
  path: string
  headers: IncomingHttpHeaders
  /** The parsed JSON body (or the raw text when it is not JSON; undefined when it was never read). */
  body: unknown
  /** Status sent (undefined while pending or when no response was sent). */
  status?: number
  outcome?: RequestOutcome
  stream: boolean
  /** The client went away before the response was complete. */
  aborted: boolean
}

export interface FakeChatCounters {
  /** Every HTTP request. */
  requests: number
  /** Successful completions (streamed or not). */
  completions: number
  streams: number
  toolCallTurns: number
  /** Scripted error replies. */
  errors: number
  unauthorized: number
  invalid: number
  hangs: number
  /** Requests the client abandoned before the response was complete. */
  aborted: number
}

export interface FakeChatOptions {
  /** Expected bearer token (default 'fake-key'). */
  apiKey?: string
  respond?: Respond
}

export interface FakeChat {
  /** `http://127.0.0.1:PORT/v1`, for `configuration.baseURL`. */
  baseURL: string
  /** `http://127.0.0.1:PORT` (the routes also answer without `/v1`). */
  origin: string
  port: number
  requests: RecordedRequest[]
  counters: FakeChatCounters
  /** Replace the script; no argument restores the default agent. */
  setRespond: (respond?: Respond) => void
  /** Forget recorded requests and zero the counters. */
  reset: () => void
  /** Stop listening, end pending requests and destroy every open socket. */
  close: () => Promise<void>
}

// ---------------------------------------------------------------------------------------------------
// Helpers (exported for tests that script replies)

/** Plain text of a message content: a string, or the `text` parts of a content-part array. */
export function messageText (content: unknown): string {
  if (typeof content === 'string') return content
  if (Array.isArray(content)) {
    return content
      .map((part) => {
        if (typeof part === 'string') return part
        if (part !== null && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string') {
          return (part as { text: string }).text
        }
        return ''
      })
      .join('')
  }
  return ''
}

const PASSAGE_KEYS = ['text', 'pageContent', 'page_content', 'content', 'passage', 'snippet', 'chunk']

function findPassageInJson (value: unknown, depth = 0): string | undefined {
  if (depth > 6 || value === null || typeof value !== 'object') return undefined
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = typeof item === 'string' ? item : findPassageInJson(item, depth + 1)
      if (found !== undefined && found.trim() !== '') return found
    }
    return undefined
  }
  const record = value as Record<string, unknown>
  for (const key of PASSAGE_KEYS) {
    const field = record[key]
    if (typeof field === 'string' && field.trim() !== '') return field
  }
  for (const field of Object.values(record)) {
    const found = findPassageInJson(field, depth + 1)
    if (found !== undefined) return found
  }
  return undefined
}

/** First sentence of the first passage found in the tool results (JSON or plain text), or undefined. */
export function firstPassageSentence (toolResults: string[]): string | undefined {
  for (const result of toolResults) {
    let passage: string | undefined
    try {
      passage = findPassageInJson(JSON.parse(result))
    } catch {
      passage = result
        .split('\n')
        .map((line) => line.replace(/^\s*\[\d+\]\s*/, '').trim())
        .filter((line) => line !== '' && !/^(sumber|source|url|judul|title)\s*:/i.test(line))
        .join(' ')
    }
    const text = passage?.replace(/\s+/g, ' ').trim()
    if (text === undefined || text === '') continue
    const sentence = /^(.+?[.!?])(?:\s|$)/.exec(text)?.[1] ?? text
    return sentence.length > 400 ? `${sentence.slice(0, 400)}…` : sentence
  }
  return undefined
}

export const NOT_FOUND_ANSWER = 'Maaf, saya tidak menemukan informasi tersebut dalam dokumen ITB.'

/**
 * The default script: with tools offered and no tool result since the last user message, call
 * `fetch_documents` (or the first / the forced tool) with `{search_query: <last user text>}`;
 * otherwise answer from the first passage of the tool results.
 */
export function defaultRespond (request: ChatRequest): Reply {
  const choice = request.toolChoice
  const forced = choice !== null && typeof choice === 'object'
    ? (choice as { function?: { name?: unknown } }).function?.name
    : undefined
  if (request.tools.length > 0 && request.toolResults.length === 0 && choice !== 'none') {
    const name = typeof forced === 'string' && request.tools.includes(forced)
      ? forced
      : request.tools.includes('fetch_documents') ? 'fetch_documents' : request.tools[0]
    return { toolCalls: [{ name, arguments: { search_query: request.lastUserText } }] }
  }
  const sentence = firstPassageSentence(request.toolResults)
  return { content: sentence === undefined ? NOT_FOUND_ANSWER : `Menurut dokumen [1], ${sentence}` }
}

// ---------------------------------------------------------------------------------------------------
// Server

const ROUTES = new Set(['/v1/chat/completions', '/chat/completions'])
const MAX_BODY_BYTES = 20 * 1024 * 1024

const DEFAULT_ERRORS: Record<number, { message: string, type: string, code: string | null }> = {
  400: { message: 'Bad request.', type: 'invalid_request_error', code: null },
  401: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { message: 'You are not allowed to access this model.', type: 'invalid_request_error', code: 'forbidden' },
  404: { message: 'The model does not exist or you do not have access to it.', type: 'invalid_request_error', code: 'model_not_found' },
  429: { message: 'Rate limit reached for requests. Please try again in 1s.', type: 'requests', code: 'rate_limit_exceeded' },
  500: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null },
  502: { message: 'Bad gateway.', type: 'server_error', code: null },
  503: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: null }
}

function randomId (length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  const bytes = randomBytes(length)
  let id = ''
  for (const byte of bytes) id += alphabet[byte % alphabet.length]
  return id
}

/** Whitespace-separated words (a prompt of passages is several kB per request: matched, not split and filtered). */
function countWords (text: string): number {
  return text.match(/\S+/g)?.length ?? 0
}

/** Splits text into small deltas that concatenate back to it exactly (word + leading whitespace). */
function splitContent (text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? (text === '' ? [] : [text])
}

function splitArguments (json: string, size = 8): string[] {
  const parts: string[] = []
  for (let i = 0; i < json.length; i += size) parts.push(json.slice(i, i + size))
  return parts
}

function sendJson (res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(payload)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers
  })
  res.end(body)
}

function errorPayload (message: string, type: string, code: string | null, param: string | null = null) {
  return { error: { message, type, param, code } }
}

function isReplyOf<K extends string> (reply: Reply, key: K): boolean {
  return reply !== null && typeof reply === 'object' && key in reply
}

function validateBody (body: unknown): { message: string, param: string | null } | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { message: 'The request body must be a JSON object.', param: null }
  }
  const record = body as Record<string, unknown>
  if (typeof record.model !== 'string' || record.model === '') {
    return { message: 'you must provide a model parameter', param: 'model' }
  }
  if (!Array.isArray(record.messages)) {
    return { message: "Missing required parameter: 'messages'.", param: 'messages' }
  }
  if (record.messages.length === 0) {
    return { message: "Invalid 'messages': empty array. Expected an array with minimum length 1.", param: 'messages' }
  }
  for (const [i, message] of record.messages.entries()) {
    if (message === null || typeof message !== 'object' || typeof (message as { role?: unknown }).role !== 'string') {
      return { message: `Invalid 'messages[${i}]': expected an object with a 'role'.`, param: `messages[${i}]` }
    }
    const { role } = message as ChatMessage
    if (!['system', 'developer', 'user', 'assistant', 'tool', 'function'].includes(role)) {
      return { message: `Invalid value: '${role}'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool', and 'function'.`, param: `messages[${i}].role` }
    }
    if (role === 'tool' && typeof (message as ChatMessage).tool_call_id !== 'string') {
      return { message: "Missing parameter 'tool_call_id': messages with role 'tool' must have a 'tool_call_id'.", param: `messages[${i}].tool_call_id` }
    }
  }
  if (record.stream !== undefined && record.stream !== null && typeof record.stream !== 'boolean') {
    return { message: "Invalid type for 'stream': expected a boolean.", param: 'stream' }
  }
  if (record.tools !== undefined && record.tools !== null) {
    if (!Array.isArray(record.tools)) return { message: "Invalid type for 'tools': expected an array.", param: 'tools' }
    for (const [i, tool] of record.tools.entries()) {
      const name = (tool as { function?: { name?: unknown } } | null)?.function?.name
      if (typeof name !== 'string' || name === '') {
        return { message: `Missing required parameter: 'tools[${i}].function.name'.`, param: `tools[${i}].function.name` }
      }
    }
  }
  return undefined
}

function buildRequest (
  index: number, path: string, headers: IncomingHttpHeaders, body: ChatCompletionBody, signal: AbortSignal
): ChatRequest {
  const messages = body.messages
  let lastUser = -1
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === 'user') { lastUser = i; break }
  }
  return {
    index,
    path,
    headers,
    body,
    model: body.model,
    messages,
    stream: body.stream === true,
    includeUsage: body.stream_options?.include_usage === true,
    tools: (body.tools ?? []).map((tool) => tool.function.name),
    toolChoice: body.tool_choice,
    lastUserText: lastUser >= 0 ? messageText(messages[lastUser].content) : '',
    toolResults: messages.slice(lastUser + 1).filter((m) => m.role === 'tool').map((m) => messageText(m.content)),
    signal
  }
}

export async function startFakeChat (options: FakeChatOptions = {}): Promise<FakeChat> {
  const apiKey = options.apiKey ?? 'fake-key'
  let respond: Respond = options.respond ?? defaultRespond
  const requests: RecordedRequest[] = []
  const counters: FakeChatCounters = {
    requests: 0, completions: 0, streams: 0, toolCallTurns: 0, errors: 0, unauthorized: 0, invalid: 0, hangs: 0, aborted: 0
  }
  const sockets = new Set<Socket>()
  const inFlight = new Set<AbortController>()
  let nextIndex = 0

  function usageFor (body: ChatCompletionBody, completionText: string) {
    let promptText = ''
    for (const message of body.messages) {
      promptText += ` ${messageText(message.content)}`
      for (const call of message.tool_calls ?? []) promptText += ` ${call.function?.name ?? ''} ${call.function?.arguments ?? ''}`
    }
    const promptTokens = Math.max(1, countWords(promptText))
    const completionTokens = countWords(completionText)
    return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens }
  }

  async function handle (req: IncomingMessage, res: ServerResponse, record: RecordedRequest, signal: AbortSignal) {
    const path = (req.url ?? '/').split('?')[0]
    if (!ROUTES.has(path) || req.method !== 'POST') {
      req.resume()
      record.status = 404
      record.outcome = 'not_found'
      sendJson(res, 404, errorPayload(`Invalid URL (${req.method ?? 'GET'} ${path})`, 'invalid_request_error', null))
      return
    }

    const auth = req.headers.authorization
    if (auth !== `Bearer ${apiKey}`) {
      req.resume()
      counters.unauthorized++
      record.status = 401
      record.outcome = 'unauthorized'
      const message = auth === undefined
        ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
        : 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.'
      sendJson(res, 401, errorPayload(message, 'invalid_request_error', auth === undefined ? null : 'invalid_api_key'))
      return
    }

    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer)
    }
    if (size > MAX_BODY_BYTES) {
      record.status = 413
      record.outcome = 'invalid'
      counters.invalid++
      sendJson(res, 413, errorPayload('Request body too large.', 'invalid_request_error', null))
      return
    }
    const raw = Buffer.concat(chunks).toString('utf8')
    let body: unknown
    try {
      body = JSON.parse(raw)
    } catch {
      record.body = raw
      record.status = 400
      record.outcome = 'invalid'
      counters.invalid++
      sendJson(res, 400, errorPayload(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
        'invalid_request_error', null))
      return
    }
    record.body = body
    const problem = validateBody(body)
    if (problem !== undefined) {
      record.status = 400
      record.outcome = 'invalid'
      counters.invalid++
      sendJson(res, 400, errorPayload(problem.message, 'invalid_request_error', null, problem.param))
      return
    }

    const chatBody = body as ChatCompletionBody
    const request = buildRequest(record.index, path, req.headers, chatBody, signal)
    record.stream = request.stream
    const reply = await respond(request)
    if (reply.delayMs !== undefined && reply.delayMs > 0) await sleep(reply.delayMs, undefined, { signal })

    if (isReplyOf(reply, 'hang')) {
      counters.hangs++
      record.outcome = 'hang'
      await new Promise<void>((resolve) => {
        if (signal.aborted) resolve()
        else signal.addEventListener('abort', () => resolve(), { once: true })
      })
      return
    }

    if (isReplyOf(reply, 'status')) {
      const { status, error, type, code, retryAfter } = reply as ErrorReply
      const defaults = DEFAULT_ERRORS[status] ?? { message: `Error ${status}.`, type: status >= 500 ? 'server_error' : 'invalid_request_error', code: null }
      const headers: Record<string, string> = {}
      if (retryAfter !== undefined || status === 429) headers['retry-after'] = String(retryAfter ?? 1)
      counters.errors++
      record.status = status
      record.outcome = 'error'
      sendJson(res, status, errorPayload(error ?? defaults.message, type ?? defaults.type, code === undefined ? defaults.code : code), headers)
      return
    }

    const toolReply = isReplyOf(reply, 'toolCalls') ? reply as ToolCallReply : undefined
    const contentReply = toolReply === undefined ? reply as ContentReply : undefined
    const calls: ChatToolCall[] = (toolReply?.toolCalls ?? []).map((call) => ({
      id: call.id ?? `call_${randomId(24)}`,
      type: 'function',
      function: {
        name: call.name,
        arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments)
      }
    }))
    const content: string | null = toolReply !== undefined ? (toolReply.content ?? null) : (contentReply?.content ?? '')
    const finishReason = toolReply !== undefined ? 'tool_calls' : (contentReply?.finishReason ?? 'stop')
    const usage = usageFor(chatBody, `${content ?? ''} ${calls.map((c) => `${c.function.name} ${c.function.arguments}`).join(' ')}`)
    const id = `chatcmpl-${randomId(29)}`
    const created = Math.floor(Date.now() / 1000)
    const model = chatBody.model
    if (toolReply !== undefined) counters.toolCallTurns++

    if (!request.stream) {
      const message: Record<string, unknown> = { role: 'assistant', content, refusal: null }
      if (calls.length > 0) message.tool_calls = calls
      record.status = 200
      record.outcome = toolReply !== undefined ? 'tool_calls' : 'content'
      counters.completions++
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
        usage,
        system_fingerprint: 'fp_fake'
      })
      return
    }

    // Streaming: SSE `data: {chunk}` events, then (with include_usage) a usage chunk, then `data: [DONE]`.
    counters.streams++
    const base = { id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_fake' }
    const usageField = request.includeUsage ? { usage: null } : {}
    const events: unknown[] = []
    const choiceChunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
      ...base,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...usageField
    })
    events.push(choiceChunk({ role: 'assistant', content: content === null && calls.length > 0 ? null : '', refusal: null }))
    for (const piece of splitContent(content ?? '')) events.push(choiceChunk({ content: piece }))
    for (const [index, call] of calls.entries()) {
      events.push(choiceChunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }))
      for (const fragment of splitArguments(call.function.arguments)) {
        events.push(choiceChunk({ tool_calls: [{ index, function: { arguments: fragment } }] }))
      }
    }
    events.push(choiceChunk({}, finishReason))
    if (request.includeUsage) events.push({ ...base, choices: [], usage })
    events.push('[DONE]')

    const streamReply = toolReply ?? contentReply
    const chunkDelay = streamReply?.chunkDelayMs ?? 0
    const interrupt = streamReply?.interrupt
    record.status = 200
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-request-id': `req_${randomId(24)}`
    })
    for (const [i, event] of events.entries()) {
      if (interrupt !== undefined && i >= interrupt.afterChunks) {
        record.outcome = 'interrupted'
        if (interrupt.mode === 'destroy') {
          // Let what was written reach the client, then drop the connection without ending the body.
          await new Promise<void>((resolve) => res.write('', () => resolve()))
          res.socket?.end()
          res.socket?.destroySoon()
          return
        }
        res.flushHeaders()
        await new Promise<void>((resolve) => {
          if (signal.aborted) resolve()
          else signal.addEventListener('abort', () => resolve(), { once: true })
        })
        return
      }
      if (i > 0 && chunkDelay > 0) await sleep(chunkDelay, undefined, { signal })
      if (signal.aborted) return
      res.write(`data: ${typeof event === 'string' ? event : JSON.stringify(event)}\n\n`)
    }
    record.outcome = toolReply !== undefined ? 'tool_calls' : 'content'
    counters.completions++
    res.end()
  }

  const server = createServer((req, res) => {
    counters.requests++
    const controller = new AbortController()
    inFlight.add(controller)
    const record: RecordedRequest = {
      index: nextIndex++,
      time: Date.now(),
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      body: undefined,
      stream: false,
      aborted: false
    }
    requests.push(record)
    res.on('close', () => {
      inFlight.delete(controller)
      if (!res.writableFinished) {
        if (!record.aborted && record.outcome !== 'interrupted') {
          record.aborted = true
          counters.aborted++
        }
        controller.abort()
      }
    })
    handle(req, res, record, controller.signal).catch((error: unknown) => {
      if (controller.signal.aborted) return
      if (!res.headersSent) {
        record.status = 500
        record.outcome = 'error'
        const message = error instanceof Error ? error.message : String(error)
        sendJson(res, 500, errorPayload(`Fake chat server failure: ${message}`, 'server_error', null))
      } else {
        res.destroy()
      }
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  let closing: Promise<void> | undefined

  return {
    baseURL: `${origin}/v1`,
    origin,
    port,
    requests,
    counters,
    setRespond (fn?: Respond) {
      respond = fn ?? defaultRespond
    },
    reset () {
      requests.length = 0
      for (const key of Object.keys(counters) as Array<keyof FakeChatCounters>) counters[key] = 0
    },
    async close () {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const controller of inFlight) controller.abort()
        for (const socket of sockets) socket.destroy()
        server.closeAllConnections()
      })
      await closing
    }
  }
}
