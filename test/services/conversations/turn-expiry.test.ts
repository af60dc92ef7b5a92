// A conversation never half-expires during a turn: taking the turn's lock restarts the conversation's
// lifetime (CONVERSATION_TTL), in Redis (the lock's script) and in process (the saver's `hold`), so a
// conversation that was about to expire when the turn began is still whole when the turn writes, its
// transcript and its checkpoint together. A message is activity even when its turn fails; and a
// conversation that expired before the lock is a new one. Each scenario runs on both stores, with
// the real assistant, graph (extractive) and lock; the turn is held at a gate until the moment the
// conversation would have expired has passed (Redis: a key set to expire with the thread's keys is
// gone; in process: the saver's clock is moved). Last, in process only: new conversations arriving
// during a turn evict others (MAX_CONVERSATIONS, least recently used first), never the turn's own.
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import type { BaseMessage } from '@langchain/core/messages'
import { createConversationLock, type ConversationLock } from '../../../src/services/conversations/lock.ts'
import { BoundedMemorySaver } from '../../../src/services/conversations/memory-saver.ts'
import { RedisCheckpointSaver } from '../../../src/services/conversations/redis-saver.ts'
import type { PrefetchedCheckpoint } from '../../../src/services/conversations/saver-records.ts'
import { createAssistant, threadIdOf } from '../../../src/services/rag/assistant.ts'
import { createExtractiveAnswerer } from '../../../src/services/rag/extractive.ts'
import { createRagGraph } from '../../../src/services/rag/graph.ts'
import { RECORD_CHANNEL } from '../../../src/services/rag/state.ts'
import type { KnowledgeBase, RetrievedPassage } from '../../../src/services/retrieval/index.ts'
import { startRedis } from '../../support/helpers/redis-server.ts'

const server = await startRedis()
t.teardown(server.destroy)

const TTL_SECONDS = 60
/** What is left of the conversation's lifetime when the turn begins. */
const LEFT_MS = 300
const FIRST = 'Apa itu Seleksi Mandiri ITB?'
const FOLLOW_UP = 'Kapan jadwalnya?'
const threadId = threadIdOf('k', 'c')

interface Store {
  saver: BoundedMemorySaver | RedisCheckpointSaver
  lock: ConversationLock<PrefetchedCheckpoint>
  /** Leaves the conversation LEFT_MS of its lifetime, as if its last turn was TTL - LEFT_MS ago. */
  nearExpiry: () => Promise<void>
  /** Returns once those LEFT_MS have passed. */
  pastIt: () => Promise<void>
}

function redisStore (t: Test): Store {
  const redis = new Redis(server.port, '127.0.0.1')
  t.teardown(async () => { await redis.quit() })
  const saver = new RedisCheckpointSaver({ redis, ttlSeconds: TTL_SECONDS, keyPrefix: `test:${randomUUID()}:`, transcriptChannel: RECORD_CHANNEL, latestOnly: true })
  const lock = createConversationLock({
    redis,
    ttlMs: 5_000,
    waitMs: 1_000,
    keyPrefix: `test:lock:${randomUUID()}:`,
    acquire: async (lockKey, token, ttlMs, key) => await saver.lockAndRead(lockKey, token, ttlMs, key),
    extend: async (lockKey, token, ttlMs, key) => await saver.extendLock(lockKey, token, ttlMs, key)
  })
  const sentinel = `test:${randomUUID()}:expiry`
  return {
    saver,
    lock,
    async nearExpiry () {
      const keys = await saver.threadKeys(threadId)
      if (keys.length === 0) throw new Error('no conversation to shorten')
      // The sentinel last: it is gone only once every key of the thread would be.
      const shorten = redis.multi()
      for (const key of keys) shorten.pexpire(key, LEFT_MS)
      await shorten.set(sentinel, '1', 'PX', LEFT_MS).exec()
    },
    async pastIt () {
      // Redis expires a key when it is read past its time: EXISTS sees it go at that moment.
      while (await redis.exists(sentinel) === 1) await sleep(10)
    }
  }
}

function memoryStore (): Store {
  let now = 1_000_000
  const saver = new BoundedMemorySaver({ maxThreads: 10, ttlSeconds: TTL_SECONDS, now: () => now, sweepIntervalMs: 0, transcriptChannel: RECORD_CHANNEL, latestOnly: true })
  const lock = createConversationLock<PrefetchedCheckpoint>({ ttlMs: 5_000, waitMs: 1_000, hold: (key) => saver.hold(key) })
  return {
    saver,
    lock,
    async nearExpiry () { now += TTL_SECONDS * 1000 - LEFT_MS },
    async pastIt () { now += LEFT_MS }
  }
}

