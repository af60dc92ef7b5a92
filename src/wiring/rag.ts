// Where the validated configuration becomes the answering agent's settings: the ordered chat
// providers and LangSmith tracing. Shared by the assistant plugin and `npm run doctor`. A new
// OpenAI-compatible chat provider: its variables in schemas/env.ts and an entry in `available` here;
// another client kind: a factory in src/services/rag/providers.ts.
import type { Env } from '../../schemas/env.ts'
import type { ChatProviderSettings, ChatProviderVariables } from '../services/rag/providers.ts'
import type { TracingSettings } from '../services/rag/tracing.ts'

export type { ChatProviderVariables }

const PROVIDER_VARIABLES: Record<string, ChatProviderVariables> = {
  together: { key: 'TOGETHER_API_KEY', model: 'TOGETHER_MODEL', url: 'TOGETHER_BASE_URL' },
  openai: { key: 'OPENAI_API_KEY', model: 'OPENAI_MODEL', url: 'OPENAI_BASE_URL' },
  custom: { key: 'LLM_API_KEY', model: 'LLM_MODEL', url: 'LLM_BASE_URL' }
}

export function chatProviderVariables (name: string): ChatProviderVariables {
  return PROVIDER_VARIABLES[name] ?? PROVIDER_VARIABLES.custom
}

/** The chat providers to try, in order: LLM_PROVIDERS, or every configured one. */
export function chatProviderSettings (config: Env): ChatProviderSettings[] {
  const available: Record<string, ChatProviderSettings | undefined> = {
    together: config.TOGETHER_API_KEY === undefined
      ? undefined
      : { name: 'together', baseURL: config.TOGETHER_BASE_URL, apiKey: config.TOGETHER_API_KEY, model: config.TOGETHER_MODEL, variables: chatProviderVariables('together') },
    openai: config.OPENAI_API_KEY === undefined
      ? undefined
      : { name: 'openai', baseURL: config.OPENAI_BASE_URL, apiKey: config.OPENAI_API_KEY, model: config.OPENAI_MODEL, variables: chatProviderVariables('openai') },
    custom: config.LLM_BASE_URL === undefined || config.LLM_MODEL === undefined
      ? undefined
      : { name: 'custom', baseURL: config.LLM_BASE_URL, apiKey: config.LLM_API_KEY ?? 'not-needed', model: config.LLM_MODEL, variables: chatProviderVariables('custom') }
  }
  const order = (config.LLM_PROVIDERS ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '')
  const names = order.length > 0 ? order : ['together', 'openai', 'custom']
  return names.map((name) => available[name]).filter((provider): provider is ChatProviderSettings => provider !== undefined)
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
