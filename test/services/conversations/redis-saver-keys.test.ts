// The Redis keys of a conversation: every one expires ttlSeconds after the thread's last write or
// turn (its lock taken or extended), deleteThread removes exactly them, and a client's own keyPrefix
// is honoured.
import { randomUUID } from 'node:crypto'
import t from 'tap'
import type { Redis } from 'ioredis'
import { ERROR } from '@langchain/langgraph-checkpoint'
import { createConversationLock } from '../../../src/services/conversations/lock.ts'
import { RedisCheckpointSaver } from '../../../src/services/conversations/redis-saver.ts'
import { checkpoint, meta, startSaverFixture } from './redis-saver-fixture.ts'

const { client, freshSaver } = await startSaverFixture(t)

async function allKeys (redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = []
  let cursor = '0'
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
    keys.push(...batch)
    cursor = next
  } while (cursor !== '0')
  return keys.sort()
}

async function ttls (redis: Redis, keys: string[]): Promise<number[]> {
  return await Promise.all(keys.map(async (key) => await redis.pttl(key)))
}

t.test('put and putWrites set the TTL of every key of the thread, later writes refresh it', async (t) => {
  const saver = freshSaver(100)
  const { redis } = saver
  const config = await saver.put({ configurable: { thread_id: 'a' } },
    checkpoint({ messages: ['hi'] }, { messages: 1 }), meta(-1, 'input'), { messages: 1 })
  let keys = await saver.threadKeys('a')
  t.ok(keys.length >= 5, `thread keys after put: ${keys.join(', ')}`)
  t.same(keys, (await allKeys(redis, saver.keyPrefix)).filter((key) => key !== `${saver.keyPrefix}threads`),
    'the keys set lists every key of the thread')
  for (const [i, ttl] of (await ttls(redis, keys)).entries()) {
    t.ok(ttl > 95_000 && ttl <= 100_000, `${keys[i]} expires in ~100 s (${ttl} ms)`)
  }
  t.equal(await redis.exists(`${saver.keyPrefix}threads`), 0, 'no registry of every thread ever stored, renewed on every write (issue 11.13)')

  // Let time "pass": shorten every expiry, then a putWrites must reset all of them.
  await Promise.all(keys.map(async (key) => await redis.pexpire(key, 5_000)))
  await saver.putWrites(config, [['messages', ['there']]], 'task-1')
  keys = await saver.threadKeys('a')
  t.ok(keys.some((key) => key.includes(':w:')), 'a writes key was added')
  for (const [i, ttl] of (await ttls(redis, keys)).entries()) {
    t.ok(ttl > 95_000, `${keys[i]} refreshed by putWrites (${ttl} ms)`)
  }

  await Promise.all(keys.map(async (key) => await redis.pexpire(key, 5_000)))
  await saver.put(config, checkpoint({ messages: ['hi', 'there'] }, { messages: 2 }), meta(0), { messages: 2 })
  keys = await saver.threadKeys('a')
  for (const [i, ttl] of (await ttls(redis, keys)).entries()) {
    t.ok(ttl > 95_000, `${keys[i]} refreshed by put (${ttl} ms)`)
  }
})

/** A thread with every kind of key: two namespaces, blobs, pending writes, a transcript. */
async function fullThread (): Promise<RedisCheckpointSaver> {
  const saver = new RedisCheckpointSaver({ redis: client(), ttlSeconds: 100, keyPrefix: `test:${randomUUID()}:`, transcriptChannel: 'record' })
  for (const ns of ['', 'sub:1']) {
    const config = await saver.put({ configurable: { thread_id: 'a', checkpoint_ns: ns } },
      checkpoint({ messages: ['hi'], record: [{ role: 'user', text: 'hi' }] }, { messages: 1, record: 1 }), meta(0), { messages: 1, record: 1 })
    await saver.putWrites(config, [['messages', ['there']], [ERROR, 'boom']], 'task')
  }
  return saver
}

/** Every key of the thread set to expire in 5 s: the time of a conversation about to expire. */
async function nearExpiry (saver: RedisCheckpointSaver): Promise<string[]> {
  const keys = await saver.threadKeys('a')
  await Promise.all(keys.map(async (key) => await saver.redis.pexpire(key, 5_000)))
  return keys
}

t.test('taking a turn\'s lock (lockAndRead) resets every key of the thread to the full TTL', async (t) => {
  const saver = await fullThread()
  const keys = await nearExpiry(saver)
  for (const kind of [':keys', ':ns', ':idx:', ':cp:', ':blobs:', ':w:', ':log']) {
    t.ok(keys.some((key) => key.includes(kind)), `the thread has a ${kind} key`)
  }
  t.ok(await saver.lockAndRead(`test:lock:${randomUUID()}`, 'token', 5_000, 'a'), 'taken')
  for (const [i, ttl] of (await ttls(saver.redis, keys)).entries()) {
    t.ok(ttl > 95_000 && ttl <= 100_000, `${keys[i]} reset to ~100 s (${ttl} ms)`)
  }

  await nearExpiry(saver)
  t.ok(await saver.lockAndRead(`test:lock:${randomUUID()}`, 'token', 5_000, 'b'), 'another thread\'s lock taken')
  t.ok((await ttls(saver.redis, keys)).every((ttl) => ttl <= 5_000), 'leaves this thread\'s expiry as it was')
  const lockKey = `test:lock:${randomUUID()}`
  await saver.redis.set(lockKey, 'other', 'PX', 5_000)
  t.equal(await saver.lockAndRead(lockKey, 'token', 5_000, 'a'), false, 'a lock held by another is not taken')
  t.ok((await ttls(saver.redis, keys)).every((ttl) => ttl <= 5_000), 'and nothing is touched')
})

