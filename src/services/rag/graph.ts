// The question-answering graph, compiled once with a checkpointer (conversation memory).
//   generative:  START → retrieve → generate ─(the model asked for another search)→ search → generate
//                                            └─(it answered)→ END
//   `generate` routes itself (a Command to `search`, or its final update and no edge onward) instead of
//   a conditional edge: LangGraph runs a conditional edge as one more runnable that first copies the
//   whole state (a fresh read), ~90 µs of a turn's ~1.6 ms; the node already knows where to go.
//   extractive (no LLM): START → retrieve → extract → END
// `retrieve` searches before any model call with a query built without a model, so a turn usually
// costs one model call. Per-run data that must not be checkpointed (the question's passages, the
// turn's tool traffic, timings) travels in LangGraph's runtime context, one object per run.
// So does the question until the turn ends: a run's input is empty, and the question enters the
// state with its answer, in the update of the node that ends the turn. LangGraph saves the channels
// when a run exits (durability 'exit'), after an error or an abort as well (its loop's
// finishAndHandleError), so a turn that failed or was cancelled leaves the state as it found it.
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages'
import { Command, END, START, StateGraph, type BaseCheckpointSaver, type LangGraphRunnableConfig } from '@langchain/langgraph'
import { citedNumbers, stripCitations } from './citations.ts'
import { FETCH_DOCUMENTS_TOOL, formatPassages, NOT_FOUND_ANSWER, systemPrompt } from './prompts.ts'
import { invokeWithFailover, type ChatProvider, type ProviderCallObserver, type ToolDefinition } from './providers.ts'
import { detectLanguage, type Language } from '../text/language.ts'
import {
  isToolCall, previousQuestions, ragState, recentHistory, RECORD_CHANNEL, standaloneQueries, textOf,
  type AnswerMode, type RagStateType, type RagStateUpdate, type Source, type Turn
} from './state.ts'
import { conversationSubject, distinctSources, type ExtractiveAnswerer } from './extractive.ts'
import type { KnowledgeBase, RetrievedPassage } from '../retrieval/index.ts'

export type { AnswerMode, Source, Turn } from './state.ts'

/** One run of the graph: what the caller passes in and what the nodes leave for it (a type, so it fits LangGraph's context record). */
export type TurnContext = {
  question: string
  /**
   * The speaker's emotion (voice), still being analysed when the turn starts: only the model call
   * waits for it, so emotion analysis overlaps the search.
   */
  emotion?: Promise<string>
  signal?: AbortSignal
  timings: { retrieval: number, llm: number }
  modelCalls: number
  /** Every passage the model was given this turn, numbered from 1 in this order. */
  passages: RetrievedPassage[]
  /** Whether any search found relevant passages. */
  found: boolean
  /** The turn's search traffic (tool calls and their results): sent to the model, never stored. */
  working: BaseMessage[]
  /** The model's reply that asked for a search, until `search` runs it. */
  pending?: AIMessage
  searches: number
  sources: Source[]
  answer: string
  /** The language the answer is written in (the extractive answerer's, or detected from the model's text). */
  language: Language
  mode: AnswerMode
  /**
   * Pieces of text the turn's model calls have streamed to the caller (token events, speech),
   * counted by the assistant as the model produces them: a model call that streamed some is not
   * failed over (see invokeWithFailover). Stays 0 when the answer is not streamed.
   */
  streamedText: number
}

export function turnContext (question: string, options: { emotion?: Promise<string>, signal?: AbortSignal, mode: AnswerMode }): TurnContext {
  return {
    question,
    emotion: options.emotion,
    signal: options.signal,
    timings: { retrieval: 0, llm: 0 },
    modelCalls: 0,
    passages: [],
    found: false,
    working: [],
    searches: 0,
    sources: [],
    answer: '',
    language: 'id',
    mode: options.mode,
    streamedText: 0
  }
}

