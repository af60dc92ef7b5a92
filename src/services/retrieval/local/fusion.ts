// Hybrid ranking over the local store's two indexes. Stage 1: the lexical index (BM25) gives
// candidates. Stage 2 ranks them by how much of the query they cover (IDF-weighted, so a rare word
// counts more than "ITB"), with the heading as extra evidence and BM25 as tie-breaker: BM25 alone
// favours short headings that merely contain a common term. With a query embedding, the vector
// index's nearest chunks are fused in by reciprocal-rank fusion, and the relevance floor is applied
// to max(coverage, similarity).
import { expandedQuery } from '../aliases.ts'
import type { ExpandedQuery } from '../aliases.ts'
import { wholeWords } from '../../text/whole-words.ts'
import { normalizeInformal, withoutShapeWords } from '../text-analysis.ts'
import type { Chunk } from '../types.ts'
import { FIELDS, HEAD_FIELDS, toChunk } from './lexical.ts'
import type { Field, LexicalEntry, LexicalIndex, StoredChunk, WordMatch } from './lexical.ts'
import type { VectorIndex } from './vector.ts'

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

/** The question's phrase of an alias table entry (as whole words), and the indexes of the terms its expansion added. */
interface AliasCredit {
  said: RegExp
  added: number[]
  /** Per phrase of the documents' ("a|b"), the indexes of its terms. */
  means: number[][]
  /** The indexes of the question's phrase's terms that no chunk has ("counseling" of "counseling" → konseling). */
  saidOnly: number[]
}

interface QueryAnalysis {
  /** Per query term: the indexed words it matches and how much each counts. */
  words: WordMatch[][]
  /**
   * A chunk with the question's own phrase ("tahun pertama") has what the alias table's expansion of
   * it ("tpb tahap persiapan bersama") stands for: another wording of the same thing, not evidence
   * only the expansion's documents can give ("Apakah ada asrama untuk mahasiswa tahun pertama?"
   * found the TPB documents and not the dormitories').
   */
  credits: AliasCredit[]
  weights: number[]
  /** Whether the term is rare enough to count as evidence on its own (not in most chunks). */
  informative: boolean[]
  totalWeight: number
}

/** Stemmed, stop-word-free terms of a query, as the index sees them. */
export function queryTerms (lexical: LexicalIndex, query: string): string[] {
  return [...new Set(lexical.terms(normalizeInformal(query)))]
}

