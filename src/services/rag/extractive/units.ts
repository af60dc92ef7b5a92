// ITB's faculties, schools and campuses as a question names them: a short follow-up naming only one
// ("Kalau di FTI?", "Kalau kampus Jatinangor?" after "Berapa UKT di ITB?") asks its subject's question
// of that unit, as one naming only a group of students does (groups.ts). The names are the knowledge
// base's own (knowledge/daftar-fakultas-itb.md, the campuses' documents); a name not among them (SNBT,
// IUP) is a topic of its own. The subject's topic must be said of the unit whole (unitTopic), maybe in
// the words the topic's own document defines it with (topicDefinedAs), with what the subject asks for
// (givingAsked).
import { fixedTerms, terms } from './terms.ts'
import type { StemMode } from './terms.ts'
import { givesCue } from './cue.ts'
import type { Cue } from './cue.ts'
import { IS_A } from './defining-words.ts'

/** The campuses by their names. */
export const CAMPUS_NAMES = ['ganesha', 'jatinangor', 'cirebon']
/** The twelve faculties and schools by their acronyms. */
export const FACULTIES = ['fmipa', 'sith', 'sf', 'fitb', 'fttm', 'stei', 'ftsl', 'fti', 'ftmd', 'fsrd', 'sappk', 'sbm']
/** The faculties and schools, and the campuses. */
const UNIT_NAMES = [...FACULTIES, ...CAMPUS_NAMES]
/** Words that say what kind of unit a name is ("kampus Jatinangor", "fakultas FTI"), and the institution's name. */
const UNIT_WORDS = ['fakultas', 'sekolah', 'kampus', 'faculty', 'school', 'campus', 'itb']

const stems = (words: readonly string[], mode: StemMode): Set<string> => new Set(words.flatMap((word) => terms(word, mode)))
const unitStems = { id: stems(UNIT_NAMES, 'id'), en: stems(UNIT_NAMES, 'en') }
const unitWordStems = { id: stems(UNIT_WORDS, 'id'), en: stems(UNIT_WORDS, 'en') }
const campusStems = { id: stems(CAMPUS_NAMES, 'id'), en: stems(CAMPUS_NAMES, 'en') }

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
export function unitAsked (own: readonly string[], mode: StemMode): { names: string[], isUnit: (term: string) => boolean, placeOf: (topic: readonly string[]) => boolean } | undefined {
  if (!namesOnlyUnits(own, mode)) return undefined
  const isUnit = (term: string): boolean => unitStems[mode].has(term)
  const names = own.filter(isUnit)
  // A campus is the place of what it has ("Kalau di Jatinangor?" after "Di mana perpustakaan ITB?":
  // "Kampus ITB Jatinangor dilengkapi … perpustakaan …"), not of itself ("Di mana Kampus Ganesha?").
  const placeOf = (topic: readonly string[]): boolean => names.some((name) => campusStems[mode].has(name)) && topic.some((term) => !unitWordStems[mode].has(term))
  return { names, isUnit, placeOf }
}

const ACRONYM = /\b\p{Lu}[\p{Lu}\p{N}-]+\b/gu
/** What a definition says a thing is, up to its first clause: "biaya kuliah" of "… adalah biaya kuliah yang dibayar …". */
const DEFINED_AS = String.raw`\s+(?:${IS_A})\s+([^.,;]+?)(?=\s+(?:yang|which|that|untuk|for)\b|[.,;]|$)`
/** What a definition says a thing is in more words than these describes it rather than names it ("program bantuan biaya pendidikan dari pemerintah"). */
const MOST_DEFINING_TERMS = 3

/**
 * "Kalau di SBM?" after "Berapa UKT di ITB?": the SBM document says "Biaya kuliah … SBM mengikuti
 * ketentuan yang diumumkan …", and no document says "UKT" there; the UKT's own document says what it
 * is ("Uang Kuliah Tunggal, disingkat UKT, adalah biaya kuliah yang dibayar …"). The terms of what the
 * passages' sentences define the subject's acronyms as (`isTopic`: its topical terms), by the
 * acronym's term, each phrase to be said whole and in a row (saysPhrase: "IUP adalah program sarjana …"
 * is not SBM's "program studi sarjana"). Only for a unit's follow-up: as an alias everywhere,
 * "biaya kuliah" for "UKT" found the fee sentences for "Bagaimana UKT mahasiswa baru ditentukan?" (eval a323).
 */
export function topicDefinedAs (subjectText: string, isTopic: (term: string) => boolean, texts: readonly string[], mode: StemMode): Map<string, string[][]> {
  const acronyms = [...new Set(subjectText.match(ACRONYM) ?? [])].filter((acronym) => terms(acronym, mode).some(isTopic) && !namesOnlyUnits(terms(acronym, mode), mode))
  const phrases = new Map<string, string[][]>()
  for (const acronym of acronyms) {
    // Letters, digits and hyphens only: nothing to escape outside a character class.
    const definition = new RegExp(String.raw`(?:\(${acronym}\)|disingkat ${acronym}\b[^.,]*,|^${acronym})${DEFINED_AS}`, 'u')
    for (const text of texts) {
      const said = definition.exec(text)?.[1]
      const found = said === undefined ? [] : terms(said, mode)
      if (found.length === 0 || found.length > MOST_DEFINING_TERMS) continue
      for (const term of terms(acronym, mode).filter(isTopic)) phrases.set(term, [...phrases.get(term) ?? [], found])
    }
  }
  return phrases
}

