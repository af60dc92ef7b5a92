// LangSmith tracing of the agent, when switched on: an explicit tracer with its own client, so the
// settings come from the validated config (src/wiring/rag.ts maps LANGSMITH_* or the older
// LANGCHAIN_* names) and nothing is sent anywhere when tracing is off.
import { LangChainTracer } from '@langchain/core/tracers/tracer_langchain'
import { Client } from 'langsmith'

export interface TracingSettings {
  apiKey: string
  project: string
  endpoint?: string
}

export interface Tracing {
  /** Callbacks and metadata for one turn: the conversation and the caller's key id travel with the trace. */
  forTurn: (metadata: { conversationId: string, keyId: string, channel: 'text' | 'voice' }) => { callbacks: LangChainTracer[], metadata: Record<string, string>, tags: string[] }
  flush: () => Promise<void>
}

export function createTracing (settings: TracingSettings): Tracing {
  const client = new Client({ apiKey: settings.apiKey, apiUrl: settings.endpoint })
  const tracer = new LangChainTracer({ projectName: settings.project, client })
  return {
    forTurn: ({ conversationId, keyId, channel }) => ({
      callbacks: [tracer],
      metadata: { conversation_id: conversationId, key_id: keyId, channel },
      tags: ['itb-chatbot', channel]
    }),
    flush: async () => { await client.awaitPendingTraceBatches() }
  }
}
