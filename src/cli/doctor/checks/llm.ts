// Each configured language model: one tiny completion with the service's own client.
import { HumanMessage } from '@langchain/core/messages'
import { createChatProviders, type ChatProviderSettings } from '../../../services/rag/providers.ts'
import { createNodeFetch } from '../../../services/node-fetch.ts'
import { brief } from '../../../services/vendor-call.ts'
import { chatProviderVariables } from '../../../wiring/rag.ts'
import type { PlannedCheck } from '../types.ts'
import { hostOf, TEST_PROMPT } from './common.ts'

const LLM_MAX_TOKENS = 8

export function llmCheck (settings: ChatProviderSettings): PlannedCheck {
  const variables = chatProviderVariables(settings.name)
  return {
    name: `llm:${settings.name}`,
    hints: {
      key: variables.key,
      model: `${variables.model} and ${variables.url}`,
      what: `model "${settings.model}"`,
      url: variables.url,
      host: hostOf(settings.baseURL)
    },
    run: async ({ signal }) => {
      const http = createNodeFetch()
      const [provider] = createChatProviders([settings], http.fetch, { maxTokens: LLM_MAX_TOKENS })
      const reply = await provider.chat.invoke([new HumanMessage(TEST_PROMPT)], { signal }).finally(http.close)
      const text = reply.text.replace(/\s+/g, ' ').trim()
      return { status: 'ok', detail: `${settings.model} answered ${text === '' ? '(an empty reply)' : `"${brief(text, 40)}"`}` }
    }
  }
}
