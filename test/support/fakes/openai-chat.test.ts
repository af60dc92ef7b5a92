// Drives the fake OpenAI-compatible chat server with the real ChatOpenAI client over a real socket:
// if the fake's wire format drifts from what @langchain/openai expects, these tests fail.
import t from 'tap'
import { ChatOpenAI } from '@langchain/openai'
import { AIMessage, AIMessageChunk, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages'
import { tool } from '@langchain/core/tools'
import { z } from 'zod'
import { startFakeChat, firstPassageSentence, type ChatCompletionBody, type FakeChat } from './openai-chat.ts'

const fake = await startFakeChat()
t.teardown(async () => { await fake.close() })

function model (options: { apiKey?: string, timeout?: number, baseURL?: string } = {}) {
  return new ChatOpenAI({
    model: 'fake-model',
    apiKey: options.apiKey ?? 'fake-key',
    temperature: 0,
    maxRetries: 0,
    timeout: options.timeout ?? 5_000,
    configuration: { baseURL: options.baseURL ?? fake.baseURL }
  })
}

const PASSAGE = 'ITB didirikan pada tahun 1920 sebagai Technische Hoogeschool te Bandoeng. Kampus utamanya di Jalan Ganesa.'

const fetchDocuments = tool(
  async ({ search_query: query }) => JSON.stringify({
    found: true,
    passages: [{ id: 'sejarah#0', title: 'Sejarah ITB', url: 'https://itb.ac.id/sejarah', text: PASSAGE, query }]
  }),
  {
    name: 'fetch_documents',
    description: 'Cari dokumen resmi ITB yang relevan.',
    schema: z.object({ search_query: z.string().describe('Kata kunci pencarian') })
  }
)

const otherTool = tool(async () => 'ok', {
  name: 'get_time',
  description: 'Waktu sekarang.',
  schema: z.object({ zone: z.string() })
})

function lastBody (): ChatCompletionBody {
  const body = fake.requests.at(-1)?.body
  if (body === undefined) throw new Error('no request recorded')
  return body as ChatCompletionBody
}

/** Rejection of `promise`, or a failure when it resolves. */
async function rejection (promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise
  } catch (error) {
    return error as Error & Record<string, unknown>
  }
  throw new Error('expected a rejection')
}

async function collect (stream: AsyncIterable<AIMessageChunk>): Promise<{ chunks: AIMessageChunk[], full: AIMessageChunk }> {
  const chunks: AIMessageChunk[] = []
  let full: AIMessageChunk | undefined
  for await (const chunk of stream) {
    chunks.push(chunk)
    full = full === undefined ? chunk : full.concat(chunk)
  }
  if (full === undefined) throw new Error('empty stream')
  return { chunks, full }
}

t.beforeEach(() => {
  fake.reset()
  fake.setRespond()
})

t.test('invoke returns the scripted content and the request is a standard chat completions body', async (t) => {
  fake.setRespond((req) => ({ content: `Halo! Kamu bertanya: ${req.lastUserText}` }))
  const reply = await model().invoke([new SystemMessage('Kamu asisten ITB.'), new HumanMessage('Kapan ITB berdiri?')])

  t.equal(reply.content, 'Halo! Kamu bertanya: Kapan ITB berdiri?')
  t.equal(reply.response_metadata.finish_reason, 'stop')
  t.equal(reply.response_metadata.model_name, 'fake-model')
  t.match(reply.id, /^chatcmpl-/)
  // usage approximated by word counts: prompt = 3 + 3 words, completion = 6 words
  t.same(reply.usage_metadata && {
    input: reply.usage_metadata.input_tokens,
    output: reply.usage_metadata.output_tokens,
    total: reply.usage_metadata.total_tokens
  }, { input: 6, output: 6, total: 12 })

  t.equal(fake.requests.length, 1)
  const recorded = fake.requests[0]
  t.equal(recorded.method, 'POST')
  t.equal(recorded.path, '/v1/chat/completions')
  t.equal(recorded.headers.authorization, 'Bearer fake-key')
  t.equal(recorded.status, 200)
  t.equal(recorded.outcome, 'content')
  const body = lastBody()
  t.equal(body.model, 'fake-model')
  t.equal(body.temperature, 0)
  t.not(body.stream, true)
  t.same(body.messages, [{ role: 'system', content: 'Kamu asisten ITB.' }, { role: 'user', content: 'Kapan ITB berdiri?' }])
  t.equal(fake.counters.completions, 1)
})

t.test('the routes also answer without the /v1 prefix', async (t) => {
  fake.setRespond(() => ({ content: 'tanpa v1' }))
  const reply = await model({ baseURL: fake.origin }).invoke('hai')
  t.equal(reply.content, 'tanpa v1')
  t.equal(fake.requests[0].path, '/chat/completions')
})

