// The conversation lock taken by the saver's script that also reads the thread's newest checkpoint
// (lockAndRead): a turn's run starts from that read instead of a round trip of its own, it is used
// once and only for its thread, and the lock behaves as a plain SET NX PX.
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { AIMessage, HumanMessage, type BaseMessage } from '@langchain/core/messages'
import { END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph'
import { createConversationLock } from '../../../src/services/conversations/lock.ts'
import { PREFETCHED_CHECKPOINT, PrefetchedCheckpoint } from '../../../src/services/conversations/saver-records.ts'
import { checkpoint, meta, startSaverFixture } from './redis-saver-fixture.ts'

const { client, freshSaver } = await startSaverFixture(t)

t.test('lockAndRead takes a free lock (token, lifetime) and leaves a held one to its owner', async (t) => {
  const redis = client()
  const saver = freshSaver(100, redis)
  const lockKey = `test:lock:${randomUUID()}`
  const read = await saver.lockAndRead(lockKey, 'token-1', 5_000, 'thread')
  t.ok(read instanceof PrefetchedCheckpoint, 'taken')
  t.equal(await redis.get(lockKey), 'token-1')
  const ttl = await redis.pttl(lockKey)
  t.ok(ttl > 0 && ttl <= 5_000, `expires (${ttl} ms)`)
  t.equal(read !== false && read.take('thread', ''), undefined, 'a thread without checkpoints reads as none')
  t.equal(await saver.lockAndRead(lockKey, 'token-2', 5_000, 'thread'), false, 'held by another')
  t.equal(await redis.get(lockKey), 'token-1', 'the owner keeps it')
})

t.test('the prefetched read is the newest checkpoint, once, for its own thread and root namespace only', async (t) => {
  const saver = freshSaver()
  const first = await saver.put({ configurable: { thread_id: 'th', checkpoint_ns: '' } }, checkpoint({ n: 1 }, { n: 1 }), meta(1), { n: 1 })
  await saver.putWrites(first, [['x', 'pending']], 'task')
  const read = await saver.lockAndRead(`test:lock:${randomUUID()}`, 'token', 5_000, 'th')
  if (read === false) throw new Error('not taken')
  const config = { configurable: { thread_id: 'th', [PREFETCHED_CHECKPOINT]: read } }
  t.same(await saver.getTuple({ configurable: { thread_id: 'other', [PREFETCHED_CHECKPOINT]: read } }), undefined, 'not for another thread')
  t.same(await saver.getTuple({ ...config, configurable: { ...config.configurable, checkpoint_ns: 'sub' } }), undefined, 'nor another namespace')
  const expected = await saver.getTuple({ configurable: { thread_id: 'th' } })
  t.same(await saver.getTuple(config), expected, 'the same tuple as a read of its own: values and pending writes')

  await saver.put(first, checkpoint({ n: 2 }, { n: 2 }), meta(2), { n: 2 })
  const after = await saver.getTuple(config)
  t.same(after?.checkpoint.channel_values, { n: 2 }, 'taken once: a later read of the run sees its own write')
})

t.test('a graph run under the lock starts from the read that took it: two round trips and the unlock per turn', async (t) => {
  const redis = client()
  const saver = freshSaver(100, redis)
  const lock = createConversationLock({
    redis,
    ttlMs: 5_000,
    waitMs: 100,
    keyPrefix: `test:lock:${randomUUID()}:`,
    acquire: async (lockKey, token, ttlMs, key) => await saver.lockAndRead(lockKey, token, ttlMs, key)
  })
  const graph = new StateGraph(MessagesAnnotation)
    .addNode('echo', async (state) => ({ messages: [new AIMessage(`echo ${String(state.messages.at(-1)?.content)} (${state.messages.length})`)] }))
    .addEdge(START, 'echo')
    .addEdge('echo', END)
    .compile({ checkpointer: saver })

  const sent: string[] = []
  const send = redis.sendCommand.bind(redis)
  redis.sendCommand = ((command: Parameters<typeof send>[0], stream?: Parameters<typeof send>[1]) => {
    sent.push(command.name)
    return send(command, stream)
  }) as typeof redis.sendCommand

  const turn = async (text: string, afterLock = async (): Promise<void> => {}) => await lock.run('conv', async (_signal, prefetched) => {
    // A voice turn transcribes here: the read stays the newest while the lock is held.
    await afterLock()
    return await graph.invoke({ messages: [new HumanMessage(text)] },
      { configurable: { thread_id: 'conv', [PREFETCHED_CHECKPOINT]: prefetched }, durability: 'exit' })
  })
  await turn('halo')
  const second = await turn('apa kabar', async () => {
    await t.rejects(lock.run('conv', async () => 'never'), { code: 'CONVERSATION_BUSY' }, 'busy for another caller')
  })
  const texts = (messages: BaseMessage[]) => messages.map((message) => `${message.getType()}:${String(message.content)}`)
  t.same(texts(second.messages), ['human:halo', 'ai:echo halo (1)', 'human:apa kabar', 'ai:echo apa kabar (3)'],
    'the second turn sees the first')
  sent.length = 0
  const third = await turn('lagi')
  t.equal(third.messages.length, 6, 'and the third both')
  t.same(sent, ['evalsha', 'evalsha', 'evalsha'], 'lock + checkpoint read, checkpoint write, unlock: no read of its own')
})
