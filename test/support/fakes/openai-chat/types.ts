// The fake chat server's vocabulary: the request body as the client sends it, the replies a script
// can give, and what the fake records. Only the fields the fake looks at are typed.
import type { IncomingHttpHeaders } from 'node:http'

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
  | 'content' | 'tool_calls' | 'error' | 'hang' | 'unauthorized' | 'invalid' | 'not_found' | 'interrupted' | 'models'

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
  /** The ids `GET /v1/models` lists (default ['fake-model']). */
  models?: string[]
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