function setup (store: Store) {
  const { saver, lock } = store
  const queries: string[] = []
  /** Runs in the turn's search: after the run read the conversation, before it writes. */
  let searching = async (): Promise<void> => {}
  const knowledgeBase = {
    store: 'local',
    async retrieve (query: string) {
      queries.push(query)
      await searching()
      const passage = { id: 'p', text: `Jadwal ${query} diumumkan di laman ITB.`, title: 'Dokumen', url: 'https://www.itb.ac.id/', path: 'knowledge/x.md', section: 'Isi', score: 0.9 }
      return { passages: [passage as RetrievedPassage], found: true, cached: false }
    }
  } as unknown as KnowledgeBase
  const graph = createRagGraph({ knowledgeBase, checkpointer: saver, providers: [], extractive: createExtractiveAnswerer(), retrievalK: 3, historyMessages: 6, llmTimeoutMs: 30_000 })
  const assistant = createAssistant({ graph, checkpointer: saver, lock, mode: 'extractive' })
  const messages = async () => {
    const values = (await graph.getState({ configurable: { thread_id: threadId } })).values as { messages?: BaseMessage[] }
    return (values.messages ?? []).length
  }
  const questions = async () => (await saver.transcript(threadId) as Array<{ role: string, text: string }>)
    .filter((turn) => turn.role === 'user').map((turn) => turn.text)
  const ask = async (message: string) => await assistant.ask({ keyId: 'k', conversationId: 'c', message })
  return { assistant, queries, messages, questions, ask, whileSearching: (fn: () => Promise<void>) => { searching = fn } }
}

const stores: Array<[string, (t: Test) => Store]> = [['redis', redisStore], ['in-process', memoryStore]]

for (const [name, create] of stores) {
  t.test(`${name}: a turn begun just before expiry, the expiry passing during its answer, stores the whole conversation`, async (t) => {
    const store = create(t)
    const { ask, queries, messages, questions, whileSearching } = setup(store)
    await ask(FIRST)
    await store.nearExpiry()
    whileSearching(store.pastIt)
    await ask(FOLLOW_UP)
    t.equal(queries.at(-1), `${FIRST} ${FOLLOW_UP}`, 'a follow-up of the stored question')
    t.same(await questions(), [FIRST, FOLLOW_UP], 'the transcript keeps the earlier turn')
    t.equal(await messages(), 4, 'and so does the checkpoint: record and checkpoint together')
  })

  t.test(`${name}: the expiry passing during a voice turn's speech-to-text (before the run reads): the same`, async (t) => {
    const store = create(t)
    const { assistant, ask, queries, messages, questions } = setup(store)
    await ask(FIRST)
    await store.nearExpiry()
    await assistant.withTurn({ keyId: 'k', conversationId: 'c' }, async (answer) => {
      await store.pastIt()
      return await answer({ message: FOLLOW_UP, channel: 'voice' })
    })
    t.equal(queries.at(-1), `${FIRST} ${FOLLOW_UP}`)
    t.same(await questions(), [FIRST, FOLLOW_UP])
    t.equal(await messages(), 4)
  })

  t.test(`${name}: a turn that fails is a message too: the conversation's lifetime restarts with it`, async (t) => {
    const store = create(t)
    const { assistant, ask, messages, questions } = setup(store)
    await ask(FIRST)
    await store.nearExpiry()
    // A voice turn whose speech-to-text failed: the lock was taken, nothing was written.
    await t.rejects(assistant.withTurn({ keyId: 'k', conversationId: 'c' }, async () => { throw new Error('speech-to-text failed') }),
      { message: 'speech-to-text failed' })
    await store.pastIt()
    t.same(await questions(), [FIRST], 'still there after its old expiry')
    t.equal(await messages(), 2)
  })

  t.test(`${name}: a turn whose answer fails (the search) restarts it as well`, async (t) => {
    const store = create(t)
    const { ask, questions, whileSearching } = setup(store)
    await ask(FIRST)
    await store.nearExpiry()
    whileSearching(async () => { throw new Error('search failed') })
    await t.rejects(ask(FOLLOW_UP))
    await store.pastIt()
    t.same(await questions(), [FIRST])
  })

  t.test(`${name}: a conversation that expired before the lock: the turn starts a new one`, async (t) => {
    const store = create(t)
    const { ask, queries, messages, questions } = setup(store)
    await ask(FIRST)
    await store.nearExpiry()
    await store.pastIt()
    await ask(FOLLOW_UP)
    t.equal(queries.at(-1), FOLLOW_UP, 'searched alone: the expired question is not its subject')
    t.same(await questions(), [FOLLOW_UP])
    t.equal(await messages(), 2)
  })
}

t.test('in-process: more new conversations than the store keeps, during a turn, evict others, never the turn\'s own', async (t) => {
  const store = memoryStore()
  const { assistant, ask, queries, messages, questions, whileSearching } = setup(store)
  await ask(FIRST)
  const { promise: searched, resolve: search } = Promise.withResolvers<void>()
  const { promise: gate, resolve: open } = Promise.withResolvers<void>()
  whileSearching(async () => {
    whileSearching(async () => {}) // the other conversations' turns do not wait
    search()
    await gate
  })
  const turn = ask(FOLLOW_UP)
  await searched // the turn has read its conversation; the others are asked from outside its run
  const { maxThreads } = store.saver as BoundedMemorySaver
  for (let i = 0; i < maxThreads; i++) await assistant.ask({ keyId: 'k', conversationId: `other-${i}`, message: 'Biaya kuliah?' })
  t.equal((store.saver as BoundedMemorySaver).size, maxThreads, 'the store is full: the older ones were evicted')
  open()
  await turn
  t.equal(queries[1], `${FIRST} ${FOLLOW_UP}`, 'the follow-up read the stored question')
  t.same(await questions(), [FIRST, FOLLOW_UP], 'the transcript keeps the earlier turn')
  t.equal(await messages(), 4, 'and so does the checkpoint: record and checkpoint together')
})
