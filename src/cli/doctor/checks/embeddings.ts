// The embeddings API, when configured: one query embedded, its dimensions checked against the config.
import type { Env as Config } from '../../../../schemas/env.ts'
import { createNodeFetch } from '../../../services/node-fetch.ts'
import { createEmbeddings } from '../../../services/retrieval/embeddings.ts'
import { knowledgeBaseOptions } from '../../../wiring/retrieval.ts'
import type { PlannedCheck } from '../types.ts'
import { hostOf, TEST_QUESTION } from './common.ts'

function embeddingsHints (config: Config): { key: string, url: string } {
  return {
    key: config.EMBEDDINGS_API_KEY !== undefined || config.OPENAI_API_KEY === undefined ? 'EMBEDDINGS_API_KEY' : 'OPENAI_API_KEY',
    url: config.EMBEDDINGS_BASE_URL !== undefined ? 'EMBEDDINGS_BASE_URL' : 'OPENAI_BASE_URL'
  }
}

export function embeddingsCheck (config: Config): PlannedCheck {
  const options = knowledgeBaseOptions(config).embeddings
  if (options === undefined) return { name: 'embeddings', skip: 'not configured (EMBEDDINGS_BASE_URL, EMBEDDINGS_API_KEY): lexical search only' }
  const { key, url } = embeddingsHints(config)
  return {
    name: 'embeddings',
    hints: { key, url, model: 'EMBEDDINGS_MODEL', what: `model "${options.model}"`, host: hostOf(options.baseURL ?? config.OPENAI_BASE_URL) },
    run: async ({ timeoutMs }) => {
      const http = createNodeFetch()
      const embeddings = createEmbeddings(options, { timeoutMs, fetch: http.fetch })
      const vector = await embeddings.embedQuery(TEST_QUESTION).finally(http.close)
      if (vector.length !== config.EMBEDDINGS_DIMENSIONS) {
        return {
          status: 'fail',
          code: 'mismatch',
          detail: `${options.model} returned ${vector.length} dimensions but EMBEDDINGS_DIMENSIONS is ${config.EMBEDDINGS_DIMENSIONS} — the server ignores "dimensions": set EMBEDDINGS_DIMENSIONS=${vector.length} (and a Pinecone index to match)`
        }
      }
      return { status: 'ok', detail: `${options.model}: ${vector.length} dimensions` }
    }
  }
}
