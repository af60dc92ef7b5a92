// POST /v1/chat with `Accept: text/event-stream`: token events, sources and done, errors as an
// error event, and a client that disconnects cancelling the work.
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { build, waitFor } from '../../support/helpers/app.ts'
import { ask, fakes, headers, honestModel } from '../../support/helpers/chat.ts'

t.test('SSE in extractive mode: the answer in word-sized token events, then sources and done, stored once', async (t) => {
  const { app } = await build(t)
  const response = await app.inject({ ...ask('Kapan ITB didirikan?', 'conv-sse-x'), headers: { ...headers('conv-sse-x'), accept: 'text/event-stream' } })
  t.equal(response.statusCode, 200)
  const events = response.body.trim().split('\n\n').map((block) => {
    const [eventLine, dataLine] = block.split('\n')
    return { event: eventLine?.replace('event: ', ''), data: JSON.parse(dataLine?.replace('data: ', '') ?? 'null') }
  })
  const tokens = events.filter((event) => event.event === 'token').map((event) => event.data.text as string)
  t.same(events.slice(-2).map((event) => event.event), ['sources', 'done'])
  const done = events[events.length - 1]?.data
  t.match(done, { mode: 'extractive', answer: /1920/ })
  t.ok(tokens.length > 3 && tokens.every((token) => /^\S+\s*$/.test(token)), 'one word (and its spacing) a token')
  t.equal(tokens.join(''), done.answer, 'the tokens make the answer')
  const stored = (await app.inject({ method: 'GET', url: '/v1/conversations/conv-sse-x', headers: headers('conv-sse-x') })).json()
  t.same(stored.turns.map((turn: { role: string }) => turn.role), ['user', 'assistant'])
  t.equal(stored.turns[1].text, done.answer)
})

t.test('SSE: token events, then sources and done; errors as an error event', async (t) => {
  const { primary, fallback, env } = await fakes(t)
  const { app } = await build(t, env)
  const response = await app.inject({ ...ask('Kapan ITB didirikan?', 'conv-sse'), headers: { ...headers('conv-sse'), accept: 'text/event-stream' } })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /text\/event-stream/)
  const events = response.body.trim().split('\n\n').map((block) => {
    const [eventLine, dataLine] = block.split('\n')
    return { event: eventLine?.replace('event: ', ''), data: JSON.parse(dataLine?.replace('data: ', '') ?? 'null') }
  })
  const names = events.map((event) => event.event)
  t.ok(names.filter((name) => name === 'token').length > 1, 'several tokens')
  t.same(names.slice(-2), ['sources', 'done'])
  const done = events[events.length - 1]?.data
  const streamed = events.filter((event) => event.event === 'token').map((event) => event.data.text).join('')
  t.equal(streamed.replace(/\s+/g, ' ').trim(), done.answer.replace(/\s+/g, ' ').trim(), 'the tokens make the answer, without citation markers')
  t.match(done, { mode: 'generative', conversation_id: 'conv-sse', sources: Array })
  t.ok(primary.requests.some((request) => request.stream), 'the model was streamed')

  primary.setRespond(() => ({ status: 500 }))
  fallback.setRespond(() => ({ status: 500 }))
  const failing = await app.inject({ ...ask('Kapan?', 'conv-sse-2'), headers: { ...headers('conv-sse-2'), accept: 'text/event-stream' } })
  t.equal(failing.statusCode, 503, 'nothing streamed yet: a plain error response')
  t.match(failing.json(), { code: 'LLM_UNAVAILABLE' })

  // A failure after the first token arrives as an `error` event in the common error shape.
  primary.setRespond(() => ({ content: 'Jawaban yang terputus di tengah jalan', interrupt: { afterChunks: 3, mode: 'destroy' } }))
  fallback.setRespond(() => ({ status: 500 }))
  const broken = await app.inject({ ...ask('Kapan ITB didirikan?', 'conv-sse-3'), headers: { ...headers('conv-sse-3'), accept: 'text/event-stream' } })
  t.equal(broken.statusCode, 200)
  const lastEvent = broken.body.trim().split('\n\n').pop() ?? ''
  t.match(lastEvent, /^event: error\ndata: /)
  const data = JSON.parse(lastEvent.split('data: ')[1] ?? '{}')
  t.match(data, { statusCode: 503, code: 'LLM_UNAVAILABLE', requestId: String })
  // The stream's headers went out with its first event: the event carries what Retry-After would have said.
  // Before: no retryAfter, so a client could not tell this outage from a refused configuration.
  t.same(Object.keys(data), ['statusCode', 'error', 'message', 'code', 'requestId', 'retryAfter'], 'the error body\'s fields, unchanged, then retryAfter')
  t.equal(data.retryAfter, 10)
})

t.test('SSE: a client that disconnects cancels the work', async (t) => {
  const { primary, env } = await fakes(t)
  primary.setRespond(async (request) => ({ ...honestModel(request), delayMs: 50, chunkDelayMs: 300 }))
  const { app } = await build(t, env)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  await new Promise<void>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/v1/chat', method: 'POST', headers: { ...headers('conv-cancel'), accept: 'text/event-stream', 'content-type': 'application/json' } }, (res) => {
      res.once('data', () => { req.destroy(); resolve() })
    })
    req.on('error', () => {})
    req.end(JSON.stringify({ message: 'Kapan ITB didirikan?' }))
    setTimeout(() => reject(new Error('no event received')), 10_000)
  })
  await waitFor(() => primary.requests.some((request) => request.aborted), 5000)
  t.pass('the model call was aborted when the client went away')
})
