// The savers' serializer: LangGraph's JsonPlusSerializer, with shortcuts for what a turn stores most,
// because its general path costs ~0.25 CPU ms a turn (docs/benchmarks.md, "bench:chat after the turn
// CPU work"). The bytes stay exactly JsonPlus's, so any version (an older one after a rollback too)
// reads them:
// - a history window of plain messages (HumanMessage/AIMessage with text content and an id, nothing
//   else) is written with one JSON.stringify of LangChain's constructor records, built directly
//   rather than through toJSON and a circular-safe stringify, and such a list is rebuilt directly on
//   read instead of through LangChain's generic `load`;
// - a `json` value with no `"lc"` key (records, metadata, checkpoints without their values) is read
//   with one JSON.parse: JsonPlus's reviver only ever changes objects that carry an `lc` key, and it
//   walks every value through a Promise first.
// Everything else goes through JsonPlusSerializer.
import { AIMessage, HumanMessage, type BaseMessage } from '@langchain/core/messages'
import { JsonPlusSerializer, type SerializerProtocol } from '@langchain/langgraph-checkpoint'

const HUMAN_ID = ['langchain_core', 'messages', 'HumanMessage']
const AI_ID = ['langchain_core', 'messages', 'AIMessage']

const isEmptyObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0

/** A message rebuilt from its text and id would equal this one. */
function plain (message: unknown): message is BaseMessage {
  // Exactly these classes: a subclass keeps its own form.
  if (!(message instanceof HumanMessage || message instanceof AIMessage)) return false
  if (message.constructor !== HumanMessage && message.constructor !== AIMessage) return false
  if (typeof message.content !== 'string' || message.name !== undefined) return false
  if (message.id !== undefined && typeof message.id !== 'string') return false
  if (!isEmptyObject(message.additional_kwargs) || !isEmptyObject(message.response_metadata)) return false
  if (message instanceof AIMessage) {
    if ((message.tool_calls?.length ?? 0) > 0 || (message.invalid_tool_calls?.length ?? 0) > 0) return false
    if (message.usage_metadata !== undefined) return false
  }
  return true
}

/** JsonPlus's record of a plain message, key for key. */
function record (message: BaseMessage): unknown {
  const id = message instanceof HumanMessage ? HUMAN_ID : AI_ID
  const kwargs = message instanceof HumanMessage
    ? { content: message.content, id: message.id, additional_kwargs: {}, response_metadata: {} }
    : { content: message.content, id: message.id, tool_calls: [], invalid_tool_calls: [], additional_kwargs: {}, response_metadata: {} }
  return { lc: 1, type: 'constructor', id, kwargs }
}

const sameId = (id: unknown, expected: string[]): boolean =>
  Array.isArray(id) && id.length === 3 && id[0] === expected[0] && id[1] === expected[1] && id[2] === expected[2]

const isEmptyArray = (value: unknown): boolean => Array.isArray(value) && value.length === 0

/** The message a JsonPlus record stands for when it is a plain one; undefined for anything else. */
function revivePlain (value: unknown): BaseMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const { lc, type, id, kwargs, ...rest } = value as Record<string, unknown>
  if (lc !== 1 || type !== 'constructor' || Object.keys(rest).length > 0) return undefined
  if (typeof kwargs !== 'object' || kwargs === null) return undefined
  const human = sameId(id, HUMAN_ID)
  if (!human && !sameId(id, AI_ID)) return undefined
  const { content, id: messageId, additional_kwargs: extra, response_metadata: metadata, tool_calls: calls, invalid_tool_calls: invalid, ...others } = kwargs as Record<string, unknown>
  if (typeof content !== 'string' || (messageId !== undefined && typeof messageId !== 'string')) return undefined
  if (Object.keys(others).length > 0 || !isEmptyObject(extra) || !isEmptyObject(metadata)) return undefined
  if (human) return calls === undefined && invalid === undefined ? new HumanMessage(messageId === undefined ? { content } : { content, id: messageId }) : undefined
  if (!isEmptyArray(calls) || !isEmptyArray(invalid)) return undefined
  return new AIMessage(messageId === undefined ? { content } : { content, id: messageId })
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

export class CompactSerializer implements SerializerProtocol {
  private readonly fallback: SerializerProtocol

  constructor (fallback: SerializerProtocol = new JsonPlusSerializer()) {
    this.fallback = fallback
  }

  async dumpsTyped (data: unknown): Promise<[string, Uint8Array]> {
    if (Array.isArray(data) && data.length > 0 && data.every(plain)) {
      return ['json', encoder.encode(JSON.stringify(data.map(record)))]
    }
    return await this.fallback.dumpsTyped(data)
  }

  async loadsTyped (type: string, data: Uint8Array | string): Promise<unknown> {
    if (type !== 'json') return await this.fallback.loadsTyped(type, data)
    const text = typeof data === 'string' ? data : decoder.decode(data)
    if (!text.includes('"lc"')) return JSON.parse(text)
    const parsed: unknown = JSON.parse(text)
    if (Array.isArray(parsed) && parsed.length > 0) {
      const messages: BaseMessage[] = []
      for (const item of parsed) {
        const message = revivePlain(item)
        if (message === undefined) break
        messages.push(message)
      }
      if (messages.length === parsed.length) return messages
    }
    return await this.fallback.loadsTyped(type, text)
  }
}
