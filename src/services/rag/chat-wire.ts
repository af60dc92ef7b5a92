// The OpenAI Chat Completions wire format as chat-completions.ts speaks it: LangChain messages to the
// request's `messages`, a `chat.completion` answer to an AIMessage, a `chat.completion.chunk` to an
// AIMessageChunk, and the `data:` lines of an SSE stream. The same shapes as @langchain/openai's
// converters produce for us (tool calls parsed by LangChain's own parseToolCall, invalid JSON
// arguments as `invalid_tool_calls`), without the fields nothing here reads (the raw tool calls in
// `additional_kwargs`, token details, the per-chunk `usage: {}`). See docs/external-protocols.md §4.
import { AIMessage, AIMessageChunk, type BaseMessage, type MessageContent, type UsageMetadata } from '@langchain/core/messages'
import type { InvalidToolCall, ToolCall, ToolCallChunk } from '@langchain/core/messages/tool'
import { makeInvalidToolCall, parseToolCall } from '@langchain/core/output_parsers/openai_tools'

export interface WireToolCall { id: string, type: 'function', function: { name: string, arguments: string } }

export interface WireMessage {
  role: string
  content: string | null
  tool_calls?: WireToolCall[]
  tool_call_id?: string
  name?: string
}

/** A wire usage object (`usage` of a completion, or of the last chunk of a stream). */
export interface WireUsage { prompt_tokens?: number, completion_tokens?: number, total_tokens?: number }

interface WireChoice {
  index?: number
  message?: { content?: string | null, tool_calls?: Array<Record<string, unknown>> }
  delta?: { content?: string | null, tool_calls?: null | Array<{ index?: number, id?: string, function?: { name?: string, arguments?: string } }> }
  finish_reason?: string | null
}

/** What the code reads of a `chat.completion` or a `chat.completion.chunk`. */
export interface WireCompletion {
  id?: string
  model?: string
  choices?: WireChoice[]
  usage?: WireUsage | null
  error?: { message?: string } | string
}

/** An answer (or stream) that is not the Chat Completions format: the body is said, bounded, never a secret. */
export class ChatWireError extends Error {
  override name = 'ChatWireError'
}

const ROLES: Record<string, string> = { system: 'system', human: 'user', ai: 'assistant', tool: 'tool', developer: 'developer' }

/** A message's text: a string, or the text parts of a LangChain content array (the only parts this service produces). */
export function textOf (content: MessageContent): string {
  if (typeof content === 'string') return content
  let text = ''
  for (const part of content) {
    if (typeof part === 'string') text += part
    else if (part.type === 'text' && typeof part.text === 'string') text += part.text
    else throw new TypeError(`a ${String(part.type)} content part cannot be sent to a chat completions API (text only)`)
  }
  return text
}

/** LangChain messages as the request's `messages`. */
export function toWireMessages (messages: BaseMessage[]): WireMessage[] {
  return messages.map((message) => {
    const type = message.getType()
    const role = ROLES[type] ?? (type === 'generic' ? (message as unknown as { role: string }).role : undefined)
    if (role === undefined) throw new TypeError(`a ${type} message cannot be sent to a chat completions API`)
    const wire: WireMessage = { role, content: textOf(message.content) }
    if (type === 'ai') {
      const calls = (message as AIMessage).tool_calls
      if (calls !== undefined && calls.length > 0) {
        wire.tool_calls = calls.map((call) => ({ id: call.id ?? '', type: 'function', function: { name: call.name, arguments: JSON.stringify(call.args) } }))
      }
    } else if (type === 'tool') {
      wire.tool_call_id = (message as unknown as { tool_call_id: string }).tool_call_id
    }
    if (message.name !== undefined && role !== 'tool') wire.name = message.name
    return wire
  })
}

