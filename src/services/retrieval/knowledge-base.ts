// The knowledge base the app and the RAG agent use: one interface over the embedded Orama index and
// Pinecone, with the relevance floor, the optional Redis cache, and the ingest pipeline
// (collect → load → chunk → embed → replace per document).
import { readFile, stat } from 'node:fs/promises'
import { dirname, relative, resolve, sep } from 'node:path'
import { cacheKey, createMemoCache, createRetrievalCache } from './cache.ts'
import type { RetrievalCache } from './cache.ts'
import { DEFAULT_CHUNKING, splitDocument } from './chunking.ts'
import { createEmbeddings } from './embeddings.ts'
import { collectFiles, loadDocument } from './loaders.ts'
import type { CollectedFile } from './loaders.ts'
import { localBackend } from './local-backend.ts'
import { contentHash } from './local-index-file.ts'
import { DEFAULT_MIN_SCORE, DEFAULT_MIN_SIMILARITY } from './local-store.ts'
import { createPineconeStore } from './pinecone-store.ts'
import type { PineconePassageStore } from './pinecone-store.ts'
import { isInside, KnowledgeBaseError, messageOf, round, toPassage } from './store-backend.ts'
import type { Backend, Context } from './store-backend.ts'
import { abortable } from '../abort.ts'
import type { Chunk, IngestSummary, KnowledgeBase, KnowledgeBaseOptions, RetrievalResult, RetrievedPassage, RetrieveOptions, SkippedFile } from './types.ts'

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
  if (options.embeddings !== undefined) {
    context.embeddings = createEmbeddings(options.embeddings, { timeoutMs, logger: options.logger, metrics: options.metrics })
  }

  let backend: Backend
  if (options.store === 'pinecone') {
    if (options.pinecone === undefined) throw new KnowledgeBaseError('INVALID_OPTIONS', 'the Pinecone store needs `pinecone` options (apiKey, indexName)')
    if (context.embeddings === undefined || options.embeddings === undefined) {
      throw new KnowledgeBaseError('INVALID_OPTIONS', 'the Pinecone store needs `embeddings` options (apiKey, model, dimensions)')
    }
    backend = pineconeBackend(context, createPineconeStore({ ...options.pinecone, embeddings: context.embeddings, timeoutMs }), options.embeddings.dimensions)
  } else {
    backend = await localBackend(context, async (local, inputs) => await ingestFiles(context, local, inputs))
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
    }
  }
}

async function ingestFiles (
  context: Context,
  backend: Backend,
  inputs: string[],
  onProgress?: (done: number, total: number) => void
): Promise<IngestSummary> {
  const started = performance.now()
  const { files, missing } = await collectFiles(inputs)
  const summary: IngestSummary = { documents: 0, chunks: 0, removed: 0, skipped: [...missing] }
  const seen = new Set<string>()
  // Content hash of every file inside the knowledge directory this run processed (null: vanished).
  const knowledgeFiles = new Map<string, string | null>()
  onProgress?.(0, files.length)
  for (const [i, file] of files.entries()) {
    const path = context.pathOf(file.absolutePath, file.root)
    seen.add(path)
    const skipped = await ingestFile(context, backend, file, path, summary)
    if (skipped !== undefined) summary.skipped.push(skipped)
    if (isInside(file.absolutePath, context.knowledgeDir)) {
      knowledgeFiles.set(path, await readFile(file.absolutePath).then(contentHash, () => null))
    }
    onProgress?.(i + 1, files.length)
  }
  const added: string[] = []
  for (const input of inputs) {
    const absolute = resolve(input)
    const info = await stat(absolute).catch(() => undefined)
    if (info === undefined) continue
    if (absolute !== context.knowledgeDir && !isInside(absolute, context.knowledgeDir)) added.push(absolute)
    if (info.isDirectory()) summary.removed += await backend.removeVanished(context.folderPathOf(absolute), seen)
  }
  await backend.afterIngest(knowledgeFiles, { added, removed: [] })
  const durationMs = performance.now() - started
  context.metrics?.('ingest', durationMs, 'ok')
  context.logger?.info({ ...summary, skipped: summary.skipped.length, durationMs: round(durationMs) }, 'ingest finished')
  return summary
}

/** Removes what was ingested from each path: the file's document, or every document under the folder. */
async function removeInputs (context: Context, backend: Backend, inputs: string[]): Promise<number> {
  let removed = 0
  const absolutes = inputs.map((input) => resolve(input))
  for (const absolute of absolutes) {
    // The path may be gone already, so both readings are tried: a file's document and a folder's.
    removed += await backend.removeDocuments(context.pathOf(absolute, dirname(absolute)), context.folderPathOf(absolute))
  }
  await backend.afterIngest(new Map(), { added: [], removed: absolutes })
  context.logger?.info({ inputs, removed }, 'documents removed')
  return removed
}

async function ingestFile (context: Context, backend: Backend, file: CollectedFile, path: string, summary: IngestSummary): Promise<SkippedFile | undefined> {
  const loaded = await loadDocument(file.absolutePath, path)
  if (!loaded.ok) return loaded.skipped
  let chunks: Chunk[]
  try {
    chunks = await splitDocument(loaded.document, context.chunking)
  } catch (error) {
    return { path, reason: `could not be split: ${messageOf(error)}` }
  }
  try {
    const outcome = await backend.replaceDocument(path, chunks)
    summary.documents += 1
    summary.chunks += chunks.length
    summary.removed += outcome.removed
    return undefined
  } catch (error) {
    context.logger?.error({ err: error, path }, 'indexing a document failed')
    return { path, reason: `indexing failed: ${messageOf(error)}` }
  }
}

// Pinecone --------------------------------------------------------------------------------------

function pineconeBackend (context: Context, pinecone: PineconePassageStore, dimensions: number): Backend {
  const { metrics } = context
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const started = performance.now()
    try {
      const result = await call()
      metrics?.('vector_store', performance.now() - started, 'ok')
      return result
    } catch (error) {
      metrics?.('vector_store', performance.now() - started, 'error')
      throw error
    }
  }
  return {
    async search (query, k, signal) {
      const hits = await abortable(timed(async () => await pinecone.search(query, k)), signal)
      return hits
        .filter((hit) => hit.similarity >= context.minSimilarity)
        .map((hit) => toPassage(hit.chunk, hit.similarity))
    },
    async replaceDocument (path, chunks) {
      return await timed(async () => await pinecone.replaceDocument(path, chunks))
    },
    // Ids are hashes of the path, so this lists the namespace and reads each unseen document's path.
    async removeVanished (folderPath, seen) {
      return await timed(async () => await pinecone.removeVanished(folderPath, seen))
    },
    async removeDocuments (documentPath, folderPath) {
      const file = await timed(async () => (await pinecone.replaceDocument(documentPath, [])).removed)
      return file + await timed(async () => await pinecone.removeVanished(folderPath, new Set()))
    },
    async afterIngest () {},
    close () {},
    // Pinecone is filled by other processes (npm run ingest): cached results expire with CACHE_TTL.
    version: () => 'pinecone',
    async check () {
      try {
        await timed(async () => await pinecone.check(dimensions))
      } catch (error) {
        throw new KnowledgeBaseError('STORE_UNAVAILABLE', `Pinecone index "${context.options.pinecone?.indexName ?? ''}" is not usable: ${messageOf(error)}`, { cause: error })
      }
    }
  }
}
