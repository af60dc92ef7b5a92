import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { startFakeEmbeddings } from '../support/fakes/openai-embeddings.ts'
import { SECRET_VARIABLES } from '../../schemas/env.ts'
import { build, rawRequest, TEST_API_KEY } from '../support/helpers/app.ts'
import { whoami } from '../support/helpers/routes.ts'
import { MAX_LOGGED_PATH, loggedPath } from '../../src/plugins/logging.ts'

t.test('one line per request with method, route, status, duration, key id and conversation id', async (t) => {
  const { app, logs } = await build(t, {}, { extraV1Routes: [whoami] })
  const response = await app.inject({ url: '/v1/whoami', headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'conv-1', 'x-request-id': 'req-42' } })
  const lines = logs.lines().filter((line) => line.request_id === 'req-42')
  t.equal(lines.length, 1)
  t.match(lines[0], { method: 'GET', route: '/v1/whoami', path: '/v1/whoami', status: 200, duration_ms: Number, key_id: response.json().keyId, conversation_id: 'conv-1', msg: 'request completed' })
})

t.test('the line names the path asked for beside the route: a scanned 404, a conversation read', async (t) => {
  const { app, logs } = await build(t)
  const line = (requestId: string): Record<string, unknown> | undefined =>
    logs.lines().find((entry) => entry.request_id === requestId && entry.msg === 'request completed')
  await app.inject({ url: '/wp-admin/setup-config.php?step=1&token=query-secret-value', headers: { 'x-api-key': TEST_API_KEY, 'x-request-id': 'scan-1' } })
  t.match(line('scan-1'), { route: 'not-found', path: '/wp-admin/setup-config.php', status: 404 })
  await app.inject({ url: '/v1/conversations/conv-77?verbose=1', headers: { 'x-api-key': TEST_API_KEY, 'x-request-id': 'read-1' } })
  t.match(line('read-1'), { route: '/v1/conversations/:id', path: '/v1/conversations/conv-77', status: 404 })
  await app.inject({ url: `/${'a'.repeat(5000)}`, headers: { 'x-request-id': 'long-1' } })
  t.equal(line('long-1')?.path, `/${'a'.repeat(MAX_LOGGED_PATH - 1)}…[5001 characters]`, 'a long path is cut, with its length')
  await app.inject({ url: `/v1/${TEST_API_KEY}/chat`, headers: { 'x-request-id': 'pasted-1' } })
  t.equal(line('pasted-1')?.path, '/v1/[redacted]/chat', 'a configured key pasted into the path is blanked')
  // A key across the cut: blanked before the path is cut, or its first characters would be logged.
  await app.inject({ url: `/${'b'.repeat(MAX_LOGGED_PATH - 10)}/${TEST_API_KEY}`, headers: { 'x-request-id': 'pasted-2' } })
  t.equal(line('pasted-2')?.path, `/${'b'.repeat(MAX_LOGGED_PATH - 10)}/[redacte…[${MAX_LOGGED_PATH + 2} characters]`,
    'a key the cut falls in is blanked whole')
  const text = logs.text()
  t.notOk(text.includes('query-secret-value'), 'no query string is logged')
  t.notOk(text.includes(TEST_API_KEY), 'neither the X-API-Key header nor a key in the path is logged')
})

t.test('an absolute-form request target is logged by its path, without the credentials of its authority', async (t) => {
  const { app, logs } = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const response = await rawRequest(app, 'GET http://admin:hunter2-password@example.com/phpmyadmin/index.php?pw=x HTTP/1.1\r\nHost: example.com\r\nX-Request-Id: abs-1\r\nConnection: close\r\n\r\n')
  t.match(response, /^HTTP\/1\.1 404 /)
  t.match(logs.lines().find((entry) => entry.request_id === 'abs-1'), { route: 'not-found', path: '/phpmyadmin/index.php' })
  t.notMatch(logs.text(), /hunter2/)
})

t.test('loggedPath: the path alone, bounded', async (t) => {
  t.equal(loggedPath('/health'), '/health')
  t.equal(loggedPath('/a?b=c?d'), '/a')
  t.equal(loggedPath('/a#frag'), '/a')
  t.equal(loggedPath('*'), '*', 'OPTIONS * as sent')
  t.equal(loggedPath('https://user:pw@host:8000'), '/', 'an authority with no path is the root')
  t.equal(loggedPath(`/${'x'.repeat(MAX_LOGGED_PATH - 1)}`).length, MAX_LOGGED_PATH, 'a path at the limit is whole')
  const key = 'k3y-0123456789abcdef'
  t.equal(loggedPath(`/v1/${key}/chat?key=${key}`, [key]), '/v1/[redacted]/chat', 'a secret in the path is blanked')
  t.notOk(loggedPath(`/${'x'.repeat(MAX_LOGGED_PATH - 6)}${key}`, [key]).includes(key.slice(0, 5)),
    'a secret the cut falls in leaves none of its characters')
})

