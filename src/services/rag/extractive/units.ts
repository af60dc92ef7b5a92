// ITB's faculties, schools and campuses as a question names them: a short follow-up naming only one
// ("Kalau di FTI?", "Kalau kampus Jatinangor?" after "Berapa UKT di ITB?") asks its subject's question
// of that unit, as one naming only a group of students does (groups.ts). The names are the knowledge
// base's own (knowledge/daftar-fakultas-itb.md, the campuses' documents); a name not among them (SNBT,
// IUP) is a topic of its own. The subject's topic may be said of the unit in the words the topic's own
// document defines it with (topicDefinedAs).
import { terms } from './terms.ts'
import type { StemMode } from './terms.ts'

/** The twelve faculties and schools by their acronyms, and the campuses by their names. */
const UNIT_NAMES = ['fmipa', 'sith', 'sf', 'fitb', 'fttm', 'stei', 'ftsl', 'fti', 'ftmd', 'fsrd', 'sappk', 'sbm', 'ganesha', 'jatinangor', 'cirebon']
/** Words that say what kind of unit a name is ("kampus Jatinangor", "fakultas FTI"), and the institution's name. */
const UNIT_WORDS = ['fakultas', 'sekolah', 'kampus', 'faculty', 'school', 'campus', 'itb']

const stems = (words: readonly string[], mode: StemMode): Set<string> => new Set(words.flatMap((word) => terms(word, mode)))
const unitStems = { id: stems(UNIT_NAMES, 'id'), en: stems(UNIT_NAMES, 'en') }
const unitWordStems = { id: stems(UNIT_WORDS, 'id'), en: stems(UNIT_WORDS, 'en') }

/** Whether terms name only faculties, schools or campuses of ITB ("fti", "kampus jatinangor"). */
export function namesOnlyUnits (termsOfText: readonly string[], mode: StemMode): boolean {
  return termsOfText.some((term) => unitStems[mode].has(term)) &&
    termsOfText.every((term) => unitStems[mode].has(term) || unitWordStems[mode].has(term))
}

/**
 * "Kalau di FTI?" after "Berapa UKT di ITB?": the unit's names among a follow-up's own terms, when it
 * names only a unit (undefined otherwise). The earlier question's own unit ("… di FMIPA?") is not the
 * one asked about now; the answer must say the earlier question's topic of this unit (score.ts).
 */
export function unitAsked (own: readonly string[], mode: StemMode): { names: string[], isUnit: (term: string) => boolean } | undefined {
  if (!namesOnlyUnits(own, mode)) return undefined
  const isUnit = (term: string): boolean => unitStems[mode].has(term)
  return { names: own.filter(isUnit), isUnit }
}

const ACRONYM = /\b\p{Lu}[\p{Lu}\p{N}-]+\b/gu
/** What a definition says a thing is, up to its first clause: "biaya kuliah" of "… adalah biaya kuliah yang dibayar …". */
const DEFINED_AS = String.raw`\s+(?:adalah|merupakan|ialah|is an?|is the)\s+([^.,;]+?)(?=\s+(?:yang|which|that|untuk|for)\b|[.,;]|$)`
/** What a definition says a thing is in more words than these describes it rather than names it ("program bantuan biaya pendidikan dari pemerintah"). */
const MOST_DEFINING_TERMS = 3

/**
 * "Kalau di SBM?" after "Berapa UKT di ITB?": the SBM document says "Biaya kuliah … SBM mengikuti
 * ketentuan yang diumumkan …", and no document says "UKT" there; the UKT's own document says what it
 * is ("Uang Kuliah Tunggal, disingkat UKT, adalah biaya kuliah yang dibayar …"). The terms of what the
 * passages' sentences define the subject's acronyms as (`isTopic`: its topical terms), each phrase
 * to be had whole. Only for a unit's follow-up: as an alias everywhere, "biaya kuliah" for "UKT"
 * found the fee sentences for "Bagaimana UKT mahasiswa baru ditentukan?" (eval a323).
 */
export function topicDefinedAs (subjectText: string, isTopic: (term: string) => boolean, texts: readonly string[], mode: StemMode): string[][] {
  const acronyms = [...new Set(subjectText.match(ACRONYM) ?? [])].filter((acronym) => terms(acronym, mode).some(isTopic) && !namesOnlyUnits(terms(acronym, mode), mode))
  const phrases: string[][] = []
  for (const acronym of acronyms) {
    // Letters, digits and hyphens only: nothing to escape outside a character class.
    const definition = new RegExp(String.raw`(?:\(${acronym}\)|disingkat ${acronym}\b[^.,]*,|^${acronym})${DEFINED_AS}`, 'u')
    for (const text of texts) {
      const said = definition.exec(text)?.[1]
      const found = said === undefined ? [] : terms(said, mode)
      if (found.length > 0 && found.length <= MOST_DEFINING_TERMS) phrases.push(found)
    }
  }
  return phrases
}
