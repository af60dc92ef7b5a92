// The local lexical index on MiniSearch, through its public API only: a custom tokenizer and
// `processTerm` with the same stop words and stemmer as the Orama index (text-analysis.ts), prefix
// search by function, field boosts, and a JSON snapshot (toJSON / loadJS). Document frequencies and
// per-chunk term membership, which MiniSearch does not expose, are kept here: a df table per field
// filled while MiniSearch processes a chunk's terms, membership from a search result's `match` for
// the words the search scanned, else by tokenizing the candidate's stored fields.
// Not the engine in use: benchmarked against orama-lexical.ts and kept for that comparison
// (bench/retrieval.ts --engine=both, npm run eval -- --engine=minisearch; docs/benchmarks.md).
import MiniSearch from 'minisearch'
import type { AsPlainObject, SearchResult } from 'minisearch'
import { stemBilingual as stem } from '../../text/stemming.ts'
import { STOP_WORDS } from '../text-analysis.ts'
import { FIELDS, FIELD_BOOSTS } from './lexical.ts'
import type { Field, LexicalEntry, LexicalHit, LexicalIndex, LexicalSearch, StoredChunk, WordMatch } from './lexical.ts'
import { MAX_EXPANSIONS, MAX_EXTENSION, PREFIX_MATCH_WEIGHT, PREFIX_MIN_LENGTH } from './orama-text-index.ts'

/**
 * Very common terms are left out of candidate generation when the query has rarer ones: their
 * postings are the longest and their BM25 weight the smallest (the ranking still counts them).
 * With only common terms, the least common one alone gives the candidates.
 */
const COMMON_TERM_SHARE = 0.25
const SPLIT = /[^a-z0-9]+/

interface SavedMiniSearch {
  index: AsPlainObject
  /** [`field:term`, number of chunks holding the term in that field] */
  df: Array<[string, number]>
}

function tokenize (text: string): string[] {
  return text.toLowerCase().split(SPLIT)
}

function processTerm (term: string): string | null {
  if (term === '' || STOP_WORDS.includes(term)) return null
  return stem(term)
}

export function createMiniSearchLexicalIndex (saved?: unknown): LexicalIndex {
  const df = new Map<string, number>()
  /** Terms of the chunk MiniSearch is adding, collected from its own processTerm calls. */
  let collecting: Set<string> | undefined
  /** Document frequency of a term, as Orama's BM25 counted it: in the field where it is most frequent. */
  const frequency = (term: string): number => Math.max(...FIELDS.map((field) => df.get(`${field}:${term}`) ?? 0))
  const options = {
    idField: 'id',
    fields: [...FIELDS],
    storeFields: ['id', 'title', 'section', 'text', 'path', 'source', 'position', 'language'],
    tokenize,
    processTerm: (term: string, field?: string): string | null => {
      const processed = processTerm(term)
      if (processed !== null) collecting?.add(`${field ?? ''}:${processed}`)
      return processed
    },
    searchOptions: { tokenize: (text: string) => [text], processTerm: (term: string) => term }
  }
  let index: MiniSearch<StoredChunk>
  if (saved === undefined) {
    index = new MiniSearch<StoredChunk>(options)
  } else {
    const state = saved as SavedMiniSearch
    index = MiniSearch.loadJS<StoredChunk>(state.index, options)
    for (const [term, n] of state.df) df.set(term, n)
  }

  const terms = (text: string): string[] => {
    const out: string[] = []
    for (const token of tokenize(text)) {
      const term = processTerm(token)
      if (term !== null) out.push(term)
    }
    return out
  }
  const get = (id: string): StoredChunk | undefined => index.getStoredFields(id) as StoredChunk | undefined
  /**
   * `matched`: for a search candidate, the fields of each word its search matched; a word the search
   * scanned (`scanned`) is answered from it, any other by tokenizing the chunk's fields once.
   */
  const entryOf = (chunk: StoredChunk, matched?: Record<string, string[]>, scanned?: (word: string) => boolean): LexicalEntry => {
    let fieldTerms: Map<Field, Set<string>> | undefined
    return {
      chunk,
      has (fields, word) {
        if (matched !== undefined && scanned?.(word) === true) return matched[word]?.some((field) => (fields as readonly string[]).includes(field)) === true
        fieldTerms ??= new Map(FIELDS.map((field) => [field, new Set(terms(chunk[field]))]))
        return fields.some((field) => fieldTerms?.get(field)?.has(word) === true)
      }
    }
  }
  const chunkTerms = (chunk: StoredChunk): Set<string> => new Set(FIELDS.flatMap((field) => terms(chunk[field]).map((term) => `${field}:${term}`)))
  /** The term and the candidates' indexed words that extend it (its prefix expansions). */
  const expansionsOf = (term: string, results: SearchResult[]): WordMatch[] => {
    const words: WordMatch[] = [{ word: term, weight: 1 }]
    if (term.length < PREFIX_MIN_LENGTH) return words
    const seen = new Set([term])
    for (const result of results) {
      for (const word of result.terms) {
        if (seen.has(word) || !word.startsWith(term) || word.length > term.length + MAX_EXTENSION) continue
        seen.add(word)
        words.push({ word, weight: PREFIX_MATCH_WEIGHT })
        if (words.length > MAX_EXPANSIONS) return words
      }
    }
    return words
  }
  return {
    engine: 'minisearch',
    get size () { return index.documentCount },
    insert (chunks) {
      for (const chunk of chunks) {
        collecting = new Set()
        index.add(chunk)
        for (const term of collecting) df.set(term, (df.get(term) ?? 0) + 1)
        collecting = undefined
      }
    },
    remove (ids) {
      for (const id of ids) {
        const chunk = get(id)
        if (chunk === undefined) continue
        for (const term of chunkTerms(chunk)) {
          const n = (df.get(term) ?? 1) - 1
          if (n > 0) df.set(term, n)
          else df.delete(term)
        }
        index.discard(id)
      }
    },
    get,
    entry (id) {
      const chunk = get(id)
      return chunk === undefined ? undefined : entryOf(chunk)
    },
    terms,
    async search (_query, queryTerms, limit): Promise<LexicalSearch> {
      const total = index.documentCount
      let candidates = queryTerms.filter((term) => frequency(term) <= total * COMMON_TERM_SHARE)
      if (candidates.length === 0 && queryTerms.length > 0) {
        candidates = [queryTerms.reduce((best, term) => (frequency(term) < frequency(best) ? term : best))]
      }
      const results = index.search({ combineWith: 'OR', queries: candidates }, {
        boost: FIELD_BOOSTS,
        prefix: (term: string) => term.length >= PREFIX_MIN_LENGTH,
        weights: { fuzzy: 0, prefix: PREFIX_MATCH_WEIGHT }
      })
      const top = results.slice(0, limit)
      const searched = new Set(candidates)
      const scanned = (word: string): boolean => searched.has(word) ||
        candidates.some((term) => term.length >= PREFIX_MIN_LENGTH && word.startsWith(term))
      return {
        hits: top.map((result): LexicalHit => {
          const { score, terms: _t, queryTerms: _q, match, ...stored } = result
          return { ...entryOf(stored as unknown as StoredChunk, match, scanned), score }
        }),
        words: queryTerms.map((term) => expansionsOf(term, top))
      }
    },
    documentFrequency: frequency,
    save: (): SavedMiniSearch => ({ index: index.toJSON(), df: [...df] })
  }
}
