// The knowledge base the app and the RAG agent use: one interface over the embedded Orama index and
// Pinecone, with the relevance floor, the optional Redis cache, and the ingest pipeline
// (collect → load → chunk → embed → replace per document).
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { dirname, relative, resolve, sep } from 'node:path'
import type { EmbeddingsInterface } from '@langchain/core/embeddings'
import { cacheKey, createMemoCache, createRetrievalCache } from './cache.ts'
import type { RetrievalCache } from './cache.ts'
import { DEFAULT_CHUNKING, splitDocument } from './chunking.ts'
import type { ChunkingOptions } from './chunking.ts'
import { createEmbeddings, embeddingText } from './embeddings.ts'
import { collectFiles, loadDocument } from './loaders.ts'
import type { CollectedFile } from './loaders.ts'
import { contentHash, corpusFiles, manifestMatches, readManifest, readSnapshot, writeIndex } from './local-index-file.ts'
import type { LocalIndexManifest } from './local-index-file.ts'
import { DEFAULT_MIN_SCORE, DEFAULT_MIN_SIMILARITY, LocalStore, SNAPSHOT_FORMAT } from './local-store.ts'
import { createPineconeStore } from './pinecone-store.ts'
import type { PineconePassageStore } from './pinecone-store.ts'
import { abortable } from '../abort.ts'
import { KnowledgeBaseError } from './errors.ts'
import type {
  Chunk, IngestSummary, KnowledgeBase, KnowledgeBaseOptions, RetrievalLogger, RetrievalMetrics,
  RetrievalResult, RetrievedPassage, RetrieveOptions, SkippedFile
} from './types.ts'

export const DEFAULT_K = 10
const DEFAULT_TIMEOUT_MS = 10_000
/** How long a result stays in the in-process tier (see createMemoCache). */
const MEMO_TTL_MS = 60_000

export { KnowledgeBaseError, type KnowledgeBaseErrorCode } from './errors.ts'

/** One document's outcome in an ingest run. */
interface DocumentOutcome {
  written: number
  removed: number
}

/** What differs between stores; the rest of the knowledge base is shared. */
interface Backend {
  search: (query: string, k: number, signal?: AbortSignal) => Promise<RetrievedPassage[]>
  replaceDocument: (path: string, chunks: Chunk[]) => Promise<DocumentOutcome>
  /** Deletes the documents under `folderPath/` this run did not see (their files are gone). */
  removeVanished: (folderPath: string, seen: Set<string>) => Promise<number>
  afterIngest: (files: Map<string, string | null>) => Promise<void>
  check: () => Promise<void>
  /** Changes whenever the indexed content does, so cached results of older content are never served. */
  version: () => string
}

