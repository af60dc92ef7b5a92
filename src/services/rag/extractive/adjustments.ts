// The scores of the candidate sentences weighed against each other, once each has its own (score.ts):
// a sentence saying the opposite of what is asked, about a peer of the item asked about, without the
// question's names, with only a follow-up's subject, with a stem of the question only in a name, about
// one instance of what a general question asks about, about another unit or group of students, scores
// less; one defining what is asked, saying which of two alternatives holds, saying ITB provides what
// an existence question asks about, or stating the place or
// the duration asked for as its subject's own, more; one in the question's language whose passage says
// what the best one in the other says leads (own-language.ts).
import type { Candidate } from './candidates.ts'
import type { Cue } from './cue.ts'
import { acronymDefinition, termDefinition, termDescription } from './definitions.ts'
import { EXISTENCE_QUESTION, providesAsked } from './existence.ts'
import type { AskedForStudents } from './groups.ts'
import { lowerOtherUnits, namesOnlyGroups, otherGroupSentences } from './groups.ts'
import { weighInstances } from './instances.ts'
import { weighAlternatives } from './alternatives.ts'
import { lowerOpposites } from './negation.ts'
import { preferOwnLanguage } from './own-language.ts'
import { lowerPeerSentences } from './peers.ts'
import { affixedWords, stemOnlyInNames, withoutFormWords } from './terms.ts'
import type { StemMode } from './terms.ts'

/** Score factor of a sentence that has none of the question's names while other sentences do. */
const NAME_MISS_FACTOR = 0.75
/** Score factor of a follow-up's sentence with none of its own topical terms, only its subject's, while other sentences have one. */
const SUBJECT_ONLY_FACTOR = 0.75
/** Score factor of a sentence about one named instance of what a general question asks about, when another names them all. */
const INSTANCE_FACTOR = 0.85
/** Score factor of a sentence with the stem of a question word only in a name (Majelis Wali Amanat) while another has the word as written (perwalian). */
const WRITTEN_MISS_FACTOR = 0.8
/** Score factor of a sentence about a peer of the item the question names in a listed set ("Dengan Pujian" for "sangat memuaskan"). */
const PEER_FACTOR = 0.7
/** Score factor of a sentence about a group of students (postgraduates …) that the question does not name. */
const OTHER_GROUP_FACTOR = 0.7
/** For a sentence that states the place asked for as its subject's ("… terletak di …"). */
const STATED_BONUS = 0.15

/** What the weighing needs of the question, as score.ts read it. */
export interface Weighing {
  candidates: readonly Candidate[]
  mode: StemMode
  /** The question, informal words in their formal form, and its cues' form words. */
  formal: string
  formWords: ReadonlySet<string>
  cues: readonly Cue[]
  query: readonly string[]
  /** The follow-up's subject's terms (empty for a question of its own) and the question's own topical ones. */
  subject: readonly string[]
  topical: readonly string[]
  isTopical: (term: string) => boolean
  names: ReadonlySet<string>
  /** The question's names some candidate has. */
  namesFound: readonly string[]
  negated: ReadonlySet<string>
  askedWords: Set<string>
  tableAliases: ReadonlyMap<string, string[][]>
  alternatives: readonly string[] | undefined
  forStudents: AskedForStudents | undefined
  match: (termsOfText: Set<string>, term: string) => number
  /** The decisive cues ("kapan", "di mana"), the sentences giving them all, and those stating what another cue asks for as their subject's own. */
  decisive: readonly Cue[]
  answersDecisively: ReadonlySet<Candidate>
  stating: ReadonlySet<Candidate>
  /** Filled with the sentences saying ITB provides what an existence question asks about: the best of them opens the answer. */
  provided: Set<Candidate>
}

