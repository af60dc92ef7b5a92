// Degree levels a text names (S1, S2, S3 and their words), so that a follow-up naming another level than
// its earlier question ("Kalau S2?" after "Berapa SKS untuk lulus S1?") is not answered by a sentence
// about the earlier level ("Program sarjana (S1) di ITB umumnya mensyaratkan minimal 144 SKS …", score.ts).
// "Pascasarjana", "postgraduate" and "graduate study" are both the master's and the doctorate; "graduate"
// alone is mostly the verb ("How many credits to graduate …").
import type { Cue } from './cue.ts'
import { cuesOf } from './question-types.ts'
import { purposeAsked } from './requirement-purpose.ts'
import { givingAsked } from './units.ts'

const GRADUATE = String.raw`pascasarjana|postgraduate|graduate (?:study|studies|programs?|students?|admissions?|school)`
const LEVELS: ReadonlyArray<readonly [number, RegExp]> = [
  [1, /\b(s1|sarjana|undergraduate|bachelor(?:'?s)?)\b/i],
  [2, new RegExp(String.raw`\b(s2|magister|master(?:'?s)?|${GRADUATE})\b`, 'i')],
  [3, new RegExp(String.raw`\b(s3|doktor|doctoral|doctorate|ph\.?d|${GRADUATE})\b`, 'i')]
]

/** A degree held before ("ijazah sarjana", "a bachelor's degree"): what one needs for the level a sentence is about, not that level. */
const HELD = /\b(?:ijazah|gelar|lulusan) (?:program )?(?:s[123]|sarjana|magister|doktor)\b|\b(?:a|an) (?:bachelor|master)(?:'?s)? degree\b/gi

/**
 * The degree levels a sentence is about: those it names, but for a degree it requires ("… program
 * magister … meliputi ijazah sarjana …"); naming none, those of its document's title.
 */
export function sentenceLevels (text: string, title: string): Set<number> {
  const named = degreeLevels(text.replace(HELD, ''))
  return named.size > 0 ? named : degreeLevels(title)
}

/** The degree levels `text` names. */
export function degreeLevels (text: string): Set<number> {
  return new Set(LEVELS.filter(([, words]) => words.test(text)).map(([level]) => level))
}

/**
 * The levels a follow-up asks of instead of its earlier question's: those it names when the earlier
 * question names others and none of them; undefined when it names none, or one the earlier names too.
 */
export function levelsSwapped (question: string, earlier: string): Set<number> | undefined {
  const asked = degreeLevels(question)
  const before = degreeLevels(earlier)
  return asked.size === 0 || before.size === 0 || [...asked].some((level) => before.has(level)) ? undefined : asked
}

/**
 * "Berapa SKS untuk lulus S2?": of `sentences`, those not about another degree level than the question
 * names (a sentence naming none may be about any: "Pendaftaran … dilakukan secara daring …").
 */
export function notOfOtherLevels<T extends { text: string }> (sentences: readonly T[], question: string): T[] {
  const asked = degreeLevels(question)
  if (asked.size === 0) return [...sentences]
  return sentences.filter((sentence) => {
    const named = degreeLevels(sentence.text.replace(HELD, ''))
    return named.size === 0 || [...named].some((level) => asked.has(level))
  })
}

interface LevelSentence { text: string, passage: { title: string, section?: string } }
const placeOf = (sentence: LevelSentence): string => `${sentence.passage.title}\n${sentence.passage.section ?? ''}`

/**
 * "Kalau S2?" after "Berapa SKS untuk lulus S1?": of `ranked`, the sentences (or their document's titles)
 * about the level now asked that give what the earlier question asks for (units.ts givingAsked: `gives`),
 * those stating it first; none, and it is declined. Two more checks:
 * - some of the earlier question's topic, its levels aside, is said by the sentence or its section's
 *   heading (`has`): "Pendaftaran … melalui laman admission.itb.ac.id" is no cost of the doctorate;
 * - the requirements (Cue.askedOfLevel) are asked too, by the sentence or its heading ("Applicants for
 *   a master's program typically need …" under "General Requirements"), and given where the documents
 *   also give the earlier level's (`candidates`, same title and section: "Persyaratan Umum" has the
 *   master's and the doctorate's): "Mahasiswa sarjana juga wajib menyelesaikan tugas akhir …" is what it
 *   takes to graduate, not to enter, after "Apa syarat daftar S2?"; where they give none of the earlier level's
 *   ("Apa syarat daftar S1?"), for the purpose the earlier question names, which score.ts keeps to; and
 *   wherever the sentence or its heading states that purpose ("Persyaratan umum penerimaan program magister …"
 *   after "Apa syarat masuk S1?", whose "masuk" found the admission paths' sentences of S1).
 */
export function answersOfLevel<T extends LevelSentence> (ranked: readonly T[], candidates: readonly T[], asked: { levels: Set<number>, earlier: string, topical: readonly string[] },
  gives: (cue: Cue, text: string) => boolean, has: (sentence: T, term: string) => boolean): T[] {
  const ofLevel = (sentence: T, levels: Set<number>): boolean => [...sentenceLevels(sentence.text, sentence.passage.title)].some((level) => levels.has(level))
  const topic = asked.topical.filter((term) => degreeLevels(term).size === 0)
  const saysTopic = (sentence: T): boolean => topic.length === 0 || topic.some((term) => has(sentence, term))
  const cues = cuesOf(asked.earlier)
  const required = cues.filter((cue) => cue.askedOfLevel === true)
  const givesRequired = (sentence: T): boolean => required.every((cue) => gives(cue, sentence.text) || cue.sentence.test(sentence.passage.section ?? ''))
  const before = degreeLevels(asked.earlier)
  // Of the purpose the earlier question names, if it names one (requirement-purpose.ts): "… 144 SKS untuk lulus" is none of "Apa syarat daftar S1?".
  const purpose = purposeAsked(asked.earlier)
  const requiredOfEarlier = new Set(candidates.filter((sentence) => required.length > 0 && ofLevel(sentence, before) && givesRequired(sentence) &&
    (purpose?.test(`${sentence.passage.section ?? ''}. ${sentence.text}`) ?? true)).map(placeOf))
  // Where the documents give none of the earlier level's, that purpose keeps them its own (score.ts passes over the others).
  // Or the sentence states that purpose itself ("Persyaratan umum penerimaan program magister …" after "Apa syarat masuk S1?").
  const samePurpose = (sentence: T): boolean => requiredOfEarlier.has(placeOf(sentence)) || (purpose !== undefined &&
    (requiredOfEarlier.size === 0 || purpose.test(`${sentence.passage.section ?? ''}. ${sentence.text}`)))
  const answering = ranked.filter((sentence) => ofLevel(sentence, asked.levels) && saysTopic(sentence) &&
    (required.length === 0 || (givesRequired(sentence) && samePurpose(sentence))))
  // The best sentence giving the requirements in its own words opens, before one under their heading only ("Persyaratan umum
  // penerimaan program doktor …" before "Calon mahasiswa doktor dianjurkan menghubungi calon promotor …", both under "Persyaratan Umum").
  const opening = answering.find((sentence) => required.length > 0 && required.every((cue) => gives(cue, sentence.text)))
  const ordered = opening === undefined ? answering : [opening, ...answering.filter((sentence) => sentence !== opening)]
  return givingAsked(ordered, cues.filter((cue) => cue.askedOfLevel !== true), false, gives)
}
