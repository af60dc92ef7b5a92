// The lighter per-step run context (src/services/rag/run-context.ts): LangChain's own code builds a
// LangSmith RunTree for every step; once installed, a step without a tracer stores the bare config,
// and everything that reads it still works: config and callbacks reach a model called inside a node,
// its tokens stream, context variables carry, and a traced run still nests under its parent.
import t from 'tap'
import { BaseCallbackHandler } from '@langchain/core/callbacks/base'
import { getContextVariable, setContextVariable } from '@langchain/core/context'
import { HumanMessage } from '@langchain/core/messages'
import { RunnableLambda } from '@langchain/core/runnables'
import { AsyncLocalStorageProviderSingleton } from '@langchain/core/singletons'
import { LangChainTracer } from '@langchain/core/tracers/tracer_langchain'
import { FakeListChatModel } from '@langchain/core/utils/testing'
import { END, getConfig, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph'
import { Client, RunTree } from 'langsmith'
import { installLightRunContext } from '../../../src/services/rag/run-context.ts'
import { startFakeLangSmith } from '../../support/fakes/langsmith.ts'

const storeNow = (): unknown => AsyncLocalStorageProviderSingleton.getInstance().getStore()

/** A one-node graph whose node calls the model without passing a config on, as our nodes do not. */
function graphWith (model: FakeListChatModel, seen: { store?: unknown, threadId?: unknown, variable?: unknown }) {
  return new StateGraph(MessagesAnnotation)
    .addNode('answer', async (state) => {
      seen.store = storeNow()
      seen.threadId = getConfig().configurable?.thread_id
      seen.variable = getContextVariable('turn')
      return { messages: [await model.invoke(state.messages)] }
    })
    .addEdge(START, 'answer').addEdge('answer', END).compile()
}

/** Records the parent run of every chat model call it sees. */
class LlmStarts extends BaseCallbackHandler {
  name = 'llm-starts'
  parents: Array<string | undefined> = []
  override handleChatModelStart (_llm: unknown, _messages: unknown, _runId: string, parentRunId?: string): void {
    this.parents.push(parentRunId)
  }
}

t.test('before: LangChain stores a new RunTree for every step, tracing off', async (t) => {
  let seen: unknown
  await RunnableLambda.from(() => { seen = storeNow() }).invoke(null)
  t.ok(seen instanceof RunTree, 'a RunTree per step (what the light context removes)')
})

t.test('installed: a step stores its config and no RunTree; a second install changes nothing', async (t) => {
  installLightRunContext()
  const installed = AsyncLocalStorageProviderSingleton.runWithConfig
  installLightRunContext()
  t.equal(AsyncLocalStorageProviderSingleton.runWithConfig, installed, 'installed once')

  let seen: unknown
  let config: unknown
  await RunnableLambda.from(() => {
    seen = storeNow()
    config = AsyncLocalStorageProviderSingleton.getRunnableConfig()
  }).invoke(null, { configurable: { thread_id: 'step-1' } })
  t.notOk(seen instanceof RunTree, 'no RunTree built')
  t.match(seen, { tracingEnabled: false })
  t.match(config, { configurable: { thread_id: 'step-1' } }, 'the step config is what LangChain reads back')
})

t.test('installed: a model called inside a node gets the run config, callbacks and token stream', async (t) => {
  const seen: { store?: unknown, threadId?: unknown, variable?: unknown } = {}
  const graph = graphWith(new FakeListChatModel({ responses: ['ITB berdiri 1920', 'Jalan Ganesa 10'] }), seen)
  setContextVariable('turn', 'turn-7')

  const tokens: string[] = []
  for await (const [chunk] of await graph.stream({ messages: [new HumanMessage('Kapan ITB berdiri?')] },
    { streamMode: 'messages', configurable: { thread_id: 'conv-1' } })) {
    tokens.push(String(chunk.content))
  }
  t.equal(tokens.join(''), 'ITB berdiri 1920', 'the model tokens stream out of the graph')
  t.ok(tokens.length > 1, `token by token (${tokens.length} chunks)`)
  t.notOk(seen.store instanceof RunTree, 'the node ran without a RunTree')
  t.equal(seen.threadId, 'conv-1', 'the node reads the run config')
  t.equal(seen.variable, 'turn-7', 'context variables carry into the node')

  // (A separate run: FakeListChatModel does not await its token callbacks, so with one more handler
  // the stream above could end before its last tokens.)
  const starts = new LlmStarts()
  await graph.invoke({ messages: [new HumanMessage('Di mana kampus Ganesha?')] }, { callbacks: [starts] })
  t.equal(starts.parents.length, 1, 'the caller’s callback saw the model call')
  t.type(starts.parents[0], 'string', 'as a child of the node’s run')
})

t.test('installed: with a LangSmith tracer, steps go through LangChain’s own code and nest in one trace', async (t) => {
  const langsmith = await startFakeLangSmith({ apiKey: 'ls-run-context-key' })
  t.teardown(langsmith.close)
  const client = new Client({ apiKey: 'ls-run-context-key', apiUrl: langsmith.url })
  const tracer = new LangChainTracer({ projectName: 'run-context', client })
  const seen: { store?: unknown } = {}
  const graph = graphWith(new FakeListChatModel({ responses: ['Jalan Ganesa 10'] }), seen)

  await graph.invoke({ messages: [new HumanMessage('Di mana kampus Ganesha?')] }, { callbacks: [tracer], runName: 'traced-turn' })
  await client.awaitPendingTraceBatches()
  t.ok(seen.store instanceof RunTree, 'the traced node ran inside its RunTree')
  const root = await langsmith.waitForRun((run) => run.name === 'traced-turn' && run.end_time !== undefined)
  const llm = await langsmith.waitForRun((run) => run.run_type === 'llm' && run.end_time !== undefined)
  t.equal(llm.trace_id, root.id, 'the model call is in the turn’s trace')
  t.not(llm.parent_run_id, root.id, 'under the node, not the root')
  t.ok(langsmith.runs().some((run) => run.id === llm.parent_run_id && run.name === 'answer'), 'its parent is the node')
  t.same(langsmith.violations, [])
})
