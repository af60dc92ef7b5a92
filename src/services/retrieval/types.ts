// Shared shapes of the knowledge base: what the app and the RAG agent see, and what the stores exchange.

export interface RetrievedPassage {
  /** Stable chunk id (derived from the document path and the chunk position). */
  id: string
  text: string
  title: string
  /** The document's official page (front-matter `source`), or its path when it has none. */
  url: string
  /** Path of the source file relative to the ingest root's parent, e.g. `knowledge/sejarah-itb.md`. */
  path: string
  section: string
  /**
   * Relevance in [0, 1] that the floor is applied to: the IDF-weighted share of the query's terms found
   * in the passage (lexical), the cosine similarity (vectors), or the larger of the two (hybrid).
   */
  score: number
}

export interface RetrievalResult {
  passages: RetrievedPassage[]
  /** False when no passage passes the relevance floor (then `passages` is empty). */
  found: boolean
  cached: boolean
}

export interface SkippedFile {
  path: string
  reason: string
}

export interface IngestSummary {
  documents: number
  chunks: number
  /** Chunks deleted because their document shrank or disappeared. */
  removed: number
  skipped: SkippedFile[]
}

export interface RetrieveOptions {
  k?: number
  signal?: AbortSignal
}

export interface KnowledgeBase {
  readonly store: 'local' | 'pinecone'
  retrieve: (query: string, options?: RetrieveOptions) => Promise<RetrievalResult>
  /** Readiness: throws a clear error when the index is not loaded or the vector store is unreachable. */
  check: () => Promise<void>
  /** Indexes files or folders; what lies outside the knowledge directory stays until `remove`d. */
  ingest: (paths: string[], onProgress?: (done: number, total: number) => void) => Promise<IngestSummary>
  /** Removes the documents ingested from these files or folders (which may no longer exist). */
  remove: (paths: string[]) => Promise<number>
  close: () => Promise<void>
}

/** pino-compatible subset. */
export interface RetrievalLogger {
  info: (obj: object, msg?: string) => void
  warn: (obj: object, msg?: string) => void
  error: (obj: object, msg?: string) => void
}

/**
 * Called once per external or expensive operation. Names: `retrieve`, `embeddings`, `vector_store`,
 * `cache_get`, `cache_set`, `memo_get` (the in-process tier), `index_load`, `index_build`, `ingest`.
 */
export type RetrievalMetrics = (name: string, durationMs: number, outcome: 'ok' | 'error' | 'hit' | 'miss' | 'timeout') => void

export interface EmbeddingsOptions {
  /** Any OpenAI-compatible server; omit for api.openai.com. */
  baseURL?: string
  apiKey: string
  model: string
  dimensions: number
}

export interface PineconeOptions {
  apiKey: string
  indexName: string
  /** Data-plane host; skips the control-plane lookup (`http://127.0.0.1:PORT` reaches a local fake). */
  indexHost?: string
  namespace?: string
}

/** The two ioredis calls the cache needs, so any compatible client (or a fake) can be passed. */
export interface RedisLike {
  get: (key: string) => Promise<string | null>
  set: (key: string, value: string, mode: 'EX', seconds: number) => Promise<unknown>
}

export interface CacheOptions {
  redis: RedisLike
  ttlSeconds: number
  /** A slower Redis answer is treated as a miss (default 100 ms). */
  timeoutMs?: number
}

export interface KnowledgeBaseOptions {
  store: 'local' | 'pinecone'
  /** Folder rebuilt into the local index at start-up when its contents changed. */
  knowledgeDir: string
  /** Where the local index and its manifest are persisted. */
  dataDir: string
  chunkSize?: number
  chunkOverlap?: number
  /** Passages returned per query (default 10). */
  k?: number
  /** Lexical floor: IDF-weighted share of query terms a passage must contain (default 0.25). */
  minScore?: number
  /** Vector floor: cosine similarity a passage must reach (default 0.3). */
  minSimilarity?: number
  /** Required for Pinecone; turns the local store into hybrid (BM25 + vectors) search. */
  embeddings?: EmbeddingsOptions
  pinecone?: PineconeOptions
  cache?: CacheOptions
  /** Results kept in process memory (most recently used, 60 s each) in front of `cache`; 0 turns it off (default 500). */
  memoEntries?: number
  /** Timeout of each embeddings or Pinecone call (default 10 s). */
  timeoutMs?: number
  /**
   * How often the local index's manifest is checked for a newer index written by another process
   * (`npm run ingest`), which is then loaded (default 2 s; 0 turns it off).
   */
  reloadIntervalMs?: number
  /** Local store's lexical engine; only `npm run eval -- --engine=minisearch` sets it (a comparison run). */
  lexicalEngine?: 'orama' | 'minisearch'
  logger?: RetrievalLogger
  metrics?: RetrievalMetrics
}

export interface DocumentMetadata {
  title: string
  /** Official URL, or the path when the document has none. */
  source: string
  path: string
  language: string
  updated?: string
}

export interface ChunkMetadata {
  source: string
  path: string
  title: string
  section: string
  position: number
  language: string
}

export interface Chunk {
  id: string
  text: string
  metadata: ChunkMetadata
}
