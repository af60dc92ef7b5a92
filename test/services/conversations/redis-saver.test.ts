import { randomUUID } from 'node:crypto'
import t from 'tap'
import { Redis } from 'ioredis'
import { AIMessage, HumanMessage, type BaseMessage } from '@langchain/core/messages'
import type { RunnableConfig } from '@langchain/core/runnables'
import { END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph'
import { ERROR, TASKS, emptyCheckpoint, uuid6, type Checkpoint } from '@langchain/langgraph-checkpoint'
import { RedisCheckpointSaver } from '../../../src/services/conversations/redis-saver.ts'
import { startRedis } from '../../support/helpers/redis-server.ts'

const server = await startRedis()
const clients: Redis[] = []

function client (options: { keyPrefix?: string } = {}): Redis {
  const redis = new Redis(server.port, '127.0.0.1', options)
  clients.push(redis)
  return redis
}

t.teardown(async () => {
  await Promise.all(clients.map(async (redis) => await redis.quit()))
  await server.destroy()
})

function freshSaver (ttlSeconds = 100, redis = client()): RedisCheckpointSaver {
  return new RedisCheckpointSaver({ redis, ttlSeconds, keyPrefix: `test:${randomUUID()}:` })
}

function checkpoint (values: Record<string, unknown> = {}, versions: Record<string, number> = {}): Checkpoint {
  return { ...emptyCheckpoint(), id: uuid6(-1), channel_values: values, channel_versions: versions }
}

const meta = (step: number, source: 'input' | 'loop' = 'loop') => ({ source, step, parents: {} })

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

t.test('data survives a new saver instance on the same Redis', async (t) => {
  const first = freshSaver()
  const parent = await first.put({ configurable: { thread_id: 'persist' } },
    checkpoint({ messages: ['a'] }, { messages: 1 }), meta(-1, 'input'), { messages: 1 })
  const cp = checkpoint({ messages: ['a', 'b'], counter: 2 }, { messages: 2, counter: 1 })
  const child = await first.put(parent, cp, meta(0), { messages: 2, counter: 1 })
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i)
  await first.putWrites(child, [['blob', bytes], ['messages', ['c']]], 'task-x', '~__pregel_pull, agent')

  const second = new RedisCheckpointSaver({ redis: client(), ttlSeconds: 100, keyPrefix: first.keyPrefix })
  const tuple = await second.getTuple({ configurable: { thread_id: 'persist' } })
  t.same(tuple?.checkpoint, cp, 'latest checkpoint rebuilt with its channel values')
  t.same(tuple?.metadata, meta(0))
  t.same(tuple?.parentConfig, parent, 'parent config')
  t.same(tuple?.pendingWrites?.map(([task, channel]) => [task, channel]), [['task-x', 'blob'], ['task-x', 'messages']])
  const restored = tuple?.pendingWrites?.[0][2]
  t.ok(restored instanceof Uint8Array, 'binary write comes back as bytes')
  t.same([...(restored as Uint8Array)], [...bytes], 'every byte value round-trips')
  const history = []
  for await (const item of second.list({ configurable: { thread_id: 'persist' } })) history.push(item.checkpoint.id)
  t.same(history, [child.configurable?.checkpoint_id, parent.configurable?.checkpoint_id], 'newest first')
})

t.test('putWrites: regular writes keep the first value, special channels overwrite', async (t) => {
  const saver = freshSaver()
  const config = await saver.put({ configurable: { thread_id: 'w' } }, checkpoint(), meta(0), {})
  await saver.putWrites(config, [['a', 1], [ERROR, 'first error']], 'task')
  await saver.putWrites(config, [['a', 2], [ERROR, 'second error']], 'task')
  await saver.putWrites(config, [['a', 3]], 'other-task')
  const tuple = await saver.getTuple(config)
  t.same(tuple?.pendingWrites, [['other-task', 'a', 3], ['task', ERROR, 'second error'], ['task', 'a', 1]])
})

