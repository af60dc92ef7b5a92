import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import t from 'tap'
import { ServiceError } from '../../src/services/errors.ts'
import { build, rawRequest, TEST_API_KEY } from '../support/helpers/app.ts'
import { sendByteByByte } from '../support/helpers/uploads.ts'

const headers = { 'x-api-key': TEST_API_KEY }

const failing: FastifyPluginAsync = async (fastify) => {
  fastify.get('/boom', async () => {
    const error = new Error('database password is hunter2 at /srv/app/secret.ts:12')
    throw error
  })
  fastify.get('/unavailable', async () => {
    throw new ServiceError('unavailable', 'LLM_UNAVAILABLE', 'No language model provider is available right now', { retryAfter: 5 })
  })
  fastify.get('/storage-down', async () => {
    // What ioredis throws for every command while disconnected (no offline queue).
    throw new Error("Stream isn't writeable and enableOfflineQueue options is false")
  })
  fastify.get('/storage-full', async () => {
    // What Redis answers a write at maxmemory with the noeviction policy.
    throw new Error("OOM command not allowed when used memory > 'maxmemory'.")
  })
  fastify.post('/echo', {
    schema: { body: Type.Object({ message: Type.String({ minLength: 1, maxLength: 5000 }) }) }
  }, async (request) => request.body)
}

