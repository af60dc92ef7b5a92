// The fake chat server's failures as the real ChatOpenAI client sees them: scripted error statuses,
// a request that never answers, a wrong API key, bad request bodies, and close() with requests open.
import t from 'tap'
import { startFakeChat, type FakeChat } from './openai-chat.ts'
import { collect, rejection, startFakeWithClient } from './openai-chat-client.ts'

const { fake, model } = await startFakeWithClient(t)

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