t.test('list: namespaces, before, limit and filter', async (t) => {
  const saver = freshSaver()
  let config = await saver.put({ configurable: { thread_id: 'l' } }, checkpoint(), meta(-1, 'input'), {})
  const ids = [config.configurable?.checkpoint_id]
  for (let step = 0; step < 4; step++) {
    config = await saver.put(config, checkpoint(), meta(step), {})
    ids.push(config.configurable?.checkpoint_id)
  }
  await saver.put({ configurable: { thread_id: 'l', checkpoint_ns: 'child' } }, checkpoint(), meta(0), {})
  const collect = async (cfg: object, options = {}) => {
    const out = []
    for await (const tuple of saver.list(cfg, options)) out.push(tuple.checkpoint.id)
    return out
  }
  const newestFirst = [...ids].reverse()
  t.same(await collect({ configurable: { thread_id: 'l', checkpoint_ns: '' } }), newestFirst)
  t.equal((await collect({ configurable: { thread_id: 'l' } })).length, 6, 'all namespaces')
  t.same(await collect({ configurable: { thread_id: 'l', checkpoint_ns: '' } }, { limit: 2 }), newestFirst.slice(0, 2))
  t.same(await collect({ configurable: { thread_id: 'l', checkpoint_ns: '' } },
    { before: { configurable: { checkpoint_id: ids[3] } } }), newestFirst.slice(2))
  t.same(await collect({ configurable: { thread_id: 'l', checkpoint_ns: '' } }, { filter: { source: 'input' } }), [ids[0]])
  t.same(await collect({ configurable: { thread_id: 'l', checkpoint_ns: '' } }, { filter: { step: 2 }, limit: 5 }), [ids[3]])
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

t.test('a compiled LangGraph StateGraph keeps a conversation in Redis', async (t) => {
  const echo = async (state: typeof MessagesAnnotation.State) => {
    const last = state.messages.at(-1)
    return { messages: [new AIMessage(`echo ${String(last?.content)} (${state.messages.length})`)] }
  }
  const build = (checkpointer: RedisCheckpointSaver) => new StateGraph(MessagesAnnotation)
    .addNode('echo', echo)
    .addEdge(START, 'echo')
    .addEdge('echo', END)
    .compile({ checkpointer })

  const saver = freshSaver()
  const graph = build(saver)
  const config = { configurable: { thread_id: 'graph-thread' } }
  await graph.invoke({ messages: [new HumanMessage('halo')] }, config)
  const second = await graph.invoke({ messages: [new HumanMessage('apa kabar')] }, config)
  const texts = (messages: BaseMessage[]) => messages.map((message) => `${message.getType()}:${String(message.content)}`)
  t.same(texts(second.messages), ['human:halo', 'ai:echo halo (1)', 'human:apa kabar', 'ai:echo apa kabar (3)'],
    'the second invocation sees the first one')

  const otherInstance = build(new RedisCheckpointSaver({ redis: client(), ttlSeconds: 100, keyPrefix: saver.keyPrefix }))
  const state = await otherInstance.getState(config)
  t.same(texts(state.values.messages as BaseMessage[]), texts(second.messages), 'another saver instance reads the thread')
  const third = await otherInstance.invoke({ messages: [new HumanMessage('lagi')] }, config)
  t.equal(third.messages.length, 6, 'and continues it')
  t.ok(third.messages[0] instanceof HumanMessage, 'messages are revived as message classes')
})

t.test('input validation and edge cases', async (t) => {
  t.throws(() => new RedisCheckpointSaver({ redis: client(), ttlSeconds: 0 }), RangeError)
  t.equal(new RedisCheckpointSaver({ redis: client(), ttlSeconds: 1 }).keyPrefix, 'itb:cp:', 'default prefix')
  const saver = freshSaver()
  await t.rejects(saver.put({}, checkpoint(), meta(0), {}), /thread_id/)
  await t.rejects(saver.put({ configurable: { thread_id: { nested: true } } }, checkpoint(), meta(0), {}), TypeError)
  await t.rejects(saver.put({ configurable: { thread_id: '' } }, checkpoint(), meta(0), {}), TypeError)
  await t.rejects(saver.putWrites({ configurable: { checkpoint_id: 'x' } }, [['a', 1]], 'task'), /thread_id/)
  await t.rejects(saver.putWrites({ configurable: { thread_id: 'v' } }, [['a', 1]], 'task'), /checkpoint_id/)
  t.equal(await saver.getTuple({ configurable: {} }), undefined, 'no thread id: nothing')
  t.equal(await saver.getTuple({ configurable: { thread_id: 'nope' } }), undefined, 'unknown thread')

  const numeric = await saver.put({ configurable: { thread_id: 42 } }, checkpoint(), meta(0), {})
  t.equal(numeric.configurable?.thread_id, '42', 'numeric thread ids are stringified')
  await saver.putWrites(numeric, [], 'task')
  t.same((await saver.getTuple(numeric))?.pendingWrites, [], 'an empty write batch stores nothing')

  const listed = []
  for await (const tuple of saver.list(numeric, { before: numeric })) listed.push(tuple)
  t.same(listed, [], 'checkpoint_id in config combined with before itself: nothing')
  for await (const tuple of saver.list(numeric)) listed.push(tuple.checkpoint.id)
  t.same(listed, [numeric.configurable?.checkpoint_id], 'checkpoint_id in config selects that checkpoint')
  const none = []
  for await (const tuple of saver.list(numeric, { limit: 0 })) none.push(tuple)
  t.same(none, [], 'limit 0')
})

t.test('scripts are reloaded after SCRIPT FLUSH', async (t) => {
  const saver = freshSaver()
  const config = await saver.put({ configurable: { thread_id: 'flush' } }, checkpoint(), meta(0), {})
  await saver.redis.script('FLUSH')
  await saver.putWrites(config, [['a', 1]], 'task')
  t.same((await saver.getTuple(config))?.pendingWrites, [['task', 'a', 1]])
})

t.test('checkpoints older than format v4 get their pending sends migrated', async (t) => {
  const saver = freshSaver()
  const old = { ...checkpoint(), v: 1 }
  const first = await saver.put({ configurable: { thread_id: 'legacy' } }, old, meta(0), {})
  await saver.putWrites(first, [[TASKS, 'send-1'], [TASKS, 'send-2']], 'task-1')
  await saver.putWrites(first, [[TASKS, 'send-3'], ['other', 'x']], 'task-2')
  const second = await saver.put(first, { ...checkpoint(), v: 1 }, meta(1), {})
  const tuple = await saver.getTuple(second)
  t.same(tuple?.checkpoint.channel_values, { [TASKS]: ['send-1', 'send-2', 'send-3'] })
  t.ok(tuple?.checkpoint.channel_versions[TASKS] !== undefined)
})

t.test('transcript and latestOnly: entries appended in the checkpoint\'s write, one checkpoint kept, reads never miss', async (t) => {
  const saver = new RedisCheckpointSaver({ redis: client(), ttlSeconds: 100, keyPrefix: `test:${randomUUID()}:`, transcriptChannel: 'record', latestOnly: true })
  let config: RunnableConfig = { configurable: { thread_id: 'log' } }
  for (let turn = 1; turn <= 5; turn++) {
    const cp = checkpoint({ record: [`q${turn}`, `a${turn}`], messages: [`m${turn}`] }, { record: turn, messages: turn })
    config = await saver.put(config, cp, meta(turn), { record: turn, messages: turn })
    await saver.putWrites(config, [['x', turn]], 'task')
  }
  t.same(await saver.transcript('log'), ['q1', 'a1', 'q2', 'a2', 'q3', 'a3', 'q4', 'a4', 'q5', 'a5'])
  const tuples = []
  for await (const tuple of saver.list({ configurable: { thread_id: 'log' } })) tuples.push(tuple)
  t.equal(tuples.length, 1, 'only the newest checkpoint is kept')
  t.same(tuples[0]?.checkpoint.channel_values, { record: ['q5', 'a5'], messages: ['m5'] })
  const keys = await saver.threadKeys('log')
  t.equal(keys.filter((key) => key.includes(':w:')).length, 1, 'older checkpoints\' writes are gone')
  t.equal(await saver.redis.hlen(keys.find((key) => key.includes(':blobs:')) as string), 2, 'only the blobs the newest checkpoint names')

  // Readers racing writers: with latestOnly a checkpoint is deleted by the next put, so a read must
  // take the checkpoint, its blobs and its writes in one step.
  let misses = 0
  const writer = (async () => {
    for (let turn = 6; turn <= 80; turn++) {
      const cp = checkpoint({ record: [`q${turn}`, `a${turn}`], messages: [`m${turn}`] }, { record: turn, messages: turn })
      config = await saver.put(config, cp, meta(turn), { record: turn, messages: turn })
    }
  })()
  const state = { done: false }
  writer.then(() => { state.done = true }, () => { state.done = true })
  while (!state.done) {
    const tuples = await Promise.all(Array.from({ length: 5 }, async () => await saver.getTuple({ configurable: { thread_id: 'log' } })))
    for (const tuple of tuples) {
      const values = tuple?.checkpoint.channel_values as { record?: unknown, messages?: unknown } | undefined
      if (values?.record === undefined || values.messages === undefined) misses++
    }
  }
  await writer
  t.equal(misses, 0, 'every read found a whole checkpoint')
  t.equal((await saver.transcript('log')).length, 160)
})

t.test('the transcript is bounded per conversation as in the in-process store: the newest entries are kept', async (t) => {
  const saver = new RedisCheckpointSaver({ redis: client(), ttlSeconds: 100, keyPrefix: `test:${randomUUID()}:`, transcriptChannel: 'record', latestOnly: true, maxTranscriptEntries: 6 })
  let config: RunnableConfig = { configurable: { thread_id: 'log' } }
  for (let turn = 1; turn <= 5; turn++) {
    config = await saver.put(config, checkpoint({ record: [`q${turn}`, `a${turn}`] }, { record: turn }), meta(turn), { record: turn })
  }
  t.same(await saver.transcript('log'), ['q3', 'a3', 'q4', 'a4', 'q5', 'a5'], 'the newest entries, at most maxTranscriptEntries')
  t.throws(() => new RedisCheckpointSaver({ redis: client(), ttlSeconds: 100, maxTranscriptEntries: 0 }), RangeError)
})
