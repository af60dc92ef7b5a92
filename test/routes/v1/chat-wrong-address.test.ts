// LLM_BASE_URL at a web server (a 404 page for every path): the client gets the usual 503, and the
// log line of the failed call names the host and says what the page means, without copying it.
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { startFakeChat } from '../../support/fakes/openai-chat.ts'
import { build } from '../../support/helpers/app.ts'
import { ask } from '../../support/helpers/chat.ts'

t.test('LLM_BASE_URL answering 404 web pages: the start-up line names the host; 503 LLM_UNAVAILABLE; the llm call line names the host and the likely mistake', async (t) => {
  const web = createServer((request, response) => {
    response.writeHead(404, { 'content-type': 'text/html' }).end(`<html><head><title>404 Not Found</title></head><body>${'<p>no such page</p>'.repeat(100)}</body></html>`)
  })
  web.listen(0, '127.0.0.1')
  await once(web, 'listening')
  t.teardown(() => { web.closeAllConnections(); web.close() })
  const host = `127.0.0.1:${(web.address() as AddressInfo).port}`
  const { app, logs } = await build(t, { LLM_BASE_URL: `http://user:url-s3cret@${host}`, LLM_MODEL: 'qwen', LLM_API_KEY: 'llm-key-s3cret' })

  t.match(logs.lines().find((line) => line.msg === 'answering mode'), { mode: 'generative', providers: ['custom:qwen'], hosts: { custom: host } },
    'the start-up line says where the model is')
  const response = await app.inject(ask('Kapan ITB didirikan?', 'conv-wrong-address'))
  t.equal(response.statusCode, 503)
  t.match(response.json(), { code: 'LLM_UNAVAILABLE', message: /\(custom: HTTP 404\)/ })
  const call = logs.lines().find((line) => line.msg === 'llm call')
  t.match(call, {
    provider: 'custom',
    outcome: 'error',
    error: 'HTTP 404',
    host,
    hint: 'the address answered with a web page, not an OpenAI-compatible API: check its base URL (it usually ends in /v1)'
  })
  t.notMatch(logs.text(), 'no such page', 'the page is not copied into any line')
  t.notMatch(logs.text(), /s3cret/, 'nor a credential of the URL or the key')
})

/** A web server answering every path with a 404 page; its host:port. */
async function webServer (t: Test): Promise<string> {
  const web = createServer((request, response) => {
    response.writeHead(404, { 'content-type': 'text/html' }).end('<html><head><title>404 Not Found</title></head><body><p>no such page</p></body></html>')
  })
  web.listen(0, '127.0.0.1')
  await once(web, 'listening')
  t.teardown(() => { web.closeAllConnections(); web.close() })
  return `127.0.0.1:${(web.address() as AddressInfo).port}`
}

/** The lines logged from the `from`th on, but for the start-up check's (written in the background). */
const linesSince = (lines: Array<Record<string, unknown>>, from: number): Array<Record<string, unknown>> =>
  lines.slice(from).filter((line) => !String(line.msg).startsWith('llm start-up check'))

t.test('a configuration refusal (404 page, 401 key): the 503 promises no retry, and at LOG_LEVEL=warn the failed turn is one line with the request id, route, code, host, hint and variable', async (t) => {
  const host = await webServer(t)
  const wrongAddress = await build(t, { LOG_LEVEL: 'warn', LLM_BASE_URL: `http://${host}`, LLM_MODEL: 'qwen' })
  const request = ask('Kapan ITB didirikan?', 'conv-config-404')
  const before = wrongAddress.logs.lines().length
  const response = await wrongAddress.app.inject({ ...request, headers: { ...request.headers, 'x-request-id': 'req-config-404' } })
  t.equal(response.statusCode, 503)
  t.match(response.json(), { code: 'LLM_UNAVAILABLE', message: 'No language model provider could answer (custom: HTTP 404). The answering service is not available.' })
  t.equal(response.headers['retry-after'], undefined, 'waiting does not fix a configuration')
  // Before: two lines, the warn 'llm call' (host, hint, check, no request id) and 'request failed' (request id, route, no host).
  t.match(linesSince(wrongAddress.logs.lines(), before), [{
    level: 50,
    msg: 'request failed',
    request_id: 'req-config-404',
    route: '/v1/chat',
    code: 'LLM_UNAVAILABLE',
    provider: 'custom',
    error: 'HTTP 404',
    host,
    check: 'LLM_BASE_URL',
    hint: /web page, not an OpenAI-compatible API/,
    err: { message: /\(custom: HTTP 404\)/ }
  }])
  t.equal(linesSince(wrongAddress.logs.lines(), before).length, 1, 'one failure, one line')

  const chat = await startFakeChat({ apiKey: 'right-key' })
  t.teardown(chat.close)
  const wrongKey = await build(t, { LOG_LEVEL: 'warn', LLM_BASE_URL: chat.baseURL, LLM_MODEL: 'qwen', LLM_API_KEY: 'wrong-key-s3cret' })
  const keyLinesBefore = wrongKey.logs.lines().length
  const refused = await wrongKey.app.inject(ask('Kapan ITB didirikan?', 'conv-config-401'))
  t.equal(refused.statusCode, 503)
  t.match(refused.json(), { code: 'LLM_UNAVAILABLE', message: 'No language model provider could answer (custom: HTTP 401). The answering service is not available.' })
  t.equal(refused.headers['retry-after'], undefined)
  t.match(linesSince(wrongKey.logs.lines(), keyLinesBefore), [{
    level: 50, msg: 'request failed', code: 'LLM_UNAVAILABLE', provider: 'custom', error: 'HTTP 401', host: `127.0.0.1:${chat.port}`, check: 'LLM_API_KEY', hint: /refused the API key/
  }])
  t.equal(linesSince(wrongKey.logs.lines(), keyLinesBefore).length, 1)
  t.notMatch(wrongKey.logs.text(), /s3cret/)
})

