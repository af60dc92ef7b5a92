// The Chat Completions wire conversions on their own: messages out, completions and chunks in, and
// the SSE reader on awkwardly cut bytes. chat-completions.test.ts drives them over the fake server.
import t from 'tap'
import { AIMessage, ChatMessage, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages'
import { chunkFromWire, messageFromCompletion, sseData, streamErrorEvent, toWireMessages, usageOf } from '../../../src/services/rag/chat-wire.ts'

async function * bytesOf (...pieces: Array<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const piece of pieces) yield typeof piece === 'string' ? new TextEncoder().encode(piece) : piece
}

async function events (...pieces: Array<string | Uint8Array>): Promise<{ data: string[], done: boolean }> {
  const state = { done: false }
  const data: string[] = []
  for await (const event of sseData(bytesOf(...pieces), state)) data.push(event)
  return { data, done: state.done }
}

t.test('messages: roles, tool calls with JSON-string arguments, tool results, text parts joined', async (t) => {
  t.same(toWireMessages([
    new SystemMessage('sistem'),
    new HumanMessage({ content: [{ type: 'text', text: 'Kapan ' }, { type: 'text', text: 'ITB?' }] }),
    new AIMessage({ content: '', tool_calls: [{ id: 'c1', name: 'fetch_documents', args: { search_query: 'ITB' } }] }),
    new ToolMessage({ tool_call_id: 'c1', content: 'hasil' }),
    new AIMessage('jawaban'),
    new ChatMessage('aturan', 'developer')
  ]), [
    { role: 'system', content: 'sistem' },
    { role: 'user', content: 'Kapan ITB?' },
    { role: 'assistant', content: '', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'fetch_documents', arguments: '{"search_query":"ITB"}' } }] },
    { role: 'tool', content: 'hasil', tool_call_id: 'c1' },
    { role: 'assistant', content: 'jawaban' },
    { role: 'developer', content: 'aturan' }
  ])
  t.throws(() => toWireMessages([new HumanMessage({ content: [{ type: 'image_url', image_url: 'http://x/y.png' }] })]), /image_url content part cannot be sent/)
})

