// The embedded Orama index as a knowledge-base store: loaded from DATA_DIR, brought up to date with
// the knowledge directory at start-up, saved after every ingest, and reloaded when another process
// (`npm run ingest`) saved a newer one.
//
// Durability: documents ingested from outside the knowledge directory live in the saved index and
// are listed in its manifest (`sources`). A change in the knowledge directory re-ingests only that
// folder into the saved index, so they stay; a rebuild from scratch (new settings, unreadable index)
// reads the recorded sources again. Only `remove` drops them.
import { createHash } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { abortable } from '../../abort.ts'
import { embeddingText } from '../embeddings.ts'
import { corpusFiles, readManifest, readSnapshot, sameEntries, settingsMatch, writeIndex } from '../local/index-file.ts'
import type { IndexSettings, LocalIndexManifest } from '../local/index-file.ts'
import { LocalStore, SNAPSHOT_FORMAT } from '../local/store.ts'
import { indexingFailed, isInside, KnowledgeBaseError, round, toPassage } from './backend.ts'
import type { Backend, Context, Ingest } from './backend.ts'

const DEFAULT_RELOAD_INTERVAL_MS = 2_000

export async function localBackend (context: Context, ingest: Ingest): Promise<Backend> {
  const { options, logger, metrics, embeddings } = context
  const dataDir = resolve(options.dataDir)
  const settings: IndexSettings = {
    format: SNAPSHOT_FORMAT,
    chunkSize: context.chunking.chunkSize,
    chunkOverlap: context.chunking.chunkOverlap,
    embeddings: options.embeddings === undefined ? null : `${options.embeddings.model}@${options.embeddings.dimensions}`
  }
  let manifestFiles: Record<string, string> = {}
  let sources: string[] = []
  let store: LocalStore | undefined
  /** `builtAt` of the index this process holds: a different one on disk is newer. */
  let builtAt = ''
  let version: string | undefined
  /** Documents of the knowledge directory the start-up ingest could not index (embeddings failing): why an index may be empty. */
  let failedDocuments = 0

  const save = async (): Promise<void> => {
    if (store === undefined) return
    builtAt = new Date().toISOString()
    const manifest: LocalIndexManifest = {
      ...settings,
      files: manifestFiles,
      sources,
      documents: store.documentCount,
      chunks: store.chunkCount,
      builtAt
    }
    await writeIndex(dataDir, store.toSnapshot(), manifest)
  }

  const loaded = (manifest: LocalIndexManifest, snapshotStore: LocalStore): void => {
    store = snapshotStore
    manifestFiles = { ...manifest.files }
    sources = [...(manifest.sources ?? [])]
    builtAt = manifest.builtAt
    version = undefined
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
      return removeWhere((path) => path.startsWith(folderPrefix(folderPath)) && !seen.has(path))
    },
    async removeDocuments (documentPath, folderPath) {
      return removeWhere((path) => path === documentPath || path.startsWith(folderPrefix(folderPath)))
    },
    version () {
      version ??= createHash('sha256').update(JSON.stringify([Object.entries(manifestFiles).sort(), builtAt])).digest('hex').slice(0, 16)
      return version
    },
    async afterIngest (files, change) {
      for (const [path, hash] of files) {
        if (hash === null) delete manifestFiles[path]
        else manifestFiles[path] = hash
      }
      for (const path of Object.keys(manifestFiles)) {
        if (!await fileExists(resolve(dirname(context.knowledgeDir), ...path.split('/')))) delete manifestFiles[path]
      }
      sources = sources.filter((source) => !change.removed.some((removed) => source === removed || isInside(source, removed)))
      for (const added of change.added) if (!sources.includes(added)) sources.push(added)
      await save()
      version = undefined
    },
    async check () {
      if (store === undefined) throw new KnowledgeBaseError('INDEX_NOT_READY', 'the local index is not loaded')
      if (store.chunkCount === 0 && failedDocuments > 0) {
        throw new KnowledgeBaseError('INDEX_NOT_READY', `the local index is empty: indexing failed for ${failedDocuments} documents of ${context.knowledgeDir} (see "indexing a document failed"); the next start tries them again`,
          { state: 'index empty (indexing failed)' })
      }
      if (store.chunkCount === 0) {
        throw new KnowledgeBaseError('INDEX_NOT_READY', `the local index is empty: no documents were found in ${context.knowledgeDir}`,
          { state: 'index empty (no documents found)' })
      }
    },
    close () {
      clearInterval(reloading)
    }
  }

  function removeWhere (matches: (path: string) => boolean): number {
    if (store === undefined) return 0
    let removed = 0
    for (const path of store.documentPaths()) if (matches(path)) removed += store.removeDocument(path)
    return removed
  }

  /** Loads the index another process saved, when there is a newer one. */
  const reload = async (): Promise<void> => {
    const manifest = await readManifest(dataDir)
    if (!settingsMatch(manifest, settings) || manifest.builtAt === builtAt) return
    const started = performance.now()
    try {
      loaded(manifest, new LocalStore({ embeddings, lexicalEngine: options.lexicalEngine }, await readSnapshot(dataDir)))
      metrics?.('index_load', performance.now() - started, 'ok')
      logger?.info({ dataDir, documents: manifest.documents, chunks: manifest.chunks, builtAt }, 'newer local index loaded')
    } catch (error) {
      // Half-written by a process that died, or replaced while read: the next check tries again.
      metrics?.('index_load', performance.now() - started, 'error')
      logger?.warn({ err: error, dataDir }, 'newer local index is unreadable; keeping the loaded one')
    }
  }

  const started = performance.now()
  const currentFiles = await corpusFiles(context.knowledgeDir, (file) => context.pathOf(file))
  const manifest = await readManifest(dataDir)
  if (settingsMatch(manifest, settings)) {
    try {
      loaded(manifest, new LocalStore({ embeddings, lexicalEngine: options.lexicalEngine }, await readSnapshot(dataDir)))
    } catch (error) {
      metrics?.('index_load', performance.now() - started, 'error')
      logger?.warn({ err: error, dataDir }, 'saved local index is unreadable; rebuilding it')
    }
  } else if (manifest !== undefined) {
    logger?.info({ dataDir }, 'index settings changed; rebuilding the local index')
  }
  const hasCorpus = Object.keys(currentFiles).length > 0

  if (store !== undefined && sameEntries(manifestFiles, currentFiles)) {
    const durationMs = performance.now() - started
    metrics?.('index_load', durationMs, 'ok')
    logger?.info({ dataDir, documents: store.documentCount, chunks: store.chunkCount, durationMs: round(durationMs) }, 'local index loaded')
  } else if (store !== undefined) {
    // Only the knowledge directory is read again: what was ingested from elsewhere stays.
    const summary = await ingest(backend, [context.knowledgeDir])
    failedDocuments = summary.skipped.filter(indexingFailed).length
    const durationMs = performance.now() - started
    metrics?.('index_build', durationMs, 'ok')
    logger?.info({ dataDir, documents: summary.documents, removed: summary.removed, kept: sources, durationMs: round(durationMs) }, 'knowledge directory changed; local index updated')
  } else {
    const recorded = manifest?.sources ?? []
    store = new LocalStore({ embeddings, lexicalEngine: options.lexicalEngine })
    manifestFiles = {}
    sources = [...recorded]
    const present: string[] = []
    for (const source of recorded) {
      if (await fileExists(source)) present.push(source)
      else logger?.warn({ source }, 'an ingested source is gone: its documents cannot be rebuilt (npm run ingest -- --remove it)')
    }
    const inputs = [...(hasCorpus ? [context.knowledgeDir] : []), ...present]
    const summary = inputs.length > 0
      ? await ingest(backend, inputs)
      : (await backend.afterIngest(new Map(), { added: [], removed: [] }), { documents: 0, chunks: 0, removed: 0, skipped: [] })
    failedDocuments = summary.skipped.filter(indexingFailed).length
    const durationMs = performance.now() - started
    metrics?.('index_build', durationMs, 'ok')
    logger?.info({ dataDir, documents: summary.documents, chunks: summary.chunks, skipped: summary.skipped, durationMs: round(durationMs) }, 'local index rebuilt')
  }
  if (!hasCorpus) logger?.warn({ knowledgeDir: context.knowledgeDir }, 'knowledge directory is missing or empty')

  const interval = options.reloadIntervalMs ?? DEFAULT_RELOAD_INTERVAL_MS
  let checking = false
  const reloading = interval > 0
    ? setInterval(() => {
      if (checking) return
      checking = true
      reload().finally(() => { checking = false })
    }, interval).unref()
    : undefined
  return backend
}

function folderPrefix (folderPath: string): string {
  return folderPath === '' ? '' : folderPath + '/'
}

async function fileExists (absolutePath: string): Promise<boolean> {
  return await stat(absolutePath).then(() => true, () => false)
}
