// The answering graph driven by LangChain's fake chat models (no HTTP): how many model calls a
// turn makes, what the model is shown, the search loop, emotion overlapping the search, and the
// transcript of a conversation stored before transcripts existed.
import t, { type Test } from 'tap'
import { AIMessage, type BaseMessage } from '@langchain/core/messages'
import type { ChatResult } from '@langchain/core/outputs'
import { RunnableLambda } from '@langchain/core/runnables'
import { FakeListChatModel } from '@langchain/core/utils/testing'
import { BoundedMemorySaver } from '../../../src/services/conversations/memory-saver.ts'
import { createConversationLock } from '../../../src/services/conversations/lock.ts'
import { createAssistant, threadIdOf } from '../../../src/services/rag/assistant.ts'
import { createExtractiveAnswerer } from '../../../src/services/rag/extractive.ts'
import { createRagGraph } from '../../../src/services/rag/graph.ts'
import { chatProvider } from '../../../src/services/rag/providers.ts'
import { RECORD_CHANNEL } from '../../../src/services/rag/state.ts'
import type { KnowledgeBase, RetrievedPassage } from '../../../src/services/retrieval/index.ts'

/**
 * FakeListChatModel answering from a script that may include tool calls; it keeps the prompts it
 * was given. (Its bindTools returns a copy with its own position in the list: here every call,
 * with tools or without, takes the next reply from the one script.)
 */
class ScriptedChatModel extends FakeListChatModel {
  prompts: BaseMessage[][] = []
  private readonly script: AIMessage[]

  constructor (script: Array<string | AIMessage>) {
    super({ responses: script.map((reply) => typeof reply === 'string' ? reply : String(reply.content)) })
    this.script = script.map((reply) => typeof reply === 'string' ? new AIMessage(reply) : reply)
  }

  private reply (messages: BaseMessage[]): AIMessage {
    const reply = this.script[this.prompts.length] ?? new AIMessage('')
    this.prompts.push(messages)
    return reply
  }

  override async _generate (messages: BaseMessage[]): Promise<ChatResult> {
    const message = this.reply(messages)
    return { generations: [{ message, text: String(message.content) }] }
  }

  override bindTools (): ReturnType<FakeListChatModel['bindTools']> {
    return RunnableLambda.from(async (messages: BaseMessage[]) => this.reply(messages)) as unknown as ReturnType<FakeListChatModel['bindTools']>
  }
}

const searchCall = (id: string, query: string): AIMessage =>
  new AIMessage({ content: '', tool_calls: [{ id, name: 'fetch_documents', args: { search_query: query }, type: 'tool_call' }] })

function passage (n: number, text: string): RetrievedPassage {
  return { id: `p${n}`, text, title: `Dokumen ${n}`, url: `https://www.itb.ac.id/${n}`, path: `knowledge/${n}.md`, section: 'Isi', score: 0.9 } as RetrievedPassage
}

function knowledgeBase (log: string[] = []): KnowledgeBase & { queries: string[] } {
  const queries: string[] = []
  let next = 0
  return {
    store: 'local',
    queries,
    async retrieve (query) {
      queries.push(query)
      log.push('retrieve')
      next += 1
      return { passages: [passage(next, `Isi dokumen ${next} tentang ${query}.`)], found: true, cached: false }
    },
    async check () {},
    async ingest () { throw new Error('not used') },
    async remove () { throw new Error('not used') },
    async close () {}
  }
}

