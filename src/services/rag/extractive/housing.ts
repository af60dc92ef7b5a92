// "Arsitektur di fakultas apa?": which faculty or school has a study programme is said by a sentence in
// which one has it among its programmes ("Sekolah Arsitektur, … (SAPPK) menaungi Arsitektur serta
// Perencanaan Wilayah dan Kota.", "SAPPK ITB memiliki dua program studi sarjana, yaitu Arsitektur …"),
// the programme a whole item of the list: "Manajemen" is SBM's "Manajemen", not FTI's "Manajemen
// Rekayasa Industri"; "Kimia" FMIPA's, not "Teknik Kimia". A history sentence naming the field and
// "fakultas" ("… mencakup sains, …, arsitektur, …") does not answer it (score.ts). "Fakultas apa yang ada di
// Jatinangor?" is answered by the sentence naming the most faculties with the campus (facultiesOfCampus), which
// the documents say of the campus's study programmes: it is searched for so too (campusFacultiesSearch).
import type { Language } from '../../text/language.ts'
import { fixedTerms, terms } from './terms.ts'
import type { StemMode } from './terms.ts'
import { campusesNamed } from './campuses.ts'
import { QUESTION_END } from './linear-patterns.ts'
import { CAMPUS_NAMES, FACULTIES } from './units.ts'

/**
 * "Fakultas apa …", "Apa fakultas …", "Fakultas tertua di ITB apa?", "Which faculties …", a campus's faculties named alone
 * ("Jatinangor campus faculties?", "Faculties at Jatinangor?"; "ITB faculties?" asks them all, a list): which faculty or school (the cue's question, question-types.ts).
 * In linear time: its end is QUESTION_END's, the spaces before the "?" taken by what precedes it ("[^?]+?\s*\??\s*$", which
 * splits a run of spaces three ways, took 36 s on a question padded to 5,000 characters).
 */
export const WHICH_FACULTY = new RegExp(String.raw`\b(which|what) (school|faculty|faculties|schools)\b|\b(fakultas|sekolah) (apa|mana)\b|\bapa (fakultas|sekolah)\b|^\s*(fakultas|sekolah)\b[^?]*\b(apa|mana)${QUESTION_END}|^(?=[^?]*\b(${CAMPUS_NAMES.join('|')})\b)(\s*([\p{L}'’]+ ){1,3}(faculties|schools)\s*|\s*(faculties|schools) (at|in|on|of) [^?]+)(\?\s*)?$`, 'iu')

/** A faculty or school (its name, or its acronym) having the programmes that follow. */
const HOUSES = /^(?:(?:Fakultas|Sekolah) \p{Lu}[^.]*?|\p{Lu}{2,}(?: ITB)?) (?:menaungi|memiliki (?:[\p{L}\s]*?)program studi(?: sarjana)?(?:,? yaitu)?) (.+)$/u
/** Between the items of a list; within one, "dan" may join two items or be part of one ("Sistem dan Teknologi Informasi"). */
const ITEM_SEPARATOR = /,\s*(?:(?:dan|serta)\s+)?/u
const WITHIN_ITEM = /\s+(?:dan|serta)\s+/u
/** Words a question names a programme or asks where it is with, which its items do not repeat. */
const PROGRAMME_WORDS = 'jurusan program studi prodi masuk termasuk ada berada'

/**
 * Among `sentences` (best first), the first in which a faculty or school has a study programme whose
 * words are all the question's (`asked`, without the programme words), and have one of them. `match`
 * says how much of a question term a set of terms has (score.ts's: an acronym the passages define is
 * had by its long form, "PWK" by "Perencanaan Wilayah dan Kota"); an item has a word of its own when
 * the question's terms are still all had without it ("Manajemen Rekayasa Industri" for "Manajemen").
 */
export function housingSentence<T extends { text: string }> (sentences: readonly T[], asked: readonly string[], mode: StemMode,
  match: (termsOfText: Set<string>, term: string) => number = (termsOfText, term) => termsOfText.has(term) ? 1 : 0): T | undefined {
  const generic = new Set(fixedTerms(PROGRAMME_WORDS, mode))
  const wanted = [...new Set(asked.filter((term) => !generic.has(term)))]
  if (wanted.length === 0) return undefined
  const hasAll = (itemTerms: readonly string[]): boolean => wanted.every((term) => match(new Set(itemTerms), term) === 1)
  return sentences.find((sentence) => {
    const listed = HOUSES.exec(sentence.text)?.[1].replace(/\.$/, '').split(ITEM_SEPARATOR) ?? []
    // An item is any run of the parts "dan"/"serta" join: "Arsitektur serta Perencanaan Wilayah dan Kota" has "Perencanaan Wilayah dan Kota".
    const items = listed.flatMap((item) => {
      const parts = item.split(WITHIN_ITEM).map((part) => terms(part, mode))
      return parts.flatMap((_, first) => parts.slice(first).map((__, i) => parts.slice(first, first + i + 1).flat()))
    })
    return items.some((itemTerms) => itemTerms.length > 0 && hasAll(itemTerms) && itemTerms.every((term) => !hasAll(itemTerms.filter((other) => other !== term))))
  })
}

