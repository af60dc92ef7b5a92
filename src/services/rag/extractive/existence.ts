// Whether what a question names exists at ITB ("Ada asrama di ITB?", "Is there a dormitory at ITB?",
// "Apakah ITB punya asrama?"): the sentence saying the institution provides or has it, naming it
// right after the verb ("ITB menyediakan asrama mahasiswa …"), answers it, before one about what it
// has or how it is run ("Asrama ITB biasanya memiliki pengelola …"). Only the thing itself right
// after the verb counts: "ITB menyediakan layanan kesehatan … melalui klinik kampus" provides a
// service, and the clinic's own sentence may answer better. Used by adjustments.ts.
// The thing asked about must be in the answer: "Ada klinik ga di kampus Jatinangor?" is not answered by
// what the campus has ("Kampus ITB Jatinangor dilengkapi gedung kuliah, laboratorium, …"), a list
// without a clinic (score.ts declines it); nor, for a group of students ("… untuk mahasiswa internasional?"),
// by a passage not naming that group as asked.
import { groupWordings, namesOnlyGroups } from './groups.ts'
import { termFactor, terms, WORD } from './terms.ts'
import type { StemMode } from './terms.ts'

/** "Ada X?", "Apakah ada X?", "Is there …", "Does ITB have …", "ITB punya …?": asks whether something exists. */
export const EXISTENCE_QUESTION = /^\s*(?:apakah\s+)?(?:di\s+itb\s+)?ada\b|^\s*(?:is|are)\s+there\b|^\s*(?:does|do)\s+itb\s+(?:have|offer|provide)\b|^\s*(?:apakah\s+)?itb\s+(?:punya|memiliki|mempunyai|menyediakan)\b/i

/** The institution providing or having something, the word after the verb being that thing. */
const PROVIDES = /^(?:ITB|Institut Teknologi Bandung)\s+(?:juga\s+)?(?:menyediakan|memiliki|mempunyai|has|provides|offers)\s+([\p{L}-]+)/iu

/** Whether `text` says the institution provides or has what the question asks about (`asked`: of a word's terms). */
export function providesAsked (text: string, asked: (termsOfWord: string[]) => boolean, mode: StemMode): boolean {
  const thing = PROVIDES.exec(text)?.[1]
  return thing !== undefined && asked(terms(thing, mode))
}

/** What ends the name of the thing asked about: where it is, for whom, what for, what it is like. */
const THING_ENDS = /^(di|ke|dekat|sekitar|untuk|buat|bagi|dari|yang|dengan|pakai|menggunakan|at|in|on|near|around|for|from|to|that|which|with|where|whose)$/i
/** Words of the question that say nothing of the thing ("ga", "sih"). */
const FILLERS = /^(ga|gak|nggak|ngga|enggak|engga|tidak|tak|sih|ya|dong|kah|nih|any|some)$/i

/** The topical terms of the thing an existence question asks about ("klinik" in "Ada klinik ga di kampus Jatinangor?"), none for another question. */
export function existingAsked (formal: string, mode: StemMode): string[] {
  const opening = EXISTENCE_QUESTION.exec(formal)
  if (opening === null) return []
  const words = formal.slice(opening.index + opening[0].length).match(WORD) ?? []
  const end = words.findIndex((word) => THING_ENDS.test(word))
  return words.slice(0, end < 0 ? words.length : end).filter((word) => !FILLERS.test(word))
    .flatMap((word) => terms(word, mode)).filter((term) => termFactor(term) === 1)
}

/** What opens whom the thing is for ("Ada beasiswa untuk mahasiswa internasional?"). */
const FOR_WHOM = /^(untuk|buat|bagi|for)$/i

/**
 * The group of students an existence question asks the thing for, when it is a phrase of two words
 * or more naming a group (groups.ts: "mahasiswa internasional", not "mahasiswa baru", which asks about
 * the usual students): its wordings (groups.ts: "mahasiswa asing" is "mahasiswa internasional") that
 * some of `texts` has as written; undefined when none has one, or for another question. A passage without
 * one does not say the thing is for them ("… dari program beasiswa pemerintah dan lembaga
 * internasional lainnya": institutions): score.ts declines the question when the best's passage lacks them.
 */
export function groupAskedFor (formal: string, texts: readonly string[], mode: StemMode): string[] | undefined {
  const opening = EXISTENCE_QUESTION.exec(formal)
  if (opening === null) return undefined
  const words = formal.slice(opening.index + opening[0].length).toLowerCase().match(WORD) ?? []
  const start = words.findIndex((word) => FOR_WHOM.test(word)) + 1
  if (start === 0) return undefined
  const rest = words.slice(start)
  const end = rest.findIndex((word) => THING_ENDS.test(word) || FILLERS.test(word))
  const phrase = rest.slice(0, end < 0 ? rest.length : end).join(' ')
  if (!phrase.includes(' ') || !namesOnlyGroups(terms(phrase, mode), mode)) return undefined
  const written = groupWordings(phrase).filter((wording) => texts.some((text) => text.toLowerCase().includes(wording)))
  return written.length > 0 ? written : undefined
}