function setup (t: Test, model: FakeListChatModel, kb = knowledgeBase(), maxSearches = 3) {
  const checkpointer = new BoundedMemorySaver({ maxThreads: 10, ttlSeconds: 60, sweepIntervalMs: 0, transcriptChannel: RECORD_CHANNEL, latestOnly: true })
  const calls: string[] = []
  const graph = createRagGraph({
    knowledgeBase: kb,
    checkpointer,
    providers: [chatProvider('fake', 'fake', model)],
    extractive: createExtractiveAnswerer(),
    retrievalK: 3,
    historyMessages: 4,
    llmTimeoutMs: 5000,
    maxSearches,
    observer: { onAttempt: (attempt) => { calls.push(attempt.outcome) } }
  })
  const turns: number[] = []
  const assistant = createAssistant({
    graph,
    checkpointer,
    lock: createConversationLock({ ttlMs: 5000, waitMs: 1000 }),
    mode: 'generative',
    onTurn: (turn) => { turns.push(turn.modelCalls) }
  })
  t.teardown(() => { checkpointer.close() })
  return { assistant, graph, checkpointer, calls, turns, kb }
}

t.test('the graph a reader sees: retrieve, generate, and a search generate may route to', async (t) => {
  const { graph } = setup(t, new ScriptedChatModel(['unused']))
  const drawn = await graph.getGraphAsync()
  t.same(drawn.edges.map((edge) => `${edge.source} -> ${edge.target}${edge.conditional === true ? ' (when)' : ''}`).sort(), [
    '__start__ -> retrieve',
    'generate -> __end__ (when)',
    'generate -> search (when)',
    'retrieve -> generate',
    'search -> generate'
  ])
})

t.test('a turn whose passages suffice is one model call, with the passages already in the prompt', async (t) => {
  const model = new ScriptedChatModel(['ITB didirikan pada 1920 [1].', 'Mottonya In Harmonia Progressio [1].'])
  const { assistant, calls, turns, kb } = setup(t, model)
  const first = await assistant.ask({ keyId: 'k', conversationId: 'c', message: 'Kapan ITB didirikan?' })
  t.equal(first.answer, 'ITB didirikan pada 1920.')
  t.same(first.sources, [{ title: 'Dokumen 1', url: 'https://www.itb.ac.id/1' }])
  t.same(calls, ['ok'], 'one model call')
  t.same(turns, [1], 'reported to the model_calls_per_turn metric')
  const prompt = model.prompts[0] ?? []
  t.same(prompt.map((message) => message.getType()), ['system', 'human', 'ai', 'tool'])
  t.match(String(prompt[3]?.content), /<dokumen nomor="1" judul="Dokumen 1"/)

  await assistant.ask({ keyId: 'k', conversationId: 'c', message: 'Kalau mottonya?' })
  t.equal(kb.queries[1], 'Kapan ITB didirikan? Kalau mottonya?', 'a short follow-up is searched with the previous question')
  t.same(model.prompts[1]?.map((message) => message.getType()), ['system', 'human', 'ai', 'human', 'ai', 'tool'], 'history without old tool traffic')
  t.same((await assistant.history('k', 'c')).map((turn) => turn.text),
    ['Kapan ITB didirikan?', 'ITB didirikan pada 1920.', 'Kalau mottonya?', 'Mottonya In Harmonia Progressio.'])
})

t.test('the model may search again with its own query; the passages are numbered across the turn', async (t) => {
  const model = new ScriptedChatModel([searchCall('call-1', 'biaya UKT sarjana ITB'), 'UKT dibayar per semester [2].'])
  const { assistant, calls, turns, kb } = setup(t, model)
  const result = await assistant.ask({ keyId: 'k', conversationId: 'c', message: 'Biayanya berapa?' })
  t.same(kb.queries, ['Biayanya berapa?', 'biaya UKT sarjana ITB'])
  t.same(calls, ['ok', 'ok'])
  t.same(turns, [2])
  t.same(result.sources, [{ title: 'Dokumen 2', url: 'https://www.itb.ac.id/2' }], 'credited to the passage of the second search')
})

