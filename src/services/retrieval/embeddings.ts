// OpenAI-compatible embeddings, wrapped so every call is timed, logged on failure and counted.
// https://js.langchain.com/docs/integrations/text_embedding/openai
import type { OpenAIEmbeddings } from '@langchain/openai'
import type { EmbeddingsInterface } from '@langchain/core/embeddings'
import { hostOf } from '../address.ts'
import type { Chunk, EmbeddingsOptions, RetrievalLogger, RetrievalMetrics } from './types.ts'

export function createEmbeddings (
  options: EmbeddingsOptions,
  // fetch: the HTTP client, owned and closed by the caller (the service's is ../node-fetch.ts).
  deps: { timeoutMs: number, fetch: typeof globalThis.fetch, logger?: RetrievalLogger, metrics?: RetrievalMetrics }
): EmbeddingsInterface {
  // Loaded on first use: a lexical-only local store never pays for the OpenAI SDK. Queries get no
  // retries (a user is waiting and the local store can fall back to lexical search); ingestion does.
  const clients = new Map<number, Promise<OpenAIEmbeddings>>()
  const openai = async (maxRetries: number): Promise<OpenAIEmbeddings> => {
    let client = clients.get(maxRetries)
    if (client === undefined) {
      client = import('@langchain/openai').then(({ OpenAIEmbeddings }) => new OpenAIEmbeddings({
        model: options.model,
        apiKey: options.apiKey,
        dimensions: options.dimensions,
        timeout: deps.timeoutMs,
        maxRetries,
        batchSize: 256,
        configuration: { fetch: deps.fetch, ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}) }
      }))
      clients.set(maxRetries, client)
    }
    return await client
  }
  // A failure names the server (host only: the URL may carry credentials); without a base URL the SDK's default, OpenAI's.
  const host = hostOf(options.baseURL ?? 'https://api.openai.com/v1')
  // Failures are logged once per outage (and again when the error changes), not once per call: a wrong
  // address failed each of the 60 bundled documents at start-up, a line each. Each call still counts.
  let failing: { message: string, failures: number } | undefined
  const timed = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    const started = performance.now()
    try {
      const result = await call()
      deps.metrics?.('embeddings', performance.now() - started, 'ok')
      if (failing !== undefined) deps.logger?.info({ model: options.model, host, failures: failing.failures }, 'embeddings recovered')
      failing = undefined
      return result
    } catch (error) {
      const durationMs = performance.now() - started
      deps.metrics?.('embeddings', durationMs, 'error')
      const message = error instanceof Error ? error.message : String(error)
      if (failing?.message !== message) {
        deps.logger?.warn({ err: error, durationMs, model: options.model, host }, `embeddings ${what} failed`)
        failing = { message, failures: 0 }
      }
      failing.failures += 1
      throw error
    }
  }
  return {
    embedDocuments: async (texts) => await timed('of documents', async () => await (await openai(2)).embedDocuments(texts)),
    embedQuery: async (text) => await timed('of a query', async () => await (await openai(0)).embedQuery(text))
  }
}

/** What gets embedded for a chunk: its title and section give the vector the passage's context. */
export function embeddingText (chunk: Chunk): string {
  const { title, section } = chunk.metadata
  return [title, section, chunk.text].filter((part) => part !== '').join('\n')
}
