// The saver keeping a transcript (transcriptChannel) and only the newest checkpoint (latestOnly):
// entries appended atomically, reads racing writes never miss, the transcript bounded.
import { randomUUID } from 'node:crypto'
import t from 'tap'
import type { RunnableConfig } from '@langchain/core/runnables'
import { RedisCheckpointSaver } from '../../../src/services/conversations/redis-saver.ts'
import { checkpoint, meta, startSaverFixture } from './redis-saver-fixture.ts'

const { client } = await startSaverFixture(t)

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
