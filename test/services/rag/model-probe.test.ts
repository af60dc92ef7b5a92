// probeModels: GET {baseURL}/models against the fake OpenAI-compatible server and plain HTTP servers
// answering what a wrong address answers (a web page, a JSON 404, an outage, nothing at all).
import { once } from 'node:events'
import { createServer, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { createNodeFetch } from '../../../src/services/node-fetch.ts'
import { listedModels, probeModels } from '../../../src/services/rag/model-probe.ts'
import { startFakeChat } from '../../support/fakes/openai-chat.ts'

async function server (t: Test, listener: RequestListener): Promise<string> {
  const web = createServer(listener)
  web.listen(0, '127.0.0.1')
  await once(web, 'listening')
  t.teardown(() => { web.closeAllConnections(); web.close() })
  return `http://127.0.0.1:${(web.address() as AddressInfo).port}`
}

const options = { timeoutMs: 5000 }
// The service's HTTP client (the assistant plugin's), closed after the file.
const http = createNodeFetch()
t.teardown(http.close)

t.test('the fake OpenAI server: ok with the right key, a refused key otherwise; the key is sent as a bearer token', async (t) => {
  const chat = await startFakeChat({ apiKey: 'right' })
  t.teardown(chat.close)
  t.same(await probeModels({ baseURL: chat.baseURL, apiKey: 'right' }, http.fetch, options), { outcome: 'ok' })
  t.same(await probeModels({ baseURL: `${chat.baseURL}/`, apiKey: 'wrong' }, http.fetch, options), { outcome: 'refused', status: 401, problem: 'key', page: undefined })
  t.match(chat.requests.map((request) => [request.method, request.path, request.headers.authorization]), [['GET', '/v1/models', 'Bearer right'], ['GET', '/v1/models', 'Bearer wrong']])
  t.equal(chat.counters.completions, 0, 'no completion: no tokens spent')
  // A path without the server's API (a base URL with another version): its JSON 404 is an address problem.
  t.same(await probeModels({ baseURL: `${chat.origin}/v2`, apiKey: 'right' }, http.fetch, options), { outcome: 'refused', status: 404, problem: 'address', page: undefined })
})

t.test('a web server: a 404 page, or a 200 home page, is a wrong address, named by its title', async (t) => {
  const missing = await server(t, (request, response) => { response.writeHead(404, { 'content-type': 'text/html' }).end('<html><head><title>404 Not Found</title></head><body>x</body></html>') })
  t.same(await probeModels({ baseURL: missing, apiKey: 'k' }, http.fetch, options), { outcome: 'refused', status: 404, problem: 'address', page: 'a web page titled "404 Not Found"' })
  const home = await server(t, (request, response) => { response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><html><body><h1>Welcome</h1></body></html>') })
  t.same(await probeModels({ baseURL: home, apiKey: 'k' }, http.fetch, options), { outcome: 'refused', status: 200, problem: 'address', page: 'a web page titled "Welcome"' })
})

t.test('an outage says nothing of the configuration; nothing listening is unreachable; a silent server times out; closing stops it', async (t) => {
  const down = await server(t, (request, response) => { response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"message":"overloaded"}}') })
  t.same(await probeModels({ baseURL: down, apiKey: 'k' }, http.fetch, options), { outcome: 'unexpected', status: 503 })

  const silent = await server(t, () => {})
  t.same(await probeModels({ baseURL: silent, apiKey: 'k' }, http.fetch, { timeoutMs: 200 }), { outcome: 'timeout', error: 'no answer within 0.2 s' })

  const free = createServer()
  free.listen(0, '127.0.0.1')
  await once(free, 'listening')
  const freePort = (free.address() as AddressInfo).port
  free.close()
  await once(free, 'close')
  t.same(await probeModels({ baseURL: `http://127.0.0.1:${freePort}/v1`, apiKey: 'k' }, http.fetch, options), { outcome: 'unreachable', error: 'ECONNREFUSED' })

  const stopping = new AbortController()
  const pending = probeModels({ baseURL: silent, apiKey: 'k' }, http.fetch, { timeoutMs: 60_000, signal: stopping.signal })
  stopping.abort()
  await t.rejects(pending, 'the caller stopped it: no result to log')
})

t.test('the configured model looked for in the list: missing from a non-empty list is "unlisted"; listed, or an empty list, is ok', async (t) => {
  const chat = await startFakeChat({ apiKey: 'right', models: ['Qwen/Qwen2.5-7B-Instruct', 'llama-3.1-8b', 'mistral-7b', 'phi-3'] })
  t.teardown(chat.close)
  // Before: ok whatever the model, the list was not read.
  t.same(await probeModels({ baseURL: chat.baseURL, apiKey: 'right', model: 'qwen' }, http.fetch, options),
    { outcome: 'unlisted', listed: 4, examples: ['Qwen/Qwen2.5-7B-Instruct', 'llama-3.1-8b', 'mistral-7b'] })
  t.same(await probeModels({ baseURL: chat.baseURL, apiKey: 'right', model: 'llama-3.1-8b' }, http.fetch, options), { outcome: 'ok' })
  // The fake answers as OpenAI's "List models" does (https://platform.openai.com/docs/api-reference/models/list).
  const listed = await (await http.fetch(`${chat.baseURL}/models`, { headers: { authorization: 'Bearer right' } })).json() as Record<string, unknown>
  t.same(Object.keys(listed).sort(), ['data', 'object'])
  t.match(listed, { object: 'list', data: [{ id: 'Qwen/Qwen2.5-7B-Instruct', object: 'model', created: Number, owned_by: String }] })
  const none = await startFakeChat({ apiKey: 'right', models: [] })
  t.teardown(none.close)
  t.same(await probeModels({ baseURL: none.baseURL, apiKey: 'right', model: 'qwen' }, http.fetch, options), { outcome: 'ok' }, 'an empty list says nothing')
  const other = await server(t, (request, response) => { response.writeHead(200, { 'content-type': 'application/json' }).end('{"models":["qwen"]}') })
  t.same(await probeModels({ baseURL: other, apiKey: 'k', model: 'qwen' }, http.fetch, options), { outcome: 'ok' }, 'nor a body of another shape')
})

t.test('listedModels reads OpenAI\'s list shape only', async (t) => {
  t.same(listedModels('{"object":"list","data":[{"id":"a","object":"model","created":1,"owned_by":"x"},{"id":"b","object":"model"}]}'), ['a', 'b'])
  t.equal(listedModels('not json'), undefined)
  t.equal(listedModels('null'), undefined)
  t.equal(listedModels('{"data":{"id":"a"}}'), undefined)
})