t.test('an unexpected error is a 500 with no internals, logged with context', async (t) => {
  const { app, logs } = await build(t, {}, { extraV1Routes: [failing] })
  const response = await app.inject({ url: '/v1/boom', headers })
  t.equal(response.statusCode, 500)
  const body = response.json()
  t.same(Object.keys(body).sort(), ['code', 'error', 'message', 'requestId', 'statusCode'])
  t.match(body, { statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error', code: 'INTERNAL_ERROR' })
  t.notMatch(response.body, /hunter2|secret\.ts|stack|at /)
  const logged = logs.lines().find((line) => line.msg === 'request failed')
  t.ok(logged, 'the error is logged for operators')
  t.equal(logged?.request_id, body.requestId)
})

t.test('a typed service error keeps its status, code, message and retry-after', async (t) => {
  const { app } = await build(t, {}, { extraV1Routes: [failing] })
  const response = await app.inject({ url: '/v1/unavailable', headers })
  t.equal(response.statusCode, 503)
  t.equal(response.headers['retry-after'], '5')
  t.match(response.json(), { code: 'LLM_UNAVAILABLE', message: 'No language model provider is available right now' })
})

t.test('Redis down: 503 STORAGE_UNAVAILABLE per request, but no error line per request (the outage is logged by the redis plugin)', async (t) => {
  const { app, logs } = await build(t, {}, { extraV1Routes: [failing] })
  for (let i = 0; i < 3; i++) {
    const response = await app.inject({ url: '/v1/storage-down', headers })
    t.equal(response.statusCode, 503)
    t.equal(response.headers['retry-after'], '2')
    t.match(response.json(), { code: 'STORAGE_UNAVAILABLE' })
  }
  t.same(logs.lines().filter((line) => Number(line.level) >= 50), [], 'nothing at error level')
  t.equal(logs.lines().filter((line) => line.msg === 'request completed' && line.status === 503).length, 3, 'each one is in the access log')
})

t.test('Redis full (OOM at maxmemory): 503 STORAGE_UNAVAILABLE with Retry-After, and an error line per request naming it', async (t) => {
  const { app, logs } = await build(t, {}, { extraV1Routes: [failing] })
  const response = await app.inject({ url: '/v1/storage-full', headers })
  // Before: 500 INTERNAL_ERROR, 'Internal Server Error', no Retry-After.
  t.equal(response.statusCode, 503)
  t.equal(response.headers['retry-after'], '2')
  t.match(response.json(), { code: 'STORAGE_UNAVAILABLE', message: 'Conversation storage is temporarily unavailable. Retry shortly.' })
  t.match(logs.lines().filter((line) => Number(line.level) >= 50), [{ msg: 'request failed', code: 'STORAGE_UNAVAILABLE', err: { message: /^OOM command not allowed/ } }],
    'no redis plugin line says it: the request\'s own does')
})

t.test('a 503 that states how this instance is (voice not configured, shedding load) is no failure: a warn line per request, not an error line', async (t) => {
  const { app, logs } = await build(t, {}, { extraV1Routes: [failing] })
  for (let i = 0; i < 3; i++) {
    // Voice is not configured here: every attempt was an error line, and a Sentry event.
    const response = await app.inject({ method: 'POST', url: '/v1/audio', headers: { ...headers, 'x-conversation-id': 'voice' } })
    t.equal(response.statusCode, 503)
    t.match(response.json(), { code: 'VOICE_UNAVAILABLE' })
  }
  t.same(logs.lines().filter((line) => Number(line.level) >= 50).map((line) => line.msg), [], 'nothing at error level')
  t.equal(logs.lines().filter((line) => line.code === 'VOICE_UNAVAILABLE' && line.level === 40).length, 3, 'each one at warn')
  // A vendor failure stays an error.
  await app.inject({ url: '/v1/unavailable', headers })
  t.equal(logs.lines().filter((line) => Number(line.level) >= 50).length, 1)
})

t.test('validation errors name the field', async (t) => {
  const { app } = await build(t, {}, { extraV1Routes: [failing] })
  const empty = await app.inject({ method: 'POST', url: '/v1/echo', headers, payload: { message: '' } })
  t.equal(empty.statusCode, 400)
  t.match(empty.json(), { code: 'VALIDATION_ERROR', message: /message/ })
  const malformed = await app.inject({ method: 'POST', url: '/v1/echo', headers: { ...headers, 'content-type': 'application/json' }, payload: '{"message":' })
  t.equal(malformed.statusCode, 400)
  t.match(malformed.json(), { statusCode: 400, code: String, requestId: String })
  const wrongType = await app.inject({ method: 'POST', url: '/v1/echo', headers: { ...headers, 'content-type': 'application/xml' }, payload: '<m/>' })
  t.equal(wrongType.statusCode, 415)
  t.match(wrongType.json(), { code: 'UNSUPPORTED_MEDIA_TYPE' })
})

t.test('an oversized JSON body is a 413 in the common shape', async (t) => {
  const { app } = await build(t, {}, { extraV1Routes: [failing] })
  const response = await app.inject({ method: 'POST', url: '/v1/echo', headers, payload: { message: 'x'.repeat(100_000) } })
  t.equal(response.statusCode, 413)
  t.match(response.json(), { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', requestId: String })
})

t.test('unknown routes are 404 in the same shape', async (t) => {
  const { app } = await build(t)
  const response = await app.inject({ url: '/nowhere?x=1' })
  t.equal(response.statusCode, 404)
  t.match(response.json(), { statusCode: 404, error: 'Not Found', code: 'NOT_FOUND', message: 'Route GET /nowhere not found' })
})

t.test('the request id is taken from X-Request-Id when well formed, echoed, and in error bodies', async (t) => {
  const { app } = await build(t)
  const given = await app.inject({ url: '/nowhere', headers: { 'x-request-id': 'trace-abc.123' } })
  t.equal(given.headers['x-request-id'], 'trace-abc.123')
  t.equal(given.json().requestId, 'trace-abc.123')
  const hostile = await app.inject({ url: '/health', headers: { 'x-request-id': 'bad id\nwith newline' } })
  t.match(hostile.headers['x-request-id'], /^[0-9a-f-]{36}$/, 'replaced by a generated id')
  const none = await app.inject({ url: '/health' })
  t.match(none.headers['x-request-id'], /^[0-9a-f-]{36}$/)
})

t.test('router errors (414, malformed URL) come in the common shape with security headers', async (t) => {
  const { app } = await build(t)
  const long = await app.inject({ url: `/v1/conversations/${'a'.repeat(300)}`, headers })
  t.equal(long.statusCode, 414)
  t.match(long.json(), { statusCode: 414, error: 'URI Too Long', code: 'URI_TOO_LONG', requestId: String })
  t.equal(long.headers['x-content-type-options'], 'nosniff')
  t.equal(long.headers['x-request-id'], long.json().requestId)
  const malformed = await app.inject({ url: '/v1/conversations/%E0%A4%A', headers })
  t.equal(malformed.statusCode, 400)
  t.match(malformed.json(), { statusCode: 400, code: 'BAD_REQUEST', message: 'The URL is malformed', requestId: String })
  t.match(malformed.headers['content-security-policy'], /default-src 'none'/)
})

t.test('requests Node rejects itself (431, malformed HTTP) get the common shape on the socket', async (t) => {
  const { app } = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  for (const [text, status, code] of [
    [`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'HEADERS_TOO_LARGE'],
    ['NOT HTTP AT ALL\r\n\r\n', 400, 'BAD_REQUEST']
  ] as const) {
    const response = await rawRequest(app, text)
    const [head = '', body = ''] = response.split('\r\n\r\n')
    t.match(head, new RegExp(`^HTTP/1.1 ${status} `), `status ${status}`)
    t.match(head, /\r\nx-content-type-options: nosniff\r\n/)
    t.match(JSON.parse(body), { statusCode: status, code, message: String, requestId: String })
  }
})

t.test('requests Node would answer with a bare status or a closed socket (an Expect it cannot meet, CONNECT) get the common shape', async (t) => {
  const { app } = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  for (const [text, status, code] of [
    // Node answered a bodiless 417 itself.
    ['POST /v1/chat HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nX-Request-Id: expect-1\r\nContent-Length: 2\r\n\r\n{}', 417, 'EXPECTATION_FAILED'],
    // Node closed the connection without a word.
    ['CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n', 400, 'BAD_REQUEST']
  ] as const) {
    const response = await rawRequest(app, text)
    const [head = '', body = ''] = response.split('\r\n\r\n')
    t.match(head, new RegExp(`^HTTP/1.1 ${status} `), `status ${status}: ${response.slice(0, 100)}`)
    t.match(head, /\r\nx-content-type-options: nosniff\r\n/i)
    t.match(head, /\r\ncontent-type: application\/json/i)
    t.match(JSON.parse(body || '{}'), { statusCode: status, code, message: String, requestId: String })
  }
  const expectation = await rawRequest(app, 'POST /v1/chat HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nX-Request-Id: expect-1\r\nContent-Length: 2\r\n\r\n{}')
  t.match(expectation, /\r\nx-request-id: expect-1\r\n/i, "the caller's request id is kept")
})

t.test('answers written outside Fastify reach a client still sending, that reads only once all is written (no reset)', async (t) => {
  const { app } = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const rest = Buffer.alloc(500, 'x')
  for (const [head, body, status, code] of [
    [`POST /v1/chat HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\nContent-Length: 500`, rest, 431, 'HEADERS_TOO_LARGE'],
    // The first chunk's size is no number: refused at its first byte, the rest still to come.
    ['POST /v1/chat HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked', Buffer.concat([Buffer.from('zz\r\n'), rest]), 400, 'BAD_REQUEST'],
    ['POST /v1/chat HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 500', rest, 417, 'EXPECTATION_FAILED']
  ] as const) {
    const { head: answer, body: json, error, bytesSent } = await sendByteByByte(port, head, body, false)
    t.match(answer, new RegExp(`^HTTP/1.1 ${status} `), `${status}: read (${bytesSent} bytes sent, error: ${error ?? 'none'})`)
    t.match(JSON.parse(json || '{}'), { statusCode: status, code }, `${status}: the common shape`)
    t.equal(error, undefined, `${status}: no reset`)
  }
})

t.test('answers written outside Fastify (431, malformed HTTP, 417, CONNECT, 408, router errors) carry CORS headers for an allowed Origin, as the others do', async (t) => {
  const { app } = await build(t, { CORS_ORIGINS: 'https://app.example', REQUEST_TIMEOUT: '1' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const head = (origin: string) => `Host: x\r\nOrigin: ${origin}\r\n`
  const requests = (origin: string): Array<[string, number]> => [
    [`GET /health HTTP/1.1\r\n${head(origin)}X-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
    [`GET /health HTTP/1.1\r\n${head(origin)}Not a header\r\n\r\n`, 400],
    [`POST /v1/chat HTTP/1.1\r\n${head(origin)}Expect: 200-ok\r\nContent-Length: 2\r\n\r\n{}`, 417],
    [`CONNECT evil.example:443 HTTP/1.1\r\n${head(origin)}\r\n`, 400],
    // Half a body, then nothing: Node's request timeout answers.
    [`POST /v1/chat HTTP/1.1\r\n${head(origin)}Content-Type: application/json\r\nX-API-Key: ${TEST_API_KEY}\r\nX-Conversation-Id: cors\r\nContent-Length: 40\r\n\r\n{"message":`, 408]
  ]
  // Had none: a page on an allowed origin could not read these errors.
  for (const [text, status] of requests('https://app.example')) {
    const answer = (await rawRequest(app, text)).split('\r\n\r\n')[0] ?? ''
    t.match(answer, new RegExp(`^HTTP/1.1 ${status} `), `${status}: ${answer.slice(0, 40)}`)
    t.match(answer, /\r\naccess-control-allow-origin: https:\/\/app\.example\r\n/i, `${status}: allowed origin`)
    t.match(answer, /\r\nvary: Origin\r\n/i, `${status}: vary`)
    t.match(answer, /\r\naccess-control-expose-headers: X-Request-Id, Retry-After/i, `${status}: exposed headers`)
  }
  // The router's errors too (a 414 parameter, a malformed URL): answered before the CORS hook runs.
  for (const url of [`/v1/conversations/${'a'.repeat(300)}`, '/v1/conversations/%E0%A4%A']) {
    const response = await app.inject({ url, headers: { ...headers, origin: 'https://app.example' } })
    t.match(response.headers, { 'access-control-allow-origin': 'https://app.example', vary: 'Origin' }, `${response.statusCode}: allowed origin`)
    t.equal((await app.inject({ url, headers: { ...headers, origin: 'https://evil.example' } })).headers['access-control-allow-origin'], undefined)
  }
  for (const [text, status] of requests('https://evil.example')) {
    const answer = (await rawRequest(app, text)).split('\r\n\r\n')[0] ?? ''
    t.match(answer, new RegExp(`^HTTP/1.1 ${status} `), `${status}: ${answer.slice(0, 40)}`)
    t.notMatch(answer, /access-control-allow-origin/i, `${status}: another origin gets none`)
  }
})

t.test('a known path with another method is 405 with Allow; an unknown path stays 404', async (t) => {
  const { app } = await build(t)
  const chat = await app.inject({ method: 'GET', url: '/v1/chat?x=1' })
  t.equal(chat.statusCode, 405)
  t.equal(chat.headers.allow, 'POST')
  t.match(chat.json(), { statusCode: 405, code: 'METHOD_NOT_ALLOWED', message: 'Method GET is not allowed on /v1/chat (allowed: POST)', requestId: String })
  const conversation = await app.inject({ method: 'PUT', url: '/v1/conversations/abc' })
  t.equal(conversation.statusCode, 405)
  t.same(conversation.headers.allow?.toString().split(', ').sort(), ['DELETE', 'GET', 'HEAD'])
  t.equal((await app.inject({ method: 'GET', url: '/demo/nope.js' })).statusCode, 404, 'a route of this method that found nothing is a 404')
  // A plugin's '/' route under a prefix is also served at prefix + '/', which Fastify registers
  // without an onRoute call for its GET: Swagger UI's page answered GET /docs/ while saying Allow: HEAD.
  t.equal((await app.inject({ method: 'GET', url: '/docs/' })).statusCode, 200)
  const docs = await app.inject({ method: 'POST', url: '/docs/' })
  t.equal(docs.statusCode, 405)
  t.equal(docs.headers.allow, 'GET, HEAD')
  const unknown = await app.inject({ method: 'GET', url: '/v1/nowhere' })
  t.equal(unknown.statusCode, 404)
  t.match(unknown.json(), { code: 'NOT_FOUND' })
  const withCors = await build(t, { CORS_ORIGINS: 'https://app.example' })
  t.equal((await withCors.app.inject({ method: 'GET', url: '/v1/nowhere' })).statusCode, 404, 'a catch-all route (CORS preflight) makes no path known')
})
