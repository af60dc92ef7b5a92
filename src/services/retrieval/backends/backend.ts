// What the knowledge base shares with its two stores (the local Orama index and Pinecone): the
// backend interface each implements, the context they are built from, the typed error (defined in
// errors.ts) and the document-path helpers.
import { relative, sep } from 'node:path'
import type { EmbeddingsInterface } from '@langchain/core/embeddings'
import { boundedMessage } from '../../error-serializer.ts'
import type { ChunkingOptions } from '../chunking.ts'
import type { Chunk, IngestSummary, KnowledgeBaseOptions, RetrievalLogger, RetrievalMetrics, RetrievedPassage, SkippedFile } from '../types.ts'

export { KnowledgeBaseError, type KnowledgeBaseErrorCode } from '../errors.ts'

/** One document's outcome in an ingest run. */
export interface DocumentOutcome {
  written: number
  removed: number
}

/** Ingest inputs outside the knowledge directory an ingest added or a removal dropped (absolute paths). */
export interface SourceChange {
  added: string[]
  removed: string[]
}

/** What differs between stores; the rest of the knowledge base is shared. */
export interface Backend {
  search: (query: string, k: number, signal?: AbortSignal) => Promise<RetrievedPassage[]>
  replaceDocument: (path: string, chunks: Chunk[]) => Promise<DocumentOutcome>
  /** Deletes the documents under `folderPath/` this run did not see (their files are gone). */
  removeVanished: (folderPath: string, seen: Set<string>) => Promise<number>
  /** Deletes the document at `documentPath` and every one under `folderPath/`. */
  removeDocuments: (documentPath: string, folderPath: string) => Promise<number>
  afterIngest: (files: Map<string, string | null>, sources: SourceChange) => Promise<void>
  check: () => Promise<void>
  /** Changes whenever the indexed content does, so cached results of older content are never served. */
  version: () => string
  close: () => void
}

/** Runs an ingest of `inputs` into `backend` (the knowledge base's pipeline, shared by every store). */
export type Ingest = (backend: Backend, inputs: string[]) => Promise<IngestSummary>

export interface Context {
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

export function toPassage (chunk: Chunk, score: number): RetrievedPassage {
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

export function isInside (file: string, dir: string): boolean {
  const rel = relative(dir, file)
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel)
}

/** The reason of a document the store could not take (its embeddings or the store failed), as opposed to one skipped on purpose. */
export const INDEXING_FAILED = 'indexing failed'

export function indexingFailed (skipped: SkippedFile): boolean {
  return skipped.reason.startsWith(INDEXING_FAILED)
}

/** An error's message as a summary or a log may carry it (an HTML page named, not copied: ../../error-serializer.ts). */
export function messageOf (error: unknown): string {
  return boundedMessage(error instanceof Error ? error.message : String(error))
}

export function round (ms: number): number {
  return Math.round(ms * 10) / 10
}
