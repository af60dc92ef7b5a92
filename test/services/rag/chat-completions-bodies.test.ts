// ChatCompletions against small servers speaking the wire, for the bodies that are not the answer:
// a web page served with a 2xx (a captive portal's or a proxy's login page, a base URL at a web site),
// an error body larger than what a message keeps (read no further, its connection not pooled), and an
// event stream whose lines end in a lone \r.
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { HumanMessage } from '@langchain/core/messages'
import { explainError } from '../../../src/cli/doctor/explain.ts'
import { htmlPageIn } from '../../../src/services/error-serializer.ts'
import { ServiceError } from '../../../src/services/errors.ts'
import { createNodeFetch } from '../../../src/services/node-fetch.ts'
import { ChatCompletions } from '../../../src/services/rag/chat-completions.ts'
import { createChatProviders, invokeWithFailover, PROBLEM_HINTS, type ProviderCallObserver } from '../../../src/services/rag/providers.ts'
import { collect, rejection } from '../../support/fakes/openai-chat-client.ts'

const KEY = 'sk-test-s3cret-key'
const http = createNodeFetch()
t.teardown(http.close)
const question = [new HumanMessage('Kapan ITB didirikan?')]
const chatAt = (baseURL: string): ChatCompletions => new ChatCompletions({ baseURL, apiKey: KEY, model: 'm', fetch: http.fetch })

/** A server answering every request with `handle`; its base URL and how many connections it took. */
async function server (t: Test, handle: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ url: string, connections: () => number }> {
  let connections = 0
  const web = createServer((request, response) => { request.resume(); request.on('end', () => handle(request, response)) })
  web.on('connection', () => { connections++ })
  web.listen(0, '127.0.0.1')
  await once(web, 'listening')
  t.teardown(() => { web.closeAllConnections(); web.close() })
  return { url: `http://127.0.0.1:${(web.address() as AddressInfo).port}/v1`, connections: () => connections }
}

const LOGIN_PAGE = `<!DOCTYPE html><html><head><title>Hotspot login</title></head><body>${'<p>Masuk untuk memakai internet.</p>'.repeat(300)}</body></html>`

