import { Redis } from 'ioredis'
import t, { type Test } from 'tap'
import { ConversationForbiddenError, createConversationOwnership, type ConversationOwnership } from '../../../src/services/conversations/ownership.ts'
import { startRedis } from '../../helpers/redis-server.ts'

async function behavesAsOwnership (t: Test, ownership: ConversationOwnership): Promise<void> {
  t.equal(await ownership.check('c1', 'key-a'), 'unknown')
  await ownership.claim('c1', 'key-a')
  await ownership.claim('c1', 'key-a')
  t.equal(await ownership.check('c1', 'key-a'), 'owner')
  await t.rejects(ownership.claim('c1', 'key-b'), ConversationForbiddenError)
  await t.rejects(ownership.check('c1', 'key-b'), { code: 'CONVERSATION_FORBIDDEN', kind: 'forbidden' })
  await ownership.release('c1', 'key-b')
  t.equal(await ownership.check('c1', 'key-a'), 'owner', 'another key cannot release it')
  await ownership.release('c1', 'key-a')
  t.equal(await ownership.check('c1', 'key-b'), 'unknown')
  await ownership.claim('c1', 'key-b')
  t.equal(await ownership.check('c1', 'key-b'), 'owner', 'released ids can be claimed again')
}

t.test('in memory: owner rules, expiry and the size bound', async (t) => {
  let now = 0
  const ownership = createConversationOwnership({ ttlSeconds: 10, maxEntries: 2, now: () => now })
  await behavesAsOwnership(t, ownership)
  now += 11_000
  t.equal(await ownership.check('c1', 'key-a'), 'unknown', 'expired with the conversation')
  await ownership.claim('x', 'k')
  await ownership.claim('y', 'k')
  await ownership.claim('z', 'k')
  t.equal(await ownership.check('x', 'other'), 'unknown', 'the stalest entry is dropped beyond maxEntries')
})

t.test('in Redis: owner rules, shared by instances, with a TTL refreshed on each claim', async (t) => {
  const server = await startRedis()
  t.teardown(server.destroy)
  const redis = new Redis(server.url)
  t.teardown(() => redis.disconnect())
  await behavesAsOwnership(t, createConversationOwnership({ redis, ttlSeconds: 100 }))
  const other = createConversationOwnership({ redis, ttlSeconds: 100 })
  await t.rejects(other.claim('c1', 'key-a'), ConversationForbiddenError, 'another instance agrees on the owner')
  await redis.expire('itb:owner:c1', 5)
  await other.claim('c1', 'key-b')
  t.ok(await redis.ttl('itb:owner:c1') > 90, 'the claim refreshed the expiry')
})
