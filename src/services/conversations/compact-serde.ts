// The savers' serializer: LangGraph's JsonPlusSerializer, with two shortcuts for what a turn stores
// most, because its general path costs ~0.25 CPU ms a turn (bench/chat.ts, docs/benchmarks.md):
// - a history window of plain messages (HumanMessage/AIMessage with text content and an id, nothing
//   else) is stored as `[type, content, id]` triples under its own type tag instead of LangChain's
//   constructor records, and rebuilt directly on read;
// - a `json` value whose text has no `"lc"` key (records, metadata, checkpoints without their values)
//   is read with one JSON.parse: JsonPlus's reviver only ever changes objects that carry an `lc` key,
//   and it walks every value through a Promise first.
// Everything else, and every value stored before this existed, goes through JsonPlusSerializer.
import { AIMessage, HumanMessage, type BaseMessage } from '@langchain/core/messages'
import { JsonPlusSerializer, type SerializerProtocol } from '@langchain/langgraph-checkpoint'

/** The type tag of a compact message list (stored beside JsonPlus's `json` and `bytes`). */
export const MESSAGES_TYPE = 'itb-messages-v1'

type Triple = ['human' | 'ai', string, string | undefined]

const isEmpty = (value: unknown): boolean =>
  value === undefined || (typeof value === 'object' && value !== null && Object.keys(value).length === 0)

/** A message rebuilt from [type, content, id] would equal this one. */
function plain (message: unknown): message is BaseMessage {
  if (!(message instanceof HumanMessage || message instanceof AIMessage)) return false
  // Exactly these classes: a subclass (AIMessageChunk is not one, but a user class could be) keeps its own form.
  if (message.constructor !== HumanMessage && message.constructor !== AIMessage) return false
  if (typeof message.content !== 'string' || message.name !== undefined) return false
  if (message.id !== undefined && typeof message.id !== 'string') return false
  if (!isEmpty(message.additional_kwargs) || !isEmpty(message.response_metadata)) return false
  if (message instanceof AIMessage) {
    if ((message.tool_calls?.length ?? 0) > 0 || (message.invalid_tool_calls?.length ?? 0) > 0) return false
    if (message.usage_metadata !== undefined) return false
  }
  return true
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
      const triples = data.map((message): Triple => [message instanceof HumanMessage ? 'human' : 'ai', message.content as string, message.id])
      return [MESSAGES_TYPE, encoder.encode(JSON.stringify(triples))]
    }
    return await this.fallback.dumpsTyped(data)
  }

  async loadsTyped (type: string, data: Uint8Array | string): Promise<unknown> {
    if (type === MESSAGES_TYPE) {
      const triples = JSON.parse(typeof data === 'string' ? data : decoder.decode(data)) as Triple[]
      return triples.map(([kind, content, id]) => {
        const fields = id === undefined || id === null ? { content } : { content, id }
        return kind === 'human' ? new HumanMessage(fields) : new AIMessage(fields)
      })
    }
    if (type === 'json') {
      const text = typeof data === 'string' ? data : decoder.decode(data)
      if (!text.includes('"lc"')) return JSON.parse(text)
      return await this.fallback.loadsTyped(type, text)
    }
    return await this.fallback.loadsTyped(type, data)
  }
}
