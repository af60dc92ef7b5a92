// Orama index component with a faster full-text `search`, and read-only helpers over the same data.
//
// Why: Orama 3.1's default search expands every query term as a prefix and collects the matching
// documents with `array.includes` per document, which is quadratic in a term's document frequency:
// ~13 ms per query at 10k chunks and seconds at 100k. This component keeps Orama's index (insert,
// remove, save, load are the defaults) and replaces only `search` with a walk over the exact term's
// postings, plus prefix expansions for long terms (aktuari → aktuaria) and, for a term in no document,
// the indexed words one edit away (a typo: beasiwa → beasiswa, typos.ts), scored with Orama's own BM25.
// Everything here reads the default index's data layout; `assertIndexLayout` fails loudly if an
// Orama upgrade changes it (and @orama/orama is pinned by the lock file).
// https://docs.orama.com/docs/orama-js/internals/components
//
// Why a private layout is still read (issue 13 item 5): MiniSearch through its public API only
// (minisearch-lexical.ts) was benchmarked against this (docs/benchmarks.md, "Lexical index:
// minisearch vs Orama"). It matched the eval's hit@5 but took 1.2-2.1x the query CPU — over the
// 2 ms p50 target at 10k chunks as measured — since it has no result limit and exposes neither
// document frequencies nor per-document terms, and its different tie-breaking made the offline
// answerer decline a question it answers today (test/services/rag/offline-answers.test.ts).
import { components } from '@orama/orama'
import type { AnyOrama } from '@orama/orama'
import { createTypoMemo, lookup } from './radix-typos.ts'
import type { RadixNode, TypoMemo } from './radix-typos.ts'

interface IndexData {
  indexes: Record<string, { type: string, node: RadixNode }>
  frequencies: Record<string, Record<number, Record<string, number> | undefined>>
  fieldLengths: Record<string, Record<number, number | undefined>>
  avgFieldLength: Record<string, number>
  tokenOccurrences: Record<string, Record<string, number>>
}

interface Tokenizer {
  tokenize: (text: string, language?: string, prop?: string, withCache?: boolean) => string[]
}

interface Bm25Params { k?: number, b?: number, d?: number }

/**
 * Prefix matching: a term of at least PREFIX_MIN_LENGTH characters also matches up to MAX_EXPANSIONS
 * indexed words that extend it by at most MAX_EXTENSION characters — inflections and cross-language
 * variants (aktuari → aktuaria, informat → informatika), not unrelated longer words.
 */
export const MAX_EXPANSIONS = 10
export const PREFIX_MIN_LENGTH = 5
export const MAX_EXTENSION = 3
/** A prefix match counts this much of an exact one. */
export const PREFIX_MATCH_WEIGHT = 0.8
/** A word one edit from a term that no document has (its typo) counts this much of an exact match. */
export const TYPO_MATCH_WEIGHT = 0.7
/** `search` returns at most this many scored documents; callers ask for far fewer. */
const MAX_RESULTS = 200

function indexOf (db: AnyOrama): IndexData {
  return db.data.index as unknown as IndexData
}

export function assertIndexLayout (db: AnyOrama, properties: string[]): void {
  const index = indexOf(db)
  for (const prop of properties) {
    const entry = index.indexes?.[prop]
    if (entry?.type !== 'Radix' || !(entry.node.c instanceof Map) || index.frequencies?.[prop] === undefined ||
        index.fieldLengths?.[prop] === undefined || index.tokenOccurrences?.[prop] === undefined) {
      throw new Error(`@orama/orama's index layout is not the one orama-text-index.ts was written for (property "${prop}")`)
    }
  }
}

