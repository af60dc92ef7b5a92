// A finished turn leaves nothing behind: heap used after many turns (garbage collected) stays flat.
// Regression: the turn's signal was an AbortSignal.any() and the model call's an AbortSignal.timeout().
// LangGraph adds an abort listener to the signal it is given and never removes it; Node keeps a
// composite or timeout signal that has listeners alive (until it aborts, i.e. forever for a turn that
// ended normally, or until the LLM timeout), and with it the whole graph run: ~3 MB per 100 turns.
import t from 'tap'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { FakeListChatModel } from '@langchain/core/utils/testing'
import { BoundedMemorySaver } from '../../../src/services/conversations/memory-saver.ts'
import { createConversationLock } from '../../../src/services/conversations/lock.ts'
import { createAssistant } from '../../../src/services/rag/assistant.ts'
import { createExtractiveAnswerer } from '../../../src/services/rag/extractive.ts'
import { createRagGraph } from '../../../src/services/rag/graph.ts'
import { chatProvider } from '../../../src/services/rag/providers.ts'
import { RECORD_CHANNEL } from '../../../src/services/rag/state.ts'
import type { KnowledgeBase, RetrievedPassage } from '../../../src/services/retrieval/index.ts'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const passage = { id: 'p1', text: 'ITB didirikan pada 1920.', title: 'Sejarah', url: 'https://www.itb.ac.id/sejarah', path: 'knowledge/sejarah.md', section: 'Isi', score: 0.9 } as RetrievedPassage
const knowledgeBase: KnowledgeBase = {
  store: 'local',
  async retrieve () { return { passages: [passage], found: true, cached: false } },
  async check () {},
  async ingest () { throw new Error('not used') },
  async remove () { throw new Error('not used') },
  async close () {}
}

function heapUsedMb (): number {
  gc()
  gc()
  return process.memoryUsage().heapUsed / 1e6
}

t.test('heap used does not grow with the number of finished turns', async (t) => {
  const checkpointer = new BoundedMemorySaver({ maxThreads: 10, ttlSeconds: 600, sweepIntervalMs: 0, transcriptChannel: RECORD_CHANNEL, latestOnly: true, maxTranscriptEntries: 20 })
  t.teardown(() => { checkpointer.close() })
  const model = new FakeListChatModel({ responses: ['ITB didirikan pada 1920 [1].'] })
  const graph = createRagGraph({
    knowledgeBase,
    checkpointer,
    providers: [chatProvider('fake', 'fake', model)],
    extractive: createExtractiveAnswerer(),
    retrievalK: 3,
    historyMessages: 4,
    // Long enough that no model call's timer fires during the test, as in production.
    llmTimeoutMs: 600_000
  })
  const assistant = createAssistant({ graph, checkpointer, lock: createConversationLock({ ttlMs: 60_000, waitMs: 1000 }), mode: 'generative' })
  // Each turn with its caller's signal (the HTTP request's), as the routes ask.
  const turns = async (count: number): Promise<void> => {
    for (let index = 0; index < count; index++) {
      const result = await assistant.ask({ keyId: 'k', conversationId: `c${index % 5}`, message: 'Kapan ITB didirikan?', signal: new AbortController().signal })
      if (result.answer !== 'ITB didirikan pada 1920.') throw new Error(`unexpected answer: ${result.answer}`)
    }
  }
  await turns(200) // warm-up: compiled code, caches, the five conversations' stored state
  const before = heapUsedMb()
  await turns(1600)
  const after = heapUsedMb()
  // Before the fix: ~32 KB per turn (≈ 50 MB here). Heap used after a full GC still moves by a few MB
  // from run to run under tap, so the bound is well above that and well below the leak.
  t.ok(after - before < 12, `heap used ${before.toFixed(1)} → ${after.toFixed(1)} MB over 1,600 turns`)
})