t.test('a completion: text, usage, finish reason; tool calls parsed, invalid JSON arguments kept as invalid_tool_calls', async (t) => {
  const text = messageFromCompletion({ id: 'chatcmpl-1', model: 'm', choices: [{ message: { content: 'Halo' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } })
  t.match(text, { id: 'chatcmpl-1', content: 'Halo', tool_calls: [], usage_metadata: { input_tokens: 3, output_tokens: 1, total_tokens: 4 }, response_metadata: { finish_reason: 'stop', model_name: 'm' } })

  const calls = messageFromCompletion({
    id: 'chatcmpl-2',
    choices: [{
      message: {
        content: null,
        tool_calls: [
          { id: 'a', type: 'function', function: { name: 'fetch_documents', arguments: '{"search_query":"ITB"}' } },
          { id: 'b', type: 'function', function: { name: 'fetch_documents', arguments: '{"search_query": ' } }
        ]
      },
      finish_reason: 'tool_calls'
    }]
  })
  t.equal(calls.content, '', 'a null content is an empty text')
  t.match(calls.tool_calls, [{ id: 'a', name: 'fetch_documents', args: { search_query: 'ITB' } }])
  t.match(calls.invalid_tool_calls, [{ id: 'b', name: 'fetch_documents', args: '{"search_query": ', error: /.+/ }])
  t.same(calls.usage_metadata, { input_tokens: 0, output_tokens: 0, total_tokens: 0 }, 'no usage: zeros, as ChatOpenAI')
})

t.test('not a completion: no choices, an error object, not an object', async (t) => {
  t.throws(() => messageFromCompletion({ id: 'x', choices: [] }), { name: 'ChatWireError', message: /answered no choices/ })
  t.throws(() => messageFromCompletion({}), /answered no choices/)
  t.throws(() => messageFromCompletion({ error: { message: 'model overloaded' } }), /answered an error: model overloaded/)
  t.throws(() => chunkFromWire({ error: 'stream failed' }), /answered an error: stream failed/)
  t.throws(() => messageFromCompletion(null as never), /not an object/)
})

t.test('chunks: text and tool-call fragments; a role-only or usage-only chunk is nothing', async (t) => {
  t.equal(chunkFromWire({ id: 'c', choices: [{ delta: { role: 'assistant', content: '' } as never, finish_reason: null }] }), undefined)
  t.equal(chunkFromWire({ id: 'c', choices: [], usage: { prompt_tokens: 1 } }), undefined)
  t.match(chunkFromWire({ id: 'c', choices: [{ delta: { content: ' ITB' } }] }), { id: 'c', content: ' ITB', tool_call_chunks: [] })
  t.match(chunkFromWire({ id: 'c', choices: [{ delta: { tool_calls: [{ index: 0, id: 'k', function: { name: 'f', arguments: '' } }] } }] }),
    { tool_call_chunks: [{ index: 0, id: 'k', name: 'f', args: '', type: 'tool_call_chunk' }] })
  t.match(chunkFromWire({ id: 'c', model: 'm', choices: [{ delta: {}, finish_reason: 'stop' }] }), { content: '', response_metadata: { finish_reason: 'stop', model_name: 'm' } })
  t.match(chunkFromWire({ id: 'c', choices: [{ delta: { role: 'assistant', content: 'Hai', tool_calls: null, function_call: null, refusal: null } as never, finish_reason: null }] }),
    { content: 'Hai', tool_call_chunks: [] }, 'tool_calls: null in a text delta (DashScope, Azure AI) is no fragment')
  t.equal(chunkFromWire({ id: 'c', choices: [{ delta: { content: null, tool_calls: [] } }] }), undefined, 'nor is an empty list')
  t.match(chunkFromWire({ id: 'c', choices: [{ delta: { content: '.' }, finish_reason: 'length' }] }), { content: '.', response_metadata: { finish_reason: 'length' } },
    'the last text in the finish chunk (Mistral, vLLM) is kept')
  t.same(usageOf({ prompt_tokens: 2, completion_tokens: 3 }), { input_tokens: 2, output_tokens: 3, total_tokens: 5 })
})

t.test('SSE: events split anywhere, CRLF, comments, multi-line data; [DONE] ends the events, the rest is read and ignored', async (t) => {
  const euro = new TextEncoder().encode('data: {"c":"€"}\n\n')
  t.same(await events(
    ': keep-alive\n\n',
    'data: {"a":1}\r\n\r\nda', 'ta: {"b":',
    '2}\n\nevent: message\ndata: one\ndata: two\n\n',
    euro.subarray(0, 12), euro.subarray(12),
    'data: [DONE]\n\ndata: {"late":true}\n\n'
  ), { data: ['{"a":1}', '{"b":2}', 'one\ntwo', '{"c":"€"}'], done: true })
  t.same(await events('data: {"a":1}\n\ndata: {"b":'), { data: ['{"a":1}', '{"b":'], done: false }, 'cut short: no [DONE]; the rest is given, for the JSON parse to refuse')
  t.same(await events('data:{"tight":1}\n\n'), { data: ['{"tight":1}'], done: false }, 'no space after the colon')
})

t.test('SSE: the last event without its blank line is still given at the body\'s end (as openai-node#2726 does)', async (t) => {
  t.same(await events('data: {"a":1}\n\ndata: {"finish":1}\n'), { data: ['{"a":1}', '{"finish":1}'], done: false }, 'one \\n, no blank line')
  t.same(await events('data: {"a":1}\n\ndata: {"finish":1}'), { data: ['{"a":1}', '{"finish":1}'], done: false }, 'no newline at all')
  t.same(await events('data: {"finish":1}\r\n'), { data: ['{"finish":1}'], done: false }, 'CRLF')
  t.same(await events('data: {"a":1}\n\ndata: [DONE]'), { data: ['{"a":1}'], done: true }, 'an unclosed [DONE] ends the stream')
  t.same(await events('data: {"a":1}\n\n: keep-alive\n'), { data: ['{"a":1}'], done: false }, 'a comment after the last event is no event')
})

t.test('SSE: the event name of each payload; an error event is an error whatever its data', async (t) => {
  const state: { done: boolean, event?: string } = { done: false }
  const named: Array<[string, string | undefined]> = []
  for await (const data of sseData(bytesOf('event: message\ndata: 1\n\ndata: 2\n\nevent:error\ndata: {"message":"boom"}\n\n'), state)) named.push([data, state.event])
  t.same(named, [['1', 'message'], ['2', undefined], ['{"message":"boom"}', 'error']])
  t.match(streamErrorEvent('{"message":"Compute error."}'), { name: 'ChatWireError', message: 'the chat completions API answered an error event: Compute error.' })
  t.match(streamErrorEvent('{"error":{"message":"overloaded","type":"server_error"}}'), { message: /error event: overloaded$/ })
  t.match(streamErrorEvent('{"error":"quota"}'), { message: /error event: quota$/ })
  t.match(streamErrorEvent('upstream timed out'), { message: /error event: upstream timed out$/ })
  t.match(streamErrorEvent('{"code":500}'), { message: /error event: \{"code":500\}$/ })
})

t.test('SSE: lines ending in a lone \\r (the spec allows CR, LF and CRLF), alone or mixed, split anywhere', async (t) => {
  t.same(await events('data: {"a":1}\r\rdata: {"b":2}\r\rdata: [DONE]\r\r'), { data: ['{"a":1}', '{"b":2}'], done: true }, 'CR only')
  t.same(await events('event: message\rdata: one\rdata: two\r\r: keep-alive\r\rdata: {"b":2}\n\ndata: 3\r\n\r\n'),
    { data: ['one\ntwo', '{"b":2}', '3'], done: false }, 'CR, then LF and CRLF in the same stream')
  t.same(await events('data: 1\r', '\ndata: 2\r\n', '\r\n', 'data: 3\r', '\r'), { data: ['1\n2', '3'], done: false },
    'a CRLF cut between its \\r and its \\n is one line end (no blank line), a CR at a cut is one')
  t.same(await events('data: 1\n\ndata: 2\r', 'data: 3\r\r'), { data: ['1', '2\n3'], done: false }, 'the first lone \\r at a cut, after LF lines')
  t.same(await events('data: {"finish":1}\r'), { data: ['{"finish":1}'], done: false }, 'a last line ended by a lone \\r')
})
