// The embedded store: an Orama BM25 index (Indonesian stemmer and stop words, see text-analysis.ts;
// faster full-text search, see orama-text-index.ts) whose candidates are re-ranked by how much of the
// query they cover, plus — when an embeddings model is configured — brute-force cosine search over
// passage vectors, fused with reciprocal-rank fusion. It is a LangChain VectorStore so `asRetriever()`
// works; the knowledge base uses `searchPassages`, which also applies the relevance floor.
import { create, insertMultiple, load, removeMultiple, save, search, getByID, count } from '@orama/orama'
import type { AnyOrama, RawData } from '@orama/orama'
import { assertIndexLayout, contains, createTextIndexComponent, documentFrequency, internalIdOf, matchingWords } from './orama-text-index.ts'
import { Document } from '@langchain/core/documents'
import type { DocumentInterface } from '@langchain/core/documents'
import type { EmbeddingsInterface } from '@langchain/core/embeddings'
import { VectorStore } from '@langchain/core/vectorstores'
import { TOKENIZER_CONFIG, language, normalizeInformal } from '../text-analysis.ts'
import type { Chunk, ChunkMetadata } from '../types.ts'

const SCHEMA = { title: 'string', section: 'string', text: 'string' } as const

/**
 * Field boosts: a document's title names its subject (every chunk carries it), the section heading
 * names the passage's subject; both are short, so a match there says more than one in the body.
 */
export const FIELD_BOOSTS = { title: 2, section: 1.5, text: 1 }

/**
 * Relevance floors (see `KnowledgeBaseOptions.minScore` / `minSimilarity`), calibrated on
 * eval/questions.jsonl. A passage passes lexically when it holds DEFAULT_MIN_SCORE of the query's
 * IDF weight, or MIN_MATCHED_TERMS distinct informative query terms at once: topic words together
 * are evidence even when the question also has words the corpus never uses (slang, nicknames), which
 * weigh most in the IDF share. A lexical floor cannot tell every off-topic question from a
 * paraphrase; the answering model still has to judge the passages (see eval/RESULTS.md).
 */
export const DEFAULT_MIN_SCORE = 0.25
export const MIN_MATCHED_TERMS = 2
export const DEFAULT_MIN_SIMILARITY = 0.3
/** Terms found in more than this share of the chunks (like "ITB") do not count as evidence alone. */
const COMMON_TERM_SHARE = 0.25

/** Reciprocal-rank fusion constant (Cormack et al. 2009). */
const RRF_K = 60

/** Lexical ranking: coverage + HEAD_WEIGHT × heading coverage + BM25_WEIGHT × BM25 / best BM25. */
const HEAD_WEIGHT = 0.25
const BM25_WEIGHT = 0.1
const FIELDS = ['title', 'section', 'text']
const HEAD_FIELDS = ['title', 'section']

export const SNAPSHOT_FORMAT = 2

export interface LocalIndexSnapshot {
  format: number
  /** Chunk ids of each document path, in position order. */
  documents: Record<string, string[]>
  dimensions?: number
  /** Float32 little-endian, base64, L2-normalised. */
  vectors?: Record<string, string>
  orama: RawData
}

interface StoredChunk {
  id: string
  title: string
  section: string
  text: string
  path: string
  source: string
  position: number
  language: string
}

export interface LocalSearchOptions {
  k: number
  minScore?: number
  minSimilarity?: number
  /** Query embedding; turns the search hybrid. */
  queryVector?: number[]
}

export interface LocalSearchHit {
  chunk: Chunk
  /** IDF-weighted share of the query's terms found in the chunk. */
  coverage: number
  /** Cosine similarity, when vectors are in use. */
  similarity?: number
  /** max(coverage, similarity): what the floor was applied to. */
  score: number
}

interface QueryAnalysis {
  /** Per query term: the indexed words it matches and how much each counts. */
  words: Array<Array<{ word: string, weight: number }>>
  weights: number[]
  /** Whether the term is rare enough to count as evidence on its own (not in most chunks). */
  informative: boolean[]
  totalWeight: number
}

