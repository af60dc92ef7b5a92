// Where the configuration becomes the answering agent's limits: conversation memory, the graph's
// budgets and the per-conversation lock. Chat providers and tracing come from ./rag.ts.
import type { Env } from '../../schemas/env.ts'

export interface AssistantSettings {
  /** Conversations kept when memory is in-process (no Redis). */
  maxConversations: number
  conversationTtlSeconds: number
  retrievalK: number
  historyMessages: number
  llmTimeoutMs: number
  maxSearches: number
  /** How long a turn waits for its conversation's lock. */
  lockWaitMs: number
}

export function assistantSettings (config: Env): AssistantSettings {
  return {
    maxConversations: config.MAX_CONVERSATIONS,
    conversationTtlSeconds: config.CONVERSATION_TTL,
    retrievalK: config.RETRIEVAL_K,
    historyMessages: config.HISTORY_MESSAGES,
    llmTimeoutMs: config.LLM_TIMEOUT * 1000,
    maxSearches: config.MAX_SEARCHES,
    lockWaitMs: config.CONVERSATION_LOCK_WAIT * 1000
  }
}
