// Either/or questions ("ITB itu negeri atau swasta?", "Apakah ITB kampus negeri atau swasta?"): the
// answer is the sentence that says which of the two the subject is. Either alternative is what is
// asked (matching.ts: a sentence with one of them has both terms), and a sentence about the
// question's subject that has one ("ITB berstatus Perguruan Tinggi Negeri …") answers it, not one in
// which an alternative qualifies something else ("… perusahaan dan yayasan swasta …").
import type { Candidate } from './candidates.ts'
import { terms } from './terms.ts'
import type { StemMode } from './terms.ts'
import { QUESTION_END } from './linear-patterns.ts'

/** Two one-word alternatives closing the question: "… negeri atau swasta?", "… public or private?". */
const EITHER_OR = new RegExp(String.raw`(?:^|\s)(\p{L}+) (?:atau|or) (\p{L}+)${QUESTION_END}`, 'iu')

/** The terms of the two alternatives a question closes with, or undefined when it offers none. */
export function alternativesAsked (question: string, mode: StemMode): string[] | undefined {
  const match = EITHER_OR.exec(question)
  if (match === null) return undefined
  const alternatives = [...terms(match[1], mode), ...terms(match[2], mode)]
  return alternatives.length === 2 && alternatives[0] !== alternatives[1] ? alternatives : undefined
}

/** Added to the score of a sentence that says which alternative the subject is. */
const ANSWERS_BONUS = 0.15
/** Score factor of a sentence naming an alternative of something else; squared for one with neither. */
const MISS_FACTOR = 0.7

/**
 * Scores the sentences against the alternatives: one that says which the subject is (opening with
 * one of the question's other terms, "ITB …", with an alternative after it, not among its first
 * terms) gains; one naming an alternative of something else counts less, one with neither less again.
 */
export function weighAlternatives (candidates: readonly Candidate[], alternatives: readonly string[], query: readonly string[]): void {
  const subject = new Set(query.filter((term) => !alternatives.includes(term)))
  for (const candidate of candidates) {
    const lead = [...candidate.lead]
    const named = alternatives.some((term) => candidate.terms.has(term))
    if (named && subject.has(lead[0] ?? '') && !lead.some((term) => alternatives.includes(term))) candidate.score += ANSWERS_BONUS
    else candidate.score *= named ? MISS_FACTOR : MISS_FACTOR ** 2
  }
}
