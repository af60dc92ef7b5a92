// The knowledge base the app and the RAG agent use: one facade over the two stores (backends/local.ts,
// the embedded index; backends/pinecone.ts), with the relevance floor, the two-tier result cache
// (in-process memo, then Redis) and the ingest pipeline (ingest.ts), one ingest or removal at a time.
import { dirname, relative, resolve, sep } from 'node:path'
import { cacheKey, createMemoCache, createRetrievalCache } from './cache.ts'
import type { RetrievalCache } from './cache.ts'
import { DEFAULT_CHUNKING } from './chunking.ts'
import { createEmbeddings } from './embeddings.ts'
import { createNodeFetch, type NodeFetch } from '../node-fetch.ts'
import { ingestFiles, removeInputs } from './ingest.ts'
import { localBackend } from './backends/local.ts'
import { pineconeBackend } from './backends/pinecone.ts'
import { DEFAULT_MIN_SCORE, DEFAULT_MIN_SIMILARITY } from './local/store.ts'
import { createPineconeStore } from './backends/pinecone-store.ts'
import { isInside, KnowledgeBaseError, messageOf, round } from './backends/backend.ts'
import type { Backend, Context } from './backends/backend.ts'
import type { IngestSummary, KnowledgeBase, KnowledgeBaseOptions, RetrievalResult, RetrievedPassage, RetrieveOptions } from './types.ts'

export { KnowledgeBaseError, type KnowledgeBaseErrorCode } from './errors.ts'

export const DEFAULT_K = 10
const DEFAULT_TIMEOUT_MS = 10_000
/** How long a result stays in the in-process tier (see createMemoCache). */
const MEMO_TTL_MS = 60_000