t.test('extending the lock (extendLock) resets them too, only for the lock\'s owner', async (t) => {
  const saver = await fullThread()
  const lockKey = `test:lock:${randomUUID()}`
  await saver.redis.set(lockKey, 'mine', 'PX', 1_000)
  const keys = await nearExpiry(saver)
  t.equal(await saver.extendLock(lockKey, 'theirs', 5_000, 'a'), false, 'not the owner')
  t.ok((await ttls(saver.redis, keys)).every((ttl) => ttl <= 5_000), 'nothing touched')
  t.ok(await saver.redis.pttl(lockKey) <= 1_000, 'nor the lock')
  t.equal(await saver.extendLock(lockKey, 'mine', 5_000, 'a'), true, 'the owner extends')
  t.ok(await saver.redis.pttl(lockKey) > 1_000, 'the lock')
  for (const [i, ttl] of (await ttls(saver.redis, keys)).entries()) t.ok(ttl > 95_000, `and ${keys[i]} (${ttl} ms)`)
})

t.test('a turn longer than the TTL: the lock\'s extensions keep the conversation alive while it runs', async (t) => {
  const saver = await fullThread()
  /** Resolved by the first extension sent after it was set (Redis runs one client's commands in order). */
  let extended: (() => void) | undefined
  const lock = createConversationLock({
    redis: saver.redis,
    ttlMs: 300, // extended every 100 ms
    waitMs: 0,
    keyPrefix: `test:lock:${randomUUID()}:`,
    acquire: async (lockKey, token, ttlMs, key) => await saver.lockAndRead(lockKey, token, ttlMs, key),
    extend: async (lockKey, token, ttlMs, key) => {
      const sentAfter = extended
      const done = await saver.extendLock(lockKey, token, ttlMs, key)
      sentAfter?.()
      return done
    }
  })
  await lock.run('a', async () => {
    // The turn has run for almost the whole TTL: then the next extension comes.
    const keys = await nearExpiry(saver)
    await new Promise<void>((resolve) => { extended = resolve })
    for (const [i, ttl] of (await ttls(saver.redis, keys)).entries()) t.ok(ttl > 95_000, `${keys[i]} reset by the extension (${ttl} ms)`)
  })
})

t.test('a thread really expires ttlSeconds after its last write', async (t) => {
  const saver = freshSaver(0.3)
  await saver.put({ configurable: { thread_id: 'short' } }, checkpoint({ a: 1 }, { a: 1 }), meta(0), { a: 1 })
  t.ok(await saver.getTuple({ configurable: { thread_id: 'short' } }), 'visible right after the write')
  await new Promise((resolve) => setTimeout(resolve, 600))
  t.equal(await saver.getTuple({ configurable: { thread_id: 'short' } }), undefined, 'gone after the ttl')
  const listed = []
  for await (const tuple of saver.list({})) listed.push(tuple)
  t.same(listed, [], 'list without thread id skips expired threads')
  t.same(await allKeys(saver.redis, saver.keyPrefix), [], 'no key left behind')
})

t.test('deleteThread removes every key of the thread and nothing else', async (t) => {
  const saver = freshSaver()
  const { redis, keyPrefix } = saver
  for (const threadId of ['doomed', 'kept']) {
    for (const ns of ['', 'sub:1']) {
      const config = await saver.put({ configurable: { thread_id: threadId, checkpoint_ns: ns } },
        checkpoint({ x: threadId }, { x: 1 }), meta(0), { x: 1 })
      await saver.putWrites(config, [['x', 'w'], [ERROR, 'boom']], 'task')
    }
  }
  const before = await allKeys(redis, keyPrefix)
  const doomedKeys = await saver.threadKeys('doomed')
  t.ok(doomedKeys.length >= 8, 'the doomed thread has keys in two namespaces')
  await saver.deleteThread('doomed')
  const after = await allKeys(redis, keyPrefix)
  t.same(after, before.filter((key) => !doomedKeys.includes(key)), 'exactly the thread keys were removed')
  t.notOk(after.some((key) => key.includes('{doomed}')), 'no key of the thread is left')
  const listed = new Set<string>()
  for await (const tuple of saver.list({})) listed.add(String(tuple.config.configurable?.thread_id))
  t.same([...listed], ['kept'], 'list without a thread id no longer finds it')
  t.equal(await saver.getTuple({ configurable: { thread_id: 'doomed' } }), undefined)
  t.ok(await saver.getTuple({ configurable: { thread_id: 'kept', checkpoint_ns: 'sub:1' } }))
})

t.test('works with an ioredis client that has its own keyPrefix', async (t) => {
  const saver = freshSaver(100, client({ keyPrefix: 'app:' }))
  const config = await saver.put({ configurable: { thread_id: 'p' } }, checkpoint({ a: 1 }, { a: 1 }), meta(0), { a: 1 })
  await saver.putWrites(config, [['a', 2]], 'task')
  const raw = client()
  const keys = await allKeys(raw, `app:${saver.keyPrefix}`)
  t.ok(keys.length >= 6, 'keys carry the client prefix')
  for (const ttl of await ttls(raw, keys)) t.ok(ttl > 95_000, 'every prefixed key has the TTL')
  t.ok(await saver.getTuple({ configurable: { thread_id: 'p' } }))
  await saver.deleteThread('p')
  t.same(await allKeys(raw, `app:${saver.keyPrefix}`), [], 'deleteThread removes the prefixed keys')
})
