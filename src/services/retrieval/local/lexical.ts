// The lexical half of the local store: what a full-text index over chunks must answer for the
// ranking in fusion.ts — BM25 candidates, the indexed words a query term matches (itself, its
// prefix expansions and, on Orama, a term in no document's one-edit typos: radix-typos.ts), document
// frequencies and per-chunk term membership. orama-lexical.ts is the
// implementation in use; minisearch-lexical.ts is the one it was benchmarked against (see
// docs/benchmarks.md, "Lexical index: minisearch vs Orama").
import type { Chunk } from '../types.ts'

export const FIELDS = ['title', 'section', 'text'] as const
export const HEAD_FIELDS = ['title', 'section'] as const
export type Field = typeof FIELDS[number]

/**
 * Field boosts: a document's title names its subject (every chunk carries it), the section heading
 * names the passage's subject; both are short, so a match there says more than one in the body.
 */
export const FIELD_BOOSTS: Record<Field, number> = { title: 2, section: 1.5, text: 1 }

/** What the index stores of a chunk (flat, so every engine can store it). */
export interface StoredChunk {
  id: string
  title: string
  section: string
  text: string
  path: string
  source: string
  position: number
  language: string
}

export interface WordMatch {
  word: string
  /** 1 for the term itself, PREFIX_MATCH_WEIGHT for a prefix expansion, TYPO_MATCH_WEIGHT for a word its typo misspells. */
  weight: number
}

/** A chunk as the ranking sees it: its stored fields and which indexed words it holds. */
export interface LexicalEntry {
  chunk: StoredChunk
  /** Whether the chunk has `word` (an index term) in any of `fields`. */
  has: (fields: readonly Field[], word: string) => boolean
}

export interface LexicalHit extends LexicalEntry {
  /** BM25 with field boosts; only comparable within one search. */
  score: number
}

export interface LexicalSearch {
  hits: LexicalHit[]
  words: WordMatch[][]
}

export interface LexicalIndex {
  readonly engine: string
  readonly size: number
  insert: (chunks: StoredChunk[]) => void
  /** Removes the chunks with these ids; unknown ids are ignored. */
  remove: (ids: string[]) => void
  get: (id: string) => StoredChunk | undefined
  entry: (id: string) => LexicalEntry | undefined
  /** Index terms of a text (stemmed, stop words dropped), in order. */
  terms: (text: string) => string[]
  /**
   * Up to `limit` candidates for the query, best BM25 first, and per query term (`terms` =
   * terms(query)) the indexed words it matches: itself (weight 1), its prefix expansions and (Orama) its typo's words.
   */
  search: (query: string, terms: string[], limit: number) => Promise<LexicalSearch>
  /** Chunks holding `word`, counted in the field where it is most frequent (as Orama does; the floors were calibrated so). */
  documentFrequency: (word: string) => number
  /** JSON-serialisable state for the snapshot (see snapshot.ts). */
  save: () => unknown
}

export function toStoredChunk (chunk: Chunk): StoredChunk {
  const m = chunk.metadata
  return { id: chunk.id, title: m.title, section: m.section, text: chunk.text, path: m.path, source: m.source, position: m.position, language: m.language }
}

export function toChunk (stored: StoredChunk): Chunk {
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
