// A database number the server refuses (past its `databases`; any but 0 where SELECT is not allowed):
// ioredis's SELECT fails while connecting and ioredis would carry on, ready in database 0. Against a
// real redis-server: the guard drops every such connection before it is ready, says so once, and a
// database the server has is used as before.
import { Redis } from 'ioredis'
import t from 'tap'
import { guardDatabase, isDatabaseRefusal } from '../../src/services/redis-database.ts'
import { redisConnection } from '../../src/services/redis-options.ts'
import { startRedis } from '../support/helpers/redis-server.ts'

const server = await startRedis()
t.teardown(server.destroy)

function client (database: number): { redis: Redis, events: string[] } {
  const { options } = redisConnection({ host: '127.0.0.1', port: server.port, db: database })
  const redis = new Redis(options)
  const events: string[] = []
  redis.on('ready', () => events.push('ready'))
  redis.on('error', () => {})
  return { redis, events }
}

t.test('database 99 of a 16-database server: refused once, never ready (not even in database 0), nothing written', async (t) => {
  const { redis, events } = client(99)
  t.teardown(() => { redis.disconnect() })
  const refusals: Error[] = []
  const guard = guardDatabase(redis, (error) => refusals.push(error))
  redis.connect().catch(() => {})
  // Three connections, each refused and dropped: ioredis's handshake would have made each ready.
  // (Not events.once: it rejects at the 'error' each refusal is.)
  const nextAttempt = async (): Promise<void> => await new Promise<void>((resolve, reject) => {
    redis.once('reconnecting', () => { resolve() })
    redis.once('ready', () => { reject(new Error('a connection became ready, in database 0')) })
  })
  for (let attempt = 0; attempt < 3; attempt++) await nextAttempt()
  t.same(events, [], 'no connection became ready')
  t.equal(refusals.length, 1, 'said once, not at every reconnection')
  t.match(refusals[0]?.message, /DB index is out of range/)
  t.match(guard.refused()?.message, /DB index is out of range/, 'the refusal stands')
  await t.rejects(redis.set('written', 'where?'), 'commands fail as while Redis is down')
  const check = new Redis(server.port, '127.0.0.1')
  t.teardown(() => { check.disconnect() })
  t.equal(await check.dbsize(), 0, 'database 0 untouched')
})

t.test('database 3, which the server has: ready in database 3, no refusal', async (t) => {
  const { redis, events } = client(3)
  t.teardown(() => { redis.disconnect() })
  const refusals: Error[] = []
  const guard = guardDatabase(redis, (error) => refusals.push(error))
  await redis.connect()
  t.same(events, ['ready'])
  t.match(await redis.client('INFO'), / db=3 /)
  t.same(refusals, [])
  t.equal(guard.refused(), undefined)
})

t.test('only a refused SELECT is a database refusal', async (t) => {
  t.ok(isDatabaseRefusal(Object.assign(new Error('ERR DB index is out of range'), { command: { name: 'select', args: ['99'] } })))
  t.ok(isDatabaseRefusal(Object.assign(new Error('ERR SELECT is not allowed in cluster mode'), { command: { name: 'select', args: ['2'] } })))
  t.notOk(isDatabaseRefusal(Object.assign(new Error('WRONGPASS invalid username-password pair'), { command: { name: 'hello', args: [] } })))
  t.notOk(isDatabaseRefusal(new Error('connect ECONNREFUSED 127.0.0.1:6379')))
  t.notOk(isDatabaseRefusal('select'))
})

t.test('a refusal stops being the diagnosis when the server goes away (the address refuses connections)', async (t) => {
  const own = await startRedis()
  t.teardown(own.destroy)
  const { options } = redisConnection({ host: '127.0.0.1', port: own.port, db: 99 })
  const redis = new Redis(options)
  t.teardown(() => { redis.disconnect() })
  const errors: Error[] = []
  redis.on('error', (error: Error) => { errors.push(error) })
  const guard = guardDatabase(redis, () => {})
  redis.connect().catch(() => {})
  await new Promise((resolve) => redis.once('reconnecting', resolve))
  t.ok(guard.refused())
  await own.stop()
  const refused = new Promise((resolve) => redis.on('error', (error: Error & { code?: string }) => { if (error.code === 'ECONNREFUSED') resolve(error) }))
  await refused
  t.equal(guard.refused(), undefined, 'Redis down now: /ready says not connected, not the database')
})
