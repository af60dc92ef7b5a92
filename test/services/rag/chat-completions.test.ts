// ChatCompletions over the protocol-faithful fake OpenAI server (and a few hand-written servers for
// what the fake does not say): the wire it sends, text and tool-call answers whole and streamed,
// usage, the token callbacks, and every way a call fails as invokeWithFailover and the doctor read it.
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { BaseCallbackHandler } from '@langchain/core/callbacks/base'
import { AIMessage, AIMessageChunk, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages'
import { ChatGenerationChunk } from '@langchain/core/outputs'
import { htmlPageIn } from '../../../src/services/error-serializer.ts'
import { createNodeFetch } from '../../../src/services/node-fetch.ts'
import { ChatCompletions } from '../../../src/services/rag/chat-completions.ts'
import type { ToolDefinition } from '../../../src/services/rag/providers.ts'
import { isConnectionLost, isUnreachable } from '../../../src/services/vendor-call.ts'
import { startFakeChat, type ChatCompletionBody } from '../../support/fakes/openai-chat.ts'

const KEY = 'sk-test-s3cret-key'
const fake = await startFakeChat({ apiKey: KEY })
const http = createNodeFetch()
t.teardown(async () => { http.close(); await fake.close() })
t.beforeEach(() => { fake.reset(); fake.setRespond() })

const chatAt = (baseURL: string, fields: { maxTokens?: number } = {}): ChatCompletions => new ChatCompletions({ baseURL, apiKey: KEY, model: 'fake-model', fetch: http.fetch, ...fields })
const chat = chatAt(fake.baseURL)
const lastBody = (): ChatCompletionBody => fake.requests.at(-1)?.body as ChatCompletionBody
const FETCH_DOCUMENTS_TOOL: ToolDefinition = {
  type: 'function',
  function: { name: 'fetch_documents', description: 'Cari dokumen ITB.', parameters: { type: 'object', properties: { search_query: { type: 'string' } }, required: ['search_query'] } }
}
const question = [new SystemMessage('Anda asisten ITB.'), new HumanMessage('Kapan ITB didirikan?')]

async function rejection (promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise
  } catch (error) {
    return error as Error & Record<string, unknown>
  }
  throw new Error('expected a rejection')
}

/** Streams a call to its end, through LangChain's stream(): the chunks and their concatenation. */
async function streamed (model: { stream: ChatCompletions['stream'] }, input = question): Promise<{ chunks: AIMessageChunk[], full: AIMessageChunk }> {
  const chunks: AIMessageChunk[] = []
  for await (const chunk of await model.stream(input)) chunks.push(chunk)
  return { chunks, full: chunks.reduce((all, chunk) => all.concat(chunk)) }
}

/** A server answering every request with `handle`; its base URL. */
async function server (t: Test, handle: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  const web = createServer((request, response) => { request.resume(); request.on('end', () => handle(request, response)) })
  web.listen(0, '127.0.0.1')
  await once(web, 'listening')
  t.teardown(() => { web.closeAllConnections(); web.close() })
  return `http://127.0.0.1:${(web.address() as AddressInfo).port}/v1`
}

t.test('a text answer: the request ChatOpenAI sent, the message with id, usage and finish reason', async (t) => {
  fake.setRespond(() => ({ content: 'ITB didirikan pada 1920 [1].' }))
  const answer = await chat.invoke(question)
  t.match(answer, { content: 'ITB didirikan pada 1920 [1].', id: /^chatcmpl-/, tool_calls: [], response_metadata: { finish_reason: 'stop', model_name: 'fake-model' } })
  t.same(lastBody(), { model: 'fake-model', temperature: 0, messages: [{ role: 'system', content: 'Anda asisten ITB.' }, { role: 'user', content: 'Kapan ITB didirikan?' }] })
  const headers = fake.requests[0]?.headers
  t.equal(headers?.authorization, `Bearer ${KEY}`)
  t.equal(headers?.['user-agent'], 'itb-chatbot')
  t.same(answer.usage_metadata, { input_tokens: 6, output_tokens: 5, total_tokens: 11 }, 'the usage the fake counted')
  t.equal(fake.requests[0]?.path, '/v1/chat/completions')

  await chatAt(fake.baseURL, { maxTokens: 8 }).invoke(question)
  t.equal(lastBody().max_tokens, 8, 'max_tokens when set (the doctor)')
})

