// "Arsitektur di fakultas apa?": which faculty or school has a study programme is said by a sentence in
// which one has it among its programmes ("Sekolah Arsitektur, … (SAPPK) menaungi Arsitektur serta
// Perencanaan Wilayah dan Kota.", "SAPPK ITB memiliki dua program studi sarjana, yaitu Arsitektur …"),
// the programme a whole item of the list: "Manajemen" is SBM's "Manajemen", not FTI's "Manajemen
// Rekayasa Industri"; "Kimia" FMIPA's, not "Teknik Kimia". A history sentence naming the field and
// "fakultas" ("… mencakup sains, …, arsitektur, …") does not answer it (score.ts).
import { terms } from './terms.ts'
import type { StemMode } from './terms.ts'
import { FACULTIES } from './units.ts'

/** A faculty or school (its name, or its acronym) having the programmes that follow. */
const HOUSES = /^(?:(?:Fakultas|Sekolah) \p{Lu}[^.]*?|\p{Lu}{2,}(?: ITB)?) (?:menaungi|memiliki (?:[\p{L}\s]*?)program studi(?: sarjana)?(?:,? yaitu)?) (.+)$/u
/** Between the items of a list; within one, "dan" may join two items or be part of one ("Sistem dan Teknologi Informasi"). */
const ITEM_SEPARATOR = /,\s*(?:(?:dan|serta)\s+)?/u
const WITHIN_ITEM = /\s+(?:dan|serta)\s+/u
/** Words a question names a programme or asks where it is with, which its items do not repeat. */
const PROGRAMME_WORDS = 'jurusan program studi prodi masuk termasuk ada berada'

/**
 * Among `sentences` (best first), the first in which a faculty or school has a study programme whose
 * words are all the question's (`asked`, without the programme words), and have one of them.
 */
export function housingSentence<T extends { text: string }> (sentences: readonly T[], asked: readonly string[], mode: StemMode): T | undefined {
  const generic = new Set(terms(PROGRAMME_WORDS, mode))
  const wanted = new Set(asked.filter((term) => !generic.has(term)))
  if (wanted.size === 0) return undefined
  return sentences.find((sentence) => {
    const listed = HOUSES.exec(sentence.text)?.[1].replace(/\.$/, '').split(ITEM_SEPARATOR) ?? []
    const items = [...listed, ...listed.flatMap((item) => item.split(WITHIN_ITEM))]
    return items.some((item) => {
      const itemTerms = terms(item, mode)
      return itemTerms.length > 0 && itemTerms.every((term) => wanted.has(term)) && [...wanted].every((term) => itemTerms.includes(term))
    })
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
