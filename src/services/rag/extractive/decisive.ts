// "Kapan"/"di mana"/"kampus mana": the sentence giving the date, the place or the campus asked, about the
// question's subject (its names, most of its words, not another group), opens the answer before one
// that gives none (score.ts). What the question cannot do without (Cue.required) and the best sentence
// does not give, any relevant sentence giving it gives: "Kapan tes SNBT?" is answered by "Jadwal
// pendaftaran, pelaksanaan UTBK, dan pengumuman SNBT diumumkan …", not "Tes yang digunakan dalam SNBT
// adalah UTBK." (which test, not when), though fewer of its words are the question's; "Which campus is
// civil engineering on?" by "FTSL berkegiatan di Kampus Ganesha …" (civil engineering only in its title).
import type { Candidate } from './candidates.ts'
import type { Cue } from './cue.ts'

/** A sentence giving the date or place asked for opens the answer with this share of the best one's relevance. */
export const DECISIVE_RELEVANCE = 0.5

export interface DecisiveContext {
  decisive: readonly Cue[]
  /** The sentences giving every decisive cue about the question's subject (score.ts). */
  answersDecisively: ReadonlySet<Candidate>
  gives: (cue: Cue, text: string) => boolean
  /** Sentences about another group of students than the question's (adjustments.ts). */
  otherGroup: ReadonlySet<Candidate>
  /** The question's names that some passage has: the sentence must have them all. */
  namesFound: readonly string[]
  match: (termsOfText: Set<string>, term: string) => number
  minRelevance: number
}

/** Moves the sentence that answers decisively to the front of `ranked` (best first), when one does. */
export function openDecisively (ranked: Candidate[], { decisive, answersDecisively, gives, otherGroup, namesFound, match, minRelevance }: DecisiveContext): void {
  if (ranked.length < 2 || decisive.length === 0 || answersDecisively.has(ranked[0])) return
  const lacking = decisive.some((cue) => cue.required === true && !gives(cue, ranked[0].text))
  const floor = Math.max(minRelevance, lacking ? 0 : DECISIVE_RELEVANCE * ranked[0].relevance)
  const givesRequired = (candidate: Candidate): boolean => lacking && decisive.every((cue) => cue.required !== true || gives(cue, candidate.text))
  const i = ranked.findIndex((candidate) => (answersDecisively.has(candidate) || givesRequired(candidate)) && candidate.relevance >= floor &&
    !otherGroup.has(candidate) && namesFound.every((term) => match(candidate.terms, term) > 0))
  if (i > 0) ranked.unshift(...ranked.splice(i, 1))
}