/** Indexed words that extend `prefix` by 1..MAX_EXTENSION characters, shortest first. */
function expansions (root: RadixNode, prefix: string, max: number): string[] {
  let node: RadixNode | undefined = root
  let i = 0
  while (node !== undefined && i < prefix.length) {
    const child: RadixNode | undefined = node.c.get(prefix[i])
    if (child === undefined) return []
    const rest = prefix.slice(i)
    if (child.s.startsWith(rest)) { node = child; i = prefix.length; break }
    if (!rest.startsWith(child.s)) return []
    node = child
    i += child.s.length
  }
  if (node === undefined) return []
  const limit = prefix.length + MAX_EXTENSION
  const words: string[] = []
  const queue: RadixNode[] = [node]
  while (queue.length > 0 && words.length < max) {
    const next = queue.shift() as RadixNode
    if (next.w.length > limit) continue
    if (next.e && next.d.size > 0 && next.w !== prefix) words.push(next.w)
    for (const child of next.c.values()) queue.push(child)
  }
  return words
}

/**
 * Words a query term matches in the index: itself (weight 1), its prefix expansions and, in no document
 * itself, its typo's words, as in `search` (with the memo the index's component has, the walk `search` did).
 */
export function matchingWords (db: AnyOrama, properties: string[], term: string, exact = false, typos: TypoMemo = createTypoMemo()): Array<{ word: string, weight: number }> {
  const words = [{ word: term, weight: 1 }]
  if (exact || term.length < PREFIX_MIN_LENGTH) return words
  const seen = new Set([term])
  const index = indexOf(db)
  for (const word of typos.words(properties, properties.map((prop) => index.indexes[prop].node), term)) {
    seen.add(word)
    words.push({ word, weight: TYPO_MATCH_WEIGHT })
  }
  for (const prop of properties) {
    for (const word of expansions(index.indexes[prop].node, term, MAX_EXPANSIONS)) {
      if (seen.has(word)) continue
      seen.add(word)
      words.push({ word, weight: PREFIX_MATCH_WEIGHT })
    }
  }
  return words.slice(0, MAX_EXPANSIONS + 1)
}

/** Number of documents containing `word`, approximated by its most frequent property. */
export function documentFrequency (db: AnyOrama, properties: string[], word: string): number {
  const index = indexOf(db)
  let df = 0
  for (const prop of properties) df = Math.max(df, index.tokenOccurrences[prop][word] ?? 0)
  return df
}

/** Whether the document (by Orama's internal id) has `word` in any of `properties`. */
export function contains (db: AnyOrama, internalId: number, properties: string[], word: string): boolean {
  const index = indexOf(db)
  for (const prop of properties) {
    if (index.frequencies[prop][internalId]?.[word] !== undefined) return true
  }
  return false
}

export function internalIdOf (db: AnyOrama, id: string): number {
  return components.internalDocumentIDStore.getInternalDocumentId(db.internalDocumentIDStore, id)
}

/** Terms in more than this share of the documents add almost nothing to BM25 but cost the most. */
const COMMON_TERM_SHARE = 0.25

