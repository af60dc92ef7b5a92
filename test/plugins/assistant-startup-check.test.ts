// LLM_STARTUP_CHECK: each chat provider's model list asked once at start-up, in the background. A
// wrong address or key is a warn line naming the host and the variable; readiness never waits on it.
import { once } from 'node:events'
import { createServer, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { startFakeChat } from '../support/fakes/openai-chat.ts'
import { build, type LogCapture } from '../support/helpers/app.ts'

async function server (t: Test, listener: RequestListener): Promise<string> {
  const web = createServer(listener)
  web.listen(0, '127.0.0.1')
  await once(web, 'listening')
  t.teardown(() => { web.closeAllConnections(); web.close() })
  return `127.0.0.1:${(web.address() as AddressInfo).port}`
}

/** The first log line whose message matches, as soon as it is written. */
async function logLine (logs: LogCapture, message: RegExp): Promise<Record<string, unknown>> {
  for (;;) {
    const line = logs.lines().find((entry) => message.test(String(entry.msg)))
    if (line !== undefined) return line
    await once(logs.stream, 'data')
  }
}

const CHECK = /^llm start-up check/

t.test('LLM_BASE_URL at a web server: one warn line with the host, the page and LLM_BASE_URL', async (t) => {
  const host = await server(t, (request, response) => { response.writeHead(404, { 'content-type': 'text/html' }).end('<html><head><title>404 Not Found</title></head><body>no such page</body></html>') })
  const { logs } = await build(t, { LLM_STARTUP_CHECK: 'true', LLM_BASE_URL: `http://${host}`, LLM_MODEL: 'qwen', LLM_API_KEY: 'key-s3cret' })
  t.match(await logLine(logs, CHECK), {
    level: 40,
    provider: 'custom',
    host,
    status: 404,
    check: 'LLM_BASE_URL',
    msg: `llm start-up check: ${host} answered HTTP 404 with a web page titled "404 Not Found", not an OpenAI-compatible API: check LLM_BASE_URL (it usually ends in /v1)`
  })
  t.notMatch(logs.text(), /s3cret|no such page/)
})

t.test('a wrong key: a warn naming the key\'s variable, never the key; the right one: an info line, and the fake saw one GET /v1/models', async (t) => {
  const chat = await startFakeChat({ apiKey: 'right-key' })
  t.teardown(chat.close)
  const wrong = await build(t, { LLM_STARTUP_CHECK: 'true', OPENAI_API_KEY: 'wrong-s3cret', OPENAI_BASE_URL: chat.baseURL })
  t.match(await logLine(wrong.logs, CHECK), {
    level: 40,
    provider: 'openai',
    host: `127.0.0.1:${chat.port}`,
    status: 401,
    check: 'OPENAI_API_KEY',
    msg: `llm start-up check: 127.0.0.1:${chat.port} refused the API key (HTTP 401): check OPENAI_API_KEY`
  })
  t.notMatch(wrong.logs.text(), /s3cret/)

  chat.reset()
  const right = await build(t, { LLM_STARTUP_CHECK: 'true', LLM_BASE_URL: chat.baseURL, LLM_MODEL: 'fake-model', LLM_API_KEY: 'right-key' })
  t.match(await logLine(right.logs, CHECK), { level: 30, provider: 'custom', msg: 'llm start-up check: ok (the model list answered)' })
  t.match(chat.requests.map((request) => [request.method, request.path]), [['GET', '/v1/models']])
  t.equal(chat.counters.completions, 0)
})

t.test('LLM_MODEL missing from a non-empty model list: a warn naming the model and LLM_MODEL, not an error', async (t) => {
  const chat = await startFakeChat({ apiKey: 'right-key', models: ['fake-model', 'other-model'] })
  t.teardown(chat.close)
  const { logs } = await build(t, { LLM_STARTUP_CHECK: 'true', LLM_BASE_URL: chat.baseURL, LLM_MODEL: 'qwen', LLM_API_KEY: 'right-key' })
  // Before: 'llm start-up check: ok (the model list answered)', an info line.
  t.match(await logLine(logs, CHECK), {
    level: 40,
    provider: 'custom',
    host: `127.0.0.1:${chat.port}`,
    model: 'qwen',
    listed: 2,
    check: 'LLM_MODEL',
    msg: `llm start-up check: 127.0.0.1:${chat.port} does not list the model "qwen" (it lists 2: "fake-model", "other-model"): check LLM_MODEL, unless this server serves models it does not list`
  })
})

t.test('a model server that does not answer: the app is ready and /ready says so meanwhile; closing the app stops the check', async (t) => {
  let asked = (): void => {}
  const reached = new Promise<void>((resolve) => { asked = resolve })
  const host = await server(t, () => { asked() })
  const { app, logs } = await build(t, { LLM_STARTUP_CHECK: 'true', LLM_BASE_URL: `http://${host}/v1`, LLM_MODEL: 'qwen' })
  await reached
  const ready = await app.inject({ method: 'GET', url: '/ready' })
  t.equal(ready.statusCode, 200, 'ready while the model list is still awaited')
  await app.close()
  t.notMatch(logs.text(), CHECK, 'no line for a check the shutdown stopped')
})
