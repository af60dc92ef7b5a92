// The JSON side of the wire format: OpenAI's error objects (a default message per status), whole
// `chat.completion` objects with their tool calls, and usage approximated by word counts.
import { randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { messageText } from './request.ts'
import type { ChatCompletionBody, ChatToolCall, ContentReply, ErrorReply, Reply, ToolCallReply } from './types.ts'

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

export function randomId (length: number): string {
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

export function sendJson (res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(payload)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers
  })
  res.end(body)
}

export function errorPayload (message: string, type: string, code: string | null, param: string | null = null) {
  return { error: { message, type, param, code } }
}

/** A scripted error as OpenAI sends it; `retry-after` always comes with a 429. */
export function sendErrorReply (res: ServerResponse, reply: ErrorReply): void {
  const { status, error, type, code, retryAfter } = reply
  const defaults = DEFAULT_ERRORS[status] ?? { message: `Error ${status}.`, type: status >= 500 ? 'server_error' : 'invalid_request_error', code: null }
  const headers: Record<string, string> = {}
  if (retryAfter !== undefined || status === 429) headers['retry-after'] = String(retryAfter ?? 1)
  sendJson(res, status, errorPayload(error ?? defaults.message, type ?? defaults.type, code === undefined ? defaults.code : code), headers)
}

export function isReplyOf<K extends string> (reply: Reply, key: K): boolean {
  return reply !== null && typeof reply === 'object' && key in reply
}

/** Holds a response open until the client goes away or the fake closes. */
export async function untilAborted (signal: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve()
    else signal.addEventListener('abort', () => resolve(), { once: true })
  })
}

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

/** A content or tool-call reply rendered once, for the whole response and the stream alike. */
export interface Completion {
  id: string
  created: number
  model: string
  content: string | null
  calls: ChatToolCall[]
  finishReason: string
  usage: ReturnType<typeof usageFor>
  outcome: 'content' | 'tool_calls'
}

export function completionOf (reply: ContentReply | ToolCallReply, body: ChatCompletionBody): Completion {
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
  return {
    id: `chatcmpl-${randomId(29)}`,
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    content,
    calls,
    finishReason: toolReply !== undefined ? 'tool_calls' : (contentReply?.finishReason ?? 'stop'),
    usage: usageFor(body, `${content ?? ''} ${calls.map((c) => `${c.function.name} ${c.function.arguments}`).join(' ')}`),
    outcome: toolReply !== undefined ? 'tool_calls' : 'content'
  }
}

/** The whole (not streamed) `chat.completion` object. */
export function completionPayload (completion: Completion) {
  const { id, created, model, content, calls, finishReason, usage } = completion
  const message: Record<string, unknown> = { role: 'assistant', content, refusal: null }
  if (calls.length > 0) message.tool_calls = calls
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
    usage,
    system_fingerprint: 'fp_fake'
  }
}
