// The embedded store: a lexical index (orama-lexical.ts; Indonesian stemmer and stop words, see
// text-analysis.ts) and — when an embeddings model is configured — a vector index (vector.ts), ranked
// together by fusion.ts, kept per document (replaceDocument) and saved as one snapshot (snapshot.ts).
// It is a LangChain VectorStore so `asRetriever()` works; the knowledge base uses `searchPassages`,
// which also applies the relevance floor.
import { Document } from '@langchain/core/documents'
import type { DocumentInterface } from '@langchain/core/documents'
import type { EmbeddingsInterface } from '@langchain/core/embeddings'
import { VectorStore } from '@langchain/core/vectorstores'
import type { Chunk, ChunkMetadata } from '../types.ts'
import { queryTerms, searchPassages } from './fusion.ts'
import type { LocalSearchHit, LocalSearchOptions } from './fusion.ts'
import { toChunk, toStoredChunk } from './lexical.ts'
import type { LexicalIndex, StoredChunk } from './lexical.ts'
import { createMiniSearchLexicalIndex } from './minisearch-lexical.ts'
import { createOramaLexicalIndex } from './orama-lexical.ts'
import { SNAPSHOT_FORMAT, checkSnapshot } from './snapshot.ts'
import type { LocalIndexSnapshot } from './snapshot.ts'
import { VectorIndex } from './vector.ts'

export { DEFAULT_MIN_SCORE, DEFAULT_MIN_SIMILARITY, MIN_MATCHED_TERMS } from './fusion.ts'
export type { LocalSearchHit, LocalSearchOptions } from './fusion.ts'
export { FIELD_BOOSTS } from './lexical.ts'
export { SNAPSHOT_FORMAT } from './snapshot.ts'
export type { LocalIndexSnapshot } from './snapshot.ts'

export interface LocalStoreOptions {
  /** Needed for vector (hybrid) search and for LangChain's vector methods. */
  embeddings?: EmbeddingsInterface
  /** Lexical engine (benchmark switch, see bench/retrieval.ts); the default is Orama. */
  lexicalEngine?: 'orama' | 'minisearch'
}

/** Stand-in when no embeddings model is configured: lexical search still works. */
class NoEmbeddings implements EmbeddingsInterface {
  async embedDocuments (): Promise<number[][]> {
    throw new Error('the local store has no embeddings model configured')
  }

  async embedQuery (): Promise<number[]> {
    throw new Error('the local store has no embeddings model configured')
  }
}

export class LocalStore extends VectorStore {
  declare FilterType: (doc: DocumentInterface) => boolean

  private readonly lexical: LexicalIndex
  private readonly vectors: VectorIndex
  private readonly documents = new Map<string, string[]>()
  private readonly hasEmbeddings: boolean

  _vectorstoreType (): string {
    return 'orama'
  }

  constructor (options: LocalStoreOptions = {}, snapshot?: LocalIndexSnapshot) {
    super(options.embeddings ?? new NoEmbeddings(), {})
    this.hasEmbeddings = options.embeddings !== undefined
    if (snapshot !== undefined) checkSnapshot(snapshot)
    this.lexical = options.lexicalEngine === 'minisearch' ? createMiniSearchLexicalIndex(snapshot?.orama) : createOramaLexicalIndex(snapshot?.orama)
    this.vectors = new VectorIndex(snapshot)
    for (const [path, ids] of Object.entries(snapshot?.documents ?? {})) this.documents.set(path, ids)
  }

  get chunkCount (): number {
    return this.lexical.size
  }

  get documentCount (): number {
    return this.documents.size
  }

  get vectorCount (): number {
    return this.vectors.size
  }

  documentPaths (): string[] {
    return [...this.documents.keys()]
  }

  chunkIds (path: string): string[] {
    return this.documents.get(path) ?? []
  }

  toSnapshot (): LocalIndexSnapshot {
    return {
      format: SNAPSHOT_FORMAT,
      documents: Object.fromEntries(this.documents),
      ...this.vectors.save(),
      orama: this.lexical.save()
    }
  }

  /** Chunks whose stored copy differs (or is missing), i.e. the ones worth embedding again. */
  changedChunks (chunks: Chunk[]): Chunk[] {
    return chunks.filter((chunk) => {
      const stored = this.lexical.get(chunk.id)
      if (stored === undefined) return true
      if (this.hasEmbeddings && !this.vectors.has(chunk.id)) return true
      const m = chunk.metadata
      return stored.text !== chunk.text || stored.title !== m.title || stored.section !== m.section ||
        stored.source !== m.source || stored.language !== m.language || stored.path !== m.path || stored.position !== m.position
    })
  }

  /**
   * Makes `chunks` the whole content of the document at `path`: changed chunks are replaced, chunks
   * that no longer exist are deleted. `vectors` maps chunk ids to embeddings (changed chunks only).
   */
  replaceDocument (path: string, chunks: Chunk[], vectors?: Map<string, number[]>): { written: number, removed: number } {
    const newIds = new Set(chunks.map((chunk) => chunk.id))
    const stale = this.chunkIds(path).filter((id) => !newIds.has(id))
    const changed = this.changedChunks(chunks)
    this.lexical.remove([...stale, ...changed.map((c) => c.id)])
    for (const id of stale) this.vectors.delete(id)
    this.insertChunks(changed)
    for (const chunk of changed) {
      const vector = vectors?.get(chunk.id)
      if (vector !== undefined) this.vectors.set(chunk.id, vector)
      else this.vectors.delete(chunk.id)
    }
    if (chunks.length > 0) this.documents.set(path, chunks.map((chunk) => chunk.id))
    else this.documents.delete(path)
    return { written: changed.length, removed: stale.length }
  }

