// Hostile input on the JSON routes (issue 11.4, 11.7): type coercion of bodies, Accept negotiation,
// conversation ids at the top of their allowed length on every conversation route.
import { gzipSync } from 'node:zlib'
import t from 'tap'
import { build, rawRequest, TEST_API_KEY } from '../../support/helpers/app.ts'
import { parseAccept } from '../../../src/routes/sse.ts'

const headers = (conversationId: string) => ({ 'x-api-key': TEST_API_KEY, 'x-conversation-id': conversationId })

t.test('message must be a JSON string: numbers, booleans, arrays and objects are 400, never coerced', async (t) => {
  const { app } = await build(t)
  for (const message of [12345, true, ['   '], ['Kapan ITB didirikan?'], { text: 'Halo' }, null]) {
    const response = await app.inject({ method: 'POST', url: '/v1/chat', headers: headers('coerce'), payload: { message } })
    t.equal(response.statusCode, 400, JSON.stringify(message))
    t.match(response.json(), { statusCode: 400, code: 'VALIDATION_ERROR', message: /message must be string/, requestId: String })
  }
  const stored = await app.inject({ url: '/v1/conversations/coerce', headers: { 'x-api-key': TEST_API_KEY } })
  t.equal(stored.statusCode, 404, 'nothing was stored by the refused requests')
})