function search (
  typoMemo: TypoMemo,
  index: IndexData,
  term: string,
  tokenizer: Tokenizer,
  language: string | undefined,
  propertiesToSearch: string[],
  exact: boolean,
  _tolerance: number,
  boost: Partial<Record<string, number>>,
  relevance: Bm25Params,
  docsCount: number,
  whereFiltersIDs: Set<number> | undefined
): Array<[number, number]> {
  const k = relevance.k ?? 1.2
  const b = relevance.b ?? 0.75
  const d = relevance.d ?? 0.5
  const props = propertiesToSearch.filter((prop) => index.indexes[prop]?.type === 'Radix')
  const df = (word: string): number => {
    let n = 0
    for (const prop of props) n = Math.max(n, index.tokenOccurrences[prop][word] ?? 0)
    return n
  }
  let tokens = [...new Set(tokenizer.tokenize(term, language))]
  // Very common terms are left out of candidate generation when the query has rarer ones: their
  // postings are the longest and their BM25 weight the smallest (the caller still counts them).
  // With only common terms, the least common one alone gives the candidates.
  const rare = tokens.filter((token) => df(token) <= docsCount * COMMON_TERM_SHARE)
  if (rare.length > 0) tokens = rare
  else if (tokens.length > 1) tokens = [tokens.reduce((best, token) => (df(token) < df(best) ? token : best))]

  const roots = props.map((prop) => index.indexes[prop].node)
  const typos = new Map(exact ? [] : tokens.map((token) => [token, typoMemo.words(props, roots, token)] as const))
  let scores = new Float64Array(1024)
  const touched: number[] = []
  for (const prop of props) {
    const root = index.indexes[prop].node
    const fieldBoost = boost[prop] ?? 1
    const frequencies = index.frequencies[prop]
    const lengths = index.fieldLengths[prop]
    const average = index.avgFieldLength[prop] || 1
    for (const token of tokens) {
      const words = [{ word: token, weight: 1 }]
      if (!exact && token.length >= PREFIX_MIN_LENGTH) {
        for (const word of expansions(root, token, MAX_EXPANSIONS)) words.push({ word, weight: PREFIX_MATCH_WEIGHT })
      }
      for (const word of typos.get(token) ?? []) words.push({ word, weight: TYPO_MATCH_WEIGHT })
      for (const { word, weight } of words) {
        const node = lookup(root, word)
        if (node === undefined || node.d.size === 0) continue
        const occurrences = index.tokenOccurrences[prop][word] ?? node.d.size
        const idf = Math.log(1 + (docsCount - occurrences + 0.5) / (occurrences + 0.5))
        for (const id of node.d) {
          if (whereFiltersIDs !== undefined && !whereFiltersIDs.has(id)) continue
          const tf = frequencies[id]?.[word] ?? 0
          const length = lengths[id] ?? average
          // Orama's BM25 (with its `d` lower bound), so scores stay comparable with the default search.
          const bm25 = (idf * (d + tf * (k + 1))) / (tf + k * (1 - b + (b * length) / average))
          if (id >= scores.length) {
            const grown = new Float64Array(Math.max(id + 1, scores.length * 2))
            grown.set(scores)
            scores = grown
          }
          if (scores[id] === 0) touched.push(id)
          scores[id] += bm25 * fieldBoost * weight
        }
      }
    }
  }
  return topScores(touched, scores, MAX_RESULTS)
}

/** The `limit` best [id, score] pairs, best first, without sorting everything (a bounded min-heap). */
function topScores (ids: number[], scores: Float64Array, limit: number): Array<[number, number]> {
  const heap: number[] = []
  const less = (a: number, b: number): boolean => scores[a] < scores[b]
  for (const id of ids) {
    if (heap.length < limit) {
      heap.push(id)
      let i = heap.length - 1
      while (i > 0) {
        const parent = (i - 1) >> 1
        if (!less(heap[i], heap[parent])) break
        ;[heap[i], heap[parent]] = [heap[parent], heap[i]]
        i = parent
      }
    } else if (less(heap[0], id)) {
      heap[0] = id
      let i = 0
      for (;;) {
        const left = 2 * i + 1
        const right = left + 1
        let smallest = i
        if (left < heap.length && less(heap[left], heap[smallest])) smallest = left
        if (right < heap.length && less(heap[right], heap[smallest])) smallest = right
        if (smallest === i) break
        ;[heap[i], heap[smallest]] = [heap[smallest], heap[i]]
        i = smallest
      }
    }
  }
  return heap.map((id): [number, number] => [id, scores[id]]).sort((x, y) => y[1] - x[1])
}

/** What Orama passes to an index component's `search`. */
type OramaSearchArgs = Parameters<typeof search> extends [TypoMemo, ...infer Rest] ? Rest : never

/** Orama's default index component with the postings-walk `search`, its typo walks kept in `typos` (cleared by the caller when the index changes). */
export function createTextIndexComponent (typos: TypoMemo = createTypoMemo()): ReturnType<typeof components.index.createIndex> {
  const base = components.index.createIndex()
  const searchWith = (...args: OramaSearchArgs): Array<[number, number]> => search(typos, ...args)
  return { ...base, search: searchWith as unknown as typeof base.search }
}
