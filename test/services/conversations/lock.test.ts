import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { Redis } from 'ioredis'
import { ServiceError } from '../../../src/services/errors.ts'
import {
  ConversationBusyError,
  createConversationLock,
  type ConversationLock
} from '../../../src/services/conversations/lock.ts'
import { RedisCheckpointSaver } from '../../../src/services/conversations/redis-saver.ts'
import { startRedis } from '../../support/helpers/redis-server.ts'

const server = await startRedis()
const redis = new Redis(server.port, '127.0.0.1')
t.teardown(async () => {
  await redis.quit()
  await server.destroy()
})

/** Runs `fn` under the lock while tracking how many holders of the tracked keys overlap. */
function tracker () {
  const events: string[] = []
  let active = 0
  let maxActive = 0
  return {
    events,
    get maxActive () { return maxActive },
    task: (name: string, ms: number) => async () => {
      active += 1
      maxActive = Math.max(maxActive, active)
      events.push(`start ${name}`)
      await sleep(ms)
      events.push(`end ${name}`)
      active -= 1
      return name
    }
  }
}

type Factory = (options: { ttlMs: number, waitMs: number }) => ConversationLock<unknown> & { prefix: string }

const modes: Array<[string, Factory]> = [
  ['in-process', (options) => ({ ...createConversationLock(options), prefix: '' })],
  ['redis', (options) => {
    const prefix = `test:lock:${randomUUID()}:`
    return { ...createConversationLock({ ...options, redis, keyPrefix: prefix }), prefix }
  }],
  // The service's lock: taken by the script that also reads the conversation's checkpoint.
  ['redis, taken with the checkpoint read', (options) => {
    const prefix = `test:lock:${randomUUID()}:`
    const saver = new RedisCheckpointSaver({ redis, ttlSeconds: 100, keyPrefix: `test:cp:${randomUUID()}:` })
    const acquire = async (lockKey: string, token: string, ttlMs: number, key: string) => await saver.lockAndRead(lockKey, token, ttlMs, key)
    return { ...createConversationLock({ ...options, redis, keyPrefix: prefix, acquire }), prefix }
  }]
]

t.test('rejects invalid options', async (t) => {
  t.throws(() => createConversationLock({ ttlMs: 0, waitMs: 10 }), RangeError)
  t.throws(() => createConversationLock({ ttlMs: 10, waitMs: -1 }), RangeError)
})

/** Takes `key` and keeps it until `release()`; resolves once it is held. */
async function hold (lock: ConversationLock<unknown>, key: string): Promise<{ release: () => void, holder: Promise<void> }> {
  let release = (): void => {}
  let holding = (): void => {}
  const held = new Promise<void>((resolve) => { holding = resolve })
  const holder = lock.run(key, async () => { holding(); await new Promise<void>((resolve) => { release = resolve }) })
  await held
  return { release: () => { release() }, holder }
}

