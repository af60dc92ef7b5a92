// Drives the fake OpenAI-compatible chat server with the real ChatOpenAI client over a real socket:
// if the fake's wire format drifts from what @langchain/openai expects, these tests fail.
// Here: whole completions, tool calls and the default agent; openai-chat-stream.test.ts streams,
// openai-chat-failures.test.ts errors, timeouts and bad requests.
import t from 'tap'
import { HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages'
import { firstPassageSentence } from './openai-chat.ts'
import { fetchDocuments, otherTool, startFakeWithClient } from './openai-chat-client.ts'

const { fake, model, lastBody } = await startFakeWithClient(t)

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
