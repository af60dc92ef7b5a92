// Reading a chat completions request as OpenAI does: the routes, the body (size-capped JSON), the
// checks OpenAI answers 400 for, and the parsed view a `respond` script is given.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import type { ChatCompletionBody, ChatMessage, ChatRequest } from './types.ts'

export const ROUTES = new Set(['/v1/chat/completions', '/chat/completions'])
/** `GET /v1/models`: the models the key may use (OpenAI's "List models"; Together, vLLM, Ollama's /v1 alike). */
export const MODEL_ROUTES = new Set(['/v1/models', '/models'])
const MAX_BODY_BYTES = 20 * 1024 * 1024

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

/** The body as text, or undefined when it is over MAX_BODY_BYTES (read to its end either way). */
export async function readBody (req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer)
  }
  if (size > MAX_BODY_BYTES) return undefined
  return Buffer.concat(chunks).toString('utf8')
}

/** The first problem OpenAI would answer 400 for, or undefined. */
export function validateBody (body: unknown): { message: string, param: string | null } | undefined {
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

/** The parsed view of a valid body that a `respond` script is given. */
export function buildRequest (
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