t.test('tools: bound once, sent on each call; a tool call and its result go back as OpenAI messages', async (t) => {
  const withTools = chat.bindTools([FETCH_DOCUMENTS_TOOL])
  const asked = await withTools.invoke(question)
  t.same(lastBody().tools, [FETCH_DOCUMENTS_TOOL])
  t.match(asked.tool_calls, [{ name: 'fetch_documents', args: { search_query: 'Kapan ITB didirikan?' }, id: /^call_/ }])
  t.equal(asked.response_metadata.finish_reason, 'tool_calls')

  const call = asked.tool_calls?.[0]
  const answer = await withTools.invoke([...question, new AIMessage({ content: '', tool_calls: asked.tool_calls }), new ToolMessage({ tool_call_id: call?.id ?? '', content: 'ITB didirikan pada 1920.' })])
  t.match(lastBody().messages.slice(2), [
    { role: 'assistant', content: '', tool_calls: [{ id: call?.id, type: 'function', function: { name: 'fetch_documents', arguments: JSON.stringify(call?.args) } }] },
    { role: 'tool', tool_call_id: call?.id, content: 'ITB didirikan pada 1920.' }
  ])
  t.match(answer.content, /1920/)

  await chat.bindTools([FETCH_DOCUMENTS_TOOL], { tool_choice: 'any' }).invoke(question)
  t.equal(lastBody().tool_choice, 'required', 'LangChain\'s tool choice in OpenAI\'s words')
  await chat.bindTools([FETCH_DOCUMENTS_TOOL], { tool_choice: 'fetch_documents' }).invoke(question)
  t.same(lastBody().tool_choice, { type: 'function', function: { name: 'fetch_documents' } })

  fake.setRespond(() => ({ toolCalls: [{ name: 'fetch_documents', arguments: '{"search_query": ' }] }))
  const broken = await withTools.invoke(question)
  t.same(broken.tool_calls, [])
  t.match(broken.invalid_tool_calls, [{ name: 'fetch_documents', args: '{"search_query": ' }], 'invalid JSON arguments, as LangChain keeps them')
})

t.test('streaming: stream_options.include_usage, text in pieces, the usage chunk last', async (t) => {
  fake.setRespond(() => ({ content: 'ITB didirikan pada 1920.' }))
  const { chunks, full } = await streamed(chat)
  t.match(lastBody(), { stream: true, stream_options: { include_usage: true } })
  t.same(chunks.map((chunk) => chunk.content).filter((text) => text !== ''), ['ITB', ' didirikan', ' pada', ' 1920.'])
  t.equal(full.content, 'ITB didirikan pada 1920.')
  t.match(full, { id: /^chatcmpl-/, response_metadata: { finish_reason: 'stop' }, usage_metadata: { input_tokens: 6, output_tokens: 4, total_tokens: 10 } })
  t.same(chunks.at(-1)?.usage_metadata, { input_tokens: 6, output_tokens: 4, total_tokens: 10 })
})

t.test('streaming tool calls: fragments concatenate to the parsed call', async (t) => {
  const { chunks, full } = await streamed(chat.bindTools([FETCH_DOCUMENTS_TOOL]))
  t.ok(chunks.filter((chunk) => (chunk.tool_call_chunks?.length ?? 0) > 0).length > 2, 'arrived in fragments')
  t.match(full.tool_calls, [{ name: 'fetch_documents', args: { search_query: 'Kapan ITB didirikan?' }, id: /^call_/ }])
  t.equal(full.response_metadata.finish_reason, 'tool_calls')
})

t.test('a streaming handler: invoke streams, each piece reaches handleLLMNewToken with its chunk, as ChatOpenAI calls it', async (t) => {
  fake.setRespond(() => ({ content: 'Di Bandung.' }))
  const tokens: Array<{ token: string, chunk: unknown }> = []
  const handler = {
    lc_prefer_streaming: true,
    handleLLMNewToken (token: string, _indices: unknown, _run: string, _parent?: string, _tags?: string[], fields?: { chunk?: unknown }) { tokens.push({ token, chunk: fields?.chunk }) }
  }
  const answer = await chat.invoke(question, { callbacks: [handler] })
  t.equal(fake.requests[0]?.stream, true, 'the handler made it a streamed call')
  t.equal(answer.content, 'Di Bandung.')
  t.same(tokens.map((token) => token.token), ['Di', ' Bandung.', '', ''], 'the text, the finish chunk, the usage chunk')
  t.ok(tokens.every((token) => token.chunk instanceof ChatGenerationChunk && (token.chunk.message as AIMessageChunk).content === token.token))
  t.match(answer.usage_metadata, { input_tokens: 6, output_tokens: 2, total_tokens: 8 })
})