interface Context {
  options: KnowledgeBaseOptions
  chunking: ChunkingOptions
  k: number
  minScore: number
  minSimilarity: number
  timeoutMs: number
  embeddings?: EmbeddingsInterface
  logger?: RetrievalLogger
  metrics?: RetrievalMetrics
  knowledgeDir: string
  /** Document path of a file: relative to the knowledge directory's parent when inside it. */
  pathOf: (absolutePath: string, root?: string) => string
  /** The same for a folder given to `ingest`: the prefix of the document paths found under it. */
  folderPathOf: (absoluteFolder: string) => string
}

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
    backend = await localBackend(context)
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

    async close (): Promise<void> {
      closed = true
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
  for (const input of inputs) {
    const absolute = resolve(input)
    const isFolder = await stat(absolute).then((info) => info.isDirectory(), () => false)
    if (isFolder) summary.removed += await backend.removeVanished(context.folderPathOf(absolute), seen)
  }
  await backend.afterIngest(knowledgeFiles)
  const durationMs = performance.now() - started
  context.metrics?.('ingest', durationMs, 'ok')
  context.logger?.info({ ...summary, skipped: summary.skipped.length, durationMs: round(durationMs) }, 'ingest finished')
  return summary
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

// Local (Orama) ---------------------------------------------------------------------------------

async function localBackend (context: Context): Promise<Backend> {
  const { options, logger, metrics, embeddings } = context
  const dataDir = resolve(options.dataDir)
  const embeddingsTag = options.embeddings === undefined ? null : `${options.embeddings.model}@${options.embeddings.dimensions}`
  let manifestFiles: Record<string, string> = {}
  let store: LocalStore | undefined
  let version: string | undefined

  const save = async (): Promise<void> => {
    if (store === undefined) return
    const manifest: LocalIndexManifest = {
      format: SNAPSHOT_FORMAT,
      files: manifestFiles,
      chunkSize: context.chunking.chunkSize,
      chunkOverlap: context.chunking.chunkOverlap,
      embeddings: embeddingsTag,
      documents: store.documentCount,
      chunks: store.chunkCount,
      builtAt: new Date().toISOString()
    }
    await writeIndex(dataDir, store.toSnapshot(), manifest)
  }

  const backend: Backend = {
    async search (query, k, signal) {
      if (store === undefined) throw new KnowledgeBaseError('INDEX_NOT_READY', 'the local index is not loaded')
      let queryVector: number[] | undefined
      if (embeddings !== undefined && store.vectorCount > 0) {
        try {
          queryVector = await abortable(embeddings.embedQuery(query), signal)
        } catch (error) {
          if (signal?.aborted === true) throw error
          // Lexical search alone still answers most questions; a down embeddings server must not stop it.
          logger?.warn({ err: error }, 'query embedding failed; using lexical search only')
        }
      }
      const hits = await store.searchPassages(query, { k, minScore: context.minScore, minSimilarity: context.minSimilarity, queryVector })
      return hits.map((hit) => toPassage(hit.chunk, hit.score))
    },
    async replaceDocument (path, chunks) {
      if (store === undefined) throw new KnowledgeBaseError('INDEX_NOT_READY', 'the local index is not loaded')
      let vectors: Map<string, number[]> | undefined
      if (embeddings !== undefined) {
        const changed = store.changedChunks(chunks)
        const embedded = changed.length > 0 ? await embeddings.embedDocuments(changed.map(embeddingText)) : []
        vectors = new Map(changed.map((chunk, i) => [chunk.id, embedded[i]]))
      }
      return store.replaceDocument(path, chunks, vectors)
    },
    async removeVanished (folderPath, seen) {
      if (store === undefined) return 0
      let removed = 0
      const prefix = folderPath === '' ? '' : folderPath + '/'
      for (const path of store.documentPaths()) {
        if (!path.startsWith(prefix) || seen.has(path)) continue
        removed += store.removeDocument(path)
      }
      return removed
    },
    version () {
      version ??= createHash('sha256').update(JSON.stringify(Object.entries(manifestFiles).sort())).digest('hex').slice(0, 16)
      return version
    },

    async afterIngest (files) {
      version = undefined
      for (const [path, hash] of files) {
        if (hash === null) delete manifestFiles[path]
        else manifestFiles[path] = hash
      }
      for (const path of Object.keys(manifestFiles)) {
        if (!await fileExists(resolve(dirname(context.knowledgeDir), ...path.split('/')))) delete manifestFiles[path]
      }
      await save()
    },
    async check () {
      if (store === undefined) throw new KnowledgeBaseError('INDEX_NOT_READY', 'the local index is not loaded')
      if (store.chunkCount === 0) {
        throw new KnowledgeBaseError('INDEX_NOT_READY', `the local index is empty: no documents were found in ${context.knowledgeDir}`)
      }
    }
  }

  const started = performance.now()
  const currentFiles = await corpusFiles(context.knowledgeDir, (file) => context.pathOf(file))
  const manifest = await readManifest(dataDir)
  const expected = { format: SNAPSHOT_FORMAT, files: currentFiles, chunkSize: context.chunking.chunkSize, chunkOverlap: context.chunking.chunkOverlap, embeddings: embeddingsTag }
  if (manifestMatches(manifest, expected)) {
    try {
      store = new LocalStore({ embeddings }, await readSnapshot(dataDir))
      manifestFiles = { ...currentFiles }
      const durationMs = performance.now() - started
      metrics?.('index_load', durationMs, 'ok')
      logger?.info({ dataDir, documents: store.documentCount, chunks: store.chunkCount, durationMs: round(durationMs) }, 'local index loaded')
      return backend
    } catch (error) {
      metrics?.('index_load', performance.now() - started, 'error')
      logger?.warn({ err: error, dataDir }, 'saved local index is unreadable; rebuilding it')
    }
  } else if (manifest !== undefined) {
    logger?.info({ dataDir }, 'knowledge directory or index settings changed; rebuilding the local index')
  }

  store = new LocalStore({ embeddings })
  manifestFiles = {}
  const hasCorpus = Object.keys(currentFiles).length > 0
  const summary = hasCorpus
    ? await ingestFiles(context, backend, [context.knowledgeDir])
    : (await backend.afterIngest(new Map()), { documents: 0, chunks: 0, removed: 0, skipped: [] })
  if (!hasCorpus) logger?.warn({ knowledgeDir: context.knowledgeDir }, 'knowledge directory is missing or empty; the local index is empty')
  const durationMs = performance.now() - started
  metrics?.('index_build', durationMs, 'ok')
  logger?.info({ dataDir, documents: summary.documents, chunks: summary.chunks, skipped: summary.skipped, durationMs: round(durationMs) }, 'local index rebuilt')
  return backend
}

async function fileExists (absolutePath: string): Promise<boolean> {
  return await stat(absolutePath).then(() => true, () => false)
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
    async afterIngest () {},
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

// Helpers -----------------------------------------------------------------------------------------

function toPassage (chunk: Chunk, score: number): RetrievedPassage {
  return {
    id: chunk.id,
    text: chunk.text,
    title: chunk.metadata.title,
    url: chunk.metadata.source,
    path: chunk.metadata.path,
    section: chunk.metadata.section,
    score: Math.round(score * 1000) / 1000
  }
}

function isInside (file: string, dir: string): boolean {
  const rel = relative(dir, file)
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel)
}

function messageOf (error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function round (ms: number): number {
  return Math.round(ms * 10) / 10
}