export function usageOf (usage: WireUsage | null | undefined): UsageMetadata {
  const input = usage?.prompt_tokens ?? 0
  const output = usage?.completion_tokens ?? 0
  return { input_tokens: input, output_tokens: output, total_tokens: usage?.total_tokens ?? input + output }
}

/** A body's text cut for an error message. */
export function excerpt (text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text
}

/** The first choice of a completion or chunk; a body without one is not the Chat Completions format. */
function firstChoice (body: WireCompletion, what: string): WireChoice | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ChatWireError(`the chat completions API answered a ${what} that is not an object`)
  if (body.error !== undefined && body.error !== null) {
    const message = typeof body.error === 'string' ? body.error : body.error.message
    throw new ChatWireError(`the chat completions API answered an error: ${excerpt(String(message ?? 'no message'))}`)
  }
  return Array.isArray(body.choices) ? body.choices[0] : undefined
}

/**
 * A server's `event: error` in a stream, whatever its data (`{error: {message}}`, `{message}`, plain
 * text): the openai SDK throws on it too, where a `data:` without `error` would be skipped as no chunk.
 */
export function streamErrorEvent (data: string): ChatWireError {
  let said: unknown
  try {
    const body = JSON.parse(data) as { error?: unknown, message?: unknown } | null
    const error = body?.error ?? body
    said = typeof error === 'string' ? error : (error as { message?: unknown } | null)?.message
  } catch {
    // Not JSON: the text is the message.
  }
  return new ChatWireError(`the chat completions API answered an error event: ${excerpt(typeof said === 'string' ? said : data)}`)
}

/** A whole `chat.completion` as the AIMessage ChatOpenAI makes of it (the parts we read). */
export function messageFromCompletion (body: WireCompletion): AIMessage {
  const choice = firstChoice(body, 'completion')
  if (choice?.message === undefined || choice.message === null) throw new ChatWireError('the chat completions API answered no choices')
  const toolCalls: ToolCall[] = []
  const invalidToolCalls: InvalidToolCall[] = []
  for (const raw of choice.message.tool_calls ?? []) {
    try {
      toolCalls.push(parseToolCall(raw, { returnId: true }) as ToolCall)
    } catch (error) {
      invalidToolCalls.push(makeInvalidToolCall(raw, (error as Error).message))
    }
  }
  return new AIMessage({
    id: body.id,
    content: choice.message.content ?? '',
    tool_calls: toolCalls,
    invalid_tool_calls: invalidToolCalls,
    usage_metadata: usageOf(body.usage),
    response_metadata: { finish_reason: choice.finish_reason, model_name: body.model }
  })
}

/**
 * One `chat.completion.chunk` as an AIMessageChunk (text, tool-call fragments, the finish reason), or
 * undefined when it carries none of them (the role-only first chunk, the usage chunk).
 */
export function chunkFromWire (body: WireCompletion): AIMessageChunk | undefined {
  const choice = firstChoice(body, 'stream chunk')
  const delta = choice?.delta
  if (delta === undefined || delta === null) return undefined
  const content = delta.content ?? ''
  const finish = choice?.finish_reason ?? undefined
  // Many servers send `tool_calls: null` (or `[]`) in every delta: no fragments (DashScope, Azure AI, xinference).
  const fragments = delta.tool_calls === null || delta.tool_calls?.length === 0 ? undefined : delta.tool_calls
  if (content === '' && fragments === undefined && finish === undefined) return undefined
  const fields: ConstructorParameters<typeof AIMessageChunk>[0] & object = { id: body.id, content }
  if (fragments !== undefined) {
    fields.tool_call_chunks = fragments.map((raw): ToolCallChunk => ({
      name: raw.function?.name, args: raw.function?.arguments, id: raw.id, index: raw.index, type: 'tool_call_chunk'
    }))
  }
  if (finish !== undefined) fields.response_metadata = { finish_reason: finish, model_name: body.model }
  return new AIMessageChunk(fields)
}

