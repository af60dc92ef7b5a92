// Pinecone serverless through LangChain's PineconeStore (page text in `metadata.text`).
// https://js.langchain.com/docs/integrations/vectorstores/pinecone
import { Pinecone } from '@pinecone-database/pinecone'
import { PineconeStore } from '@langchain/pinecone'
import { Document } from '@langchain/core/documents'
import type { EmbeddingsInterface } from '@langchain/core/embeddings'
import { documentKey } from '../chunking.ts'
import { embeddingText } from '../embeddings.ts'
import type { Chunk, PineconeOptions } from '../types.ts'

/** Ids a fetch asks for at once; a fetch answers with the values too, so this keeps replies small. */
const FETCH_BATCH = 50

export interface PineconeHit {
  chunk: Chunk
  similarity: number
}

export interface PineconePassageStore {
  readonly vectorStore: PineconeStore
  search: (query: string, k: number) => Promise<PineconeHit[]>
  /** Upserts the chunks of one document and deletes its chunks that no longer exist. */
  replaceDocument: (path: string, chunks: Chunk[]) => Promise<{ written: number, removed: number }>
  /**
   * Deletes every document whose `path` lies under `folderPath/` ('' = anywhere) but is not in `seen`;
   * returns how many vectors (chunks) it deleted. Vectors without a `path`, or whose id is not
   * `<documentKey(path)>-<n>`, are not this app's documents and are left alone.
   */
  removeVanished: (folderPath: string, seen: Set<string>) => Promise<number>
  /** Throws when the index cannot be reached or its dimension differs from the embeddings'. */
  check: (dimensions: number) => Promise<void>
}

export function createPineconeStore (
  options: PineconeOptions & { embeddings: EmbeddingsInterface, timeoutMs: number }
): PineconePassageStore {
  // The SDK has no per-request timeout, so it gets a fetch that brings one.
  const fetchWithTimeout: typeof fetch = async (input, init) => {
    const timeout = AbortSignal.timeout(options.timeoutMs)
    const signal = init?.signal != null ? AbortSignal.any([init.signal, timeout]) : timeout
    return await fetch(input, { ...init, signal })
  }
  const client = new Pinecone({ apiKey: options.apiKey, fetchApi: fetchWithTimeout, maxRetries: 2 })
  const index = client.index(options.indexName, options.indexHost)
  const namespace = options.namespace ?? ''
  const vectorStore = new PineconeStore(options.embeddings, { pineconeIndex: index, namespace, maxConcurrency: 4 })
  const records = index.namespace(namespace)

  /** Every id that starts with `prefix` ('' = the whole namespace), page by page. */
  async function listIds (prefix: string): Promise<string[]> {
    const ids: string[] = []
    let paginationToken: string | undefined
    do {
      const page = await records.listPaginated({
        ...(prefix !== '' ? { prefix } : {}),
        limit: 100,
        ...(paginationToken !== undefined ? { paginationToken } : {})
      })
      for (const vector of page.vectors ?? []) if (vector.id !== undefined) ids.push(vector.id)
      paginationToken = page.pagination?.next
    } while (paginationToken !== undefined && paginationToken !== '')
    return ids
  }

  return {
    vectorStore,
    async search (query, k) {
      const results = await vectorStore.similaritySearchWithScore(query, k)
      return results.map(([doc, similarity]) => ({ chunk: chunkFromMetadata(doc.id ?? '', doc.pageContent, doc.metadata), similarity }))
    },
    async replaceDocument (path, chunks) {
      const existing = await listIds(`${documentKey(path)}-`)
      if (chunks.length > 0) {
        const vectors = await options.embeddings.embedDocuments(chunks.map(embeddingText))
        const documents = chunks.map((chunk) => new Document({ pageContent: chunk.text, metadata: { ...chunk.metadata } }))
        await vectorStore.addVectors(vectors, documents, { ids: chunks.map((chunk) => chunk.id) })
      }
      const keep = new Set(chunks.map((chunk) => chunk.id))
      const stale = existing.filter((id) => !keep.has(id))
      if (stale.length > 0) await vectorStore.delete({ ids: stale })
      return { written: chunks.length, removed: stale.length }
    },
    async removeVanished (folderPath, seen) {
      // Ids are `<documentKey(path)>-<position>`: group them by document, then read one vector of
      // each document not seen this run to learn its path (the key is a hash of it).
      const keep = new Set([...seen].map(documentKey))
      const byKey = new Map<string, string[]>()
      for (const id of await listIds('')) {
        const dash = id.lastIndexOf('-')
        const key = id.slice(0, Math.max(dash, 0))
        if (key === '' || keep.has(key)) continue
        const ids = byKey.get(key)
        if (ids === undefined) byKey.set(key, [id])
        else ids.push(id)
      }
      const prefix = folderPath === '' ? '' : folderPath + '/'
      const documents = [...byKey]
      const stale: string[] = []
      for (let i = 0; i < documents.length; i += FETCH_BATCH) {
        const batch = documents.slice(i, i + FETCH_BATCH)
        const { records: fetched } = await records.fetch(batch.map(([, ids]) => ids[0]))
        for (const [key, ids] of batch) {
          const path = fetched[ids[0]]?.metadata?.path
          if (typeof path !== 'string' || !path.startsWith(prefix) || seen.has(path) || documentKey(path) !== key) continue
          stale.push(...ids)
        }
      }
      // LangChain's delete sends at most 1,000 ids a request, Pinecone's limit.
      if (stale.length > 0) await vectorStore.delete({ ids: stale })
      return stale.length
    },
    async check (dimensions) {
      const stats = await index.describeIndexStats()
      if (stats.dimension !== undefined && stats.dimension !== dimensions) {
        throw new Error(`Pinecone index "${options.indexName}" has ${stats.dimension} dimensions but the embeddings model gives ${dimensions}`)
      }
    }
  }
}

function chunkFromMetadata (id: string, text: string, metadata: Record<string, unknown>): Chunk {
  const str = (key: string, fallback = ''): string => typeof metadata[key] === 'string' ? metadata[key] : fallback
  const path = str('path', str('source'))
  return {
    id,
    text,
    metadata: {
      source: str('source', path),
      path,
      title: str('title'),
      section: str('section'),
      position: typeof metadata.position === 'number' ? metadata.position : 0,
      language: str('language', 'id')
    }
  }
}
