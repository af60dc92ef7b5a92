// What a short follow-up naming only a unit or a degree level is answered with: its subject's question
// asked of that unit or level. "Kalau di FTI?" after "Berapa UKT di ITB?" wants a sentence saying the
// subject's topic of FTI (units.ts), "Kalau S2?" after "Berapa SKS untuk lulus S1?" one naming the
// master's (degrees.ts); with none, the question is declined. A question that follows nothing is kept to
// sentences of the level it names, if any. Used by score.ts on its ranked sentences.
import type { Language } from '../../text/language.ts'
import type { Candidate } from './candidates.ts'
import type { Cue } from './cue.ts'
import { answersOfLevel, levelsSwapped, notOfOtherLevels } from './degrees.ts'
import { cuesOf } from './question-types.ts'
import { fixedTerms } from './terms.ts'
import type { StemMode } from './terms.ts'
import { givingAsked, saysPhrase, topicDefinedAs, topicTitled, unitAsked, unitTopic } from './units.ts'

export interface FollowUpScope {
  /** The unit a follow-up names alone (units.ts), if any. */
  unit: ReturnType<typeof unitAsked>
  /** The question a follow-up leans on, informal words in their formal form; undefined for a question following nothing. */
  subjectText: string | undefined
  /** The question, informal words in their formal form. */
  formal: string
  /** The topical terms the follow-up takes from its subject's question. */
  subjectTopical: readonly string[]
  candidates: readonly Candidate[]
  passages: ReadonlyArray<{ title: string, section?: string }>
  /** Whether a text gives what a cue asks for, a number of what a countable cue counts. */
  givesOfLevel: (cue: Cue, text: string) => boolean
  match: (termsOfText: Set<string>, term: string) => number
  mode: StemMode
  language: Language
}

/** The ranked sentences (best first) a question is answered from, as its follow-up scope keeps them; undefined when none is left. */
export function withinFollowUpScope (ranked: readonly Candidate[], { unit, subjectText, formal, subjectTopical, candidates, passages, givesOfLevel, match, mode, language }: FollowUpScope): Candidate[] | undefined {
  let scoped = [...ranked]
  // "Kalau di FTI?" after "Berapa UKT di ITB?": only a sentence saying the subject's topic of the unit answers; with none, it is declined.
  if (unit !== undefined && subjectText !== undefined) {
    // The topic may be said in the words the passages define it with ("UKT … adalah biaya kuliah …": "Biaya kuliah … SBM …", units.ts).
    // The whole topic, not any one of its words ("Perkuliahan di SBM …" after "Apa itu KIP Kuliah?", units.ts); none
    // left but the students ("Berapa jumlah mahasiswa ITB?"), nothing a unit's sentence can be checked for.
    const topic = unitTopic(subjectText, subjectTopical, mode)
    const definedAs = topicDefinedAs(subjectText, (term) => topic.includes(term), candidates.map((candidate) => candidate.text), mode)
    // Or in the name of the document whose section says the rest of it ("Penerimaan Mahasiswa Pascasarjana (S2 dan S3)", "Cara Mendaftar").
    const titledAs = topicTitled(topic, passages, mode)
    const hasTopic = (candidate: Candidate): boolean => topic.length > 0 && (topic.every((term) => match(candidate.terms, term) > 0 ||
      (definedAs.get(term) ?? []).some((phrase) => saysPhrase(candidate.text, phrase, mode))) || titledAs.some((phrase) => saysPhrase(candidate.text, phrase, mode)))
    // And it asks what the earlier question asks for: a place, a date (units.ts).
    scoped = givingAsked(scoped.filter((candidate) => unit.names.some((term) => match(candidate.terms, term) > 0) && hasTopic(candidate)), cuesOf(subjectText), unit.placeOf(topic))
    if (scoped.length === 0) return undefined
  }
  // "Kalau S2?" after "Berapa SKS untuk lulus S1?": only a sentence (or its document's title) naming the level now asked
  // answers it (degrees.ts), one giving what the earlier question asks for first (units.ts), a number of what it counts
  // ("… dua tahun …" is no number of SKS); with none, it is declined.
  const levels = subjectText === undefined ? undefined : levelsSwapped(formal, subjectText)
  if (levels !== undefined && subjectText !== undefined) {
    const has = (candidate: Candidate, term: string): boolean => match(candidate.terms, term) > 0 || match(new Set(fixedTerms(candidate.passage.section ?? '', mode)), term) > 0
    const ofLevel = answersOfLevel(scoped, candidates, { levels, earlier: subjectText, topical: subjectTopical }, givesOfLevel, has)
    if (ofLevel.length === 0) return undefined
    // Said of the level in both languages, it is answered in the question's ("What about a master's?": "Applicants for a master's program …").
    return [...ofLevel.filter((candidate) => candidate.language === language), ...ofLevel.filter((candidate) => candidate.language !== language)]
  }
  if (subjectText !== undefined) return scoped
  const ofLevelAsked = notOfOtherLevels(scoped, formal)
  return ofLevelAsked.length === 0 ? undefined : ofLevelAsked
}
