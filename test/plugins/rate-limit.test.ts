import t from 'tap'
import { build, TEST_API_KEY, waitFor } from '../helpers/app.ts'
import { whoami } from '../helpers/routes.ts'
import { startRedis } from '../helpers/redis-server.ts'

const OTHER_KEY = 'another-client-key-000000'
const call = (key?: string) => ({ url: '/v1/whoami', headers: key === undefined ? {} : { 'x-api-key': key } })

t.test('429 after the limit, per key, with standard headers and the common shape (memory store)', async (t) => {
  const { app } = await build(t, { RATE_LIMIT_PER_HOUR: '3', API_KEYS: `${TEST_API_KEY},${OTHER_KEY}` }, { extraV1Routes: [whoami] })
  for (let i = 0; i < 3; i++) {
    const ok = await app.inject(call(TEST_API_KEY))
    t.equal(ok.statusCode, 200)
    t.equal(ok.headers['x-ratelimit-limit'], '3')
    t.equal(ok.headers['x-ratelimit-remaining'], String(2 - i))
  }
  const limited = await app.inject(call(TEST_API_KEY))
  t.equal(limited.statusCode, 429)
  t.match(limited.json(), { statusCode: 429, error: 'Too Many Requests', code: 'RATE_LIMITED', message: /3 requests per hour/, requestId: String })
  t.ok(Number(limited.headers['retry-after']) > 3500, 'retry-after in seconds')
  t.equal((await app.inject(call(OTHER_KEY))).statusCode, 200, 'another key has its own budget')
})

t.test('unknown routes and failed auth are limited by client IP', async (t) => {
  const { app } = await build(t, { RATE_LIMIT_PER_HOUR: '2' }, { extraV1Routes: [whoami] })
  t.equal((await app.inject({ url: '/nope' })).statusCode, 404)
  t.equal((await app.inject(call('wrong-key'))).statusCode, 401)
  const limited = await app.inject({ url: '/nope' })
  t.equal(limited.statusCode, 429)
  t.equal((await app.inject(call(TEST_API_KEY))).statusCode, 200, 'a valid key is not charged for the IP')
  t.equal((await app.inject({ url: '/health' })).statusCode, 200, 'probes are never limited')
})

t.test('RATE_LIMIT_ENABLED=false turns it off', async (t) => {
  const { app } = await build(t, { RATE_LIMIT_PER_HOUR: '1', RATE_LIMIT_ENABLED: 'false' }, { extraV1Routes: [whoami] })
  for (let i = 0; i < 3; i++) t.equal((await app.inject(call(TEST_API_KEY))).statusCode, 200)
})

t.test('with Redis, two instances share one count; a Redis outage lets requests through and is logged', async (t) => {
  const redis = await startRedis()
  t.teardown(redis.destroy)
  const env = { REDIS_URL: redis.url, RATE_LIMIT_PER_HOUR: '4' }
  const a = await build(t, env, { extraV1Routes: [whoami] })
  const b = await build(t, env, { extraV1Routes: [whoami] })
  await waitFor(() => a.app.redis?.status === 'ready' && b.app.redis?.status === 'ready')
  const statuses = []
  for (const app of [a.app, b.app, a.app, b.app, a.app, b.app]) statuses.push((await app.inject(call(TEST_API_KEY))).statusCode)
  t.same(statuses, [200, 200, 200, 200, 429, 429], 'the fifth request is refused whichever instance gets it')

  await redis.stop()
  await waitFor(() => a.app.redis?.status !== 'ready')
  const during = await a.app.inject(call(TEST_API_KEY))
  t.equal(during.statusCode, 200, 'fails open while Redis is down')
  t.ok(a.logs.lines().some((line) => line.msg === 'rate limit store unavailable: request allowed'), 'and says so in the log')
})