t.test('bindTools: the tool call is parsed by LangChain with its name, args and id', async (t) => {
  const reply = await model().bindTools([fetchDocuments]).invoke('Kapan ITB berdiri?')

  t.equal(reply.content, '')
  t.equal(reply.response_metadata.finish_reason, 'tool_calls')
  t.equal(reply.tool_calls?.length, 1)
  const call = reply.tool_calls?.[0]
  t.equal(call?.name, 'fetch_documents')
  t.same(call?.args, { search_query: 'Kapan ITB berdiri?' })
  t.match(call?.id, /^call_[A-Za-z0-9]{24}$/)
  t.same(reply.invalid_tool_calls, [])

  const body = lastBody()
  t.equal(body.tools?.length, 1)
  t.equal(body.tools?.[0].type, 'function')
  t.equal(body.tools?.[0].function.name, 'fetch_documents')
  t.match(body.tools?.[0].function.parameters, { type: 'object', properties: { search_query: { type: 'string' } } })
  t.equal(fake.counters.toolCallTurns, 1)
})

t.test('several scripted tool calls, an explicit id and content next to them', async (t) => {
  fake.setRespond(() => ({
    content: 'Sebentar, saya cari dulu.',
    toolCalls: [
      { name: 'fetch_documents', arguments: { search_query: 'sejarah ITB' }, id: 'call_fixed' },
      { name: 'get_time', arguments: { zone: 'Asia/Jakarta' } }
    ]
  }))
  const reply = await model().bindTools([fetchDocuments, otherTool]).invoke('Sejarah ITB dan jam sekarang?')
  t.equal(reply.content, 'Sebentar, saya cari dulu.')
  t.same(reply.tool_calls?.map((c) => [c.name, c.args, c.id === 'call_fixed']), [
    ['fetch_documents', { search_query: 'sejarah ITB' }, true],
    ['get_time', { zone: 'Asia/Jakarta' }, false]
  ])
})

t.test('malformed tool arguments surface as invalid_tool_calls', async (t) => {
  fake.setRespond(() => ({ toolCalls: [{ name: 'fetch_documents', arguments: '{"search_query": "ITB' }] }))
  const reply = await model().bindTools([fetchDocuments]).invoke('ITB?')
  t.same(reply.tool_calls, [])
  t.equal(reply.invalid_tool_calls?.length, 1)
  t.equal(reply.invalid_tool_calls?.[0].name, 'fetch_documents')
})

t.test('default agent: tool call, then an answer built from the tool result (full round trip)', async (t) => {
  const llm = model().bindTools([fetchDocuments])
  const messages: BaseMessage[] = [new SystemMessage('Jawab singkat dengan sumber.'), new HumanMessage('Kapan ITB didirikan?')]

  const first = await llm.invoke(messages)
  t.equal(first.tool_calls?.length, 1)
  messages.push(first)
  for (const call of first.tool_calls ?? []) {
    messages.push(await fetchDocuments.invoke(call))
  }
  t.ok(messages.at(-1) instanceof ToolMessage)

  const second = await llm.invoke(messages)
  t.equal(second.content, 'Menurut dokumen [1], ITB didirikan pada tahun 1920 sebagai Technische Hoogeschool te Bandoeng.')
  t.same(second.tool_calls, [])

  // What LangChain sent back on the second turn: the assistant tool-call turn and the tool result.
  const body = lastBody()
  const assistant = body.messages[2]
  t.equal(assistant.role, 'assistant')
  t.equal(assistant.tool_calls?.[0].id, first.tool_calls?.[0].id)
  t.equal(assistant.tool_calls?.[0].function.name, 'fetch_documents')
  t.same(JSON.parse(assistant.tool_calls?.[0].function.arguments ?? 'null'), { search_query: 'Kapan ITB didirikan?' })
  const toolMessage = body.messages[3]
  t.equal(toolMessage.role, 'tool')
  t.equal(toolMessage.tool_call_id, first.tool_calls?.[0].id)
  t.match(toolMessage.content, /Technische Hoogeschool/)
  t.equal(fake.requests.length, 2)
})

t.test('default agent without tools or results answers that nothing was found', async (t) => {
  const reply = await model().invoke('Apa itu ITB?')
  t.match(reply.content, /tidak menemukan/)
})

t.test('firstPassageSentence reads JSON and plain-text tool results', async (t) => {
  t.equal(firstPassageSentence([JSON.stringify([{ title: 'x', pageContent: 'Satu. Dua.' }])]), 'Satu.')
  t.equal(firstPassageSentence(['[1] Sumber: https://itb.ac.id\nKampus Ganesa luas. Lagi.']), 'Kampus Ganesa luas.')
  t.equal(firstPassageSentence(['', '[]']), undefined)
})

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

