// The Redis checkpoint saver as LangGraph uses it: checkpoints and pending writes read back by
// another instance, list, a compiled graph, invalid input, a flushed script cache, old formats.
import t from 'tap'
import { AIMessage, HumanMessage, type BaseMessage } from '@langchain/core/messages'
import { END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph'
import { ERROR, TASKS } from '@langchain/langgraph-checkpoint'
import { RedisCheckpointSaver } from '../../../src/services/conversations/redis-saver.ts'
import { checkpoint, meta, startSaverFixture } from './redis-saver-fixture.ts'

const { client, freshSaver } = await startSaverFixture(t)

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