/** Of ITB's faculties and schools, this many named by their acronyms make a sentence their list. */
const EVERY_FACULTY = 4
const FACULTY_ACRONYM = new RegExp(String.raw`\b(?:${FACULTIES.join('|')})\b`, 'gi')

/**
 * "Fakultas apa yang mengurusi ilmu hayati?", "Which faculty offers informatics?": one faculty is
 * asked, which the list of all of them ("… kedua belas fakultas dan sekolah ITB adalah FMIPA, SITH, …")
 * does not say. Of `sentences`, those that are no such list.
 */
export function notEveryFaculty<T extends { text: string }> (sentences: readonly T[]): T[] {
  return sentences.filter((sentence) => new Set(sentence.text.match(FACULTY_ACRONYM)?.map((acronym) => acronym.toLowerCase())).size < EVERY_FACULTY)
}

/** The kind asked, said of the campus as a whole ("Kampus Ganesha menampung sebagian besar fakultas dan sekolah ITB"). */
const FACULTIES_WORD = /\b(?:fakultas|sekolah|faculty|faculties|schools?)\b/i

/**
 * "Fakultas apa yang ada di Jatinangor?": the faculties of a campus, which the sentence naming the most of
 * them by their acronyms with the campus, in its words or its document's title, says ("Contoh program
 * studi yang berkaitan dengan Kampus Jatinangor adalah … dari SITH, … dari FTI, serta … dari FTSL."),
 * rather than one naming one ("… FTI Kampus Ganesha dan FTI Kampus Jatinangor."); or, naming fewer than
 * two, the one saying the faculties of that campus alone as a whole ("Kampus Ganesha menampung sebagian
 * besar fakultas dan sekolah ITB …", "Kampus ITB Cirebon menyelenggarakan … dari sejumlah fakultas …").
 * Of `sentences` (best first), that one when the question names one campus.
 */
export function facultiesOfCampus<T extends { text: string, passage: { title: string } }> (sentences: readonly T[], question: string): T | undefined {
  const campuses = campusesNamed(question)
  if (campuses.size !== 1) return undefined
  const [campus] = campuses
  const named = (sentence: T): number => new Set(sentence.text.match(FACULTY_ACRONYM)?.map((acronym) => acronym.toLowerCase())).size
  const wholly = (sentence: T): boolean => FACULTIES_WORD.test(sentence.text) && [...campusesNamed(sentence.text)].join() === campus
  const weight = (sentence: T): number => named(sentence) >= 2 && campusesNamed(`${sentence.passage.title} ${sentence.text}`).has(campus) ? named(sentence) : wholly(sentence) ? 1 : 0
  return sentences.reduce<T | undefined>((most, sentence) => weight(sentence) > (most === undefined ? 0 : weight(most)) ? sentence : most, undefined)
}

/**
 * "Which faculties are at ITB Jatinangor?": the documents say a campus's faculties with its study programmes ("Program
 * Studi di Jatinangor": "Contoh program studi yang berkaitan dengan Kampus Jatinangor adalah … dari SITH, …"; "Study
 * programs taught on the Jatinangor campus include … of SITH, …"), which a search in the question's words does not
 * reach ("faculties" finds the list of all twelve). For a question asking the faculties or schools of the one campus it
 * names, a search in those words, in its language (`languageOf`, read only then: this runs for every question
 * the model is asked too); none for any other.
 */
export function campusFacultiesSearch (question: string, languageOf: (text: string) => Language): string | undefined {
  if (!WHICH_FACULTY.test(question)) return undefined
  const campuses = campusesNamed(question)
  if (campuses.size !== 1) return undefined
  const campus = [...campuses][0].replace(/^./, (letter) => letter.toUpperCase())
  return languageOf(question) === 'en' ? `study programs on the ${campus} campus` : `program studi di Kampus ${campus}`
}