for (const [mode, create] of modes) {
  t.test(`${mode}: two runs on one key are serialized`, async (t) => {
    const lock = create({ ttlMs: 5_000, waitMs: 2_000 })
    const track = tracker()
    const results = await Promise.all([
      lock.run('conv-1', track.task('first', 60)),
      lock.run('conv-1', track.task('second', 10)),
      lock.run('conv-1', track.task('third', 10))
    ])
    t.same(results, ['first', 'second', 'third'])
    t.equal(track.maxActive, 1, 'never two holders at once')
    t.same(track.events.slice(0, 2), ['start first', 'end first'], 'the second starts after the first ended')
  })

  t.test(`${mode}: different keys run in parallel`, async (t) => {
    const lock = create({ ttlMs: 5_000, waitMs: 2_000 })
    // Each holder waits inside its lock until the other holds its own: were the keys serialized, the
    // second would give up after waitMs instead.
    let arrived = 0
    let open = (): void => {}
    const bothHeld = new Promise<void>((resolve) => { open = resolve })
    const holder = (name: string) => async () => { arrived += 1; if (arrived === 2) open(); await bothHeld; return name }
    t.same(await Promise.all([lock.run('conv-a', holder('a')), lock.run('conv-b', holder('b'))]), ['a', 'b'], 'both held at once')
  })

  t.test(`${mode}: the wait timeout throws ConversationBusyError`, async (t) => {
    const lock = create({ ttlMs: 5_000, waitMs: 50 })
    // The holder keeps the lock until the waiter has given up: an event, not a race against a sleep.
    const { release, holder } = await hold(lock, 'busy')
    const started = Date.now()
    const error = await lock.run('busy', async () => 'never').catch((error: unknown) => error)
    t.ok(error instanceof ConversationBusyError, 'typed error')
    t.ok(error instanceof ServiceError, 'a ServiceError (mapped to HTTP 409 by the errors plugin)')
    t.match(error, { kind: 'conflict', code: 'CONVERSATION_BUSY', key: 'busy' })
    const waited = Date.now() - started
    t.ok(waited >= 45, `gave up after waitMs, while the holder still held it (${waited} ms)`)
    release()
    await holder
    t.equal(await lock.run('busy', async () => 'free again'), 'free again', 'the lock works after a timeout')
  })

  t.test(`${mode}: a waiter whose caller went away stops waiting at once, with the caller's reason`, async (t) => {
    const lock = create({ ttlMs: 5_000, waitMs: 60_000 })
    const { release, holder } = await hold(lock, 'gone')
    const caller = new AbortController()
    const waiter = lock.run('gone', async () => 'never', caller.signal)
    const reason = new Error('client disconnected')
    caller.abort(reason)
    // Were the wait blind to the signal, this would settle only after the 60 s waitMs.
    t.equal(await waiter.catch((error: unknown) => error), reason)
    await t.rejects(lock.run('gone', async () => 'never', caller.signal), reason, 'an aborted caller does not queue')
    release()
    await holder
    t.equal(await lock.run('gone', async () => 'free'), 'free', 'the queue holds no dead waiter')
  })

  t.test(`${mode}: a failing holder releases the lock`, async (t) => {
    const lock = create({ ttlMs: 5_000, waitMs: 1_000 })
    await t.rejects(lock.run('crash', async () => { throw new Error('boom') }), { message: 'boom' })
    t.equal(await lock.run('crash', async () => 'next'), 'next')
  })
}

t.test('in-process: waitMs 0 tries once', async (t) => {
  const lock = createConversationLock({ ttlMs: 1_000, waitMs: 0 })
  const holder = lock.run('k', async () => await sleep(30))
  await t.rejects(lock.run('k', async () => 'x'), ConversationBusyError)
  await holder
  t.equal(await lock.run('k', async () => 'x'), 'x')
})

t.test('in-process: `hold` is called when the lock is taken and its release when it is released, failure or not', async (t) => {
  const events: string[] = []
  const lock = createConversationLock({ ttlMs: 1_000, waitMs: 1_000, hold: (key) => { events.push(`hold ${key}`); return () => { events.push(`release ${key}`) } } })
  await lock.run('k', async () => { events.push('run') })
  await t.rejects(lock.run('k', async () => { events.push('fail'); throw new Error('boom') }), { message: 'boom' })
  t.same(events, ['hold k', 'run', 'release k', 'hold k', 'fail', 'release k'])
})

t.test('redis: the lock of a crashed holder expires after ttlMs', async (t) => {
  const prefix = `test:lock:${randomUUID()}:`
  // A holder that died without releasing: the key is there with its PX and nobody extends it.
  await redis.set(`${prefix}conv`, 'dead-holder-token', 'PX', 150, 'NX')
  const lock = createConversationLock({ redis, ttlMs: 1_000, waitMs: 2_000, keyPrefix: prefix })
  const started = Date.now()
  t.equal(await lock.run('conv', async () => 'acquired'), 'acquired')
  const waited = Date.now() - started
  // No upper bound: acquiring within waitMs is the proof, and a busy machine may take its time.
  t.ok(waited >= 100, `acquired once the dead lock expired (${waited} ms)`)
  t.equal(await redis.exists(`${prefix}conv`), 0, 'released afterwards')
})