/** Weighs the scored sentences against each other; returns those about a group of students the question does not name (groups.ts). */
export function weighAgainstEachOther (ranked: readonly Candidate[], weighing: Weighing): Set<Candidate> {
  const { candidates, mode, formal, formWords, cues, query, subject, topical, isTopical, names, namesFound, negated, askedWords, tableAliases, alternatives, forStudents, match, decisive, answersDecisively, stating, provided } = weighing
  lowerOpposites(ranked, negated, mode)
  // "… predikat sangat memuaskan?": not the sentence about "Dengan Pujian", its peer in the passages' list (peers.ts).
  lowerPeerSentences(ranked, candidates, formal, PEER_FACTOR)
  if (namesFound.length > 0) {
    for (const candidate of ranked) {
      if (!namesFound.some((term) => match(candidate.terms, term) > 0)) candidate.score *= NAME_MISS_FACTOR
    }
  }
  // "Kalau biayanya?" after "Bagaimana cara daftar S2?" asks about the cost: the registration is the earlier question's.
  const hasOwn = (candidate: Candidate): boolean => topical.some((term) => match(candidate.terms, term) > 0)
  if (subject.length > 0 && ranked.some(hasOwn)) for (const candidate of ranked) if (!hasOwn(candidate)) candidate.score *= SUBJECT_ONLY_FACTOR
  // "Kalau untuk mahasiswa S2?" after "Berapa UKT di ITB?" asks about the UKT for them: not their registration nor funding.
  const hasSubject = (candidate: Candidate): boolean => subject.some((term) => isTopical(term) && match(candidate.terms, term) > 0)
  if (namesOnlyGroups(topical, mode) && ranked.some((candidate) => hasOwn(candidate) && hasSubject(candidate))) {
    for (const candidate of ranked) if (!hasSubject(candidate)) candidate.score *= SUBJECT_ONLY_FACTOR
  }
  // "perwalian" → wali: while a sentence has the word, one with the stem only in a name (Majelis Wali Amanat) is about something else.
  for (const { stem, written } of affixedWords(withoutFormWords(formal, formWords), mode)) {
    if (!ranked.some((candidate) => written.test(candidate.text))) continue
    for (const candidate of ranked) if (candidate.terms.has(stem) && !written.test(candidate.text) && stemOnlyInNames(candidate.text, stem, mode)) candidate.score *= WRITTEN_MISS_FACTOR
  }
  // "Di mana kampus ITB?": the sentence naming every campus, before those about one (instances.ts).
  if (names.size === 0) weighInstances(ranked, { askedWords, query, isTopical, match }, INSTANCE_FACTOR, STATED_BONUS)
  // A question naming no group of students is about the usual one, and none of one unit's (unless it asks
  // which unit: "… masuk fakultas apa?"); one asking something for a group is about that thing (groups.ts).
  const aliasTerms = [...tableAliases.values()].flat(2)
  if (names.size === 0 && !cues.some((cue) => cue.kindWords !== undefined)) lowerOtherUnits(ranked, askedWords, aliasTerms, mode)
  forStudents?.lowerMisses(ranked, match)
  const otherGroup = otherGroupSentences(ranked, query, aliasTerms, mode)
  for (const candidate of otherGroup) candidate.score *= OTHER_GROUP_FACTOR
  // "Apa itu ITB?": the sentence introducing the acronym and saying what it is states the answer; "Apa itu penjurusan?": the one naming it.
  const definition = acronymDefinition(formal) ?? termDefinition(formal)
  if (definition !== undefined && ranked.some((candidate) => definition.test(candidate.text))) {
    for (const candidate of ranked) if (definition.test(candidate.text)) candidate.score += STATED_BONUS
  } else if (definition !== undefined) {
    // Where none defines it, what the documents say it does ("… dosen wali yang membantu …") before
    // what they only say to do with it ("… menanyakan prosedur terbaru kepada dosen wali …").
    const described = termDescription(formal)
    if (described !== undefined && ranked.some((candidate) => described.test(candidate.text))) {
      for (const candidate of ranked) if (!described.test(candidate.text)) candidate.score *= SUBJECT_ONLY_FACTOR
    }
  }
  // "ITB itu negeri atau swasta?": the sentence saying which of the two ITB is (alternatives.ts).
  if (alternatives !== undefined) weighAlternatives(ranked, alternatives, query)
  // A sentence stating the place or the duration asked for as the subject's own, with all of the question's names
  // ("Alamat Kampus ITB Jatinangor adalah …" is no answer about Kampus Ganesha).
  for (const candidate of ranked) {
    if (((answersDecisively.has(candidate) && decisive.some((cue) => cue.stated?.test(candidate.text) === true)) || stating.has(candidate)) &&
      namesFound.every((term) => match(candidate.terms, term) > 0)) candidate.score += STATED_BONUS
  }
  // "Ada asrama di ITB?": the sentence saying ITB provides it ("ITB menyediakan asrama …", existence.ts)
  // opens the answer, when it has as much of the question as the best. Only for a thing of one word,
  // the question's one topical term: "Apakah ada asrama di Jatinangor?" asks of one campus.
  if (EXISTENCE_QUESTION.test(formal) && ranked.length > 0 && topical.length === 1) {
    const asked = (termsOfWord: string[]): boolean => termsOfWord.some((term) => match(new Set([term]), topical[0]) > 0)
    const best = ranked.reduce((a, b) => b.score > a.score ? b : a)
    for (const candidate of ranked) {
      if (candidate.relevance < best.relevance || !providesAsked(candidate.text, asked, mode)) continue
      candidate.score = Math.max(candidate.score, best.score + STATED_BONUS)
      provided.add(candidate)
    }
  }
  // "Berapa UKT di ITB per semester?": the Indonesian documents' sentence, not the English overview's (own-language.ts).
  // A date, a place or what ITB provides opens the answer by what it gives, in either language (score.ts, above).
  const eligible = (candidate: Candidate): boolean => !otherGroup.has(candidate) && namesFound.every((term) => match(candidate.terms, term) > 0)
  if (decisive.length === 0 && !EXISTENCE_QUESTION.test(formal)) preferOwnLanguage(ranked, { language: mode, candidates, eligible })
  return otherGroup
}
