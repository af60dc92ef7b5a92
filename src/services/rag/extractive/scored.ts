// What scoring hands to composition (score.ts → selection.ts, compose.ts): the best sentence, the
// ranked others, and what the question asked, so that the sentences following the best stay on it.
import type { Language } from '../../text/language.ts'
import type { Candidate } from './candidates.ts'
import type { StemMode } from './terms.ts'

/** A question scored against its passages: the best sentence and what composition needs to follow it. */
export interface Scored {
  language: Language
  mode: StemMode
  /** Every candidate sentence, for the names the passages use. */
  candidates: Candidate[]
  /** Qualifying sentences, best first; the first opens the answer when `decisive`, else its passage's reading order decides (selection.ts). */
  ranked: Candidate[]
  best: Candidate
  /** The question's terms (its own first, then its subject's) and which of them are topical and names. */
  query: string[]
  topical: string[]
  names: Set<string>
  /** Lowercase words of the question and of the question it follows up. */
  askedWords: Set<string>
  /** The question and its subject's question, informal words in their formal form. */
  formal: string
  subjectText: string
  list: boolean
  /** How much of `term` a text with the terms `termsOfText` has (0 to 1). */
  match: (termsOfText: Set<string>, term: string) => number
  /** Sentences about a group of students (postgraduates, the IUP …) that the question does not name (groups.ts). */
  otherGroup: ReadonlySet<Candidate>
  /**
   * It asks for a date or a place, the best gives the channel asked for, or the best is about the list a
   * list question asks for ("Daftar program studi … dapat berubah …", lists.ts): the best opens the answer, whatever its passage.
   */
  decisive: boolean
  /** The sentence naming what the best has only through its document's title (Cue.kindWords): it comes before the best. */
  namer?: Candidate
  /** The best is the first step under a heading naming the procedure asked for, the others to follow it. */
  steps: boolean
  /** The sentence after the best saying where what it says changes is published (continuation.ts): it follows the best. */
  pointer?: Candidate
  /** How many items the best lists, where a "how many" question is answered by a list with no number (lists.ts listedCount). */
  count?: number
}
