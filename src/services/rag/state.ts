// What a conversation's checkpoint holds, and the helpers that read it. Only the model's memory
// (the last few messages) and the newest turn's record live in the checkpoint: the full transcript
// is the append-only record the saver keeps beside it (see conversations/transcript.ts), so a
// turn's checkpoint does not grow with the length of the conversation. The messages are those of
// finished turns only: a turn's question is written with its answer (graph.ts).
import type { BaseMessage } from '@langchain/core/messages'
import { Annotation, messagesStateReducer, type Messages } from '@langchain/langgraph'
import { searchTexts } from './extractive/follow-up.ts'
import type { Language } from '../text/language.ts'

export interface Source { title: string, url: string }

export type AnswerMode = 'generative' | 'extractive'

export interface Turn {
  role: 'user' | 'assistant'
  text: string
  sources: Source[]
  /** ISO 8601 time the turn was stored. */
  time: string
  mode?: AnswerMode
  /** The answer's language (assistant turns stored since it was recorded). */
  language?: Language
}

/** The state channel whose value (this turn's records) the saver appends to the transcript. */
export const RECORD_CHANNEL = 'record'

export function ragState (window: number) {
  return Annotation.Root({
    messages: Annotation<BaseMessage[], Messages>({
      reducer: (current, update) => {
        const merged = messagesStateReducer(current, update)
        return merged.length > window ? merged.slice(-window) : merged
      },
      default: () => []
    }),
    /** This turn's question and answer: replaced every turn, appended to the transcript by the saver. */
    [RECORD_CHANNEL]: Annotation<Turn[]>({ reducer: (_current, update) => update, default: () => [] }),
    /**
     * Conversations stored before the transcript existed kept every turn here. Read once, moved
     * into the record of the next turn (so into the transcript), then emptied.
     */
    turns: Annotation<Turn[]>({ reducer: (_current, update) => update, default: () => [] })
  })
}

type RagState = ReturnType<typeof ragState>
export type RagStateType = RagState['State']
export type RagStateUpdate = RagState['Update']

export function textOf (message: BaseMessage): string {
  return typeof message.content === 'string'
    ? message.content
    : message.content.map((part) => (typeof part === 'string' ? part : 'text' in part ? String(part.text) : '')).join('')
}

export const isHuman = (message: BaseMessage): boolean => message.getType() === 'human'
export const isToolCall = (message: BaseMessage): boolean =>
  message.getType() === 'ai' && ((message as { tool_calls?: unknown[] }).tool_calls?.length ?? 0) > 0

/** Earlier turns as plain question/answer pairs, the last `limit` messages of them. */
export function recentHistory (messages: BaseMessage[], limit: number): BaseMessage[] {
  const earlier = messages.filter((message) => isHuman(message) || (message.getType() === 'ai' && !isToolCall(message)))
  const recent = limit > 0 ? earlier.slice(-limit) : []
  // Never open with an answer whose question was cut off.
  while (recent.length > 0 && !isHuman(recent[0] as BaseMessage)) recent.shift()
  return recent
}

/** The user's earlier questions, oldest first. */
export function previousQuestions (history: BaseMessage[]): string[] {
  return history.filter(isHuman).map(textOf)
}

/**
 * What to search with before any model call: a follow-up like "kalau biayanya?" means little alone,
 * so it leans on its subject's question ("What about the fees?", with a topic of its own, is searched
 * also with only that question's names); a comparison searches for each of the two things compared.
 */
export function standaloneQueries (question: string, history: BaseMessage[]): string[] {
  return searchTexts(question, previousQuestions(history))
}
