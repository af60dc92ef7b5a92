import t from 'tap'
import { build, TEST_API_KEY, waitFor } from '../support/helpers/app.ts'
import { dropUncountedNumbers, rateLimitKey } from '../../src/plugins/rate-limit.ts'
import { whoami } from '../support/helpers/routes.ts'
import { startRedis } from '../support/helpers/redis-server.ts'

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
  const answers = []
  for (const app of [a.app, b.app, a.app, b.app, a.app, b.app]) answers.push(await app.inject(call(TEST_API_KEY)))
  t.same(answers.map((answer) => answer.statusCode), [200, 200, 200, 200, 429, 429], 'the fifth request is refused whichever instance gets it')
  t.same(answers.map((answer) => answer.headers['x-ratelimit-remaining']), ['3', '2', '1', '0', '0', '0'], 'counted requests tell the count')

  await redis.stop()
  await waitFor(() => a.app.redis?.status !== 'ready')
  for (let i = 0; i < 5; i++) {
    const open = await a.app.inject(call(TEST_API_KEY))
    t.equal(open.statusCode, 200, 'fails open while Redis is down')
    // Not counted, so no count to tell: it said the whole quota was left, resetting in 0 s.
    t.same([open.headers['x-ratelimit-limit'], open.headers['x-ratelimit-remaining'], open.headers['x-ratelimit-reset']], [undefined, undefined, undefined], 'no made-up x-ratelimit-* numbers')
  }
  const warnings = a.logs.lines().filter((line) => line.level === 40)
  const storeWarnings = warnings.filter((line) => line.msg === 'rate limit store unavailable: requests are allowed until it is back')
  t.equal(storeWarnings.length, 1, 'the outage is logged once, not once per request')
  await waitFor(() => a.logs.lines().some((line) => line.msg === 'redis connection error'))
  t.notMatch(a.logs.text(), /\[object Object\]/, 'errors are logged by type and message')
  t.match(a.logs.lines().find((line) => line.msg === 'redis connection error'), { err: { type: String, message: /\w/ } })
  t.match(storeWarnings[0], { err: { type: String, message: /\w/ }, dependency: 'redis' })
  const metrics = (await a.app.inject({ url: '/metrics' })).body
  t.match(metrics, /^itb_rate_limit_store_failures_total 5$/m, 'each request let through is counted')

  await redis.start()
  await waitFor(async () => {
    await a.app.inject(call(TEST_API_KEY))
    return a.logs.lines().some((line) => line.msg === 'rate limit store available again')
  }, 15_000)
  t.pass('the recovery is logged once Redis is back')
})

t.test('behind one proxy (TRUST_PROXY=1) a rotated left-most X-Forwarded-For does not reset the per-IP count', async (t) => {
  const { app } = await build(t, { TRUST_PROXY: '1', RATE_LIMIT_PER_HOUR: '3' })
  const statuses = []
  for (let i = 0; i < 5; i++) {
    const response = await app.inject({ url: '/nowhere', headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` } })
    statuses.push(response.statusCode)
  }
  t.same(statuses, [404, 404, 404, 429, 429], 'the client is the address the proxy added, whatever it claims')
})

t.test('header text never names a Redis counter: a non-IP address is hashed', async (t) => {
  t.equal(rateLimitKey({ keyId: null, ip: '203.0.113.7' }), 'ip:203.0.113.7')
  t.equal(rateLimitKey({ keyId: null, ip: '2001:db8::1' }), 'ip:2001:db8::1')
  t.match(rateLimitKey({ keyId: null, ip: 'evil}*key with spaces' }), /^ip-hash:[0-9a-f]{64}$/)
  t.equal(rateLimitKey({ keyId: 'abc123', ip: 'whatever' }), 'key:abc123')
})

t.test('an uncounted answer loses its x-ratelimit-* numbers whatever its limiter\'s max, a counted one keeps them', async (t) => {
  const numbers = (limit: number, remaining: number): string[] => {
    const headers = new Map<string, unknown>([['x-ratelimit-limit', limit], ['x-ratelimit-remaining', remaining], ['x-ratelimit-reset', 0]])
    dropUncountedNumbers({
      getHeader: (name: string) => headers.get(name) as string | undefined,
      removeHeader (name: string) { headers.delete(name); return this as never }
    })
    return [...headers.keys()]
  }
  // With RATE_LIMIT_PER_HOUR=4, a limiter of its own: 2 (uncounted: all left) and 5 (one used: 4 left).
  t.same(numbers(2, 2), [], 'uncounted on a route limited to 2: no numbers')
  t.same(numbers(5, 4), ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'], 'counted on a route limited to 5: kept')
  t.same(numbers(4, 4), [], 'uncounted, hourly limit: no numbers')
  t.same(numbers(4, 3).length, 3, 'counted, hourly limit: kept')
  t.same(numbers(4, 0).length, 3, 'exceeded: kept')
})