t.test('a 200 web page (a captive portal\'s login page): an error with its status saying what likely happened, whole or streamed', async (t) => {
  const { url } = await server(t, (request, response) => {
    // As a captive portal does: the request is sent to its login page, which answers 200.
    if (request.url !== '/login') response.writeHead(302, { location: '/login' }).end()
    else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(LOGIN_PAGE)
  })
  for (const call of [async () => await chatAt(url).invoke(question), async () => await collect(await chatAt(url).stream(question))]) {
    const error = await rejection(call())
    t.match(error, { name: 'ChatCompletionsError', status: 200, message: /^200 a web page, not the API's answer: a captive portal's or a proxy's login page .*check the base URL/ })
    t.match(htmlPageIn(error.message), { title: 'Hotspot login' }, 'the page quoted, for the logs and the doctor to name')
    t.ok(error.message.length < 4500, `bounded (${error.message.length} characters)`)
  }
})

t.test('a 2xx page is a configuration problem: failover names the base URL, and the 503 promises no retry; the doctor says wrong address', async (t) => {
  const { url } = await server(t, (_request, response) => { response.writeHead(200, { 'content-type': 'text/html' }).end(LOGIN_PAGE) })
  const providers = createChatProviders([{ name: 'custom', baseURL: url, apiKey: KEY, model: 'm', variables: { key: 'LLM_API_KEY', model: 'LLM_MODEL', url: 'LLM_BASE_URL' } }], http.fetch)
  const attempts: Array<Parameters<NonNullable<ProviderCallObserver['onAttempt']>>[0]> = []
  const error = await rejection(invokeWithFailover(providers, question, { timeoutMs: 10_000, observer: { onAttempt: (attempt) => attempts.push(attempt) } }))
  t.match(attempts, [{ outcome: 'error', error: 'HTTP 200', problem: 'address', hint: PROBLEM_HINTS.address, check: 'LLM_BASE_URL' }])
  t.ok(error instanceof ServiceError)
  t.match(error, { code: 'LLM_UNAVAILABLE', retryAfter: undefined, message: /The answering service is not available/ }, 'waiting does not log anyone in')

  const direct = await rejection(chatAt(url).invoke(question))
  t.match(explainError(direct, { host: 'proxy', url: 'LLM_BASE_URL' }, 10_000),
    { code: '200', detail: 'proxy answered HTTP 200 with a web page ("Hotspot login"), not the API: wrong address or path — check LLM_BASE_URL' })
})

t.test('a page without an HTML content type is still a page; a body that is not JSON nor a page stays a wire error', async (t) => {
  const bodies = [['application/octet-stream', `\n  ${LOGIN_PAGE}`], ['application/json', '<oops>'], ['text/plain', `  ${LOGIN_PAGE}`]]
  let next = 0
  const { url } = await server(t, (_request, response) => {
    const [type, body] = bodies[next++] ?? []
    response.writeHead(200, { 'content-type': type as string }).end(body)
  })
  t.match(await rejection(chatAt(url).invoke(question)), { status: 200, message: /^200 a web page/ })
  t.match(await rejection(chatAt(url).invoke(question)), { name: 'ChatWireError', message: /completion that is not JSON: <oops>/ })
  t.match(await rejection((async () => await collect(await chatAt(url).stream(question)))()), { status: 200, message: /^200 a web page/ }, 'nor for a stream request')
})

/** Writes `total` bytes of `x` as the client takes them; resolves, when the response closes, with whether it was all written. */
async function writeUntilClosed (response: ServerResponse, total: number): Promise<{ finished: boolean }> {
  const piece = Buffer.alloc(16_384, 'x')
  let written = 0
  const more = (): void => {
    while (written < total) {
      written += piece.length
      if (!response.write(piece)) return
    }
    response.end()
  }
  response.on('drain', more)
  more()
  await once(response, 'close')
  return { finished: response.writableFinished }
}

t.test('an error body larger than 4 kB: its start in the message, the rest not read, its connection closed instead of pooled', async (t) => {
  let written: Promise<{ finished: boolean }> | undefined
  const { url, connections } = await server(t, (request, response) => {
    if (request.url === '/v1/chat/completions' && written === undefined) {
      response.writeHead(500, { 'content-type': 'text/plain' })
      written = writeUntilClosed(response, 64 << 20)
    } else {
      response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"bad request","type":"invalid_request_error"}}')
    }
  })
  const model = chatAt(url)
  const error = await rejection(model.invoke(question))
  t.match(error, { name: 'ChatCompletionsError', status: 500 })
  t.equal(error.message, `500 ${'x'.repeat(4096)}… (more than 4096 characters, the rest not read)`)
  t.same(await written, { finished: false }, 'the client hung up before the server could write its 64 MB')

  t.match(await rejection(model.invoke(question)), { status: 400, message: '400 bad request' }, 'the next call has a connection of its own')
  t.match(await rejection(model.invoke(question)), { status: 400, message: '400 bad request' })
  t.equal(connections(), 2, 'a small error body is read whole: its connection is kept and reused')
})

t.test('an error body cut in the middle of the API key: no beginning of the key in the message', async (t) => {
  const { url } = await server(t, (_request, response) => {
    response.writeHead(502, { 'content-type': 'text/plain' }).end(`${'y'.repeat(4096 - 6)}${KEY}${'z'.repeat(10_000)}`)
  })
  const error = await rejection(chatAt(url).invoke(question))
  t.match(error.message, /^502 y{4090}… \(more than 4096 characters/)
  t.notMatch(error.message, KEY.slice(0, 6))
})

t.test('an event stream whose lines end in a lone \\r (as the SSE spec allows): the answer, its finish and usage', async (t) => {
  const chunk = (fields: string): string => `data: {"id":"x","model":"m","choices":[{"index":0,${fields}}]}\r\r`
  const { url } = await server(t, (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' })
    response.write(chunk('"delta":{"role":"assistant","content":""}') + chunk('"delta":{"content":"ITB didirikan"}'))
    response.write(': keep-alive\r\r' + chunk('"delta":{"content":" pada 1920."}') + chunk('"delta":{},"finish_reason":"stop"'))
    response.end('data: {"id":"x","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":4}}\r\rdata: [DONE]\r\r')
  })
  const { chunks, full } = await collect(await chatAt(url).stream(question))
  t.same(chunks.map((chunk) => chunk.content).filter((text) => text !== ''), ['ITB didirikan', ' pada 1920.'])
  t.match(full, { content: 'ITB didirikan pada 1920.', response_metadata: { finish_reason: 'stop' }, usage_metadata: { input_tokens: 5, output_tokens: 4, total_tokens: 9 } })
})