t.test('redis: a long run keeps its lock alive and releases it at the end', async (t) => {
  const prefix = `test:lock:${randomUUID()}:`
  // A ttl a busy machine cannot miss by accident; the run lasts until told, past three of them.
  const lock = createConversationLock({ redis, ttlMs: 600, waitMs: 0, keyPrefix: prefix })
  let finish = (): void => {}
  const run = lock.run('long', async (signal) => {
    await new Promise<void>((resolve) => { finish = resolve })
    t.equal(signal.aborted, false, 'not aborted')
    return 'done'
  })
  await sleep(2_000)
  const ttl = await redis.pttl(`${prefix}long`)
  t.ok(ttl > 0 && ttl <= 600, `still held after three ttls (pttl ${ttl})`)
  await t.rejects(lock.run('long', async () => 'x'), ConversationBusyError, 'others are refused')
  finish()
  t.equal(await run, 'done')
  t.equal(await redis.exists(`${prefix}long`), 0, 'released')
})

t.test('redis: a holder that lost its lock never deletes the new owner\'s lock', async (t) => {
  const prefix = `test:lock:${randomUUID()}:`
  const lost: string[] = []
  const lock = createConversationLock({
    redis, ttlMs: 60, waitMs: 0, keyPrefix: prefix, onLockLost: (key) => lost.push(key)
  })
  let abortedInside = false
  await lock.run('stolen', async (signal) => {
    // Simulate a pause longer than the ttl: the lock expired and another instance took it.
    await redis.set(`${prefix}stolen`, 'other-owner', 'PX', 10_000)
    await sleep(100)
    abortedInside = signal.aborted
  })
  t.same(lost, ['stolen'], 'onLockLost was called')
  t.ok(abortedInside, 'the run signal was aborted')
  t.equal(await redis.get(`${prefix}stolen`), 'other-owner', 'the other owner keeps its lock')
})

t.test('redis: locks sharing one client add one \'ready\' listener to it, not one each', async (t) => {
  // A listener per lock was never removed: eleven locks on one client (this file's subtests) drew
  // Node's MaxListenersExceededWarning in the test run.
  const client = new Redis({ lazyConnect: true })
  t.teardown(() => { client.disconnect() })
  for (let index = 0; index < 20; index++) createConversationLock({ redis: client, ttlMs: 1_000, waitMs: 0 })
  t.equal(client.listenerCount('ready'), 1)
})

t.test('redis: a release that failed during an outage is retried when Redis is back', async (t) => {
  const durable = await startRedis({ appendOnly: true })
  t.teardown(durable.destroy)
  // As the service connects: commands fail fast while disconnected, reconnection is automatic.
  const client = new Redis(durable.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: () => 50 })
  client.on('error', () => {}) // refused reconnections while Redis is stopped are the point of this test
  t.teardown(() => { client.disconnect() })
  await new Promise<void>((resolve) => { client.once('ready', () => resolve()) })
  const lock = createConversationLock({ redis: client, ttlMs: 5_000, waitMs: 0, keyPrefix: 'test:outage:' })
  await lock.run('conv', async () => {
    t.equal(await client.exists('test:outage:conv'), 1, 'held')
    await durable.stop()
  })
  await durable.start()
  const started = Date.now()
  const checker = new Redis(durable.url)
  t.teardown(() => { checker.disconnect() })
  while (await checker.exists('test:outage:conv') === 1 && Date.now() - started < 4_000) await sleep(20)
  t.equal(await checker.exists('test:outage:conv'), 0, `released ${Date.now() - started} ms after Redis came back, not after the 5 s lifetime`)
})