t.test('errors: 500, 503 and 429 reject with the status (no retries)', async (t) => {
  fake.setRespond(() => ({ status: 500 }))
  const e500 = await rejection(model().invoke('x'))
  t.equal(e500.status, 500)
  t.match(e500.message, /server had an error/)

  fake.setRespond(() => ({ status: 503, error: 'overloaded' }))
  const e503 = await rejection(model().invoke('x'))
  t.equal(e503.status, 503)
  t.match(e503.message, /overloaded/)

  fake.setRespond(() => ({ status: 429, retryAfter: 7 }))
  const e429 = await rejection(model().invoke('x'))
  t.equal(e429.status, 429)
  t.equal(e429.lc_error_code, 'MODEL_RATE_LIMIT')
  t.equal((e429.headers as Headers).get('retry-after'), '7')
  t.match(e429.error, { code: 'rate_limit_exceeded' })

  // errors are returned as JSON before any stream starts
  fake.setRespond(() => ({ status: 500 }))
  const eStream = await rejection((async () => await collect(await model().stream('x')))())
  t.equal(eStream.status, 500)

  t.equal(fake.requests.length, 4, 'maxRetries: 0 means one request per call')
  t.equal(fake.counters.errors, 4)
})

t.test('hang: the client timeout rejects quickly and the fake sees the abort', async (t) => {
  fake.setRespond(() => ({ hang: true }))
  const start = Date.now()
  const error = await rejection(model({ timeout: 300 }).invoke('x'))
  const elapsed = Date.now() - start
  t.ok(elapsed < 1000, `rejected after ${elapsed} ms`)
  t.ok(elapsed >= 250, `not before the timeout (${elapsed} ms)`)
  t.match(`${error.name} ${error.message}`, /timeout|timed out/i)
  t.equal(fake.counters.hangs, 1)
  // the client closed the socket: the fake records the abandoned request
  for (let i = 0; i < 50 && fake.counters.aborted === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10))
  t.equal(fake.counters.aborted, 1)
  t.equal(fake.requests[0].aborted, true)
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

t.test('wrong API key: 401 with OpenAI error JSON', async (t) => {
  const error = await rejection(model({ apiKey: 'wrong-key' }).invoke('x'))
  t.equal(error.status, 401)
  t.equal(error.lc_error_code, 'MODEL_AUTHENTICATION')
  t.match(error.error, { type: 'invalid_request_error', code: 'invalid_api_key' })
  t.equal(fake.counters.unauthorized, 1)
  t.equal(fake.counters.completions, 0)
})

t.test('raw HTTP: body validation, unknown fields, unknown routes', async (t) => {
  const post = async (body: string, path = '/v1/chat/completions') => {
    const response = await fetch(`${fake.origin}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer fake-key', 'content-type': 'application/json' },
      body
    })
    return { status: response.status, json: await response.json() as Record<string, any> }
  }
  const noMessages = await post(JSON.stringify({ model: 'm' }))
  t.equal(noMessages.status, 400)
  t.match(noMessages.json, { error: { type: 'invalid_request_error', param: 'messages' } })

  const noModel = await post(JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }))
  t.equal(noModel.status, 400)
  t.match(noModel.json, { error: { param: 'model' } })

  const badJson = await post('{nope')
  t.equal(badJson.status, 400)
  t.type(badJson.json.error.message, 'string')

  fake.setRespond((req) => ({ content: `ok ${req.lastUserText}` }))
  const extra = await post(JSON.stringify({
    model: 'm',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'bagian' }, { type: 'text', text: ' dua' }] }],
    parallel_tool_calls: false,
    some_future_field: { x: 1 },
    n: 1
  }))
  t.equal(extra.status, 200)
  t.match(extra.json, {
    object: 'chat.completion',
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', content: 'ok bagian dua' }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 }
  })

  const notFound = await post('{}', '/v1/completions')
  t.equal(notFound.status, 404)
  t.match(notFound.json, { error: { type: 'invalid_request_error' } })
  t.equal(fake.counters.invalid, 3)
})

t.test('close() ends hanging requests and open keep-alive sockets promptly', async (t) => {
  const own: FakeChat = await startFakeChat({ respond: () => ({ hang: true }) })
  const pending = rejection(model({ baseURL: own.baseURL, timeout: 60_000 }).invoke('x'))
  for (let i = 0; i < 100 && own.counters.hangs === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10))
  t.equal(own.counters.hangs, 1)
  const start = Date.now()
  await own.close()
  t.ok(Date.now() - start < 500, 'close() does not wait for the hanging request')
  const error = await pending
  t.ok(error instanceof Error, 'the client sees the connection drop')
})
