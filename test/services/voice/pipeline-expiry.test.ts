// A conversation that expires (CONVERSATION_TTL) while a voice turn holds its lock: the lock's script
// read the checkpoint, then speech-to-text takes its time and the thread's keys expire. The turn must
// go on as a new conversation would (the text path reads with the lock and runs at once): not answer
// from the expired memory, nor store a checkpoint that remembers turns its transcript no longer has.
// Expiry is made exact: the keys are deleted and the saver's clock moved past their lifetime, in the
// transcription step.
import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import type { BaseMessage } from '@langchain/core/messages'
import { createConversationLock } from '../../../src/services/conversations/lock.ts'
import { RedisCheckpointSaver } from '../../../src/services/conversations/redis-saver.ts'
import { createAssistant, threadIdOf } from '../../../src/services/rag/assistant.ts'
import { createExtractiveAnswerer } from '../../../src/services/rag/extractive.ts'
import { createRagGraph } from '../../../src/services/rag/graph.ts'
import { RECORD_CHANNEL } from '../../../src/services/rag/state.ts'
import type { KnowledgeBase, RetrievedPassage } from '../../../src/services/retrieval/index.ts'
import type { AudioDecoder, DecodedAudio } from '../../../src/services/speech/audio-decoder.ts'
import { createUploadBudget } from '../../../src/services/voice/upload.ts'
import { createVoicePipeline } from '../../../src/services/voice/pipeline.ts'
import { createWorkQueue } from '../../../src/services/voice/work-queue.ts'
import { startRedis } from '../../support/helpers/redis-server.ts'

const server = await startRedis()
t.teardown(server.destroy)

const TTL_SECONDS = 60
const FIRST = 'Apa itu Seleksi Mandiri ITB?'
const FOLLOW_UP = 'Kapan jadwalnya?'

function setup (t: Test) {
  const redis = new Redis(server.port, '127.0.0.1')
  t.teardown(async () => { await redis.quit() })
  let clock = 0
  const saver = new RedisCheckpointSaver({ redis, ttlSeconds: TTL_SECONDS, keyPrefix: `test:${randomUUID()}:`, transcriptChannel: RECORD_CHANNEL, latestOnly: true, now: () => clock })
  const queries: string[] = []
  let afterLock = async (): Promise<void> => {}
  let onTranscribe = async (): Promise<void> => {}
  const knowledgeBase = {
    store: 'local',
    async retrieve (query: string) {
      queries.push(query)
      const passage = { id: 'p', text: `Jadwal ${query} diumumkan di laman ITB.`, title: 'Dokumen', url: 'https://www.itb.ac.id/', path: 'knowledge/x.md', section: 'Isi', score: 0.9 }
      return { passages: [passage as RetrievedPassage], found: true, cached: false }
    }
  } as unknown as KnowledgeBase
  const graph = createRagGraph({ knowledgeBase, checkpointer: saver, providers: [], extractive: createExtractiveAnswerer(), retrievalK: 3, historyMessages: 6, llmTimeoutMs: 30_000 })
  const lock = createConversationLock({
    redis,
    ttlMs: 5_000,
    waitMs: 1_000,
    keyPrefix: `test:lock:${randomUUID()}:`,
    acquire: async (lockKey, token, ttlMs, threadId) => {
      const read = await saver.lockAndRead(lockKey, token, ttlMs, threadId)
      await afterLock()
      return read
    }
  })
  const assistant = createAssistant({ graph, checkpointer: saver, lock, mode: 'extractive' })
  const threadId = threadIdOf('k', 'c')
  /** What TTL expiry does, at once: every key of the thread gone, and the time past their lifetime. */
  const expire = async (): Promise<void> => {
    const keys = await saver.threadKeys(threadId)
    if (keys.length === 0) throw new Error('nothing to expire')
    await redis.del(...keys)
    clock += TTL_SECONDS * 1000 + 1
  }
  const audio = { format: 'wav', wav: Buffer.alloc(44), flac: Buffer.alloc(0), durationSeconds: 1, sampleRate: 16000 } as DecodedAudio
  const voice = createVoicePipeline({
    decoder: { decode: async () => audio } as unknown as AudioDecoder,
    upload: { budget: createUploadBudget(1 << 20), deadlineMs: 10_000 },
    decodeQueue: createWorkQueue({ concurrency: 1, maxWaiting: 1, busyCode: 'BUSY', busyMessage: 'busy' }),
    speechToText: { name: 'fake', transcribe: async () => { await onTranscribe(); return FOLLOW_UP } },
    emotion: null,
    emotionTimeoutMs: 1_000,
    textToSpeech: null,
    assistant
  })
  const state = async () => {
    const values = (await graph.getState({ configurable: { thread_id: threadId } })).values as { messages?: BaseMessage[] }
    return (values.messages ?? []).map((message) => `${message.getType()}: ${String(message.content)}`)
  }
  const questions = async () => (await assistant.history('k', 'c')).filter((turn) => turn.role === 'user').map((turn) => turn.text)
  return { assistant, voice, queries, expire, state, questions, transcribing: (fn: () => Promise<void>) => { onTranscribe = fn }, locked: (fn: () => Promise<void>) => { afterLock = fn } }
}

t.test('the conversation expiring while a voice turn is transcribed: the turn is the first of a new conversation', async (t) => {
  const { assistant, voice, queries, expire, state, questions, transcribing } = setup(t)
  await assistant.ask({ keyId: 'k', conversationId: 'c', message: FIRST })
  transcribing(expire)
  const result = await voice.run({ keyId: 'k', conversationId: 'c', audio: Buffer.from('RIFF') })
  t.equal(result.transcript, FOLLOW_UP)
  t.equal(queries.at(-1), FOLLOW_UP, 'searched alone: the expired question is not its subject')
  t.same(await questions(), [FOLLOW_UP], 'the transcript holds the new turn only')
  t.equal((await state()).length, 2, 'and so does the checkpoint: no memory of the expired turns')
})

t.test('the same turn with the conversation alive: a follow-up of the stored question (the check above can fail)', async (t) => {
  const { assistant, voice, queries, state, questions } = setup(t)
  await assistant.ask({ keyId: 'k', conversationId: 'c', message: FIRST })
  await voice.run({ keyId: 'k', conversationId: 'c', audio: Buffer.from('RIFF') })
  t.equal(queries.at(-1), `${FIRST} ${FOLLOW_UP}`)
  t.same(await questions(), [FIRST, FOLLOW_UP])
  t.equal((await state()).length, 4)
})

t.test('the text path in the same race (expiry right after the lock\'s read): the same new conversation', async (t) => {
  const { assistant, queries, expire, state, questions, locked } = setup(t)
  await assistant.ask({ keyId: 'k', conversationId: 'c', message: FIRST })
  locked(expire)
  await assistant.ask({ keyId: 'k', conversationId: 'c', message: FOLLOW_UP })
  t.equal(queries.at(-1), FOLLOW_UP)
  t.same(await questions(), [FOLLOW_UP])
  t.equal((await state()).length, 2)
})
