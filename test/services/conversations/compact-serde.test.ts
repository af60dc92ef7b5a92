import t from 'tap'
import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages'
import { JsonPlusSerializer } from '@langchain/langgraph-checkpoint'
import { CompactSerializer } from '../../../src/services/conversations/compact-serde.ts'

const jsonPlus = new JsonPlusSerializer()
const compact = new CompactSerializer()

async function roundTrip (value: unknown): Promise<{ type: string, value: unknown }> {
  const [type, data] = await compact.dumpsTyped(value)
  return { type, value: await compact.loadsTyped(type, data) }
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)

t.test('a window of plain messages is written byte for byte as JsonPlus writes it, and read back equal', async (t) => {
  const window = [
    new HumanMessage({ content: 'Kapan ITB didirikan? "Tahun" \\ baris\nbaru', id: 'h-1' }),
    new AIMessage({ content: 'ITB didirikan pada 3 Juli 1920.', id: 'chatcmpl-1' }),
    new HumanMessage('Kalau biayanya?'),
    new AIMessage({ content: '' })
  ]
  const [type, data] = await compact.dumpsTyped(window)
  const [jsonPlusType, jsonPlusData] = await jsonPlus.dumpsTyped(window)
  // The same bytes: a version without this serializer (a rollback) reads them.
  t.equal(type, jsonPlusType)
  t.equal(text(data), text(jsonPlusData))
  const revived = await compact.loadsTyped(type, data)
  t.strictSame(revived, await jsonPlus.loadsTyped(jsonPlusType, jsonPlusData))
  t.same(revived, window)
  t.ok((revived as unknown[]).every((message, index) => (message as object).constructor === (window[index] as object).constructor))
})

t.test('messages with anything beyond text and an id keep the JsonPlus form', async (t) => {
  const cases = {
    'a tool call': [new AIMessage({ content: '', tool_calls: [{ id: 'c1', name: 'fetch_documents', args: { search_query: 'biaya' } }] })],
    'a tool result': [new ToolMessage({ content: 'passages', tool_call_id: 'c1' })],
    'a system message': [new SystemMessage('Anda adalah asisten ITB.')],
    'non-text content': [new HumanMessage({ content: [{ type: 'text', text: 'halo' }] })],
    'extra fields': [new AIMessage({ content: 'x', response_metadata: { model: 'm' } })],
    'a name': [new HumanMessage({ content: 'x', name: 'budi' })],
    usage: [new AIMessage({ content: 'x', usage_metadata: { input_tokens: 1, output_tokens: 2, total_tokens: 3 } })],
    'a mix with a plain one': [new HumanMessage('x'), new ToolMessage({ content: 'y', tool_call_id: 'c' })]
  }
  for (const [label, messages] of Object.entries(cases)) {
    const { type, value } = await roundTrip(messages)
    const [jsonPlusType, jsonPlusData] = await jsonPlus.dumpsTyped(messages)
    t.equal(type, jsonPlusType, label)
    t.strictSame(value, await jsonPlus.loadsTyped(jsonPlusType, jsonPlusData), label)
  }
})

t.test('JSON values read as JsonPlus reads them, with or without its lc records', async (t) => {
  const values = [
    { role: 'user', text: 'Kapan?', sources: [], time: '2026-12-02T10:00:00.000Z' },
    { source: 'loop', step: 3, parents: {} },
    // lc records: an undefined field, a Set, a Map, an Error
    { kept: undefined, set: new Set([1, 2]), map: new Map([['a', 1]]), error: new Error('boom') },
    // text that mentions "lc" without being a record
    { note: 'the key "lc" inside a string', lc: 'not a record' },
    [],
    'text',
    42,
    null
  ]
  for (const value of values) {
    const [type, data] = await jsonPlus.dumpsTyped(value)
    t.strictSame(await compact.loadsTyped(type, data), await jsonPlus.loadsTyped(type, data), JSON.stringify(value) ?? String(value))
    t.strictSame(await compact.loadsTyped(type, new TextDecoder().decode(data)), await jsonPlus.loadsTyped(type, data), 'from a string')
  }
})

t.test('values JsonPlus stored before (messages included) still load', async (t) => {
  const window = [new HumanMessage({ content: 'Apa itu TPB?', id: 'h-2' }), new AIMessage({ content: 'Tahap Persiapan Bersama.', id: 'a-2' })]
  const [type, data] = await jsonPlus.dumpsTyped(window)
  t.equal(type, 'json')
  t.strictSame(await compact.loadsTyped(type, data), window)
  const bytes = new Uint8Array([1, 2, 3])
  t.strictSame(await compact.loadsTyped(...await compact.dumpsTyped(bytes)), bytes)
})
