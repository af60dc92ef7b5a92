// Knowledge base and retrieval: what the app and the RAG agent import.
export { createKnowledgeBase, DEFAULT_K } from './knowledge-base.ts'
export { KnowledgeBaseError, type KnowledgeBaseErrorCode } from './errors.ts'
export { cacheKey, normalizeQuery, CACHE_PREFIX } from './cache.ts'
export { LocalStore, DEFAULT_MIN_SCORE, DEFAULT_MIN_SIMILARITY } from './local/store.ts'
export type {
  CacheOptions,
  EmbeddingsOptions,
  IngestSummary,
  KnowledgeBase,
  KnowledgeBaseOptions,
  PineconeOptions,
  RedisLike,
  RetrievalLogger,
  RetrievalMetrics,
  RetrievalResult,
  RetrievedPassage,
  RetrieveOptions,
  SkippedFile
} from './types.ts'