export async function createKnowledgeBase (options: KnowledgeBaseOptions): Promise<KnowledgeBase> {
  const knowledgeDir = resolve(options.knowledgeDir)
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const context: Context = {
    options,
    chunking: {
      chunkSize: options.chunkSize ?? DEFAULT_CHUNKING.chunkSize,
      chunkOverlap: options.chunkOverlap ?? DEFAULT_CHUNKING.chunkOverlap
    },
    k: options.k ?? DEFAULT_K,
    minScore: options.minScore ?? DEFAULT_MIN_SCORE,
    minSimilarity: options.minSimilarity ?? DEFAULT_MIN_SIMILARITY,
    timeoutMs,
    logger: options.logger,
    metrics: options.metrics,
    knowledgeDir,
    pathOf: (absolutePath, root) => {
      const base = isInside(absolutePath, knowledgeDir) || root === undefined ? dirname(knowledgeDir) : dirname(root)
      return relative(base, absolutePath).split(sep).join('/')
    },
    folderPathOf: (absoluteFolder) => {
      const inside = absoluteFolder === knowledgeDir || isInside(absoluteFolder, knowledgeDir)
      return relative(inside ? dirname(knowledgeDir) : dirname(absoluteFolder), absoluteFolder).split(sep).join('/')
    }
  }
  if (context.chunking.chunkSize < 50) throw new KnowledgeBaseError('INVALID_OPTIONS', 'chunkSize must be at least 50 characters')
  if (context.chunking.chunkOverlap < 0 || context.chunking.chunkOverlap >= context.chunking.chunkSize) {
    throw new KnowledgeBaseError('INVALID_OPTIONS', 'chunkOverlap must be between 0 and chunkSize')
  }
  // The embeddings client's connection pool (node:http, less CPU per call than the built-in fetch),
  // closed with the knowledge base.
  let http: NodeFetch | undefined
  if (options.embeddings !== undefined) {
    http = createNodeFetch()
    context.embeddings = createEmbeddings(options.embeddings, { timeoutMs, fetch: http.fetch, logger: options.logger, metrics: options.metrics })
  }

  let backend: Backend
  try {
    if (options.store === 'pinecone') {
      if (options.pinecone === undefined) throw new KnowledgeBaseError('INVALID_OPTIONS', 'the Pinecone store needs `pinecone` options (apiKey, indexName)')
      if (context.embeddings === undefined || options.embeddings === undefined) {
        throw new KnowledgeBaseError('INVALID_OPTIONS', 'the Pinecone store needs `embeddings` options (apiKey, model, dimensions)')
      }
      backend = pineconeBackend(context, createPineconeStore({ ...options.pinecone, embeddings: context.embeddings, timeoutMs }), options.embeddings.dimensions)
    } else {
      backend = await localBackend(context, async (local, inputs) => await ingestFiles(context, local, inputs))
    }
  } catch (error) {
    http?.close()
    throw error
  }

  const cache: RetrievalCache | undefined = options.cache === undefined
    ? undefined
    : createRetrievalCache({ ...options.cache, logger: options.logger, metrics: options.metrics })
  const memo = createMemoCache({ maxEntries: options.memoEntries ?? 500, ttlMs: MEMO_TTL_MS })
  let closed = false
  let ingesting: Promise<unknown> = Promise.resolve()

  return {
    store: options.store,

    async retrieve (query: string, retrieveOptions: RetrieveOptions = {}): Promise<RetrievalResult> {
      if (closed) throw new KnowledgeBaseError('CLOSED', 'the knowledge base is closed')
      const k = retrieveOptions.k ?? context.k
      if (query.trim() === '') return { passages: [], found: false, cached: false }
      retrieveOptions.signal?.throwIfAborted()
      const key = cacheKey(query, options.store, k, backend.version())
      const remembered = memo.get(key)
      context.metrics?.('memo_get', 0, remembered === undefined ? 'miss' : 'hit')
      if (remembered !== undefined) return { ...remembered, cached: true }
      const hit = await cache?.get(key)
      if (hit !== undefined) {
        memo.set(key, hit)
        return { ...hit, cached: true }
      }

      const started = performance.now()
      let passages: RetrievedPassage[]
      try {
        passages = await backend.search(query, k, retrieveOptions.signal)
      } catch (error) {
        const durationMs = performance.now() - started
        context.metrics?.('retrieve', durationMs, 'error')
        if (retrieveOptions.signal?.aborted === true) throw error
        context.logger?.error({ err: error, durationMs, store: options.store }, 'retrieval failed')
        throw error instanceof KnowledgeBaseError
          ? error
          : new KnowledgeBaseError('STORE_UNAVAILABLE', `the ${options.store} knowledge store failed: ${messageOf(error)}`, { cause: error })
      }
      const durationMs = performance.now() - started
      context.metrics?.('retrieve', durationMs, 'ok')
      const result = { passages, found: passages.length > 0 }
      context.logger?.info({ store: options.store, durationMs: round(durationMs), passages: passages.length, found: result.found }, 'retrieved passages')
      memo.set(key, result)
      await cache?.set(key, result)
      return { ...result, cached: false }
    },

    async check (): Promise<void> {
      if (closed) throw new KnowledgeBaseError('CLOSED', 'the knowledge base is closed')
      await backend.check()
    },

    async ingest (paths: string[], onProgress?: (done: number, total: number) => void): Promise<IngestSummary> {
      if (closed) throw new KnowledgeBaseError('CLOSED', 'the knowledge base is closed')
      // One ingest at a time, so a document is never replaced by two runs at once.
      const run = ingesting.then(async () => await ingestFiles(context, backend, paths, onProgress))
      ingesting = run.catch(() => {})
      return await run
    },

    async remove (paths: string[]): Promise<number> {
      if (closed) throw new KnowledgeBaseError('CLOSED', 'the knowledge base is closed')
      const run = ingesting.then(async () => await removeInputs(context, backend, paths))
      ingesting = run.catch(() => {})
      return await run
    },

    async close (): Promise<void> {
      closed = true
      backend.close()
      await ingesting
      http?.close()
    }
  }
}
