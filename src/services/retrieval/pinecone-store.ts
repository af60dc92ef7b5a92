// Pinecone serverless through LangChain's PineconeStore (page text in `metadata.text`).
// https://js.langchain.com/docs/integrations/vectorstores/pinecone
import { Pinecone } from '@pinecone-database/pinecone'
import { PineconeStore } from '@langchain/pinecone'
import { Document } from '@langchain/core/documents'
import type { EmbeddingsInterface } from '@langchain/core/embeddings'
import { documentKey } from './chunking.ts'
import { embeddingText } from './embeddings.ts'
import type { Chunk, PineconeOptions } from './types.ts'

export interface PineconeHit {
  chunk: Chunk
  similarity: number
}

export interface PineconePassageStore {
  readonly vectorStore: PineconeStore
  search: (query: string, k: number) => Promise<PineconeHit[]>
  /** Upserts the chunks of one document and deletes its chunks that no longer exist. */
  replaceDocument: (path: string, chunks: Chunk[]) => Promise<{ written: number, removed: number }>
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

  async function listDocumentIds (path: string): Promise<string[]> {
    const ids: string[] = []
    let paginationToken: string | undefined
    do {
      const page = await records.listPaginated({ prefix: `${documentKey(path)}-`, limit: 100, ...(paginationToken !== undefined ? { paginationToken } : {}) })
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
      const existing = await listDocumentIds(path)
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
