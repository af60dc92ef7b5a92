// A general question ("Di mana kampus ITB?") over passages about several named instances of what it
// asks about ("Kampus ITB Cirebon berada …", "Kampus Ganesha di …"): a sentence that names them all
// ("ITB memiliki tiga kampus, yaitu …") answers it, as a sentence stating the place asked for answers
// a question about one; a sentence about a single instance answers a part, and so does one naming an
// instance in passing ("Masjid Salman ITB berada … di seberang Kampus Ganesha"). Used by adjustments.ts for
// a question with no names.
import type { Candidate } from './candidates.ts'
import { enumeration } from './lists.ts'
import { sentenceSubject } from './terms.ts'

export interface InstanceContext {
  /** Lowercase words of the question and of the question it follows up. */
  askedWords: Set<string>
  query: readonly string[]
  isTopical: (term: string) => boolean
  match: (termsOfText: Set<string>, term: string) => number
}

/** Lowers each instance's sentences by `factor` and raises the overviews' by `bonus`, when the passages have both. */
export function weighInstances (ranked: readonly Candidate[], context: InstanceContext, factor: number, bonus: number): void {
  const { askedWords, query, isTopical, match } = context
  const instances = new Map<Candidate, string>()
  const elsewhere: Candidate[] = []
  for (const candidate of ranked) {
    const named = sentenceSubject(candidate.text).names.filter((name) => !askedWords.has(name))
    if (named.length === 0) continue
    if ([...candidate.lead].some((term) => isTopical(term) && query.includes(term))) instances.set(candidate, named.join(' '))
    else elsewhere.push(candidate)
  }
  const overviews = ranked.filter((candidate) => !instances.has(candidate) && enumeration(candidate.text) >= 2 &&
    query.some((term) => isTopical(term) && match(candidate.terms, term) > 0))
  if (overviews.length === 0 || new Set(instances.values()).size < 2) return
  for (const candidate of instances.keys()) candidate.score *= factor
  for (const candidate of overviews) candidate.score += bonus
  for (const candidate of elsewhere) candidate.score *= factor
}
