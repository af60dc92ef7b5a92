// The question-answering graph, compiled once with a checkpointer (conversation memory).
// generative: one agent node (model ⇄ fetch_documents, then the answer). extractive (no LLM): extract.
// Per-run data that must not be checkpointed (timings, numbered passages, the token sink) lives in
// an AsyncLocalStorage scope rather than in the graph state.
import { AsyncLocalStorage } from 'node:async_hooks'
import {
  AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage
} from '@langchain/core/messages'
import { Annotation, END, messagesStateReducer, START, StateGraph, type BaseCheckpointSaver, type Messages } from '@langchain/langgraph'
import { citedNumbers, stripCitations } from './citations.ts'
import { FETCH_DOCUMENTS_TOOL, formatPassages, NOT_FOUND_ANSWER, systemPrompt } from './prompts.ts'
import { invokeWithFailover, type ChatProvider, type ProviderCallObserver, type ToolDefinition } from './providers.ts'
import { detectLanguage } from './language.ts'
import { conversationSubject, standaloneQuestion, type ExtractiveAnswerer } from './extractive.ts'
import type { KnowledgeBase, RetrievedPassage } from '../retrieval/index.ts'

export interface Source { title: string, url: string }

export interface Turn {
  role: 'user' | 'assistant'
  text: string
  sources: Source[]
  /** ISO 8601 time the turn was stored. */
  time: string
  mode?: AnswerMode
}

export type AnswerMode = 'generative' | 'extractive'

/**
 * The conversation's state. `messages` is the model's memory, kept to the last `window` messages
 * (only recent history goes to the model), so a turn's checkpoint does not grow with the length of
 * the conversation; `turns` is the full record of questions and answers (GET /v1/conversations).
 */
export function ragState (window: number) {
  return Annotation.Root({
    messages: Annotation<BaseMessage[], Messages>({
      reducer: (current, update) => {
        const merged = messagesStateReducer(current, update)
        return merged.length > window ? merged.slice(-window) : merged
      },
      default: () => []
    }),
    turns: Annotation<Turn[]>({ reducer: (current, update) => current.concat(update), default: () => [] })
  })
}

type RagState = ReturnType<typeof ragState>
export type RagStateType = RagState['State']

export interface RunScope {
  question: string
  /**
   * The speaker's emotion (voice), still being analysed when the turn starts: only the call that
   * writes the answer waits for it, so emotion analysis overlaps the search.
   */
  emotion?: Promise<string>
  signal?: AbortSignal
  timings: { retrieval: number, llm: number }
  passages: RetrievedPassage[]
  sources: Source[]
  answer: string
  mode: AnswerMode
}

export const runScope = new AsyncLocalStorage<RunScope>()

