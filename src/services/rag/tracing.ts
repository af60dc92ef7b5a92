// LangSmith tracing of the agent, when switched on: an explicit tracer with its own client, so the
// settings come from the validated config (LANGSMITH_* or the older LANGCHAIN_* names) and nothing
// is sent anywhere when tracing is off.
import { LangChainTracer } from '@langchain/core/tracers/tracer_langchain'
import { Client } from 'langsmith'
import type { Env } from '../../../schemas/env.ts'

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

/** LangSmith settings when tracing is switched on (LANGSMITH_* names win over LANGCHAIN_*). */
export function tracingSettings (config: Env): TracingSettings | undefined {
  if (!config.LANGSMITH_TRACING && !config.LANGCHAIN_TRACING_V2) return undefined
  return {
    apiKey: config.LANGSMITH_API_KEY ?? config.LANGCHAIN_API_KEY as string,
    project: config.LANGSMITH_PROJECT ?? config.LANGCHAIN_PROJECT ?? 'itb-chatbot',
    endpoint: config.LANGSMITH_ENDPOINT
  }
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
