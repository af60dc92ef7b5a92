import t from 'tap'
import { AIMessage, HumanMessage } from '@langchain/core/messages'
import type { RunnableConfig } from '@langchain/core/runnables'
import { END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph'
import { emptyCheckpoint, uuid6, type Checkpoint } from '@langchain/langgraph-checkpoint'
import { BoundedMemorySaver } from '../../../src/services/conversations/memory-saver.ts'

function checkpoint (values: Record<string, unknown> = {}, versions: Record<string, number> = {}): Checkpoint {
  return { ...emptyCheckpoint(), id: uuid6(-1), channel_values: values, channel_versions: versions }
}

const meta = { source: 'loop' as const, step: 0, parents: {} }

function clock (start = 1_000_000) {
  let now = start
  return { now: () => now, advance: (ms: number) => { now += ms } }
}

async function put (saver: BoundedMemorySaver, threadId: string) {
  return await saver.put({ configurable: { thread_id: threadId } }, checkpoint({ who: threadId }, { who: 1 }), meta, { who: 1 })
}

async function visible (saver: BoundedMemorySaver, threadId: string): Promise<boolean> {
  return (await saver.getTuple({ configurable: { thread_id: threadId } })) !== undefined
}

async function listedThreads (saver: BoundedMemorySaver): Promise<string[]> {
  const threads = new Set<string>()
  for await (const tuple of saver.list({})) threads.add(String(tuple.config.configurable?.thread_id))
  return [...threads].sort()
}

t.test('rejects invalid options', async (t) => {
  t.throws(() => new BoundedMemorySaver({ maxThreads: 0, ttlSeconds: 1 }), RangeError)
  t.throws(() => new BoundedMemorySaver({ maxThreads: 1.5, ttlSeconds: 1 }), RangeError)
  t.throws(() => new BoundedMemorySaver({ maxThreads: 1, ttlSeconds: 0 }), RangeError)
})

t.test('evicts the least recently used thread beyond maxThreads', async (t) => {
  const saver = new BoundedMemorySaver({ maxThreads: 2, ttlSeconds: 60, sweepIntervalMs: 0 })
  await put(saver, 'a')
  await put(saver, 'b')
  t.ok(await visible(saver, 'a'), 'reading a makes b the least recently used')
  await put(saver, 'c')
  t.equal(saver.size, 2)
  t.ok(await visible(saver, 'a'), 'a kept (recently read)')
  t.notOk(await visible(saver, 'b'), 'b evicted as a whole')
  t.ok(await visible(saver, 'c'), 'c added')
  t.same(await listedThreads(saver), ['a', 'c'])

  await put(saver, 'c') // a write is a use as well
  await put(saver, 'a')
  await put(saver, 'd')
  t.same(await listedThreads(saver), ['a', 'd'], 'c was the least recently used one')
})

t.test('a thread whose turn is in progress is never evicted: its read and its write see one conversation', async (t) => {
  const saver = new BoundedMemorySaver({ maxThreads: 2, ttlSeconds: 60, sweepIntervalMs: 0 })
  const first = await put(saver, 'a')
  const release = saver.hold('a') // the turn of a takes its lock...
  const read = await saver.getTuple({ configurable: { thread_id: 'a' } }) // ...and reads it
  for (const other of ['b', 'c', 'd']) await put(saver, other) // more new conversations than maxThreads
  t.ok(await visible(saver, 'a'), 'a kept while held')
  t.same(await listedThreads(saver), ['a', 'd'], 'the least recently used threads not held went instead')
  const written = await saver.put(first, checkpoint({ who: 'a2' }, { who: 2 }), meta, { who: 2 }) // the turn writes
  const history = []
  for await (const tuple of saver.list({ configurable: { thread_id: 'a' } })) history.push(tuple.checkpoint.id)
  t.equal(read?.checkpoint.id, first.configurable?.checkpoint_id)
  t.same(history, [written.configurable?.checkpoint_id, read?.checkpoint.id], 'the checkpoint the turn read is still under the one it wrote')
  release()
  await put(saver, 'e')
  await put(saver, 'f')
  t.same(await listedThreads(saver), ['e', 'f'], 'once released, a is evicted in its turn like any other')
})

t.test('when every thread is held, a new one exceeds maxThreads rather than evicting a turn\'s; the next new one evicts back', async (t) => {
  const saver = new BoundedMemorySaver({ maxThreads: 2, ttlSeconds: 60, sweepIntervalMs: 0 })
  const releases = ['a', 'b', 'c'].map((id) => saver.hold(id))
  for (const id of ['a', 'b', 'c']) await put(saver, id)
  t.equal(saver.size, 3, 'one over maxThreads: bounded by the turns in flight')
  t.same(await listedThreads(saver), ['a', 'b', 'c'])
  for (const release of releases) release()
  await put(saver, 'd')
  t.equal(saver.size, 2, 'back to maxThreads once the turns ended')
  t.same(await listedThreads(saver), ['c', 'd'])
})

t.test('writes to an existing thread never evict another thread', async (t) => {
  const saver = new BoundedMemorySaver({ maxThreads: 2, ttlSeconds: 60, sweepIntervalMs: 0 })
  const a = await put(saver, 'a')
  await put(saver, 'b')
  await saver.putWrites(a, [['who', 'more']], 'task')
  await saver.put(a, checkpoint({ who: 'a2' }, { who: 2 }), meta, { who: 2 })
  t.same(await listedThreads(saver), ['a', 'b'])
})

t.test('threads expire ttlSeconds after their last write', async (t) => {
  const time = clock()
  const saver = new BoundedMemorySaver({ maxThreads: 10, ttlSeconds: 60, now: time.now, sweepIntervalMs: 0 })
  const config = await put(saver, 'a')
  await put(saver, 'b')
  time.advance(59_000)
  t.ok(await visible(saver, 'a'), 'still visible just before the ttl')
  await saver.putWrites(config, [['who', 'again']], 'task')
  time.advance(30_000)
  t.ok(await visible(saver, 'a'), 'the write refreshed the expiry of a')
  t.notOk(await visible(saver, 'b'), 'b expired (reads do not refresh)')
  t.same(await listedThreads(saver), ['a'], 'list skips expired threads')
  time.advance(30_000)
  t.notOk(await visible(saver, 'a'), 'a expired 60 s after its last write')
  const history = []
  for await (const tuple of saver.list({ configurable: { thread_id: 'a' } })) history.push(tuple)
  t.same(history, [], 'expired thread has no history')
  t.equal(saver.size, 0)
})

t.test('a held thread (a turn in progress) restarts its lifetime when taken and released, and never expires while held', async (t) => {
  const time = clock()
  const saver = new BoundedMemorySaver({ maxThreads: 10, ttlSeconds: 60, now: time.now, sweepIntervalMs: 0 })
  await put(saver, 'a')
  time.advance(59_000)
  const release = saver.hold('a')
  time.advance(59_000)
  t.ok(await visible(saver, 'a'), 'its lifetime restarted when the turn began (no write)')
  time.advance(60_000)
  t.equal(saver.purgeExpired(), 0, 'a turn longer than the ttl: not purged while held')
  t.ok(await visible(saver, 'a'), 'nor hidden')
  const second = saver.hold('a')
  release()
  release() // twice: a no-op
  time.advance(61_000)
  t.ok(await visible(saver, 'a'), 'still held by the second turn')
  second()
  time.advance(59_000)
  t.ok(await visible(saver, 'a'), 'its lifetime restarted when the last turn ended')
  time.advance(1_000)
  t.notOk(await visible(saver, 'a'), 'and runs out ttlSeconds after it')

  await put(saver, 'b')
  time.advance(60_000)
  const late = saver.hold('b')
  t.notOk(await visible(saver, 'b'), 'a thread expired before its turn stays expired')
  late()
  t.notOk(await visible(saver, 'b'))
})

t.test('expired threads free their slots before anything live is evicted', async (t) => {
  const time = clock()
  const saver = new BoundedMemorySaver({ maxThreads: 2, ttlSeconds: 10, now: time.now, sweepIntervalMs: 0 })
  await put(saver, 'old')
  time.advance(5_000)
  await put(saver, 'live')
  time.advance(6_000) // old expired, live has 4 s left
  await put(saver, 'new')
  t.same(await listedThreads(saver), ['live', 'new'])
})

t.test('the unref\'d sweep timer purges expired threads in the background', async (t) => {
  const time = clock()
  const saver = new BoundedMemorySaver({ maxThreads: 10, ttlSeconds: 1, now: time.now, sweepIntervalMs: 10 })
  t.teardown(() => saver.close())
  await put(saver, 'a')
  await put(saver, 'b')
  time.advance(1_000)
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.equal(saver.purgeExpired(), 0, 'nothing left to purge: the timer already did it')
  t.equal(saver.size, 0)
})

t.test('deleteThread', async (t) => {
  const saver = new BoundedMemorySaver({ maxThreads: 10, ttlSeconds: 60, sweepIntervalMs: 0 })
  await put(saver, 'a')
  await put(saver, 'b')
  await saver.deleteThread('a')
  t.same(await listedThreads(saver), ['b'])
})

t.test('stored values are isolated from later mutation of the inputs', async (t) => {
  const saver = new BoundedMemorySaver({ maxThreads: 10, ttlSeconds: 60, sweepIntervalMs: 0 })
  const values = { list: ['x'] }
  const config = await saver.put({ configurable: { thread_id: 'm' } }, checkpoint(values, { list: 1 }), meta, { list: 1 })
  values.list.push('mutated')
  const tuple = await saver.getTuple(config)
  t.same(tuple?.checkpoint.channel_values, { list: ['x'] })
})

t.test('works as the checkpointer of a compiled StateGraph', async (t) => {
  const saver = new BoundedMemorySaver({ maxThreads: 10, ttlSeconds: 60, sweepIntervalMs: 0 })
  const graph = new StateGraph(MessagesAnnotation)
    .addNode('echo', async (state: typeof MessagesAnnotation.State) =>
      ({ messages: [new AIMessage(`echo ${String(state.messages.at(-1)?.content)}`)] }))
    .addEdge(START, 'echo')
    .addEdge('echo', END)
    .compile({ checkpointer: saver })
  const config = { configurable: { thread_id: 'g' } }
  await graph.invoke({ messages: [new HumanMessage('satu')] }, config)
  const result = await graph.invoke({ messages: [new HumanMessage('dua')] }, config)
  t.same(result.messages.map((message) => String(message.content)), ['satu', 'echo satu', 'dua', 'echo dua'])
})

t.test('the transcript is appended with the checkpoint, bounded per conversation; latestOnly keeps one checkpoint', async (t) => {
  const saver = new BoundedMemorySaver({ maxThreads: 5, ttlSeconds: 60, sweepIntervalMs: 0, transcriptChannel: 'record', latestOnly: true, maxTranscriptEntries: 6 })
  t.teardown(() => { saver.close() })
  let config: RunnableConfig = { configurable: { thread_id: 'log' } }
  for (let turn = 1; turn <= 5; turn++) {
    config = await saver.put(config, checkpoint({ record: [`q${turn}`, `a${turn}`] }, { record: turn }), { ...meta, step: turn }, { record: turn })
  }
  t.same(await saver.transcript('log'), ['q3', 'a3', 'q4', 'a4', 'q5', 'a5'], 'the newest entries, at most maxTranscriptEntries')
  const listed = []
  for await (const tuple of saver.list({ configurable: { thread_id: 'log' } })) listed.push(tuple)
  t.equal(listed.length, 1)
  t.same(listed[0]?.checkpoint.channel_values, { record: ['q5', 'a5'] })
  await saver.deleteThread('log')
  t.same(await saver.transcript('log'), [], 'forgotten with the thread')
})
