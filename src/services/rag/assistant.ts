// What the routes call: one turn of a conversation (one turn at a time per conversation, optional
// token streaming), the stored turns, and forgetting a conversation. A conversation belongs to the
// key that uses it: its thread id is the key id plus the conversation id, so two keys using the
// same conversation id hold two conversations, and another key's conversation is simply not found.
import { BaseCallbackHandler } from '@langchain/core/callbacks/base'
import { AIMessageChunk } from '@langchain/core/messages'
import type { BaseCheckpointSaver } from '@langchain/langgraph'
import { createCitationStripper } from './citations.ts'
import { turnContext, type AnswerMode, type RagGraph, type Source, type TurnContext, type Turn } from './graph.ts'
import { linkedSignal } from '../abort.ts'
import type { ConversationLock } from '../conversations/lock.ts'
import { PREFETCHED_CHECKPOINT, type PrefetchedCheckpoint } from '../conversations/saver-records.ts'
import { ServiceError } from '../errors.ts'
import type { Language } from '../text/language.ts'
import type { Tracing } from './tracing.ts'

export interface ChatTurnInput {
  keyId: string
  conversationId: string
  message: string
  /** Tone hint from the voice pipeline's emotion analysis (it may still be on its way). */
  emotion?: string | Promise<string>
  /** Aborts the turn (the client went away). */
  signal?: AbortSignal
  /** Receives the answer's text as it is written (citation markers removed). */
  onToken?: (text: string) => void
  /**
   * Streaming: a promise while the receiver of the tokens cannot take more (its client stopped
   * reading). The model call waits for it before reading its next piece, so the answer is held back
   * at the model rather than buffered for the client.
   */
  ready?: () => Promise<void> | undefined
  /** Where the question came from (metrics, traces). */
  channel?: 'text' | 'voice'
}

export interface ChatTurnResult {
  answer: string
  /** The language the answer is written in, whatever the question's. */
  language: Language
  sources: Source[]
  mode: AnswerMode
  /** Seconds spent in each stage. */
  timings: { retrieval: number, llm: number, total: number }
}

/** What `withTurn`'s `answer` asks: a turn of the conversation whose lock is held. */
export type HeldTurnInput = Omit<ChatTurnInput, 'keyId' | 'conversationId' | 'signal'>

export interface Assistant {
  readonly mode: AnswerMode
  ask: (input: ChatTurnInput) => Promise<ChatTurnResult>
  /**
   * A turn whose question is found while the conversation's lock is held: a voice turn transcribes
   * there, so a storage outage (the lock is Redis's first command of a turn) or a conversation busy
   * with another turn fails the turn before speech-to-text is paid for, with no round trip added.
   * `fn` calls `answer` once, as `ask` (the lock is released when `fn` settles).
   */
  withTurn: <T>(turn: { keyId: string, conversationId: string, signal?: AbortSignal },
    fn: (answer: (input: HeldTurnInput) => Promise<ChatTurnResult>) => Promise<T>) => Promise<T>
  history: (keyId: string, conversationId: string) => Promise<Turn[]>
  forget: (keyId: string, conversationId: string) => Promise<void>
}

export interface AssistantDeps {
  graph: RagGraph
  /** Checkpoints, plus the transcript the saver appends each turn's record to. */
  checkpointer: BaseCheckpointSaver & { transcript: (threadId: string) => Promise<unknown[]> }
  /** Its lock may hand the turn the thread's newest checkpoint, read with the lock (redis-saver.ts's lockAndRead). */
  lock: ConversationLock<PrefetchedCheckpoint>
  mode: AnswerMode
  /** LangSmith tracing, when configured. */
  tracing?: Tracing
  /** Called after every answered turn. */
  onTurn?: (turn: { mode: AnswerMode, channel: 'text' | 'voice', modelCalls: number }) => void
}

/** The thread id namespaces the conversation id by the caller's key: keys never share threads. */
export const threadIdOf = (keyId: string, conversationId: string): string => `${keyId}:${conversationId}`

const round = (seconds: number): number => Math.round(seconds * 1000) / 1000

function wordPieces (text: string): string[] {
  return text.match(/\S+\s*/g) ?? []
}

/** An answer composed at once, handed over in word-sized pieces as fast as the receiver takes them. */
async function sendPieces (input: ChatTurnInput, answer: string): Promise<void> {
  for (const piece of wordPieces(answer)) {
    await input.ready?.()
    input.onToken?.(piece)
  }
}

function notFound (): ServiceError {
  return new ServiceError('not_found', 'CONVERSATION_NOT_FOUND', 'No stored conversation with this id for this API key')
}

/**
 * Counts the text a streamed turn's model calls produce, in the model call itself (awaited before it
 * reads its next chunk). LangGraph's message stream hands each piece on later, from LangChain's
 * background queue: when a model call fails, every piece it produced is counted, sent or not yet,
 * and the failover (invokeWithFailover) knows the caller has part of that answer. Being awaited, it
 * is also where the model call waits while the tokens' receiver cannot take more (`ready`).
 */
class StreamedTextCounter extends BaseCallbackHandler {
  name = 'streamed-text-counter'
  private readonly run: TurnContext
  private readonly ready: () => Promise<void> | undefined

  constructor (run: TurnContext, ready: () => Promise<void> | undefined = () => undefined) {
    super({ _awaitHandler: true })
    this.run = run
    this.ready = ready
  }

  override async handleLLMNewToken (token: string): Promise<void> {
    if (token !== '') this.run.streamedText += 1
    await this.ready()
  }
}

