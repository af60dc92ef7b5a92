// Answers that go on where the best sentence leaves off, in its passage's order. A "how to" question
// answered under a heading naming a procedure ("Prosedur Pengajuan", Cue.section) gets the steps from
// the first, not the best-scored step alone. A best sentence that only restates the question
// ("Hubungan Soekarno dengan ITB berlanjut setelah kemerdekaan." for "Apa hubungan Soekarno dengan
// ITB?") opens its passage as a topic sentence: what it announces is in the sentences after it. A
// sentence saying that what is asked changes ("Jadwal penerimaan, biaya pendidikan, … dapat berubah
// setiap periode.") gives it with the next one when that says where it is published ("Calon mahasiswa
// sebaiknya selalu merujuk pada pengumuman resmi di admission.itb.ac.id …"). What is given sentence
// by sentence ("Apa yang harus disiapkan …?", "Apa syarat lulus …?": the requirements) goes on while
// the next sentences give it, and starts with the sentences before the best that give it too.
// A schedule's pointer points to the one asked about ("Jadwal pendaftaran …", not "Jadwal kegiatan …").
// Used by score.ts (the first step, the pointer) and selection.ts (the sentences that follow).
import type { Candidate } from './candidates.ts'
import type { Cue } from './cue.ts'
import { nameTerms, terms } from './terms.ts'
import type { StemMode } from './terms.ts'

/** A topic sentence has every one of the question's terms (this share of their weight) … */
const TOPIC_RELEVANCE = 0.95
/** … and at most this many of its own ("berlanjut", "kemerdekaan"). */
const TOPIC_OWN_TERMS = 2

/**
 * When the best of `ranked` is a step of a procedure (`isStep`), the first step of its passage that
 * qualifies opens the answer instead; whether the answer is a procedure's steps.
 */
export function openWithFirstStep (ranked: Candidate[], isStep: (candidate: Candidate) => boolean, minRelevance: number): boolean {
  const [best] = ranked
  if (best === undefined || !isStep(best)) return false
  const first = ranked.reduce((earliest, candidate) =>
    candidate.passage === best.passage && candidate.position < earliest.position && isStep(candidate) && candidate.relevance >= minRelevance ? candidate : earliest, best)
  if (first !== best) ranked.unshift(...ranked.splice(ranked.indexOf(first), 1))
  return true
}

/**
 * Whether `best` only restates the question: the first sentence of its passage, with all of the
 * question's terms (`relevance`) and at most a couple of common words of its own ("berlanjut setelah
 * kemerdekaan"), no name nor number ("Motto ITB adalah "In Harmonia Progressio"" says what is asked),
 * giving nothing the question's shape asks for (a date, a place …).
 */
export function restatesQuestion (best: Candidate, query: readonly string[], match: (termsOfText: Set<string>, term: string) => number, mode: StemMode): boolean {
  if (best.position !== 0 || best.cue || best.relevance < TOPIC_RELEVANCE) return false
  const names = nameTerms(best.text, mode)
  const own = [...best.terms].filter((term) => !query.some((asked) => match(new Set([term]), asked) > 0))
  return own.length <= TOPIC_OWN_TERMS && !own.some((term) => names.has(term) || /\p{N}/u.test(term))
}

/** The sentences after `best` in its passage, in order: what a topic sentence or a first step goes on with. */
export function followingInPassage (candidates: readonly Candidate[], best: Candidate): Candidate[] {
  return candidates.filter((candidate) => candidate.passage === best.passage && candidate.position > best.position && candidate.language === best.language)
    .sort((a, b) => a.position - b.position)
}

/**
 * The sentence right after `candidate` in its passage that says where what `candidate` says changes
 * is published, and the cues of `cues` it gives so (Cue.pointer); undefined when there is none.
 */
export function publishedAfter (candidates: readonly Candidate[], candidate: Candidate, cues: readonly Cue[]): { next: Candidate, cues: Cue[] } | undefined {
  const changing = cues.filter((cue) => cue.pointer?.changes.test(candidate.text) === true)
  if (changing.length === 0) return undefined
  const next = candidates.find((other) => other.passage === candidate.passage && other.position === candidate.position + 1)
  if (next === undefined || next.language !== candidate.language) return undefined
  const given = changing.filter((cue) => cue.pointer?.published.test(next.text) === true)
  return given.length > 0 ? { next, cues: given } : undefined
}

/**
 * The sentences right after `sentence` in its passage (`step` 1), or right before it (-1, nearest
 * first), one after the other, while each gives what is asked (`gives`).
 */
export function givenInTurn (candidates: readonly Candidate[], sentence: Candidate, gives: (text: string) => boolean, step: 1 | -1 = 1): Candidate[] {
  const inTurn: Candidate[] = []
  const neighbours = candidates.filter((candidate) => candidate.passage === sentence.passage && candidate.language === sentence.language &&
    (candidate.position - sentence.position) * step > 0).sort((a, b) => (a.position - b.position) * step)
  for (const next of neighbours) {
    if (next.position !== sentence.position + step * (inTurn.length + 1) || !gives(next.text)) break
    inTurn.push(next)
  }
  return inTurn
}

/**
 * What a schedule is of: the word after its name ("Jadwal pendaftaran …"), or each of a list of them
 * ("Jadwal pendaftaran, pelaksanaan UTBK, dan pengumuman SNBT …": items of one or two words), or
 * none before a list ("Jadwal, kuota, dan aturan SNBP …", "Jadwal dan bentuk OSKM …").
 */
const SCHEDULE_OF = /\b(?:jadwal|schedules?|dates?)\b(?:\s+of)?\s*(,|[\p{L}\p{N}-]+(?:(?:, [\p{L}\p{N}-]+(?: [\p{L}\p{N}-]+)?)+,? (?:dan|serta|and) [\p{L}\p{N}-]+(?: [\p{L}\p{N}-]+)?)?)?/iu

/**
 * Whether a sentence pointing to where a schedule is published points to the one asked about: its
 * schedule is of a word of the question (`asked`), or of what the sentence lists after it; not
 * "Jadwal kegiatan … di Masjid Salman ITB diumumkan …" for when the mosque was built.
 */
export function pointsForAsked (sentence: string, asked: (termsOfWord: string[]) => boolean, mode: StemMode): boolean {
  const of = SCHEDULE_OF.exec(sentence)?.[1]
  const termsOfWord = of === undefined || of === ',' ? [] : terms(of, mode)
  return termsOfWord.length === 0 || asked(termsOfWord)
}