t.test('loggedPath: a key pasted percent-encoded is blanked too', async (t) => {
  const key = 'k3y-0123456789abcdef'
  t.equal(loggedPath('/v1/k3y%2D0123456789abcdef/chat', [key]), '/v1/[redacted]/chat', 'an escaped character')
  t.equal(loggedPath('/v1/%6B%33%79%2d0123456789abcdef', [key]), '/v1/[redacted]', 'every character escaped, any case')
  t.equal(loggedPath('/v1/%FF%2D/k3y%2D0123456789abcdef', [key]), '/v1/%FF-/[redacted]',
    'a byte that is not UTF-8 does not stop the rest being read')
  t.equal(loggedPath('/a%2Fb/%E2%82%AC/%zz/%', [key]), '/a%2Fb/%E2%82%AC/%zz/%', 'without a key in it, the path as sent')
  const long = `/${'%41'.repeat(20_000)}`
  const started = performance.now()
  t.ok(loggedPath(long, [key]).startsWith('/%41'), 'a long path of escapes')
  t.ok(performance.now() - started < 1000, 'read in linear time')
})

t.test('secrets never reach the logs', async (t) => {
  // Every secret variable with a recognisable value (the URL-shaped ones, the API keys and the DSN,
  // which would switch Sentry on for the whole test process, are covered by other tests).
  const secrets = Object.fromEntries(SECRET_VARIABLES
    .filter((name) => !['API_KEY', 'API_KEYS', 'REDIS_URL', 'SENTRY_DSN'].includes(name))
    .map((name) => [name, `secret-${name.toLowerCase()}-value`]))
  // With an embeddings key the local index embeds the corpus at start-up: give it a server to talk to.
  const embeddings = await startFakeEmbeddings({ apiKey: secrets.EMBEDDINGS_API_KEY, dimensions: 32 })
  t.teardown(embeddings.close)
  const dataDir = mkdtempSync(join(tmpdir(), 'itb-logging-'))
  t.teardown(() => { rmSync(dataDir, { recursive: true, force: true }) })
  const { app, logs } = await build(t, {
    ...secrets,
    EMBEDDINGS_BASE_URL: embeddings.baseURL,
    EMBEDDINGS_DIMENSIONS: '32',
    LANGCHAIN_TRACING_V2: 'false',
    VECTOR_STORE: 'local',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'trace'
  }, { extraV1Routes: [whoami] })
  t.ok(embeddings.requests.length > 0, 'the embeddings key was used')
  await app.inject({ url: '/v1/whoami', headers: { 'x-api-key': TEST_API_KEY, authorization: 'Bearer some-bearer-token' } })
  await app.inject({ url: '/v1/whoami', headers: { 'x-api-key': 'a-wrong-key-guess' } })
  app.log.info({ req: { headers: { 'x-api-key': TEST_API_KEY, authorization: 'Bearer x' } }, apiKey: TEST_API_KEY }, 'a careless log call')
  const text = logs.text()
  t.ok(text.length > 0)
  for (const secret of [TEST_API_KEY, 'some-bearer-token', 'a-wrong-key-guess', ...Object.values(secrets)]) {
    t.notOk(text.includes(secret), `${secret.slice(0, 6)}… is not logged`)
  }
  t.match(text, /\[redacted\]/, 'redaction is applied to careless log calls')
})

t.test('a forged conversation id is not logged verbatim', async (t) => {
  const { app, logs } = await build(t, {}, { extraV1Routes: [whoami] })
  await app.inject({ url: '/v1/whoami', headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'x"} injected {"' } })
  t.notMatch(logs.text(), /injected/)
})

t.test('a failed request is logged with the error type, message, code and cause, never a stack trace', async (t) => {
  const failing = async (fastify: FastifyInstance): Promise<void> => {
    fastify.get('/explode', async () => {
      const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' })
      throw new TypeError('the store failed', { cause })
    })
  }
  const { app, logs } = await build(t, {}, { extraV1Routes: [failing] })
  const response = await app.inject({ url: '/v1/explode', headers: { 'x-api-key': TEST_API_KEY, 'x-request-id': 'req-boom' } })
  t.equal(response.statusCode, 500)
  const failure = logs.lines().find((line) => line.request_id === 'req-boom' && line.msg === 'request failed')
  t.match(failure?.err, { type: 'TypeError', message: 'the store failed', cause: { type: 'Error', message: /ECONNREFUSED/, code: 'ECONNREFUSED' } })
  t.notMatch(logs.text(), /"stack"|\n\s+at |logging\.test\.ts/, 'no stack trace anywhere in the logs')
  app.log.warn(new AggregateError([new RangeError('one'), 'two'], 'several'))
  t.match(logs.lines().at(-1)?.err, { type: 'AggregateError', message: 'several', errors: [{ type: 'RangeError', message: 'one' }, { type: 'string', message: 'two' }] })
})
