// One candidate sentence's score once its relevance is known (score.ts): its relevance, length-normed
// as BM25 does (a little, not more), plus small bonuses for its passage's coverage of the question, its
// title or section, its subject, its retrieval rank and score, what the question asks for and the
// question's language; times factors for a cue it misses, how it fits a list question, leaning on the
// sentence before it and breaking a compound of the question.
import type { Language } from '../../text/language.ts'
import type { Candidate } from './candidates.ts'
import { leansOnPrevious } from './candidates.ts'
import type { Cue } from './cue.ts'

/** Score factor of a sentence that leans on the one before it ("Oleh karena itu, …", "However, …"). */
const DEPENDENT_FACTOR = 0.9
/** Score factor of a sentence without what a "kapan"/"berapa"/"mengapa" question asks for. */
const CUE_MISS_FACTOR = 0.7
/** Score factor of a sentence with a word of a compound of the question elsewhere than in the compound. */
const COMPOUND_MISS_FACTOR = 0.8
const BM25_K1 = 1.2
const BM25_B = 0.3
/** Short sentences are favoured a little, not more. */
const MAX_LENGTH_NORM = 1.1
/** Bonus of the first passage; the n-th gets bonus / n. */
const RANK_BONUS = 0.1
const RETRIEVAL_SCORE_BONUS = 0.1
/** Times the share of the question's term weight the whole passage (title and section included) has. */
const PASSAGE_BONUS = 0.3
const TITLE_BONUS = 0.25
/** Times the share of the question's term weight among the sentence's first terms (its subject). */
const SUBJECT_BONUS = 0.15
const CUE_BONUS = 0.1
const LANGUAGE_BONUS = 0.1
/** A list question's enumerating sentences score more per item (up to a point), its other sentences less. */
const LIST_ITEM_BONUS = 0.06
const LIST_ITEMS_COUNTED = 8
const LIST_MISS_FACTOR = 0.8

/**
 * How a sentence fits a list question: whether it gives what the documents give sentence by sentence
 * (a cue asked in turn: "Apa saja syarat lulus …?"), how many items it enumerates (0 when its items
 * name the question's subject), and whether it is about the list asked for (lists.ts).
 */
export interface ListFit {
  inTurn: boolean | undefined
  items: number
  aboutList: () => boolean
}

export interface SentenceReading {
  /** The strong cue the sentence does not give, if any. */
  missedCue: Cue | undefined
  /** Undefined for a question that asks for no list. */
  list: ListFit | undefined
  /** Whether it enumerates items (its length then counts for nothing). */
  enumerating: boolean
  breaksCompound: boolean
  /** Share of the question's term weight among its first terms. */
  subjectShare: number
  /** Whether it negates what the question negates ("tidak lulus" for "gak lulus", negation.ts). */
  negatesToo: boolean
  /** The question's language. */
  language: Language
  averageLength: number
}

function listFactor (list: ListFit | undefined): number {
  if (list === undefined) return 1
  if (list.inTurn !== undefined) return list.inTurn ? 1 : LIST_MISS_FACTOR
  if (list.items > 0) return 1 + LIST_ITEM_BONUS * Math.min(list.items, LIST_ITEMS_COUNTED)
  return list.aboutList() ? 1 : LIST_MISS_FACTOR
}

/** The score of `candidate`, whose relevance and cue are set. */
export function sentenceScore (candidate: Candidate, reading: SentenceReading): number {
  const cueFactor = reading.missedCue === undefined ? 1 : reading.missedCue.missFactor ?? CUE_MISS_FACTOR
  const lengthNorm = reading.enumerating
    ? MAX_LENGTH_NORM
    : Math.min(MAX_LENGTH_NORM, (BM25_K1 + 1) / (1 + BM25_K1 * (1 - BM25_B + BM25_B * candidate.length / reading.averageLength)))
  const dependentFactor = leansOnPrevious(candidate.text) ? DEPENDENT_FACTOR : 1
  const compoundFactor = reading.breaksCompound ? COMPOUND_MISS_FACTOR : 1
  return cueFactor * listFactor(reading.list) * dependentFactor * compoundFactor * (candidate.relevance * lengthNorm +
    PASSAGE_BONUS * candidate.info.coverage +
    TITLE_BONUS * candidate.info.labelCoverage +
    SUBJECT_BONUS * reading.subjectShare +
    RANK_BONUS / (1 + candidate.rank) +
    RETRIEVAL_SCORE_BONUS * Math.min(1, Math.max(0, candidate.passage.score ?? 0)) +
    (candidate.cue || reading.negatesToo ? CUE_BONUS : 0) +
    (candidate.language === reading.language ? LANGUAGE_BONUS : 0))
}
