// How the service's Redis client reconnects: soon after Redis is back, without hammering it while it is down.
import { Redis } from 'ioredis'
import t from 'tap'
import { RECONNECT_MAX_DELAY_MS, reconnectDelay, redisConnection } from '../../src/services/redis-options.ts'
import { startRedis } from '../support/helpers/redis-server.ts'

t.test('the wait between attempts grows to half a second and stays there, forever', async (t) => {
  const delays = Array.from({ length: 1000 }, (_, index) => reconnectDelay(index + 1))
  t.same(delays.slice(0, 6), [100, 200, 300, 400, 500, 500], 'a refused Redis is asked at most ten times a second')
  t.equal(Math.max(...delays), RECONNECT_MAX_DELAY_MS, 'never longer: the service notices Redis is back within 0.5 s, however long it was away')
  t.ok(delays.every((delay) => delay >= 100), 'never sooner than 100 ms')
  t.equal(redisConnection({ url: 'redis://127.0.0.1:6379' }).options.retryStrategy, reconnectDelay, 'the service opens its client with it')
})

t.test('a redis-server stopped and started again: the client retries at most every 0.5 s and is ready again, commands succeed', async (t) => {
  const server = await startRedis({ appendOnly: true })
  t.teardown(server.destroy)
  const { options } = redisConnection({ host: '127.0.0.1', port: server.port, db: 0 })
  const client = new Redis(options)
  client.on('error', () => {}) // refused connections while the server is stopped are the point
  t.teardown(() => { client.disconnect() })
  await client.connect()
  await client.set('restart:key', 'kept')

  // The delays ioredis announces: past the fifth attempt the former backoff (100 ms more each time, up to 2 s) was longer.
  const delays: number[] = []
  const enoughAttempts = new Promise<void>((resolve) => {
    client.on('reconnecting', (delay: number) => {
      delays.push(delay)
      if (delays.length === 8) resolve()
    })
  })
  await server.stop()
  await enoughAttempts
  const ready = new Promise<void>((resolve) => { client.once('ready', () => { resolve() }) })
  await server.start()
  await ready
  t.equal(await client.get('restart:key'), 'kept', 'the data is back (AOF) and the client serves commands')
  t.ok(delays.every((delay) => delay <= RECONNECT_MAX_DELAY_MS), `every wait at most 0.5 s: ${delays.join(', ')} ms`)
})