/** A document's name in its title: before what it adds in brackets or after a colon ("Penerimaan Mahasiswa Pascasarjana (S2 dan S3)"). */
const TITLE_NAME = /^[^(:]+/u

/**
 * "Kalau di SBM?" after "Bagaimana cara daftar S2?": SBM's document says "Penerimaan mahasiswa
 * pascasarjana SBM dilakukan melalui …", and no document says "daftar" of SBM; the earlier question's
 * document is "Penerimaan Mahasiswa Pascasarjana (S2 dan S3)", its section "Cara Mendaftar". Where a
 * passage's title has part of the topic and its section the rest, the topic is that section of what
 * the title names: the terms of the title's name (TITLE_NAME, a few words), each phrase to be said whole
 * and in a row (saysPhrase). Only for a unit's follow-up: "daftar" as an alias of "penerimaan"
 * everywhere would act on every question saying "daftar".
 */
export function topicTitled (topic: readonly string[], passages: ReadonlyArray<{ title: string, section?: string }>, mode: StemMode): Array<readonly string[]> {
  const phrases: Array<readonly string[]> = []
  for (const { title, section = '' } of new Map(passages.map((passage) => [`${passage.title}\n${passage.section ?? ''}`, passage])).values()) {
    const inTitle = new Set(fixedTerms(title, mode))
    const inSection = new Set(fixedTerms(section, mode))
    const name = fixedTerms(TITLE_NAME.exec(title)?.[0] ?? '', mode)
    if (topic.some((term) => inTitle.has(term)) && topic.some((term) => !inTitle.has(term)) && topic.every((term) => inTitle.has(term) || inSection.has(term)) &&
      name.length > 1 && name.length <= MOST_DEFINING_TERMS && !phrases.some((phrase) => phrase.join(' ') === name.join(' '))) phrases.push(name)
  }
  return phrases
}

/** Whether a text says a phrase's terms in a row: "Biaya kuliah dan ketentuan …" says "biaya kuliah", "… program studi sarjana" does not say "program sarjana". */
export function saysPhrase (text: string, phrase: readonly string[], mode: StemMode): boolean {
  const said = terms(text, mode)
  return said.some((_, start) => phrase.every((term, i) => said[start + i] === term))
}

/** The students a question names: every faculty, school and campus has them, so they say for whom, not what. */
const STUDENTS = /\b(?:mahasiswa(?:\s+baru)?|(?:new\s+)?students?)\b/giu

/**
 * What a unit's follow-up must find said of the unit: the earlier question's topic as a whole, all its
 * topical terms but the students it names, an acronym maybe in the words it is defined with
 * (topicDefinedAs). Any one of its words was not enough: "Kalau di SBM?" after "Apa itu KIP Kuliah?"
 * was answered with SBM's "Perkuliahan …", "Kalau di STEI?" after "Berapa SKS untuk lulus S1?" with
 * STEI's study programs (S1: sarjana), "Kalau di SBM?" after "Bagaimana UKT mahasiswa baru
 * ditentukan?" with "Mahasiswa baru SBM menjalani TPB …".
 */
export function unitTopic (subjectText: string, topical: readonly string[], mode: StemMode): string[] {
  const students = new Set([...subjectText.matchAll(STUDENTS)].flatMap(([said]) => terms(said, mode)))
  return topical.filter((term) => !students.has(term))
}

/** A question asking where: with the campus for the place, the campus's sentences give it. */
const ASKS_WHERE = ['di mana', 'where']

/**
 * A unit's follow-up asks what its earlier question asks for ("Di mana Kampus Ganesha?": a place;
 * "Kapan …?": a date; "Berapa lama …?": a duration; every cue the answer cannot do without or that
 * opens it), which the follow-up's own words do not say: the sentences of the unit giving it open the
 * answer, the ones stating it as the unit's own ("… berada di …") first; with none, there is no
 * answer. "Kalau Cirebon?" after "Di mana Kampus Ganesha?" was answered with the campus's buildings,
 * "Kalau di Jatinangor?" after "Berapa lama TPB?" with "… menjalani TPB di Kampus Jatinangor". A cue
 * that only picks the opening sentence (how to, who) asks for no more than the topic, nor does a
 * definition, alike everywhere (Cue.alikeEverywhere).
 */
export function givingAsked<T extends { text: string }> (sentences: readonly T[], subjectCues: readonly Cue[], unitIsPlace = false, gives = givesCue): T[] {
  const asked = subjectCues.filter((cue) => (cue.decisive === true || cue.strong === true) && cue.leadOnly !== true && cue.alikeEverywhere !== true &&
    !(unitIsPlace && ASKS_WHERE.some((words) => cue.question.test(words))))
  if (asked.length === 0) return [...sentences]
  const giving = sentences.filter((sentence) => asked.every((cue) => gives(cue, sentence.text)))
  if (giving.length === 0) return []
  const stated = giving.filter((sentence) => asked.some((cue) => cue.stated?.test(sentence.text) === true))
  return [...stated, ...giving.filter((sentence) => !stated.includes(sentence)), ...sentences.filter((sentence) => !giving.includes(sentence))]
}