t.test('a 128-character conversation id can chat, be read and be deleted', async (t) => {
  const { app } = await build(t)
  for (const id of ['a'.repeat(101), 'b'.repeat(128)]) {
    t.equal((await app.inject({ method: 'POST', url: '/v1/chat', headers: headers(id), payload: { message: 'Kapan ITB didirikan?' } })).statusCode, 200)
    const read = await app.inject({ url: `/v1/conversations/${id}`, headers: { 'x-api-key': TEST_API_KEY } })
    t.equal(read.statusCode, 200, `GET with a ${id.length}-character id`)
    t.equal(read.json().conversation_id, id)
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/conversations/${id}`, headers: { 'x-api-key': TEST_API_KEY } })).statusCode, 204, `DELETE with a ${id.length}-character id`)
  }
  const tooLong = await app.inject({ url: `/v1/conversations/${'c'.repeat(129)}`, headers: { 'x-api-key': TEST_API_KEY } })
  t.equal(tooLong.statusCode, 400, 'past 128 characters the id is invalid, in the common shape')
  t.match(tooLong.json(), { code: 'VALIDATION_ERROR', requestId: String })
})

t.test('a body that is not JSON is 415 on /v1/chat, whatever it contains; an empty JSON-typed DELETE is fine', async (t) => {
  const { app } = await build(t)
  for (const [type, payload] of [['text/plain', '{"message":"Kapan ITB didirikan?"}'], ['text/plain; charset=utf-8', 'Kapan ITB didirikan?'], ['application/x-www-form-urlencoded', 'message=Halo']]) {
    const response = await app.inject({ method: 'POST', url: '/v1/chat', headers: { ...headers('media'), 'content-type': type as string }, payload })
    t.equal(response.statusCode, 415, type)
    t.match(response.json(), { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: /application\/json/, requestId: String }, type)
  }
  // A Content-Type that is no media type at all (a list, a bare comma) was refused as "Unsupported Media Type", no more.
  for (const type of ['application/json, text/plain', ',', 'application json']) {
    const response = await app.inject({ method: 'POST', url: '/v1/chat', headers: { ...headers('media'), 'content-type': type }, payload: '{"message":"Halo"}' })
    t.equal(response.statusCode, 415, type)
    t.match(response.json(), { code: 'UNSUPPORTED_MEDIA_TYPE', message: /^The Content-Type header is not a media type: send one type\/subtype/ }, type)
  }
  const listed = await app.inject({ method: 'DELETE', url: '/v1/conversations/media', headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json, text/plain' }, payload: '{}' })
  t.match(listed.json(), { statusCode: 415, message: /^The Content-Type header is not a media type/ }, 'on every route that reads a body')
  // A media type the route has no parser for, or none at all, is another matter (Fastify says the same of all three).
  const forgetWith = async (type?: string) => (await app.inject({ method: 'DELETE', url: '/v1/conversations/media', headers: { 'x-api-key': TEST_API_KEY, ...(type === undefined ? {} : { 'content-type': type }) }, payload: 'x' })).json()
  t.match(await forgetWith('application/xml'), { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'This route does not read a body of type application/xml' })
  t.match(await forgetWith(), { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: /^The body has no Content-Type header/ })
  // Some client libraries send a JSON content type on every request, bodies or not.
  t.equal((await app.inject({ method: 'POST', url: '/v1/chat', headers: headers('media'), payload: { message: 'Kapan ITB didirikan?' } })).statusCode, 200)
  const forget = await app.inject({ method: 'DELETE', url: '/v1/conversations/media', headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' } })
  t.equal(forget.statusCode, 204, forget.body)
  const junk = await app.inject({ method: 'DELETE', url: '/v1/conversations/media', headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' }, payload: '{"x":' })
  t.equal(junk.statusCode, 400, 'a body that is there is still parsed')
})

t.test('a compressed body (Content-Encoding other than identity) is 415 on /v1/chat, never read as if plain', async (t) => {
  const { app } = await build(t)
  const question = JSON.stringify({ message: 'Kapan ITB didirikan?' })
  const cases: Array<[string, string | Buffer]> = [
    // Was a 400 "Body is not valid JSON": the gzip bytes were parsed as JSON.
    ['gzip', gzipSync(question)],
    // Were answered 200: a body announced in a coding the server does not decode was read as plain.
    ['br', question],
    ['x-unknown', question],
    ['identity, gzip', gzipSync(question)]
  ]
  for (const [encoding, payload] of cases) {
    const response = await app.inject({ method: 'POST', url: '/v1/chat', headers: { ...headers('encoded'), 'content-type': 'application/json', 'content-encoding': encoding }, payload })
    t.equal(response.statusCode, 415, `${encoding}: ${response.body.slice(0, 200)}`)
    t.match(response.json(), { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: /Content-Encoding/, requestId: String }, encoding)
    t.equal(response.headers['accept-encoding'], 'identity', `${encoding}: the coding the server reads`)
  }
  const stored = await app.inject({ url: '/v1/conversations/encoded', headers: { 'x-api-key': TEST_API_KEY } })
  t.equal(stored.statusCode, 404, 'nothing was answered or stored')
  const plain = await app.inject({ method: 'POST', url: '/v1/chat', headers: { ...headers('encoded'), 'content-type': 'application/json', 'content-encoding': 'identity' }, payload: question })
  t.equal(plain.statusCode, 200, 'identity is no coding')
})

t.test('a body in a transfer coding other than chunked is 415 on /v1/chat, never read as if plain', async (t) => {
  const { app } = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const question = JSON.stringify({ message: 'Kapan ITB didirikan?' })
  const send = async (coding: string) => await rawRequest(app, `POST /v1/chat HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-API-Key: ${TEST_API_KEY}\r\n` +
    `X-Conversation-Id: transfer\r\nContent-Type: application/json\r\nTransfer-Encoding: ${coding}\r\n\r\n${question.length.toString(16)}\r\n${question}\r\n0\r\n\r\n`)
  // Were answered 200: Node's parser undoes the chunking and ignores the gzip before it.
  for (const coding of ['gzip, chunked', 'deflate, chunked', 'br, chunked']) {
    const answer = await send(coding)
    t.match(answer, /^HTTP\/1\.1 415 /, `${coding}: ${answer.slice(0, 40)}`)
    t.match(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)), { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: /Transfer-Encoding/, requestId: String }, coding)
  }
  const stored = await app.inject({ url: '/v1/conversations/transfer', headers: { 'x-api-key': TEST_API_KEY } })
  t.equal(stored.statusCode, 404, 'nothing was answered or stored')
  t.match(await send('chunked'), /^HTTP\/1\.1 200 /, 'chunked alone is read')
})

t.test('a question is read as UTF-8 or refused: another declared charset is 415, bytes that are not UTF-8 are 400, never replaced', async (t) => {
  const { app } = await build(t)
  const post = (contentType: string, payload: Buffer) => app.inject({ method: 'POST', url: '/v1/chat', headers: { ...headers('charset'), 'content-type': contentType }, payload })
  // Were read as UTF-8 whatever they said: "café" in Latin-1 became "caf\uFFFD" and was answered.
  for (const charset of ['latin1', 'ISO-8859-1', 'utf-16']) {
    const response = await post(`application/json; charset=${charset}`, Buffer.from('{"message":"Apa itu café?"}', 'latin1'))
    t.equal(response.statusCode, 415, `${charset}: ${response.body.slice(0, 200)}`)
    t.match(response.json(), { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: /UTF-8/, requestId: String }, charset)
  }
  const invalid = await post('application/json', Buffer.concat([Buffer.from('{"message":"Apa itu caf'), Buffer.from([0xe9]), Buffer.from('?"}')]))
  t.equal(invalid.statusCode, 400, invalid.body.slice(0, 200))
  t.match(invalid.json(), { statusCode: 400, code: 'BAD_REQUEST', message: /UTF-8/, requestId: String })
  const stored = await app.inject({ url: '/v1/conversations/charset', headers: { 'x-api-key': TEST_API_KEY } })
  t.equal(stored.statusCode, 404, 'nothing was answered or stored')
  for (const charset of ['utf-8', 'UTF-8', '"utf-8"', 'utf8']) {
    const response = await post(`application/json; charset=${charset}`, Buffer.from('{"message":"Kapan ITB didirikan? ✓"}'))
    t.equal(response.statusCode, 200, `${charset} is read`)
  }
  const empty = await post('application/json', Buffer.alloc(0))
  t.equal(empty.statusCode, 400, 'an empty body is still refused as such')
  t.match(empty.json(), { code: 'BAD_REQUEST', message: /empty/ })
})

t.test('valid JSON with a key that could pollute prototypes is refused as such, not as invalid JSON', async (t) => {
  const { app } = await build(t)
  for (const payload of ['{"message":"Halo","__proto__":{"admin":true}}', '{"message":"Halo","constructor":{"prototype":{"admin":true}}}']) {
    const response = await app.inject({ method: 'POST', url: '/v1/chat', headers: { ...headers('proto'), 'content-type': 'application/json' }, payload })
    t.equal(response.statusCode, 400, payload)
    // Was "Body is not valid JSON but content-type is set to 'application/json'" for a valid JSON text.
    t.match(response.json(), { statusCode: 400, code: 'BAD_REQUEST', message: /__proto__/, requestId: String }, payload)
  }
  const invalid = await app.inject({ method: 'POST', url: '/v1/chat', headers: { ...headers('proto'), 'content-type': 'application/json' }, payload: '{"message":' })
  t.match(invalid.json(), { code: 'BAD_REQUEST', message: /not valid JSON/ }, 'invalid JSON is still said to be')
})

t.test('Accept negotiation: q=0 refuses the stream, media types are case-insensitive, wildcards stay JSON', async (t) => {
  const { app } = await build(t)
  const cases: Array<[string, boolean]> = [
    ['text/event-stream', true],
    ['Text/Event-Stream', true],
    ['application/json, text/event-stream', true],
    ['text/event-stream; charset=utf-8; q=0.5, */*;q=0.1', true],
    ['text/event-stream;q=0', false],
    ['text/event-stream; Q=0.000', false],
    ['application/json, text/event-stream;q=0.5', false],
    ['text/event-streams', false],
    ['*/*', false],
    ['text/*', false],
    ['', false]
  ]
  for (const [accept, stream] of cases) {
    const response = await app.inject({ method: 'POST', url: '/v1/chat', headers: { ...headers('accept'), accept }, payload: { message: 'Kapan ITB didirikan?' } })
    t.equal(response.statusCode, 200, accept)
    t.match(response.headers['content-type'], stream ? /^text\/event-stream/ : /^application\/json/, `Accept: ${accept}`)
  }
})

t.test('parseAccept drops malformed ranges and weights', async (t) => {
  t.same(parseAccept('text/event-stream;q=2, text/html;q=abc, nonsense, application/JSON;q=0.8'), [{ type: 'application/json', q: 0.8 }])
  t.same(parseAccept(undefined), [])
})