/** What sseData says besides the payloads: `[DONE]` came; the payload's event name; reading the body failed (the connection's error, not the reader's). */
export interface SseState { done: boolean, event?: string, broken?: boolean }

/** A line end the SSE spec allows besides \n: \r\n, or a lone \r. */
const CR_LINE_END = /\r\n?/g

/** Whether `text` has a \r not followed by \n from `from` on (a \r ending it waits for the next text). */
function hasLoneCr (text: string, from: number): boolean {
  for (let at = text.indexOf('\r', from); at !== -1 && at < text.length - 1; at = text.indexOf('\r', at + 2)) {
    if (text.charCodeAt(at + 1) !== 10) return true
  }
  return false
}

/**
 * The `data:` payloads of an SSE body, in order, up to and without `[DONE]`; `state.done` says
 * whether `[DONE]` came, `state.event` is the `event:` name of the payload just given (`error` for a
 * server's error event). Lines may end in \n, \r\n or a lone \r, as the spec allows: \n and \r\n
 * streams are split on \n as they come (a look for a lone \r per chunk is all they pay); from the
 * first lone \r on, the text is made \n-only as it is decoded. An event's several `data:` lines join with \n;
 * comments (`: keep-alive`) and other fields are skipped. At the body's end, an event the server did
 * not close with a blank line is still given, as the openai SDK does since openai-node#2726: a
 * gateway that drops the last blank line must not cost the finish reason or the usage.
 */
export async function * sseData (body: AsyncIterable<Uint8Array>, state: SseState): AsyncGenerator<string> {
  const decoder = new TextDecoder()
  let pending = ''
  let data: string[] = []
  let event: string | undefined
  /** The event so far, when a blank line (or the body's end) closes it. */
  const close = (): string | undefined => {
    if (data.length === 0) {
      event = undefined
      return undefined
    }
    const payload = data.length === 1 ? data[0] as string : data.join('\n')
    data = []
    state.event = event
    event = undefined
    // Read on to the body's end after it: a body left unread would cost its pooled connection.
    if (payload === '[DONE]') state.done = true
    return state.done ? undefined : payload
  }
  const read = (line: string): void => {
    if (line.startsWith('data:')) data.push(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5))
    else if (line.startsWith('event:')) event = line.charCodeAt(6) === 32 ? line.slice(7) : line.slice(6)
  }
  /** A lone \r came: every line end is made \n; `cr`: the last text ended in a \r (a \n opening the next is its \r\n's). */
  let loneCr = false
  let cr = false
  const lineFeedsOnly = (text: string): string => {
    if (text === '') return text
    if (cr && text.charCodeAt(0) === 10) text = text.slice(1)
    cr = text.charCodeAt(text.length - 1) === 13
    return text.replace(CR_LINE_END, '\n')
  }
  try {
    for await (const bytes of body) {
      const text = decoder.decode(bytes, { stream: true })
      if (loneCr) {
        pending += lineFeedsOnly(text)
      } else {
        const from = pending.length === 0 ? 0 : pending.length - 1
        pending += text
        if (hasLoneCr(pending, from)) {
          loneCr = true
          pending = lineFeedsOnly(pending)
        }
      }
      let end: number
      while ((end = pending.indexOf('\n')) !== -1) {
        const line = pending.charCodeAt(end - 1) === 13 ? pending.slice(0, end - 1) : pending.slice(0, end)
        pending = pending.slice(end + 1)
        if (line !== '') read(line)
        else {
          const payload = close()
          if (payload !== undefined) yield payload
        }
      }
    }
  } catch (error) {
    // Only the body's own failure lands here: the reader's ends this generator at its yield, uncaught.
    state.broken = true
    throw error
  }
  pending += loneCr ? lineFeedsOnly(decoder.decode()) : decoder.decode()
  if (pending !== '') read(pending.endsWith('\r') ? pending.slice(0, -1) : pending)
  const last = close()
  if (last !== undefined) yield last
}
