// LLM_BASE_URL at a web server (a 404 page for every path): the client gets the usual 503, and the
// log line of the failed call names the host and says what the page means, without copying it.
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
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
