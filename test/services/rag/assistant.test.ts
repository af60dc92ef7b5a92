// What a turn leaves in its conversation. LangGraph's 'exit' durability saves the channels as they
// are when a run ends, after an error too: a turn that failed (every model down, the knowledge store
// down) or was cancelled must leave the conversation's state as it was before it, with both savers,
// so its question is neither in the model's history nor the subject of a later follow-up.
import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import { AIMessage, type BaseMessage } from '@langchain/core/messages'
import type { ChatResult } from '@langchain/core/outputs'
import { FakeListChatModel } from '@langchain/core/utils/testing'
import type { BaseCheckpointSaver } from '@langchain/langgraph'
import { BoundedMemorySaver } from '../../../src/services/conversations/memory-saver.ts'
import { RedisCheckpointSaver } from '../../../src/services/conversations/redis-saver.ts'
import { createConversationLock } from '../../../src/services/conversations/lock.ts'
import { ServiceError } from '../../../src/services/errors.ts'
import { createAssistant, threadIdOf } from '../../../src/services/rag/assistant.ts'
import { createExtractiveAnswerer } from '../../../src/services/rag/extractive.ts'
import { createRagGraph } from '../../../src/services/rag/graph.ts'
import { chatProvider } from '../../../src/services/rag/providers.ts'
import { RECORD_CHANNEL } from '../../../src/services/rag/state.ts'
import type { KnowledgeBase, RetrievedPassage } from '../../../src/services/retrieval/index.ts'
import { startRedis } from '../../support/helpers/redis-server.ts'

const redisServer = await startRedis()
t.teardown(redisServer.destroy)

type Saver = BaseCheckpointSaver & { transcript: (threadId: string) => Promise<unknown[]> }
const retention = { transcriptChannel: RECORD_CHANNEL, latestOnly: true }
const savers: Record<string, (t: Test) => Saver> = {
  'in-process saver': (t) => {
    const saver = new BoundedMemorySaver({ maxThreads: 10, ttlSeconds: 60, sweepIntervalMs: 0, ...retention })
    t.teardown(() => { saver.close() })
    return saver
  },
  'Redis saver': (t) => {
    const redis = new Redis(redisServer.port, '127.0.0.1')
    t.teardown(async () => { await redis.quit() })
    return new RedisCheckpointSaver({ redis, ttlSeconds: 60, keyPrefix: `test:${Math.random().toString(36).slice(2)}:`, ...retention })
  }
}

/** A model that answers, fails like a provider that is down, or waits (for its call to be cancelled). */
class SwitchableModel extends FakeListChatModel {
  mode: 'answer' | 'fail' | 'wait' = 'answer'
  prompts: BaseMessage[][] = []
  /** Resolved when a call starts waiting. */
  waiting = Promise.withResolvers<void>()

  override async _generate (messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    this.prompts.push(messages)
    if (this.mode === 'fail') throw Object.assign(new Error('provider down'), { status: 500 })
    if (this.mode === 'wait') {
      this.waiting.resolve()
      await new Promise((_resolve, reject) => { options.signal?.addEventListener('abort', () => { reject(options.signal?.reason) }, { once: true }) })
    }
    const text = `Jawaban nomor ${this.prompts.length} [1].`
    return { generations: [{ message: new AIMessage(text), text }] }
  }

  override bindTools (): ReturnType<FakeListChatModel['bindTools']> {
    return this as unknown as ReturnType<FakeListChatModel['bindTools']>
  }
}

/** A knowledge base whose every search finds one passage about the query, or fails like a store that is down. */
function knowledgeBase (): KnowledgeBase & { queries: string[], down: boolean } {
  const queries: string[] = []
  return {
    store: 'local',
    queries,
    down: false,
    async retrieve (query) {
      queries.push(query)
      if (this.down) throw new ServiceError('unavailable', 'STORE_UNAVAILABLE', 'The knowledge base is temporarily unavailable. Retry shortly.')
      const passage = { id: `p${queries.length}`, text: `Jadwal dan biaya ${query} diumumkan di laman ITB.`, title: 'Dokumen', url: 'https://www.itb.ac.id/', path: 'knowledge/x.md', section: 'Isi', score: 0.9 }
      return { passages: [passage as RetrievedPassage], found: true, cached: false }
    },
    async check () {},
    async ingest () { throw new Error('not used') },
    async remove () { throw new Error('not used') },
    async close () {}
  }
}

function setup (checkpointer: Saver, model: SwitchableModel | undefined, lockWaitMs = 1000) {
  const kb = knowledgeBase()
  const graph = createRagGraph({
    knowledgeBase: kb,
    checkpointer,
    providers: model === undefined ? [] : [chatProvider('fake', 'fake', model)],
    extractive: createExtractiveAnswerer(),
    retrievalK: 3,
    historyMessages: 6,
    llmTimeoutMs: 30_000
  })
  const assistant = createAssistant({ graph, checkpointer, lock: createConversationLock({ ttlMs: 5000, waitMs: lockWaitMs }), mode: model === undefined ? 'extractive' : 'generative' })
  /** The conversation's graph state: the messages the model and follow-ups read, and the newest turn's record. */
  const state = async () => {
    const snapshot = await graph.getState({ configurable: { thread_id: threadIdOf('k', 'c') } })
    const values = snapshot.values as { messages?: BaseMessage[], [RECORD_CHANNEL]?: unknown[] }
    return { messages: (values.messages ?? []).map((message) => `${message.getType()}: ${String(message.content)}`), record: values[RECORD_CHANNEL] }
  }
  const questions = async () => (await assistant.history('k', 'c')).filter((turn) => turn.role === 'user').map((turn) => turn.text)
  return { assistant, kb, state, questions }
}

