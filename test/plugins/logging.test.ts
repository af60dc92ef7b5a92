import t from 'tap'
import { build, TEST_API_KEY } from '../helpers/app.ts'
import { whoami } from '../helpers/routes.ts'

t.test('one line per request with method, route, status, duration, key id and conversation id', async (t) => {
  const { app, logs } = await build(t, {}, { extraV1Routes: [whoami] })
  const response = await app.inject({ url: '/v1/whoami', headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'conv-1', 'x-request-id': 'req-42' } })
  const lines = logs.lines().filter((line) => line.request_id === 'req-42')
  t.equal(lines.length, 1)
  t.match(lines[0], { method: 'GET', route: '/v1/whoami', status: 200, duration_ms: Number, key_id: response.json().keyId, conversation_id: 'conv-1', msg: 'request completed' })
})

t.test('secrets never reach the logs', async (t) => {
  const secrets = { OPENAI_API_KEY: 'sk-openai-secret-1234567890', TOGETHER_API_KEY: 'together-secret-abcdef', REDIS_PASSWORD: 'redis-secret-pw' }
  const { app, logs } = await build(t, { ...secrets, LOG_LEVEL: 'trace' }, { extraV1Routes: [whoami] })
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
