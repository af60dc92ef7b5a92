// The fake chat server's streams, read by the real ChatOpenAI client and as raw SSE: content and
// tool-call fragments, usage, pacing, and streams that stall or are cut mid-way.
import t from 'tap'
import { AIMessage, HumanMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages'
import { PASSAGE, collect, fetchDocuments, otherTool, rejection, startFakeWithClient } from './openai-chat-client.ts'

const { fake, model, lastBody } = await startFakeWithClient(t)

t.test('stream: several content chunks that concatenate to the full text, then usage', async (t) => {
  const text = 'Institut Teknologi Bandung berdiri pada tahun 1920, di Jalan Ganesa 10.'
  fake.setRespond(() => ({ content: text }))
  const { chunks, full } = await collect(await model().stream('Kapan ITB berdiri?'))

  const contentChunks = chunks.filter((c) => typeof c.content === 'string' && c.content !== '')
  t.ok(contentChunks.length >= 5, `content arrives in several chunks (got ${contentChunks.length})`)
  t.equal(contentChunks.map((c) => c.content).join(''), text)
  t.equal(full.content, text)
  t.equal(full.response_metadata.finish_reason, 'stop')
  t.ok(full.usage_metadata !== undefined && full.usage_metadata.output_tokens === 11, 'usage chunk parsed')

  const body = lastBody()
  t.equal(body.stream, true)
  t.same(body.stream_options, { include_usage: true })
  t.equal(fake.counters.streams, 1)
  t.equal(fake.requests[0].outcome, 'content')
})

t.test('stream: the raw SSE framing', async (t) => {
  fake.setRespond(() => ({ content: 'a b' }))
  const response = await fetch(`${fake.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer fake-key', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true, stream_options: { include_usage: true } })
  })
  t.equal(response.status, 200)
  t.match(response.headers.get('content-type'), /^text\/event-stream/)
  const raw = await response.text()
  t.ok(raw.endsWith('data: [DONE]\n\n'))
  const events = raw.split('\n\n').filter((e) => e !== '')
  t.ok(events.every((e) => e.startsWith('data: ')))
  const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)))
  t.ok(chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === chunks[0].id))
  t.same(chunks[0].choices[0].delta, { role: 'assistant', content: '', refusal: null })
  t.same(chunks.slice(1, 3).map((c) => c.choices[0].delta.content), ['a', ' b'])
  t.equal(chunks.at(-2).choices[0].finish_reason, 'stop')
  t.same(chunks.at(-1).choices, [])
  t.same(chunks.at(-1).usage, { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 })

  // Tool calls: the first fragment carries id, type and name with empty arguments; the rest only
  // `{index, function: {arguments}}`, as OpenAI sends them.
  fake.setRespond(() => ({ toolCalls: [{ name: 'fetch_documents', arguments: { search_query: 'rektor ITB' }, id: 'call_abc' }] }))
  const toolResponse = await fetch(`${fake.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer fake-key', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true })
  })
  const toolChunks = (await toolResponse.text()).split('\n\n').filter((e) => e !== '' && e !== 'data: [DONE]')
    .map((e) => JSON.parse(e.slice(6)))
  t.same(toolChunks[0].choices[0].delta, { role: 'assistant', content: null, refusal: null })
  t.same(toolChunks[1].choices[0].delta, {
    tool_calls: [{ index: 0, id: 'call_abc', type: 'function', function: { name: 'fetch_documents', arguments: '' } }]
  })
  const fragments = toolChunks.slice(2, -1).map((c) => c.choices[0].delta.tool_calls)
  t.ok(fragments.length > 1 && fragments.every((f) => f.length === 1 && Object.keys(f[0]).join() === 'index,function' &&
    Object.keys(f[0].function).join() === 'arguments'), 'argument fragments carry only index and arguments')
  t.same(JSON.parse(fragments.map((f) => f[0].function.arguments).join('')), { search_query: 'rektor ITB' })
  t.equal(toolChunks.at(-1).choices[0].finish_reason, 'tool_calls')
  t.notOk('usage' in toolChunks.at(-1), 'no usage without stream_options.include_usage')
})

t.test('stream: tool calls arrive as fragments and LangChain assembles them', async (t) => {
  fake.setRespond(() => ({
    toolCalls: [
      { name: 'fetch_documents', arguments: { search_query: 'biaya kuliah ITB program sarjana' } },
      { name: 'get_time', arguments: { zone: 'Asia/Jakarta' } }
    ]
  }))
  const { chunks, full } = await collect(await model().bindTools([fetchDocuments, otherTool]).stream('Biaya kuliah?'))

  const fragmentChunks = chunks.filter((c) => (c.tool_call_chunks?.length ?? 0) > 0)
  t.ok(fragmentChunks.length > 4, `arguments arrive in fragments (got ${fragmentChunks.length} chunks)`)
  t.equal(full.tool_call_chunks?.length, 2)
  t.same(full.tool_calls?.map((c) => [c.name, c.args]), [
    ['fetch_documents', { search_query: 'biaya kuliah ITB program sarjana' }],
    ['get_time', { zone: 'Asia/Jakarta' }]
  ])
  t.ok(full.tool_calls?.every((c) => typeof c.id === 'string' && c.id.startsWith('call_')))
  t.equal(full.response_metadata.finish_reason, 'tool_calls')
  t.equal(fake.counters.toolCallTurns, 1)

  // The assembled chunk is accepted back as conversation history.
  const messages: BaseMessage[] = [new HumanMessage('Biaya kuliah?'), new AIMessage({ content: '', tool_calls: full.tool_calls })]
  for (const call of full.tool_calls ?? []) messages.push(new ToolMessage({ content: PASSAGE, tool_call_id: call.id ?? '' }))
  fake.setRespond()
  const answer = await model().bindTools([fetchDocuments]).invoke(messages)
  t.match(answer.content, /^Menurut dokumen \[1\], ITB didirikan/)
})

t.test('chunkDelayMs spreads a stream over time; delayMs delays the first chunk', async (t) => {
  fake.setRespond(() => ({ content: 'satu dua tiga empat', delayMs: 150, chunkDelayMs: 40 }))
  const start = Date.now()
  const times: number[] = []
  for await (const chunk of await model().stream('x')) {
    if (chunk.content !== '') times.push(Date.now() - start)
  }
  t.equal(times.length, 4)
  t.ok(times[0] >= 140, `first content after the delay (${times[0]} ms)`)
  t.ok(times[3] - times[0] >= 100, `chunks spread out (${times[3] - times[0]} ms)`)
})

t.test('a stream that stalls after its headers is not covered by `timeout`, but an AbortSignal stops it', async (t) => {
  fake.setRespond(() => ({ content: 'satu dua tiga empat lima', interrupt: { afterChunks: 3, mode: 'hang' } }))
  const controller = new AbortController()
  const received: string[] = []
  const start = Date.now()
  const timer = setTimeout(() => controller.abort(), 800)
  const outcome = await (async () => {
    try {
      const stream = await model({ timeout: 200 }).stream('x', { signal: controller.signal })
      for await (const chunk of stream) if (chunk.content !== '') received.push(String(chunk.content))
      return 'ended'
    } catch (error) {
      return (error as Error).name
    } finally {
      clearTimeout(timer)
    }
  })()
  const elapsed = Date.now() - start
  t.same(received, ['satu', ' dua'], 'the chunks before the stall arrive')
  t.not(outcome, 'ended')
  t.comment(`stalled stream ended by ${controller.signal.aborted ? 'the AbortSignal' : 'the client timeout'} after ${elapsed} ms (${outcome})`)
  t.ok(controller.signal.aborted, 'the 200 ms client timeout did not end the stream: it only covers the wait for the headers')
  t.ok(elapsed < 2000, 'the signal ends the stalled stream')
})

t.test('a stream cut mid-way rejects', async (t) => {
  fake.setRespond(() => ({ content: 'satu dua tiga empat lima', interrupt: { afterChunks: 3, mode: 'destroy' } }))
  const received: string[] = []
  const error = await rejection((async () => {
    for await (const chunk of await model().stream('x')) if (chunk.content !== '') received.push(String(chunk.content))
  })())
  t.ok(error instanceof Error)
  t.same(received, ['satu', ' dua'])
  t.equal(fake.requests[0].outcome, 'interrupted')
})