for (const [name, saver] of Object.entries(savers)) {
  t.test(`${name}: a turn every model fails leaves the conversation as it was; the next one is asked alone`, async (t) => {
    const model = new SwitchableModel({ responses: [] })
    const { assistant, state, questions } = setup(saver(t), model)
    await assistant.ask({ keyId: 'k', conversationId: 'c', message: 'Apa motto ITB?' })
    const before = await state()
    model.mode = 'fail'
    await t.rejects(assistant.ask({ keyId: 'k', conversationId: 'c', message: 'PERTANYAAN GAGAL?' }), { code: 'LLM_UNAVAILABLE' })
    t.same(await state(), before, 'the graph state is the one before the failed turn')
    model.mode = 'answer'
    await assistant.ask({ keyId: 'k', conversationId: 'c', message: 'Kapan ITB didirikan?' })
    const asked = model.prompts.at(-1)?.filter((message) => message.getType() === 'human').map((message) => message.content)
    t.same(asked, ['Apa motto ITB?', 'Kapan ITB didirikan?'], 'the model sees the answered questions only')
    t.same(await questions(), ['Apa motto ITB?', 'Kapan ITB didirikan?'], 'and so does the stored conversation')
  })

  t.test(`${name}: a cancelled turn leaves the conversation as it was`, async (t) => {
    const model = new SwitchableModel({ responses: [] })
    const { assistant, state } = setup(saver(t), model)
    await assistant.ask({ keyId: 'k', conversationId: 'c', message: 'Apa motto ITB?' })
    const before = await state()
    model.mode = 'wait'
    const client = new AbortController()
    const cancelled = assistant.ask({ keyId: 'k', conversationId: 'c', message: 'PERTANYAAN DIBATALKAN?', signal: client.signal })
    await model.waiting.promise
    client.abort(new Error('client disconnected'))
    await t.rejects(cancelled, { message: 'client disconnected' }, 'with the reason it was cancelled')
    t.same(await state(), before)
  })

  // The route answers what `ask` resolves and reports what it rejects: a turn whose answer is stored
  // must resolve, whatever the signal did after, or the client hears of a failure the conversation does not show.
  for (const [kind, model, streamed] of [['generative', true, false], ['generative, streamed', true, true], ['extractive', false, false]] as const) {
    t.test(`${name}, ${kind}: a turn cancelled as its answer was stored is answered`, async (t) => {
      const checkpointer = saver(t)
      const client = new AbortController()
      const put = checkpointer.put.bind(checkpointer)
      checkpointer.put = async (...args) => {
        const stored = await put(...args)
        client.abort(new Error('client disconnected'))
        return stored
      }
      const { assistant, questions } = setup(checkpointer, model ? new SwitchableModel({ responses: ['Motto ITB adalah In Harmonia Progressio [1].'] }) : undefined)
      const tokens: string[] = []
      const answered = await assistant.ask({ keyId: 'k', conversationId: 'c', message: 'Apa motto ITB?', signal: client.signal, ...(streamed ? { onToken: (text: string) => { tokens.push(text) } } : {}) })
      t.ok(client.signal.aborted, 'the signal aborted right after the write')
      t.match(answered, { answer: /\S/ })
      if (streamed) t.equal(tokens.join(''), answered.answer, 'every token was handed over')
      t.same(await questions(), ['Apa motto ITB?'], 'the answered turn is the stored one')
    })
  }

  t.test(`${name}, extractive: a turn the store failed is not the subject of a later follow-up`, async (t) => {
    const { assistant, kb, state, questions } = setup(saver(t), undefined)
    await assistant.ask({ keyId: 'k', conversationId: 'c', message: 'Apa itu Seleksi Mandiri ITB?' })
    const before = await state()
    kb.down = true
    await t.rejects(assistant.ask({ keyId: 'k', conversationId: 'c', message: 'Apa itu program IUP?' }), { code: 'STORE_UNAVAILABLE' })
    t.same(await state(), before, 'the graph state is the one before the failed turn')
    kb.down = false
    await assistant.ask({ keyId: 'k', conversationId: 'c', message: 'Kapan jadwalnya?' })
    t.equal(kb.queries.at(-1), 'Apa itu Seleksi Mandiri ITB? Kapan jadwalnya?', 'the follow-up is about the last answered question')
    t.same(await questions(), ['Apa itu Seleksi Mandiri ITB?', 'Kapan jadwalnya?'])
  })
}

t.test('withTurn holds the conversation\'s lock while its question is found (a voice turn transcribes): another turn is refused as busy meanwhile, and a failure to find one releases it', async (t) => {
  const { assistant, questions } = setup(savers['in-process saver']!(t), undefined, 0)
  let heard = (): void => {}
  const hearing = new Promise<void>((resolve) => { heard = resolve })
  const spoken = assistant.withTurn({ keyId: 'k', conversationId: 'c' }, async (answer) => {
    await hearing
    return await answer({ message: 'Apa itu Seleksi Mandiri ITB?' })
  })
  await t.rejects(assistant.ask({ keyId: 'k', conversationId: 'c', message: 'Kapan jadwalnya?' }), { code: 'CONVERSATION_BUSY' }, 'busy before the question is known')
  heard()
  t.match(await spoken, { answer: String, language: 'id', mode: 'extractive' })
  await t.rejects(assistant.withTurn({ keyId: 'k', conversationId: 'c' }, async () => { throw new Error('no speech') }), { message: 'no speech' })
  await assistant.ask({ keyId: 'k', conversationId: 'c', message: 'Kapan jadwalnya?' })
  t.same(await questions(), ['Apa itu Seleksi Mandiri ITB?', 'Kapan jadwalnya?'], 'both answered turns, in order')
})
