// Where the validated configuration becomes knowledge-base options. Used by the knowledge plugin
// and by the CLIs (ingest, eval, doctor), so they all search the same store the same way.
import type { Env } from '../../schemas/env.ts'
import type { KnowledgeBaseOptions, RedisLike } from '../services/retrieval/types.ts'

export function vectorStoreOf (config: Env): 'local' | 'pinecone' {
  return config.VECTOR_STORE ?? (config.PINECONE_API_KEY === undefined ? 'local' : 'pinecone')
}

/**
 * Pinecone always needs embeddings; the local index turns hybrid (BM25 + vectors) only when
 * EMBEDDINGS_BASE_URL or EMBEDDINGS_API_KEY is set on purpose, so an OPENAI_API_KEY meant for chat
 * does not make every start-up depend on the embeddings API.
 */
export function knowledgeBaseOptions (config: Env, redis: RedisLike | null = null): KnowledgeBaseOptions {
  const store = vectorStoreOf(config)
  const wantsEmbeddings = store === 'pinecone' || config.EMBEDDINGS_BASE_URL !== undefined || config.EMBEDDINGS_API_KEY !== undefined
  return {
    store,
    knowledgeDir: config.KNOWLEDGE_DIR,
    dataDir: config.DATA_DIR,
    chunkSize: config.CHUNK_SIZE,
    chunkOverlap: config.CHUNK_OVERLAP,
    k: config.RETRIEVAL_K,
    minScore: config.RETRIEVAL_MIN_SCORE,
    minSimilarity: config.RETRIEVAL_MIN_SIMILARITY,
    embeddings: wantsEmbeddings
      ? {
          baseURL: config.EMBEDDINGS_BASE_URL ?? config.OPENAI_BASE_URL,
          // Self-hosted OpenAI-compatible servers often need no key, but the client insists on one.
          apiKey: config.EMBEDDINGS_API_KEY ?? config.OPENAI_API_KEY ?? 'not-needed',
          model: config.EMBEDDINGS_MODEL,
          dimensions: config.EMBEDDINGS_DIMENSIONS
        }
      : undefined,
    pinecone: store === 'pinecone' && config.PINECONE_API_KEY !== undefined
      ? { apiKey: config.PINECONE_API_KEY, indexName: config.PINECONE_INDEX_NAME, indexHost: config.PINECONE_INDEX_HOST, namespace: config.PINECONE_NAMESPACE }
      : undefined,
    cache: config.CACHE_ENABLED && redis !== null ? { redis, ttlSeconds: config.CACHE_TTL } : undefined
  }
}
