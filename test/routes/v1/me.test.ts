// GET /v1/me: a valid key's id and budget, without spending the budget, and the limits of a
// recording; a missing or wrong key is counted by client address there as on every route, so it is
// no cheaper way to try keys, and learns nothing of the limits.
import t from 'tap'
import { keyIdOf } from '../../../src/plugins/auth.ts'
import { build, TEST_API_KEY, waitFor } from '../../support/helpers/app.ts'
import { startRedis } from '../../support/helpers/redis-server.ts'
import { whoami } from '../../support/helpers/routes.ts'

const me = (key?: string) => ({ url: '/v1/me', headers: key === undefined ? {} : { 'x-api-key': key } })
const counted = (key?: string) => ({ url: '/v1/whoami', headers: key === undefined ? {} : { 'x-api-key': key } })
/** The defaults: MAX_AUDIO_SECONDS and MAX_CONTENT_LENGTH. */
const LIMITS = { max_audio_seconds: 60, max_upload_bytes: 16 * 1024 * 1024 }

t.test('a valid key: its id and the budget left, this request not counted', async (t) => {
  const { app } = await build(t, { RATE_LIMIT_PER_HOUR: '3' }, { extraV1Routes: [whoami] })
  for (let i = 0; i < 5; i++) {
    const response = await app.inject(me(TEST_API_KEY))
    t.equal(response.statusCode, 200)
    t.same(response.json(), { key_id: keyIdOf(TEST_API_KEY), rate_limit: { limit: 3, remaining: 3, reset: 0 }, limits: LIMITS }, 'nothing spent, five checks on')
    t.notOk(response.body.includes(TEST_API_KEY), 'never the key')
  }
  t.equal((await app.inject(counted(TEST_API_KEY))).statusCode, 200)
  const after = (await app.inject(me(TEST_API_KEY))).json()
  t.match(after.rate_limit, { limit: 3, remaining: 2 }, 'a counted request shows')
  t.ok(after.rate_limit.reset > 0 && after.rate_limit.reset <= 3600, 'with the time until the count starts again')
  for (let i = 0; i < 3; i++) await app.inject(counted(TEST_API_KEY))
  const spent = await app.inject(me(TEST_API_KEY))
  t.equal(spent.statusCode, 200, 'the check still answers when the budget is spent')
  t.match(spent.json().rate_limit, { limit: 3, remaining: 0 })
})

t.test('a missing or wrong key is counted by client address, on /v1/me as on any route', async (t) => {
  const { app } = await build(t, { RATE_LIMIT_PER_HOUR: '3' }, { extraV1Routes: [whoami] })
  const answers = []
  for (const request of [me('wrong-key-000000000000'), counted('another-wrong-key-0000'), me()]) answers.push(await app.inject(request))
  t.same(answers.map((answer) => answer.json().code), ['INVALID_API_KEY', 'INVALID_API_KEY', 'MISSING_API_KEY'])
  t.same(answers.map((answer) => answer.headers['x-ratelimit-remaining']), ['2', '1', '0'], 'one budget for the address, across routes')
  const refused = await app.inject(me('yet-another-wrong-key-00'))
  t.equal(refused.statusCode, 429, 'the fourth guess is refused, on /v1/me too')
  t.match(refused.json(), { code: 'RATE_LIMITED' })
  t.equal((await app.inject(me(TEST_API_KEY))).statusCode, 200, 'a valid key is not held by the address\'s count')
  for (const answer of [...answers, refused]) t.notOk('limits' in answer.json(), `no limits told to ${answer.json().code}`)
})

t.test('the limits of a recording are the configured ones, those POST /v1/audio applies', async (t) => {
  const { app } = await build(t, { MAX_AUDIO_SECONDS: '2', MAX_CONTENT_LENGTH: '300000' })
  const { limits } = (await app.inject(me(TEST_API_KEY))).json()
  t.same(limits, { max_audio_seconds: 2, max_upload_bytes: 300_000 })
  const tooLarge = await app.inject({
    method: 'POST',
    url: '/v1/audio',
    headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'limits', 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(limits.max_upload_bytes + 1024 * 1024) },
    payload: ''
  })
  t.match(tooLarge.json(), { statusCode: 413, code: 'AUDIO_TOO_LARGE', message: /300000 bytes/ }, 'the upload limit told is the one applied')
})

t.test('RATE_LIMIT_ENABLED=false: no budget to tell', async (t) => {
  const { app } = await build(t, { RATE_LIMIT_ENABLED: 'false' })
  t.same((await app.inject(me(TEST_API_KEY))).json(), { key_id: keyIdOf(TEST_API_KEY), rate_limit: null, limits: LIMITS })
})

t.test('with Redis: the shared count, and no numbers while it cannot be read', async (t) => {
  const redis = await startRedis()
  t.teardown(redis.destroy)
  const env = { REDIS_URL: redis.url, RATE_LIMIT_PER_HOUR: '4' }
  const a = await build(t, env, { extraV1Routes: [whoami] })
  const b = await build(t, env)
  await waitFor(() => a.app.redis?.status === 'ready' && b.app.redis?.status === 'ready')
  t.match((await b.app.inject(me(TEST_API_KEY))).json(), { rate_limit: { limit: 4, remaining: 4, reset: 0 } })
  await a.app.inject(counted(TEST_API_KEY))
  const shared = (await b.app.inject(me(TEST_API_KEY))).json()
  t.match(shared, { rate_limit: { limit: 4, remaining: 3 } }, 'another instance\'s count')
  t.ok(shared.rate_limit.reset > 0)
  t.match((await a.app.inject(me(TEST_API_KEY))).json(), { rate_limit: { remaining: 3 } }, 'still not counted')

  await redis.stop()
  await waitFor(() => b.app.redis?.status !== 'ready')
  const down = await b.app.inject(me(TEST_API_KEY))
  t.equal(down.statusCode, 200)
  t.same(down.json(), { key_id: keyIdOf(TEST_API_KEY), rate_limit: null, limits: LIMITS }, 'unknown, not a made-up full budget')
})