  removeDocument (path: string): number {
    const ids = this.chunkIds(path)
    this.lexical.remove(ids)
    for (const id of ids) this.vectors.delete(id)
    this.documents.delete(path)
    return ids.length
  }

  /** Bulk insert of new chunks (used by rebuilds and the benchmark); ids must not exist yet. */
  insertChunks (chunks: Chunk[]): void {
    if (chunks.length === 0) return
    const docs = chunks.map(toStoredChunk)
    this.lexical.insert(docs)
    for (const doc of docs) {
      const ids = this.documents.get(doc.path)
      if (ids === undefined) this.documents.set(doc.path, [doc.id])
      else if (!ids.includes(doc.id)) ids.push(doc.id)
    }
  }

  /** Stemmed, stop-word-free terms of a query, as the index sees them. */
  queryTerms (query: string): string[] {
    return queryTerms(this.lexical, query)
  }

  async searchPassages (query: string, options: LocalSearchOptions): Promise<LocalSearchHit[]> {
    return await searchPassages(this.lexical, this.vectors, query, options)
  }

  // LangChain VectorStore surface ------------------------------------------------------------

  async addVectors (vectors: number[][], documents: DocumentInterface[], options?: { ids?: string[] }): Promise<string[]> {
    const chunks = documents.map((doc, i) => fromDocument(doc, options?.ids?.[i] ?? doc.id))
    for (const chunk of chunks) this.removeDocumentChunk(chunk.id)
    this.insertChunks(chunks)
    chunks.forEach((chunk, i) => { if (vectors[i] !== undefined) this.vectors.set(chunk.id, vectors[i]) })
    return chunks.map((chunk) => chunk.id)
  }

  async addDocuments (documents: DocumentInterface[], options?: { ids?: string[] }): Promise<string[]> {
    const vectors = this.hasEmbeddings
      ? await this.embeddings.embedDocuments(documents.map((doc) => doc.pageContent))
      : []
    return await this.addVectors(vectors, documents, options)
  }

  override async delete (params: { ids: string[] }): Promise<void> {
    for (const id of params.ids) this.removeDocumentChunk(id)
  }

  private removeDocumentChunk (id: string): void {
    const stored = this.lexical.get(id)
    if (stored === undefined) return
    this.lexical.remove([id])
    this.vectors.delete(id)
    const ids = (this.documents.get(stored.path) ?? []).filter((other) => other !== id)
    if (ids.length > 0) this.documents.set(stored.path, ids)
    else this.documents.delete(stored.path)
  }

  async similaritySearchVectorWithScore (query: number[], k: number, filter?: this['FilterType']): Promise<Array<[DocumentInterface, number]>> {
    const results: Array<[DocumentInterface, number]> = []
    for (const [id, similarity] of this.vectors.search(query, filter === undefined ? k : this.vectors.size)) {
      const stored = this.lexical.get(id)
      if (stored === undefined) continue
      const doc = toDocument(stored)
      if (filter !== undefined && !filter(doc)) continue
      results.push([doc, similarity])
      if (results.length >= k) break
    }
    return results
  }

  /** Lexical (or hybrid, with embeddings) search; the score is the passage's relevance in [0, 1]. */
  override async similaritySearchWithScore (query: string, k = 4, filter?: this['FilterType']): Promise<Array<[DocumentInterface, number]>> {
    const queryVector = this.hasEmbeddings && this.vectors.size > 0 ? await this.embeddings.embedQuery(query) : undefined
    const hits = await this.searchPassages(query, { k: filter === undefined ? k : Math.max(k * 4, 40), queryVector })
    const results: Array<[DocumentInterface, number]> = []
    for (const hit of hits) {
      const doc = new Document({ id: hit.chunk.id, pageContent: hit.chunk.text, metadata: { ...hit.chunk.metadata } })
      if (filter !== undefined && !filter(doc)) continue
      results.push([doc, hit.score])
      if (results.length >= k) break
    }
    return results
  }

  override async similaritySearch (query: string, k = 4, filter?: this['FilterType']): Promise<DocumentInterface[]> {
    return (await this.similaritySearchWithScore(query, k, filter)).map(([doc]) => doc)
  }
}

function toDocument (stored: StoredChunk): DocumentInterface {
  const chunk = toChunk(stored)
  return new Document({ id: chunk.id, pageContent: chunk.text, metadata: { ...chunk.metadata } })
}

function fromDocument (doc: DocumentInterface, id: string | undefined): Chunk {
  const m = doc.metadata as Partial<ChunkMetadata>
  const path = typeof m.path === 'string' ? m.path : (typeof m.source === 'string' ? m.source : 'langchain')
  return {
    id: id ?? crypto.randomUUID(),
    text: doc.pageContent,
    metadata: {
      source: typeof m.source === 'string' ? m.source : path,
      path,
      title: typeof m.title === 'string' ? m.title : '',
      section: typeof m.section === 'string' ? m.section : '',
      position: typeof m.position === 'number' ? m.position : 0,
      language: typeof m.language === 'string' ? m.language : 'id'
    }
  }
}