export async function searchPassages (lexical: LexicalIndex, vectors: VectorIndex, query: string, options: LocalSearchOptions): Promise<LocalSearchHit[]> {
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE
  const minSimilarity = options.minSimilarity ?? DEFAULT_MIN_SIMILARITY
  const expanded = expandedQuery(query)
  const normalized = withoutShapeWords(expanded.text)
  const terms = [...new Set(lexical.terms(normalized))]
  const total = lexical.size
  if (total === 0) return []
  const candidates = Math.max(options.k * 5, 50)
  const frequencies = terms.map((term) => lexical.documentFrequency(term))
  const weights = frequencies.map((df) => Math.log(1 + (total - df + 0.5) / (df + 0.5))) // BM25 idf, > 0
  const { hits: candidatesFound, words } = terms.length > 0
    ? await lexical.search(normalized, terms, candidates)
    : { hits: [], words: [] }
  const analysis: QueryAnalysis = {
    words,
    credits: aliasCredits(lexical, expanded, terms),
    weights,
    informative: frequencies.map((df) => df <= total * COMMON_TERM_SHARE),
    totalWeight: weights.reduce((sum, w) => sum + w, 0)
  }
  const informativeCount = (matched: number[]): number => matched.filter((m, i) => m > 0 && analysis.informative[i]).length
  // The floor also counts the question's words no document has where a passage has the documents' phrase for them (matches);
  // the ranking does not: it weighs the words both share.
  const evidence = (entry: LexicalEntry): { coverage: number, passes: boolean } => {
    const matched = matches(analysis, entry, FIELDS)
    const credited = matches(analysis, entry, FIELDS, true)
    return { coverage: weigh(analysis, matched), passes: weigh(analysis, credited) >= minScore || informativeCount(credited) >= MIN_MATCHED_TERMS }
  }

  const maxBm25 = candidatesFound[0]?.score ?? 1
  const lexicalRanked = candidatesFound.map((hit) => {
    const { coverage, passes } = evidence(hit)
    const headCoverage = weigh(analysis, matches(analysis, hit, HEAD_FIELDS))
    return { stored: hit.chunk, coverage, passes, rank: coverage + HEAD_WEIGHT * headCoverage + BM25_WEIGHT * (hit.score / maxBm25) }
  }).sort((a, b) => b.rank - a.rank)

  const similarities = new Map<string, number>()
  const ranked = new Map<string, { stored: StoredChunk, coverage: number, passes: boolean, fused: number }>()
  lexicalRanked.forEach((entry, rank) => ranked.set(entry.stored.id, { ...entry, fused: 1 / (RRF_K + rank + 1) }))
  if (options.queryVector !== undefined && vectors.size > 0) {
    vectors.search(options.queryVector, candidates).forEach(([id, similarity], rank) => {
      similarities.set(id, similarity)
      const known = ranked.get(id)
      if (known !== undefined) {
        known.fused += 1 / (RRF_K + rank + 1)
        return
      }
      const entry = lexical.entry(id)
      if (entry === undefined) return
      ranked.set(id, { stored: entry.chunk, ...evidence(entry), fused: 1 / (RRF_K + rank + 1) })
    })
  }

  const hits: LocalSearchHit[] = []
  for (const { stored, coverage, passes: lexicalPass } of [...ranked.values()].sort((a, b) => b.fused - a.fused)) {
    if (hits.length >= options.k) break
    const similarity = similarities.get(stored.id) ?? (options.queryVector !== undefined ? vectors.similarity(options.queryVector, stored.id) : undefined)
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

/** The alias table's phrases in the query, each with the terms only its expansion brought in. */
function aliasCredits (lexical: LexicalIndex, { formal, aliases }: ExpandedQuery, terms: readonly string[]): AliasCredit[] {
  if (aliases.length === 0) return []
  const own = new Set(lexical.terms(formal))
  const indexes = (list: readonly string[]): number[] => terms.flatMap((term, i) => list.includes(term) ? [i] : [])
  return aliases.map(({ said, means }) => {
    const phrases = means.split('|').map((phrase) => lexical.terms(phrase))
    const meant = new Set(phrases.flat())
    const added = [...meant].filter((term) => !own.has(term))
    return {
      said: wholeWords(said),
      added: indexes(added),
      means: phrases.map(indexes).filter((list) => list.length > 0),
      saidOnly: indexes(lexical.terms(said).filter((term) => !meant.has(term) && lexical.documentFrequency(term) === 0))
    }
  }).filter((credit) => credit.added.length > 0 || credit.saidOnly.length > 0)
}

/**
 * Per query term: 1 when the chunk has it in `fields`, its weight for a prefix match (aktuari →
 * aktuaria counts partly, as in the index search), else 0; 1 for a term of an alias expansion when
 * the chunk has the question's own phrase for it; with `saidToo` (the relevance floor), 1 for a term
 * of the question's phrase that no chunk has when the chunk has the documents' phrase for it (every
 * term of one of its phrases): "counseling" is said by a passage about "konseling", where the English
 * word, in no document, weighed as missing from every passage and left it below the floor.
 */
function matches (analysis: QueryAnalysis, entry: LexicalEntry, fields: readonly Field[], saidToo = false): number[] {
  const matched = analysis.words.map((words) => {
    let best = 0
    for (const { word, weight } of words) {
      if (weight > best && entry.has(fields, word)) best = weight
      if (best === 1) break
    }
    return best
  })
  if (analysis.credits.length === 0) return matched
  const text = fields.map((field) => entry.chunk[field]).join('\n').toLowerCase()
  const found = [...matched]
  for (const { said, added, means, saidOnly } of analysis.credits) {
    if (added.length > 0 && said.test(text)) for (const i of added) matched[i] = 1
    if (saidToo && means.some((phrase) => phrase.every((i) => found[i] > 0))) for (const i of saidOnly) matched[i] = 1
  }
  return matched
}

/** IDF-weighted share of the query terms matched. */
function weigh (analysis: QueryAnalysis, matched: number[]): number {
  if (analysis.totalWeight === 0) return 0
  let sum = 0
  matched.forEach((m, i) => { sum += analysis.weights[i] * m })
  return sum / analysis.totalWeight
}