export interface RagGraphDeps {
  knowledgeBase: KnowledgeBase
  checkpointer: BaseCheckpointSaver
  /** Empty: extractive (offline) mode. */
  providers: ChatProvider[]
  extractive: ExtractiveAnswerer
  retrievalK: number
  /** Messages of earlier turns sent to the model (older turns stay stored). */
  historyMessages: number
  llmTimeoutMs: number
  /** Searches per question, the first one (before the model) included. */
  maxSearches?: number
  observer?: ProviderCallObserver
}

const FETCH_TOOLS: ToolDefinition[] = [{
  type: 'function',
  function: {
    name: FETCH_DOCUMENTS_TOOL.name,
    description: FETCH_DOCUMENTS_TOOL.description,
    parameters: {
      type: 'object',
      properties: { search_query: { type: 'string', description: FETCH_DOCUMENTS_TOOL.queryDescription } },
      required: ['search_query'],
      additionalProperties: false
    }
  }
}]

function contextOf (config: LangGraphRunnableConfig): TurnContext {
  const context = config.context as TurnContext | undefined
  if (context === undefined) throw new Error('the RAG graph runs with a TurnContext: graph.invoke(state, { context })')
  return context
}

function turnRecords (context: TurnContext): Turn[] {
  const time = new Date().toISOString()
  return [
    { role: 'user', text: context.question, sources: [], time },
    { role: 'assistant', text: context.answer, sources: context.sources, time, mode: context.mode, language: context.language }
  ]
}

/**
 * The turn's state update, its only one: the question and its answer, the turn's record (plus, once,
 * the transcript of a conversation stored before records existed).
 */
function finishTurn (state: RagStateType, question: string, records: Turn[], message: AIMessage): RagStateUpdate {
  const legacy = state.turns
  return {
    messages: [new HumanMessage(question), message],
    [RECORD_CHANNEL]: legacy.length > 0 ? [...legacy, ...records] : records,
    ...(legacy.length > 0 ? { turns: [] } : {})
  }
}