t.test('a failure that failed over to an answer stays an info line; an outage (HTTP 503) still says to try again, with Retry-After', async (t) => {
  const host = await webServer(t)
  const chat = await startFakeChat({ apiKey: 'right-key' })
  t.teardown(chat.close)
  const { app, logs } = await build(t, { LLM_PROVIDERS: 'openai,custom', OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `http://${host}/v1`, LLM_BASE_URL: chat.baseURL, LLM_MODEL: 'qwen', LLM_API_KEY: 'right-key' })
  const answered = await app.inject(ask('Kapan ITB didirikan?', 'conv-failover'))
  t.equal(answered.statusCode, 200)
  t.match(logs.lines().filter((line) => line.msg === 'llm call').map((line) => [line.level, line.provider, line.outcome]), [[30, 'openai', 'error'], [30, 'custom', 'ok']])
  t.match(logs.lines().find((line) => line.msg === 'llm provider failover'), { level: 40, from: 'openai', to: 'custom', reason: 'HTTP 404', host, check: 'OPENAI_BASE_URL' },
    'the failover line, a warn, names where the failed model is')

  chat.setRespond(() => ({ status: 503, message: 'overloaded' }))
  const outage = await app.inject(ask('Kapan ITB didirikan?', 'conv-outage'))
  t.equal(outage.statusCode, 503)
  t.match(outage.json(), { code: 'LLM_UNAVAILABLE', message: /\(openai: HTTP 404; custom: HTTP 503\)\. Please try again shortly\.$/ })
  t.ok(outage.headers['retry-after'], 'one provider is down, not misconfigured: retrying may help')
})

t.test('a request the model refuses as invalid (HTTP 400: context too long, a parameter, an unknown model): no "try again shortly", no Retry-After; still failed over', async (t) => {
  const chat = await startFakeChat({ apiKey: 'right-key' })
  t.teardown(chat.close)
  chat.setRespond(() => ({ status: 400, error: 'This model\'s maximum context length is 4096 tokens. However, you requested 5120 tokens.' }))
  const { app } = await build(t, { LLM_BASE_URL: chat.baseURL, LLM_MODEL: 'qwen', LLM_API_KEY: 'right-key' })
  const refused = await app.inject(ask('Kapan ITB didirikan?', 'conv-invalid-400'))
  t.equal(refused.statusCode, 503)
  // Before: "… (custom: ContextOverflowError). Please try again shortly." with Retry-After: 10 (LangChain's wrapper
  // of the 400 hid its status), though the same request fails again; a 422 was "HTTP 422 … try again shortly".
  t.match(refused.json(), { code: 'LLM_UNAVAILABLE', message: 'No language model provider could answer (custom: HTTP 400). The answering service is not available.' })
  t.equal(refused.headers['retry-after'], undefined)

  const other = await startFakeChat({ apiKey: 'other-key' })
  t.teardown(other.close)
  other.setRespond(() => ({ status: 422, error: 'Unprocessable Entity' }))
  const both = await build(t, { LLM_PROVIDERS: 'openai,custom', OPENAI_API_KEY: 'other-key', OPENAI_BASE_URL: other.baseURL, LLM_BASE_URL: chat.baseURL, LLM_MODEL: 'qwen', LLM_API_KEY: 'right-key' })
  const twice = await both.app.inject(ask('Kapan ITB didirikan?', 'conv-invalid-422'))
  t.match(twice.json(), { code: 'LLM_UNAVAILABLE', message: 'No language model provider could answer (openai: HTTP 422; custom: HTTP 400). The answering service is not available.' })
  t.equal(twice.headers['retry-after'], undefined)
  t.match(both.logs.lines().find((line) => line.msg === 'llm provider failover'), { from: 'openai', to: 'custom', reason: 'HTTP 422', check: 'OPENAI_MODEL' })

  chat.setRespond(undefined)
  const answered = await both.app.inject(ask('Kapan ITB didirikan?', 'conv-invalid-failover'))
  t.equal(answered.statusCode, 200, 'the next provider still takes over after a 400')
})