t.test('HTTP errors: the status, OpenAI code and what the body said, never the key', async (t) => {
  fake.setRespond(() => ({ status: 400, error: 'This model\'s maximum context length is 4096 tokens.' }))
  t.match(await rejection(chat.invoke(question)), { name: 'ChatCompletionsError', status: 400, message: '400 This model\'s maximum context length is 4096 tokens.', type: 'invalid_request_error' })
  fake.setRespond(() => ({ status: 429, retryAfter: 3 }))
  t.match(await rejection(chat.invoke(question)), { status: 429, code: 'rate_limit_exceeded', message: /^429 Rate limit reached/ })
  fake.setRespond(() => ({ status: 503, error: 'overloaded' }))
  t.match(await rejection(streamed(chat)), { status: 503, message: '503 overloaded' }, 'before a stream starts as well')
  fake.setRespond(() => ({ status: 401, error: `Incorrect API key provided: ${KEY}.` }))
  const echoed = await rejection(chat.invoke(question))
  t.match(echoed, { status: 401, message: '401 Incorrect API key provided: ***.' })
  t.notMatch(echoed.message, KEY)
  const wrongKey = await rejection(new ChatCompletions({ baseURL: fake.baseURL, apiKey: 'wrong', model: 'm', fetch: http.fetch }).invoke(question))
  t.match(wrongKey, { status: 401, code: 'invalid_api_key' })
})

t.test('a web page where the API was expected: the status, the page in the message for htmlPageIn (bounded)', async (t) => {
  const url = await server(t, (_request, response) => {
    response.writeHead(404, { 'content-type': 'text/html' }).end(`<html><head><title>404 Not Found</title></head><body>${'<p>no such page</p>'.repeat(1000)}</body></html>`)
  })
  const error = await rejection(chatAt(url).invoke(question))
  t.equal(error.status, 404)
  t.match(htmlPageIn(error.message), { title: '404 Not Found' })
  t.ok(error.message.length < 4200, `bounded (${error.message.length} characters)`)
})

t.test('connection refused: the Node error is the cause, isUnreachable reads it', async (t) => {
  const closed = createServer().listen(0, '127.0.0.1')
  await once(closed, 'listening')
  const port = (closed.address() as AddressInfo).port
  closed.close()
  const error = await rejection(chatAt(`http://127.0.0.1:${port}/v1`).invoke(question))
  t.match(error, { name: 'ChatCompletionsError', message: /connection to the chat completions API failed: .*ECONNREFUSED/ })
  t.equal(isUnreachable(error), true)
})

t.test('a stream cut mid-answer: isConnectionLost reads it; the pieces before it were given', async (t) => {
  fake.setRespond(() => ({ content: 'satu dua tiga empat lima', interrupt: { afterChunks: 3, mode: 'destroy' } }))
  const pieces: string[] = []
  const error = await rejection((async () => { for await (const chunk of await chat.stream(question)) pieces.push(String(chunk.content)) })())
  t.same(pieces, ['satu', ' dua'])
  t.match(error, { name: 'ChatCompletionsError', message: /connection to the chat completions API broke off/ })
  t.equal(isConnectionLost(error), true)
})

t.test('abort: before the answer and mid-stream, an AbortError at once; the server sees the connection go', async (t) => {
  let arrived!: () => void
  const hanging = new Promise<void>((resolve) => { arrived = resolve })
  fake.setRespond(() => { arrived(); return { hang: true } })
  const controller = new AbortController()
  const call = rejection(chat.invoke(question, { signal: controller.signal }))
  await hanging
  controller.abort(new Error('the client went away'))
  t.match(await call, { name: 'AbortError' })
  while (fake.requests[0]?.aborted !== true) await new Promise((resolve) => setImmediate(resolve))
  t.equal(fake.counters.aborted, 1, 'the socket was closed, not left hanging')

  fake.setRespond(() => ({ content: 'satu dua tiga empat', interrupt: { afterChunks: 2, mode: 'hang' } }))
  const streaming = new AbortController()
  const pieces: string[] = []
  const cut = rejection((async () => {
    for await (const chunk of await chat.stream(question, { signal: streaming.signal })) {
      pieces.push(String(chunk.content))
      streaming.abort()
    }
  })())
  t.match(await cut, { name: /AbortError/ })
  t.same(pieces, ['satu'])
})