export interface LocalStoreOptions {
  /** Needed for vector (hybrid) search and for LangChain's vector methods. */
  embeddings?: EmbeddingsInterface
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

function createDb (): AnyOrama {
  const db = create({
    schema: SCHEMA,
    components: { tokenizer: { ...TOKENIZER_CONFIG }, index: createTextIndexComponent() }
  }) as AnyOrama
  assertIndexLayout(db, FIELDS)
  return db
}

export class LocalStore extends VectorStore {
  declare FilterType: (doc: DocumentInterface) => boolean

  private readonly db: AnyOrama
  private readonly documents = new Map<string, string[]>()
  private readonly vectors = new Map<string, Float32Array>()
  private dimensions: number | undefined
  private readonly hasEmbeddings: boolean

  _vectorstoreType (): string {
    return 'orama'
  }

  constructor (options: LocalStoreOptions = {}, snapshot?: LocalIndexSnapshot) {
    super(options.embeddings ?? new NoEmbeddings(), {})
    this.hasEmbeddings = options.embeddings !== undefined
    this.db = createDb()
    if (snapshot !== undefined) {
      if (snapshot.format !== SNAPSHOT_FORMAT) throw new Error(`unsupported local index format ${snapshot.format}`)
      // Loaded into a db created with the same tokenizer components, so queries are still stemmed.
      load(this.db, snapshot.orama)
      for (const [path, ids] of Object.entries(snapshot.documents)) this.documents.set(path, ids)
      this.dimensions = snapshot.dimensions
      for (const [id, encoded] of Object.entries(snapshot.vectors ?? {})) {
        const bytes = Buffer.from(encoded, 'base64')
        this.vectors.set(id, new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4))
      }
    }
  }

  get chunkCount (): number {
    return count(this.db)
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
    const vectors: Record<string, string> = {}
    for (const [id, vector] of this.vectors) {
      vectors[id] = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64')
    }
    return {
      format: SNAPSHOT_FORMAT,
      documents: Object.fromEntries(this.documents),
      ...(this.vectors.size > 0 ? { dimensions: this.dimensions, vectors } : {}),
      orama: save(this.db)
    }
  }