export function createAssistant (deps: AssistantDeps): Assistant {
  const { graph, lock, checkpointer } = deps

  const storedTurns = async (threadId: string): Promise<Turn[]> => {
    const transcript = await checkpointer.transcript(threadId) as Turn[]
    if (transcript.length > 0) return transcript
    // Stored before the transcript existed: every turn is still in the checkpoint (moved on the next turn).
    const snapshot = await graph.getState({ configurable: { thread_id: threadId } })
    return (snapshot.values as { turns?: Turn[] }).turns ?? []
  }

  const runTurn = async (input: ChatTurnInput, run: TurnContext, prefetched: PrefetchedCheckpoint | undefined): Promise<void> => {
    // Checkpoint once, when the run ends: one write per turn instead of one per step is most of the
    // memory cost of a turn. LangGraph writes that checkpoint after an error or an abort too, with
    // the channels as they are then: the run's input is empty (the question is in `run`) and the
    // node that ends the turn writes its question and answer together, so a turn that did not
    // finish leaves the conversation as it was (graph.ts).
    // The turn's signal reaches the nodes' work (search, model call) through `run`, never the graph's
    // config: given there, LangChain rejects the run's caller the moment it aborts while the run goes
    // on in the background, so a cancel that came as the answer was being checkpointed told the
    // client the turn failed while it was stored. Now the run ends as its nodes do: a stored turn is
    // answered, and a cancelled one has stopped writing when its caller hears of it.
    const channel = input.channel ?? 'text'
    const config = {
      configurable: { thread_id: threadIdOf(input.keyId, input.conversationId), [PREFETCHED_CHECKPOINT]: prefetched },
      context: run,
      durability: 'exit' as const,
      ...deps.tracing?.forTurn({ conversationId: input.conversationId, keyId: input.keyId, channel })
    }
    const state = {}
    // An extractive answer is composed at once, so there is nothing to stream from the graph (its
    // message stream adds a callback to every step): run it, then hand the answer over in word-sized
    // pieces, as a generative answer that arrived in one piece is below.
    if (input.onToken === undefined || deps.mode === 'extractive') {
      await graph.invoke(state, config)
      if (input.onToken !== undefined) await sendPieces(input, run.answer)
      return
    }
    const stripper = createCitationStripper()
    let streamed = false
    const callbacks = [...(config.callbacks ?? []), new StreamedTextCounter(run, input.ready)]
    const stream = await graph.stream(state, { ...config, callbacks, streamMode: 'messages' })
    for await (const [chunk, metadata] of stream as AsyncIterable<[AIMessageChunk, { langgraph_node?: string }]>) {
      // Only the model's streamed pieces: a node's finished output message is not a token.
      if (metadata.langgraph_node !== 'generate' || !AIMessageChunk.isInstance(chunk) || typeof chunk.content !== 'string' || chunk.content === '') continue
      const text = stripper.push(chunk.content)
      if (text !== '') { input.onToken(text); streamed = true }
    }
    const rest = stripper.flush()
    if (rest !== '') { input.onToken(rest); streamed = true }
    // A model answer that came in one piece (no token stream): in word-sized pieces all the same.
    if (!streamed) await sendPieces(input, run.answer)
  }

  /**
   * One turn, its conversation's lock held (`lockLost` aborts when that lock is lost; `prefetched`:
   * the checkpoint read with the lock, still the newest while it is held, transcription or not).
   */
  const answerHeld = async (input: ChatTurnInput, lockLost: AbortSignal, prefetched: PrefetchedCheckpoint | undefined, started: number): Promise<ChatTurnResult> => {
    // Not AbortSignal.any(): LangGraph leaves a listener on the signal it is given (see linkedSignal).
    const signal = linkedSignal([input.signal, lockLost])
    const run = turnContext(input.message, {
      emotion: input.emotion === undefined ? undefined : Promise.resolve(input.emotion),
      signal: signal.signal,
      mode: deps.mode
    })
    try {
      await runTurn(input, run, prefetched)
    } catch (error) {
      // A node cut short by the signal fails with its own error (a model client's AbortError): the
      // caller hears why it was cut (the deadline, the client gone, the lock lost).
      throw signal.signal.aborted && !(error instanceof ServiceError) ? signal.signal.reason : error
    } finally {
      signal.dispose()
    }
    deps.onTurn?.({ mode: run.mode, channel: input.channel ?? 'text', modelCalls: run.modelCalls })
    return {
      answer: run.answer,
      language: run.language,
      sources: run.sources,
      mode: run.mode,
      timings: { retrieval: round(run.timings.retrieval), llm: round(run.timings.llm), total: round((performance.now() - started) / 1000) }
    }
  }

  return {
    mode: deps.mode,

    async ask (input) {
      const started = performance.now()
      return await lock.run(threadIdOf(input.keyId, input.conversationId), async (lockLost, prefetched) =>
        await answerHeld(input, lockLost, prefetched, started), input.signal)
    },

    async withTurn (turn, fn) {
      return await lock.run(threadIdOf(turn.keyId, turn.conversationId), async (lockLost, prefetched) =>
        await fn(async (input) => await answerHeld({ ...input, ...turn }, lockLost, prefetched, performance.now())), turn.signal)
    },

    async history (keyId, conversationId) {
      const turns = await storedTurns(threadIdOf(keyId, conversationId))
      if (turns.length === 0) throw notFound()
      return turns
    },

    async forget (keyId, conversationId) {
      const threadId = threadIdOf(keyId, conversationId)
      await lock.run(threadId, async () => {
        if ((await storedTurns(threadId)).length === 0) throw notFound()
        await checkpointer.deleteThread(threadId)
      })
    }
  }
}
