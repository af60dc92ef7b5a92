// How request bodies are read, on their own: a content coding or a transfer coding but chunked refuses
// the body (the request without one passes), JSON is UTF-8 or refused, and a refused key is said to be one. The routes' answers are
// in chat-input.test.ts, audio-form.test.ts and conversations.test.ts.
import Fastify from 'fastify'
import t from 'tap'
import { describeError } from '../../../src/plugins/errors.ts'
import { refuseEncodedBody, utf8Json } from '../../../src/routes/v1/body-encoding.ts'

async function echo (t: { teardown: (fn: () => unknown) => void }) {
  const app = Fastify()
  t.teardown(async () => { await app.close() })
  app.setErrorHandler(async (error, _request, reply) => {
    const { statusCode, code, message } = describeError(error as Error)
    return await reply.code(statusCode).send({ code, message })
  })
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, utf8Json(app.getDefaultJsonParser('error', 'error'),
    () => Object.assign(new Error('not UTF-8'), { statusCode: 415 })))
  app.addHook('preParsing', refuseEncodedBody)
  app.post('/', async (request) => ({ body: request.body }))
  app.delete('/', async () => ({ ok: true }))
  await app.ready()
  return app
}

t.test('a body in a content coding other than identity is refused before it is read', async (t) => {
  const app = await echo(t)
  for (const [encoding, status] of [['gzip', 415], ['GZIP', 415], ['identity, br', 415], ['identity', 200], [' identity ', 200]] as const) {
    const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, payload: '{"a":1}' })
    t.equal(response.statusCode, status, encoding)
    if (status === 415) t.equal(response.headers['accept-encoding'], 'identity')
  }
  const bodiless = await app.inject({ method: 'DELETE', url: '/', headers: { 'content-encoding': 'gzip' } })
  t.equal(bodiless.statusCode, 200, 'a request without a body passes')
})

t.test('a body in a transfer coding other than chunked is refused before it is read, naming Transfer-Encoding', async (t) => {
  const app = await echo(t)
  for (const [coding, status] of [['gzip, chunked', 415], ['Deflate, chunked', 415], ['x-unknown, chunked', 415], ['chunked', 200], ['identity, chunked', 200]] as const) {
    const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json', 'transfer-encoding': coding }, payload: '{"a":1}' })
    t.equal(response.statusCode, status, coding)
    if (status === 415) t.match(response.json(), { code: 'UNSUPPORTED_MEDIA_TYPE', message: /Transfer-Encoding other than chunked/ }, coding)
  }
})

t.test('JSON is read as UTF-8 or refused: another charset, bytes that are not UTF-8, a __proto__ key', async (t) => {
  const app = await echo(t)
  const post = (contentType: string, payload: Buffer | string) => app.inject({ method: 'POST', url: '/', headers: { 'content-type': contentType }, payload })
  t.same((await post('application/json; charset="UTF-8"', '{"a":"café ✓"}')).json(), { body: { a: 'café ✓' } })
  t.same((await post('application/json', Buffer.from('\uFEFF{"a":1}'))).json(), { body: { a: 1 } }, 'a byte order mark is no content')
  t.equal((await post('application/json; charset=iso-8859-1', '{"a":1}')).statusCode, 415)
  const invalid = await post('application/json', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]))
  t.equal(invalid.statusCode, 400)
  t.match(invalid.json(), { message: 'The body is not valid UTF-8' })
  const proto = await post('application/json', '{"a":1,"__proto__":{"b":2}}')
  t.equal(proto.statusCode, 400)
  t.match(proto.json(), { message: /__proto__/ })
  t.match((await post('application/json', '{"a":')).json(), { message: /not valid JSON/ })
})