function scope (): RunScope {
  const current = runScope.getStore()
  if (current === undefined) throw new Error('the RAG graph must run inside runScope.run()')
  return current
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

function textOf (message: BaseMessage): string {
  return typeof message.content === 'string'
    ? message.content
    : message.content.map((part) => (typeof part === 'string' ? part : 'text' in part ? String(part.text) : '')).join('')
}

const isHuman = (message: BaseMessage): boolean => message.getType() === 'human'
const isToolCall = (message: BaseMessage): boolean => message.getType() === 'ai' && ((message as AIMessage).tool_calls?.length ?? 0) > 0

/** Index of the current turn's question: the last human message. */
function currentTurnStart (messages: BaseMessage[]): number {
  for (let index = messages.length - 1; index >= 0; index--) if (isHuman(messages[index] as BaseMessage)) return index
  return 0
}

/** Earlier turns as plain question/answer pairs, the last `limit` messages of them. */
export function recentHistory (messages: BaseMessage[], limit: number): BaseMessage[] {
  const earlier = messages.slice(0, currentTurnStart(messages))
    .filter((message) => isHuman(message) || (message.getType() === 'ai' && !isToolCall(message)))
  const recent = limit > 0 ? earlier.slice(-limit) : []
  // Never open with an answer whose question was cut off.
  while (recent.length > 0 && !isHuman(recent[0] as BaseMessage)) recent.shift()
  return recent
}

function sourcesOf (passages: RetrievedPassage[]): Source[] {
  const seen = new Set<string>()
  const sources: Source[] = []
  for (const passage of passages) {
    const key = `${passage.url}\n${passage.title}`
    if (seen.has(key)) continue
    seen.add(key)
    sources.push({ title: passage.title, url: passage.url })
  }
  return sources
}

/** The user's earlier questions, oldest first. */
function previousQuestions (history: BaseMessage[]): string[] {
  return history.filter(isHuman).map(textOf)
}

/** A follow-up like "kalau biayanya?" means little alone: without a model, lean on its subject's question. */
export function standaloneQuery (question: string, history: BaseMessage[]): string {
  return standaloneQuestion(question, previousQuestions(history))
}

export function createRagGraph (deps: RagGraphDeps) {
  const maxSearches = deps.maxSearches ?? 3

  const retrieve = async (query: string): Promise<{ passages: RetrievedPassage[], found: boolean }> => {
    const run = scope()
    const started = performance.now()
    try {
      const result = await deps.knowledgeBase.retrieve(query, { k: deps.retrievalK, signal: run.signal })
      return { passages: result.found ? result.passages : [], found: result.found }
    } finally {
      run.timings.retrieval += (performance.now() - started) / 1000
    }
  }

  const turnRecords = (question: string, answer: string, sources: Source[], mode: AnswerMode): Turn[] => {
    const time = new Date().toISOString()
    return [{ role: 'user', text: question, sources: [], time }, { role: 'assistant', text: answer, sources, time, mode }]
  }

  /** One model call (with failover); its time counts as LLM time. */
  const callModel = async (prompt: BaseMessage[], searches: number): Promise<AIMessage> => {
    const run = scope()
    const started = performance.now()
    try {
      const { message } = await invokeWithFailover(deps.providers, prompt, {
        tools: searches < maxSearches ? FETCH_TOOLS : undefined,
        signal: run.signal,
        timeoutMs: deps.llmTimeoutMs,
        observer: deps.observer
      })
      return message
    } finally {
      run.timings.llm += (performance.now() - started) / 1000
    }
  }

  /** Runs the model's fetch_documents calls; the passages are numbered across the whole turn. */
  const runTools = async (call: AIMessage): Promise<ToolMessage[]> => {
    const run = scope()
    const replies: ToolMessage[] = []
    for (const toolCall of call.tool_calls ?? []) {
      const query = typeof toolCall.args?.search_query === 'string' ? toolCall.args.search_query.trim() : ''
      if (toolCall.name !== FETCH_DOCUMENTS_TOOL.name || query === '') {
        replies.push(new ToolMessage({ tool_call_id: toolCall.id ?? '', content: `Alat tidak dikenal atau kueri kosong. Gunakan ${FETCH_DOCUMENTS_TOOL.name} dengan search_query.` }))
        continue
      }
      const { passages } = await retrieve(query)
      const first = run.passages.length + 1
      run.passages.push(...passages)
      replies.push(new ToolMessage({
        tool_call_id: toolCall.id ?? '',
        content: formatPassages(query, passages.map((passage, index) => ({ number: first + index, title: passage.title, section: passage.section, text: passage.text })))
      }))
    }
    return replies
  }

  /**
   * The agent: the model searches with fetch_documents (rewriting the question into a standalone
   * query) as often as it needs, up to maxSearches, then answers. The loop runs inside one graph
   * node: with the checkpoint written once per turn, separate agent/tools nodes would only add
   * per-step work, and the tool traffic never enters the stored conversation.
   */
  const agent = async (state: RagStateType): Promise<Partial<RagStateType>> => {
    const run = scope()
    const history = recentHistory(state.messages, deps.historyMessages)
    const turn: BaseMessage[] = state.messages.slice(currentTurnStart(state.messages))
    let searches = 0
    let final: AIMessage
    for (;;) {
      // The first call usually only picks a search; the tone matters once documents are in.
      const emotion = searches > 0 && run.emotion !== undefined ? await run.emotion : undefined
      const message = await callModel([new SystemMessage(systemPrompt({ emotion, maxSearches })), ...history, ...turn], searches)
      if (!isToolCall(message) || searches >= maxSearches) { final = message; break }
      turn.push(message, ...await runTools(message))
      searches++
    }
    const raw = textOf(final)
    const cited = citedNumbers(raw)
      .map((number) => run.passages[number - 1])
      .filter((passage): passage is RetrievedPassage => passage !== undefined)
    // A model that used the documents but forgot the markers: credit the best passage it was given.
    const used = cited.length > 0 ? cited : run.passages.slice(0, 1)
    const answer = stripCitations(raw)
    run.sources = sourcesOf(used)
    run.answer = answer
    run.mode = 'generative'
    return {
      // Same id as the model's message, so a token stream does not repeat the answer.
      messages: [new AIMessage({ id: final.id, content: answer })],
      turns: turnRecords(run.question, answer, run.sources, 'generative')
    }
  }

  const extract = async (state: RagStateType): Promise<Partial<RagStateType>> => {
    const run = scope()
    const history = state.messages.slice(0, currentTurnStart(state.messages))
    const { passages, found } = await retrieve(standaloneQuery(run.question, history))
    const language = detectLanguage(run.question)
    const previousQuestion = conversationSubject(run.question, previousQuestions(history))
    const result = deps.extractive.answer({ question: run.question, passages, found, language, ...(previousQuestion !== undefined ? { previousQuestion } : {}) })
    run.passages = passages
    run.sources = result.sources
    run.answer = result.answer === '' ? NOT_FOUND_ANSWER[language] : result.answer
    run.mode = 'extractive'
    return {
      messages: [new AIMessage(run.answer)],
      turns: turnRecords(run.question, run.answer, run.sources, 'extractive')
    }
  }

  // Earlier turns the model may see, plus the current question and its answer.
  const graph = new StateGraph(ragState(deps.historyMessages + 2))
  if (deps.providers.length === 0) {
    return graph.addNode('extract', extract).addEdge(START, 'extract').addEdge('extract', END)
      .compile({ checkpointer: deps.checkpointer })
  }
  return graph.addNode('agent', agent).addEdge(START, 'agent').addEdge('agent', END)
    .compile({ checkpointer: deps.checkpointer })
}
export type RagGraph = ReturnType<typeof createRagGraph>

export function humanMessage (text: string): HumanMessage {
  return new HumanMessage(text)
}