export function createRagGraph (deps: RagGraphDeps) {
  const maxSearches = deps.maxSearches ?? 3

  /** Searches and numbers the passages after those the model already has; the tool message that carries them. */
  const search = async (context: TurnContext, query: string, toolCallId: string): Promise<ToolMessage> => {
    const started = performance.now()
    let passages: RetrievedPassage[]
    try {
      const result = await deps.knowledgeBase.retrieve(query, { k: deps.retrievalK, signal: context.signal })
      passages = result.found ? result.passages : []
      context.found ||= result.found
    } finally {
      context.timings.retrieval += (performance.now() - started) / 1000
    }
    const first = context.passages.length + 1
    context.passages.push(...passages)
    return new ToolMessage({
      tool_call_id: toolCallId,
      content: formatPassages(query, passages.map((passage, index) => ({ number: first + index, title: passage.title, section: passage.section, text: passage.text })))
    })
  }

  /**
   * Searches with the question (a short follow-up joined with the previous question, and one with a
   * topic of its own also with only that question's names; each side of a comparison on its own)
   * before the model is called. The result is shown to the model as its own first fetch_documents
   * call, the shape it was trained to read search results in.
   */
  const retrieve = async (state: RagStateType, config: LangGraphRunnableConfig): Promise<RagStateUpdate> => {
    const context = contextOf(config)
    const queries = standaloneQueries(context.question, state.messages)
    const calls = queries.map((query, i) => ({ id: `retrieve-${i}`, name: FETCH_DOCUMENTS_TOOL.name, args: { search_query: query }, type: 'tool_call' as const }))
    context.working.push(new AIMessage({ content: '', tool_calls: calls }))
    // One after the other: each numbers its passages after the previous one's.
    for (const call of calls) context.working.push(await search(context, call.args.search_query, call.id))
    return {}
  }

  /** One model call (with failover): it answers, or asks for another search while it may. */
  const generate = async (state: RagStateType, config: LangGraphRunnableConfig): Promise<RagStateUpdate | Command> => {
    const context = contextOf(config)
    const emotion = context.emotion === undefined ? undefined : await context.emotion
    const history = recentHistory(state.messages, deps.historyMessages)
    const canSearch = 1 + context.searches < maxSearches
    const started = performance.now()
    let message: AIMessage
    try {
      context.modelCalls += 1
      message = (await invokeWithFailover(deps.providers, [
        new SystemMessage(systemPrompt({ emotion, maxSearches })), ...history, new HumanMessage(context.question), ...context.working
      ], { tools: canSearch ? FETCH_TOOLS : undefined, signal: context.signal, timeoutMs: deps.llmTimeoutMs, observer: deps.observer, streamedText: () => context.streamedText })).message
    } finally {
      context.timings.llm += (performance.now() - started) / 1000
    }
    if (isToolCall(message) && canSearch) {
      context.pending = message
      return new Command({ goto: 'search' })
    }
    const raw = textOf(message)
    const cited = citedNumbers(raw)
      .map((number) => context.passages[number - 1])
      .filter((passage): passage is RetrievedPassage => passage !== undefined)
    // A model that used relevant documents but forgot the markers: credit the best passage it was given.
    const used = cited.length > 0 ? cited : context.found ? context.passages.slice(0, 1) : []
    context.answer = stripCitations(raw)
    context.sources = distinctSources(used)
    context.mode = 'generative'
    // The model may answer in the question's language or not: what it wrote decides (its first 120
    // words; tens of microseconds for a 2,000-character answer).
    context.language = detectLanguage(context.answer)
    // Same id as the model's message, so a token stream does not repeat the answer.
    return finishTurn(state, context.question, turnRecords(context), new AIMessage({ id: message.id, content: context.answer }))
  }

  /** Runs the model's fetch_documents calls (its rewritten queries). */
  const searchAgain = async (_state: RagStateType, config: LangGraphRunnableConfig): Promise<RagStateUpdate> => {
    const context = contextOf(config)
    const call = context.pending
    context.pending = undefined
    if (call === undefined) return {}
    context.searches += 1
    context.working.push(call)
    for (const toolCall of call.tool_calls ?? []) {
      const query = typeof toolCall.args?.search_query === 'string' ? toolCall.args.search_query.trim() : ''
      context.working.push(toolCall.name !== FETCH_DOCUMENTS_TOOL.name || query === ''
        ? new ToolMessage({ tool_call_id: toolCall.id ?? '', content: `Alat tidak dikenal atau kueri kosong. Gunakan ${FETCH_DOCUMENTS_TOOL.name} dengan search_query.` })
        : await search(context, query, toolCall.id ?? ''))
    }
    return {}
  }

  const extract = async (state: RagStateType, config: LangGraphRunnableConfig): Promise<RagStateUpdate> => {
    const context = contextOf(config)
    const language = detectLanguage(context.question)
    const previousQuestion = conversationSubject(context.question, previousQuestions(state.messages))
    const result = deps.extractive.answer({ question: context.question, passages: context.passages, found: context.found, language, ...(previousQuestion !== undefined ? { previousQuestion } : {}) })
    context.sources = result.sources
    context.answer = result.answer === '' ? NOT_FOUND_ANSWER[language] : result.answer
    context.language = result.answer === '' ? language : result.language
    context.mode = 'extractive'
    return finishTurn(state, context.question, turnRecords(context), new AIMessage(context.answer))
  }

  // Earlier turns the model may see, plus the current question and its answer.
  const graph = new StateGraph(ragState(deps.historyMessages + 2)).addNode('retrieve', retrieve)
  if (deps.providers.length === 0) {
    return graph.addNode('extract', extract)
      .addEdge(START, 'retrieve').addEdge('retrieve', 'extract').addEdge('extract', END)
      .compile({ checkpointer: deps.checkpointer })
  }
  return graph.addNode('generate', generate, { ends: ['search', END] }).addNode('search', searchAgain)
    .addEdge(START, 'retrieve').addEdge('retrieve', 'generate')
    .addEdge('search', 'generate')
    .compile({ checkpointer: deps.checkpointer })
}
export type RagGraph = ReturnType<typeof createRagGraph>
