// What a question negates ("Nilai berapa yang dianggap tidak lulus mata kuliah?", "Kalau gak lulus …"):
// a sentence negating it too ("nilai E berarti mahasiswa tidak lulus") says what is asked; while one
// does, a sentence with the word only un-negated ("… dinyatakan lulus apabila …") says the opposite.
// Used by score.ts (negatesToo) and adjustments.ts (lowerOpposites).
import type { Candidate } from './candidates.ts'
import { negatedTerms } from './terms.ts'
import type { StemMode } from './terms.ts'

/** Score factor of a sentence saying the opposite of what the question negates. */
const OPPOSITE_FACTOR = 0.8

/** Whether `text` negates one of the `negated` terms of the question. */
export function negatesToo (text: string, negated: ReadonlySet<string>, mode: StemMode): boolean {
  return negated.size > 0 && [...negatedTerms(text, mode)].some((term) => negated.has(term))
}

/** Lowers the sentences with a negated term of the question only un-negated, when another negates it too. */
export function lowerOpposites (ranked: readonly Candidate[], negated: ReadonlySet<string>, mode: StemMode): void {
  const negating = new Set(ranked.filter((candidate) => negatesToo(candidate.text, negated, mode)))
  if (negating.size === 0) return
  for (const candidate of ranked) {
    if (!negating.has(candidate) && [...negated].some((term) => candidate.terms.has(term))) candidate.score *= OPPOSITE_FACTOR
  }
}
