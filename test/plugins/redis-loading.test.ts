// A restarted Redis loading its data, for a user whose ACL refuses INFO: ioredis's ready check, which
// would hold the connection back until the load is done, is skipped (docs/deployment.md), so the
// service's commands reach the server and are refused with LOADING. Turns are then 503
// STORAGE_UNAVAILABLE with Retry-After, as during any outage, and /ready says why, until the load ends.
// Before: 500 INTERNAL_ERROR with an error line per turn, and /ready's redis check a bare "error".
import { Redis } from 'ioredis'
import t from 'tap'
import { build, TEST_API_KEY, waitFor } from '../support/helpers/app.ts'
import { startRedis } from '../support/helpers/redis-server.ts'

const PASSWORD = 's3cret-redis-password'
const KEYS = 1000

t.test('a user without INFO, while Redis loads its data: 503 STORAGE_UNAVAILABLE and /ready says so; served once loaded', async (t) => {
  // Redis's own test setting: each key loaded takes 5 ms more, so the load lasts about 5 s.
  const redis = await startRedis({
    args: ['--key-load-delay', '5000', '--loading-process-events-interval-bytes', '1024',
      '--user', 'itb-app', 'on', `>${PASSWORD}`, '~itb:*', '&itb:*', '+@all', '-@dangerous']
  })
  t.teardown(redis.destroy)
  const admin = new Redis(redis.port, '127.0.0.1')
  const pipeline = admin.pipeline()
  for (let i = 0; i < KEYS; i++) pipeline.set(`itb:filler:${i}`, 'x')
  await pipeline.exec()
  await admin.save()
  admin.disconnect()
  await redis.stop()
  await redis.start()

  const warned: string[] = []
  const original = console.warn
  console.warn = (...args: unknown[]) => { warned.push(args.map(String).join(' ')) }
  t.teardown(() => { console.warn = original })
  const { app, logs } = await build(t, { REDIS_URL: `redis://itb-app:${PASSWORD}@127.0.0.1:${redis.port}` })
  await waitFor(() => warned.length > 0, 10_000)
  t.match(warned, [/^Skipping the ready check because INFO command fails: "NOPERM/], 'connected, the ready check skipped')

  const turn = async (id: string): Promise<Awaited<ReturnType<typeof app.inject>>> => await app.inject({
    method: 'POST',
    url: '/v1/chat',
    headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': id },
    payload: { message: 'Kapan ITB didirikan?' }
  })
  const loading = await turn('while-loading')
  t.match(loading, { statusCode: 503, headers: { 'retry-after': '2' } })
  t.equal(loading.json().code, 'STORAGE_UNAVAILABLE')
  const ready = await app.inject({ url: '/ready' })
  t.equal(ready.statusCode, 503)
  t.equal(ready.json().checks.redis, 'error: the server is loading its data')
  t.same(logs.lines().filter((line) => Number(line.level) >= 50).map((line) => line.msg), [], 'no error line: an outage, not a fault')

  await waitFor(async () => (await app.inject({ url: '/ready' })).statusCode === 200, 30_000)
  t.equal((await turn('once-loaded')).statusCode, 200)
})
