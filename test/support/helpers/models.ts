// Two fake OpenAI-compatible models wired as the service's providers: the primary (Together AI's
// slot) and the fallback (OpenAI's), closed when the test ends.
import type { Test } from 'tap'
import { startFakeChat, type FakeChat, type Respond } from '../fakes/openai-chat.ts'

export interface ModelPair {
  primary: FakeChat
  fallback: FakeChat
  /** The service's environment for both, with `LLM_TIMEOUT` when one was given. */
  env: Record<string, string>
}

export async function startModelPair (t: Test, options: { primary?: Respond, fallback?: Respond, llmTimeout?: string } = {}): Promise<ModelPair> {
  const primary = await startFakeChat({ apiKey: 'together-key', respond: options.primary })
  const fallback = await startFakeChat({ apiKey: 'openai-key', respond: options.fallback })
  t.teardown(async () => { await primary.close(); await fallback.close() })
  return {
    primary,
    fallback,
    env: {
      TOGETHER_API_KEY: 'together-key',
      TOGETHER_BASE_URL: primary.baseURL,
      OPENAI_API_KEY: 'openai-key',
      OPENAI_BASE_URL: fallback.baseURL,
      ...(options.llmTimeout === undefined ? {} : { LLM_TIMEOUT: options.llmTimeout })
    }
  }
}