t.test('malformed answers: a clear error, not a hang or a crash', async (t) => {
  const answers: Array<[number, string, string]> = [
    [200, 'application/json', 'not json at all'],
    [200, 'application/json', '{"id":"x","choices":[]}'],
    [200, 'text/event-stream', 'data: {"id":"x","choices":[{"index":0,"delta":{"content":"Hal"}}]}\n\n'],
    [200, 'application/json', '{"id":"x","choices":[]}'],
    [200, 'text/event-stream', 'data: {oops\n\n']
  ]
  let next = 0
  const url = await server(t, (_request, response) => {
    const [status, type, body] = answers[next++] ?? [500, 'text/plain', '']
    response.writeHead(status, { 'content-type': type }).end(body)
  })
  const model = chatAt(url)
  t.match(await rejection(model.invoke(question)), { name: 'ChatWireError', message: 'the chat completions API answered a completion that is not JSON: not json at all' })
  t.match(await rejection(model.invoke(question)), { name: 'ChatWireError', message: /answered no choices/ })
  t.match(await rejection(streamed(model)), { name: 'ChatWireError', message: /stream ended before its end/ })
  t.match(await rejection(streamed(model)), { name: 'ChatWireError', message: /answered a stream request with application\/json, not an event stream/ })
  t.match(await rejection(streamed(model)), { name: 'ChatWireError', message: /stream chunk that is not JSON: \{oops/ })
})

/** A server streaming `body` to every request as an event stream. */
async function eventStream (t: Test, body: string): Promise<string> {
  return await server(t, (_request, response) => { response.writeHead(200, { 'content-type': 'text/event-stream' }).end(body) })
}
const chunk = (fields: string): string => `data: {"id":"x","model":"m","choices":[{"index":0,${fields}}]}\n\n`

t.test('a proxy that drops the final blank line: the last event (finish reason, usage; no [DONE]) still counts', async (t) => {
  const url = await eventStream(t, chunk('"delta":{"content":"Halo"}') +
    'data: {"id":"x","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":1}}\n')
  const { full } = await streamed(chatAt(url))
  t.match(full, { content: 'Halo', response_metadata: { finish_reason: 'stop' }, usage_metadata: { input_tokens: 5, output_tokens: 1, total_tokens: 6 } })
})

t.test('an `event: error` whose data has no error key fails the call, as openai-node does, even before a [DONE]', async (t) => {
  const url = await eventStream(t, chunk('"delta":{"content":"Ha"}') + 'event: error\ndata: {"message":"Compute error."}\n\ndata: [DONE]\n\n')
  t.match(await rejection(streamed(chatAt(url))), { name: 'ChatWireError', message: 'the chat completions API answered an error event: Compute error.' })
})

t.test('null fields in every delta (DashScope, Azure AI, xinference): the text, not a TypeError', async (t) => {
  const nulls = '"function_call":null,"refusal":null,"tool_calls":null'
  const url = await eventStream(t, chunk(`"delta":{"content":"","role":"assistant",${nulls}},"finish_reason":null`) +
    chunk(`"delta":{"content":"Halo",${nulls}},"finish_reason":null`) + chunk(`"delta":{"content":"",${nulls}},"finish_reason":"stop"`) +
    'data: {"id":"x","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}\n\ndata: [DONE]\n\n')
  const { full } = await streamed(chatAt(url))
  t.match(full, { content: 'Halo', response_metadata: { finish_reason: 'stop' }, usage_metadata: { total_tokens: 6 } })
})

t.test('a token callback that throws mid-stream fails the call with its own error, not as a broken connection', async (t) => {
  class Failing extends BaseCallbackHandler {
    name = 'failing'
    constructor () { super({ raiseError: true, _awaitHandler: true }) }
    override handleLLMNewToken (): void { throw new Error('the receiver failed') }
  }
  fake.setRespond(() => ({ content: 'satu dua tiga' }))
  const pieces: string[] = []
  const error = await rejection((async () => { for await (const chunk of await chat.stream(question, { callbacks: [new Failing()] })) pieces.push(String(chunk.content)) })())
  t.equal(error.message, 'the receiver failed')
  t.not(error.name, 'ChatCompletionsError')
  t.equal(isConnectionLost(error), false)
  t.same(pieces, ['satu'], 'the piece whose callback failed had been given')
})