t.test('a comparison is searched for each side before the one model call, numbered in order', async (t) => {
  const model = new ScriptedChatModel(['SNBP berdasarkan prestasi [1], SNBT berdasarkan tes [2].'])
  const { assistant, calls, kb } = setup(t, model)
  const result = await assistant.ask({ keyId: 'k', conversationId: 'c', message: 'Apa beda SNBP dan SNBT?' })
  t.same(kb.queries, ['SNBP', 'SNBT'])
  t.same(calls, ['ok'], 'still one model call')
  const prompt = model.prompts[0] ?? []
  t.same(prompt.map((message) => message.getType()), ['system', 'human', 'ai', 'tool', 'tool'])
  t.same((prompt[2] as AIMessage).tool_calls?.map((call) => [call.id, call.args.search_query]), [['retrieve-0', 'SNBP'], ['retrieve-1', 'SNBT']])
  t.match(String(prompt[3]?.content), /<dokumen nomor="1"[^>]*>[\s\S]*tentang SNBP/)
  t.match(String(prompt[4]?.content), /<dokumen nomor="2"[^>]*>[\s\S]*tentang SNBT/)
  t.same(result.sources.map((source) => source.title), ['Dokumen 1', 'Dokumen 2'])
})

t.test('a model that keeps asking for searches is stopped at MAX_SEARCHES', async (t) => {
  const model = new ScriptedChatModel([searchCall('call-1', 'kueri 1'), searchCall('call-2', 'kueri 2'), 'Belum ditemukan.'])
  const { assistant, kb, calls } = setup(t, model, knowledgeBase(), 2)
  await assistant.ask({ keyId: 'k', conversationId: 'c', message: 'Apa saja?' })
  t.equal(kb.queries.length, 2, 'the first search and one the model asked for')
  t.equal(calls.length, 2, 'the second call had no tools and had to answer')
})

t.test('voice: emotion analysis overlaps the search; only the model call waits for it', async (t) => {
  const log: string[] = []
  const model = new ScriptedChatModel(['Jawaban [1].'])
  const { assistant } = setup(t, model, knowledgeBase(log))
  const emotion = new Promise<string>((resolve) => {
    setTimeout(() => { log.push('emotion'); resolve('sad') }, 50)
  })
  await assistant.ask({ keyId: 'k', conversationId: 'c', message: 'Kapan ITB didirikan?', emotion, channel: 'voice' })
  t.same(log, ['retrieve', 'emotion'], 'the search ran while the emotion was still being analysed')
  t.match(String(model.prompts[0]?.[0]?.content), /Emosi pengguna \(dari analisis suara\): sad/)
})

t.test('a conversation stored before transcripts existed is read from its checkpoint and moved on its next turn', async (t) => {
  const model = new ScriptedChatModel(['Jawaban baru [1].'])
  const { assistant, graph, checkpointer } = setup(t, model)
  const threadId = threadIdOf('k', 'old')
  const time = new Date().toISOString()
  const legacy = [
    { role: 'user' as const, text: 'Pertanyaan lama?', sources: [], time },
    { role: 'assistant' as const, text: 'Jawaban lama.', sources: [], time, mode: 'generative' as const }
  ]
  // The old state shape: every turn in the `turns` channel, no transcript beside it.
  await graph.updateState({ configurable: { thread_id: threadId } }, { turns: legacy }, 'generate')
  t.same(await checkpointer.transcript(threadId), [])
  t.same((await assistant.history('k', 'old')).map((turn) => turn.text), ['Pertanyaan lama?', 'Jawaban lama.'])
  await assistant.ask({ keyId: 'k', conversationId: 'old', message: 'Pertanyaan baru?' })
  t.same((await checkpointer.transcript(threadId) as Array<{ text: string }>).map((turn) => turn.text),
    ['Pertanyaan lama?', 'Jawaban lama.', 'Pertanyaan baru?', 'Jawaban baru.'], 'moved into the transcript')
  t.same((await assistant.history('k', 'old')).map((turn) => turn.language), [undefined, undefined, undefined, 'id'],
    'an answer stored before languages were recorded still has none; a new one has its own')
  const state = await graph.getState({ configurable: { thread_id: threadId } })
  t.same((state.values as { turns: unknown[] }).turns, [], 'and no longer kept in the checkpoint')
})