  /** Chunks whose stored copy differs (or is missing), i.e. the ones worth embedding again. */
  changedChunks (chunks: Chunk[]): Chunk[] {
    return chunks.filter((chunk) => {
      const stored = getByID(this.db, chunk.id) as StoredChunk | undefined
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
    const changedIds = new Set(changed.map((chunk) => chunk.id))
    this.removeChunks([...stale, ...chunks.filter((c) => changedIds.has(c.id) && getByID(this.db, c.id) !== undefined).map((c) => c.id)])
    for (const id of stale) this.vectors.delete(id)
    this.insertChunks(changed)
    for (const chunk of changed) {
      const vector = vectors?.get(chunk.id)
      if (vector !== undefined) this.setVector(chunk.id, vector)
      else this.vectors.delete(chunk.id)
    }
    if (chunks.length > 0) this.documents.set(path, chunks.map((chunk) => chunk.id))
    else this.documents.delete(path)
    return { written: changed.length, removed: stale.length }
  }

  removeDocument (path: string): number {
    const ids = this.chunkIds(path)
    this.removeChunks(ids)
    for (const id of ids) this.vectors.delete(id)
    this.documents.delete(path)
    return ids.length
  }

  /** Bulk insert of new chunks (used by rebuilds and the benchmark); ids must not exist yet. */
  insertChunks (chunks: Chunk[]): void {
    if (chunks.length === 0) return
    const docs: StoredChunk[] = chunks.map((chunk) => ({
      id: chunk.id,
      title: chunk.metadata.title,
      section: chunk.metadata.section,
      text: chunk.text,
      path: chunk.metadata.path,
      source: chunk.metadata.source,
      position: chunk.metadata.position,
      language: chunk.metadata.language
    }))
    insertMultiple(this.db, docs, 1000)
    for (const doc of docs) {
      const ids = this.documents.get(doc.path)
      if (ids === undefined) this.documents.set(doc.path, [doc.id])
      else if (!ids.includes(doc.id)) ids.push(doc.id)
    }
  }

  private removeChunks (ids: string[]): void {
    const present = ids.filter((id) => getByID(this.db, id) !== undefined)
    if (present.length > 0) removeMultiple(this.db, present)
  }

  private setVector (id: string, vector: number[]): void {
    if (this.dimensions === undefined) this.dimensions = vector.length
    if (vector.length !== this.dimensions) {
      throw new Error(`embedding has ${vector.length} dimensions, the local index has ${this.dimensions}`)
    }
    this.vectors.set(id, normalize(vector))
  }

  /** Stemmed, stop-word-free terms of a query, as the index sees them. */
  queryTerms (query: string): string[] {
    return [...new Set(this.tokenize(normalizeInformal(query)))]
  }

  /** BM25 idf, always positive; a term absent from the corpus weighs most. */
  private idf (term: string, total: number): number {
    const df = documentFrequency(this.db, FIELDS, term)
    return Math.log(1 + (total - df + 0.5) / (df + 0.5))
  }

  async searchPassages (query: string, options: LocalSearchOptions): Promise<LocalSearchHit[]> {
    const minScore = options.minScore ?? DEFAULT_MIN_SCORE
    const minSimilarity = options.minSimilarity ?? DEFAULT_MIN_SIMILARITY
    const normalized = normalizeInformal(query)
    const terms = this.queryTerms(query)
    const total = this.chunkCount
    if (total === 0) return []
    const candidates = Math.max(options.k * 5, 50)
    const analysis: QueryAnalysis = {
      words: terms.map((term) => matchingWords(this.db, FIELDS, term)),
      weights: terms.map((term) => this.idf(term, total)),
      informative: terms.map((term) => documentFrequency(this.db, FIELDS, term) <= total * COMMON_TERM_SHARE),
      totalWeight: 0
    }
    analysis.totalWeight = analysis.weights.reduce((sum, w) => sum + w, 0)

    // Stage 1: Orama BM25 finds candidates. Stage 2 ranks them by how much of the query they cover
    // (IDF-weighted, so a rare word counts more than "ITB"), with the heading as extra evidence and
    // BM25 as tie-breaker: BM25 alone favours short headings that merely contain a common term.
    const lexical: Array<{ stored: StoredChunk, coverage: number, terms: number, rank: number }> = []
    if (terms.length > 0) {
      const results = await search(this.db, { term: normalized, properties: FIELDS, boost: FIELD_BOOSTS, limit: candidates })
      const maxBm25 = results.hits[0]?.score ?? 1
      for (const hit of results.hits) {
        const internalId = internalIdOf(this.db, hit.id)
        const matches = this.matches(analysis, internalId, FIELDS)
        const coverage = this.weigh(analysis, matches)
        const headCoverage = this.weigh(analysis, this.matches(analysis, internalId, HEAD_FIELDS))
        lexical.push({
          stored: hit.document as unknown as StoredChunk,
          coverage,
          terms: matches.filter((m, i) => m > 0 && analysis.informative[i]).length,
          rank: coverage + HEAD_WEIGHT * headCoverage + BM25_WEIGHT * (hit.score / maxBm25)
        })
      }
      lexical.sort((a, b) => b.rank - a.rank)
    }

    const similarities = new Map<string, number>()
    const ranked = new Map<string, { stored: StoredChunk, coverage: number, terms: number, fused: number }>()
    lexical.forEach((entry, rank) => ranked.set(entry.stored.id, { ...entry, fused: 1 / (RRF_K + rank + 1) }))
    if (options.queryVector !== undefined && this.vectors.size > 0) {
      this.vectorSearch(options.queryVector, candidates).forEach(([id, similarity], rank) => {
        similarities.set(id, similarity)
        const entry = ranked.get(id)
        if (entry !== undefined) {
          entry.fused += 1 / (RRF_K + rank + 1)
          return
        }
        const stored = getByID(this.db, id) as StoredChunk | undefined
        if (stored === undefined) return
        const matches = this.matches(analysis, internalIdOf(this.db, id), FIELDS)
        ranked.set(id, {
          stored,
          coverage: this.weigh(analysis, matches),
          terms: matches.filter((m, i) => m > 0 && analysis.informative[i]).length,
          fused: 1 / (RRF_K + rank + 1)
        })
      })
    }

    const hits: LocalSearchHit[] = []
    for (const { stored, coverage, terms: matchedTerms } of [...ranked.values()].sort((a, b) => b.fused - a.fused)) {
      if (hits.length >= options.k) break
      const similarity = similarities.get(stored.id) ?? (options.queryVector !== undefined ? this.similarity(options.queryVector, stored.id) : undefined)
      const lexicalPass = coverage >= minScore || matchedTerms >= MIN_MATCHED_TERMS
      if (!lexicalPass && (similarity === undefined || similarity < minSimilarity)) continue
      hits.push({
        chunk: toChunk(stored),
        coverage,
        ...(similarity !== undefined ? { similarity } : {}),
        score: Math.max(coverage, similarity ?? 0)
      })
    }
    return hits
  }

  /**
   * IDF-weighted share of the query terms found in the chunk's `fields`. A term that only prefixes
   * an indexed word (aktuari → aktuaria) counts partly, as in the index search.
   */
  /** Per query term: 1 when the chunk has it, PREFIX_MATCH_WEIGHT for a prefix match, else 0. */
  private matches (analysis: QueryAnalysis, internalId: number, fields: string[]): number[] {
    return analysis.words.map((words) => {
      let best = 0
      for (const { word, weight } of words) {
        if (weight > best && contains(this.db, internalId, fields, word)) best = weight
        if (best === 1) break
      }
      return best
    })
  }

  private weigh (analysis: QueryAnalysis, matches: number[]): number {
    if (analysis.totalWeight === 0) return 0
    let matched = 0
    matches.forEach((m, i) => { matched += analysis.weights[i] * m })
    return matched / analysis.totalWeight
  }

  private tokenize (text: string): string[] {
    return this.db.tokenizer.tokenize(text, language, undefined, true) as string[]
  }

  private vectorSearch (queryVector: number[], limit: number): Array<[string, number]> {
    const query = normalize(queryVector)
    if (query.length !== this.dimensions) return []
    const scored: Array<[string, number]> = []
    for (const [id, vector] of this.vectors) scored.push([id, dot(query, vector)])
    scored.sort((a, b) => b[1] - a[1])
    return scored.slice(0, limit)
  }

  private similarity (queryVector: number[], id: string): number | undefined {
    const vector = this.vectors.get(id)
    if (vector === undefined || vector.length !== queryVector.length) return undefined
    return dot(normalize(queryVector), vector)
  }

  // LangChain VectorStore surface ------------------------------------------------------------

  async addVectors (vectors: number[][], documents: DocumentInterface[], options?: { ids?: string[] }): Promise<string[]> {
    const chunks = documents.map((doc, i) => fromDocument(doc, options?.ids?.[i] ?? doc.id))
    for (const chunk of chunks) this.removeDocumentChunk(chunk.id)
    this.insertChunks(chunks)
    chunks.forEach((chunk, i) => { if (vectors[i] !== undefined) this.setVector(chunk.id, vectors[i]) })
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
    const stored = getByID(this.db, id) as StoredChunk | undefined
    if (stored === undefined) return
    this.removeChunks([id])
    this.vectors.delete(id)
    const ids = (this.documents.get(stored.path) ?? []).filter((other) => other !== id)
    if (ids.length > 0) this.documents.set(stored.path, ids)
    else this.documents.delete(stored.path)
  }

  async similaritySearchVectorWithScore (query: number[], k: number, filter?: this['FilterType']): Promise<Array<[DocumentInterface, number]>> {
    const results: Array<[DocumentInterface, number]> = []
    for (const [id, similarity] of this.vectorSearch(query, filter === undefined ? k : this.vectors.size)) {
      const stored = getByID(this.db, id) as StoredChunk | undefined
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

function toChunk (stored: StoredChunk): Chunk {
  return {
    id: stored.id,
    text: stored.text,
    metadata: {
      source: stored.source,
      path: stored.path,
      title: stored.title,
      section: stored.section,
      position: stored.position,
      language: stored.language
    }
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

function normalize (vector: ArrayLike<number>): Float32Array {
  let norm = 0
  for (let i = 0; i < vector.length; i++) norm += vector[i] * vector[i]
  norm = Math.sqrt(norm) || 1
  const out = new Float32Array(vector.length)
  for (let i = 0; i < vector.length; i++) out[i] = vector[i] / norm
  return out
}

function dot (a: Float32Array, b: Float32Array): number {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i]
  return sum
}
