// List questions and the sentences that answer them: "apa saja/which/sebutkan" asks for a list, and
// a sentence enumerating three or more items ("… tiga kampus, yaitu A, B, dan C") gives one; the
// words before its items say what it lists; one whose items name the question's own subject lists it
// among its peers ("… untuk Kampus Ganesha, Kampus Jatinangor, dan Kampus Cirebon" for "Kampus
// Jatinangor ada fakultas apa saja?"), not what is asked of it. A sentence about the list of what is
// asked ("Daftar program studi yang dibuka di Kampus Cirebon dapat berubah …, sehingga … laman …")
// answers where the documents enumerate none. A list said whole counts its items, for "berapa jumlah"
// where no number is written (listedCount). Used by score.ts, compose.ts, cue.ts and groups.ts.
import { terms } from './terms.ts'
import type { StemMode } from './terms.ts'

/**
 * "Apa saja …", "Sebutkan …", "Which …", "What are the …": the answer is a list. Not who may ("Siapa saja yang bisa ikut
 * UKM?" asks for whom it is open, as "Siapa yang bisa ikut UKM?" does, not a list of units: ELIGIBILITY_QUESTION, what-it-takes.ts).
 */
const LIST_QUESTION = /\b(apa saja|apa aja|mana saja|mana aja|siapa saja(?! yang (?:bisa|boleh|dapat|berhak)\b)|sebutkan|which (study )?\p{L}+s|what are the|what \p{L}+s (does|do|are)|list|name the|name all)\b|\b(di ?mana|apa) saja\b/iu

export function isListQuestion (question: string): boolean {
  return LIST_QUESTION.test(question)
}

/** Words that open an enumeration ("… tiga kampus, yaitu A, B, dan C", "… menaungi A, B, dan C"). */
const LIST_MARKER = /\b(yaitu|antara lain|meliputi|mencakup|terdiri atas|menaungi|adalah|include|including|are|namely)\b|:/i

/**
 * How strongly a sentence enumerates: 0 unless it has at least three comma-separated items closed by
 * a conjunction ("A, B, dan C"), then the number of items, plus two when a word like "yaitu" or a
 * colon opens the list; 2 for two items after "yaitu". A longer, announced list is more likely the one a list question asks for.
 */
export function enumeration (sentence: string): number {
  const items = sentence.split(', ')
  if (items.length < 3 || !/^(dan|serta|atau|and|or)\s/i.test(items[items.length - 1])) {
    // Two items announced as a list: "… dua program studi sarjana, yaitu Manajemen dan Kewirausahaan."
    // The words after "yaitu" stop at the next "yaitu": each is scanned once, not once per "yaitu" before it.
    // One space after "yaitu", the others go with the words: "\s+" there split a run of spaces with them in every way.
    return /\b(yaitu|namely)\s(?:(?!\b(?:yaitu|namely)\b)[^,])+\s(dan|serta|and)\s/i.test(sentence) ? 2 : 0
  }
  return items.length + (LIST_MARKER.test(items.slice(0, -1).join(', ')) ? 2 : 0)
}

/** A sentence split around what it enumerates, with how strongly it does (enumeration). */
export interface Enumerated {
  strength: number
  /** The words before the items (beforeEnumeration); the whole sentence when it enumerates nothing. */
  before: string
  /** The text of the items (enumeratedItems); '' when it enumerates nothing. */
  items: string
}

/** The sentence split around what it enumerates, its strength computed once. */
export function enumerated (sentence: string): Enumerated {
  const strength = enumeration(sentence)
  if (strength === 0) return { strength, before: sentence, items: '' }
  const announced = /\b(yaitu|namely)\s/i.exec(sentence)
  const first = sentence.slice(0, sentence.indexOf(', '))
  const before = announced !== null ? sentence.slice(0, announced.index) : first.slice(0, Math.max(0, first.lastIndexOf(' ')))
  return { strength, before, items: sentence.slice(before.length) }
}

/**
 * The words of a sentence before the items it enumerates ("Calon mahasiswa … dapat mendaftar KIP
 * Kuliah bersamaan dengan pendaftaran" of "… pendaftaran SNBP, SNBT, atau Seleksi Mandiri ITB"):
 * up to "yaitu"/"namely", or the first item's segment without its last word. The whole sentence
 * when it enumerates nothing.
 */
export function beforeEnumeration (sentence: string): string {
  return enumerated(sentence).before
}

/** The text of the items a sentence enumerates: what follows the words before them; '' when it enumerates nothing. */
export function enumeratedItems (sentence: string): string {
  return enumerated(sentence).items
}

/** Whether a sentence enumerates at least three items. */
export function enumerates (sentence: string): boolean {
  return enumeration(sentence) > 0
}

/** A sentence whose subject is a list ("Daftar program studi …", "The list of IUP programs …"): the two words after it. */
const LIST_SUBJECT = /^(?:daftar|the list of)\s+([\p{L}\p{N}-]+(?:\s+[\p{L}\p{N}-]+)?)/iu

/**
 * Whether a sentence is about the list of what the question asks (`query`: the question's terms,
 * `match`: how much of one a text's terms have): it opens with "Daftar"/"The list of" and the words
 * after it are the question's ("Daftar program studi …" for "Program studi apa saja …?"), each of
 * them or together one of its terms in the alias table's words ("… jurusan apa aja?": "jurusan" →
 * "program studi"), not a verb's object ("Daftar ulang …").
 */
export function aboutListOf (sentence: string, query: readonly string[], match: (termsOfText: Set<string>, term: string) => number, mode: StemMode): boolean {
  const named = LIST_SUBJECT.exec(sentence)?.[1]
  const listed = named === undefined ? [] : terms(named, mode)
  if (listed.length === 0) return false
  if (listed.every((term) => query.some((asked) => match(new Set([term]), asked) > 0))) return true
  // Together, each of them needed: "program studi" for "jurusan", not "program sarjana" for "program".
  const whole = new Set(listed)
  return query.some((asked) => match(whole, asked) > 0 && listed.every((term) => match(new Set(listed.filter((other) => other !== term)), asked) === 0))
}

/** Words saying a list gives some of what it names, not all ("Beberapa contoh unit … adalah …"): its items are no count. */
const SOME_OF = /\b(contoh|antara lain|misalnya|seperti|beberapa|sebagian|termasuk|di antaranya|lain|lainnya|examples?|such as|including|some|among|other)\b/i

/** What a list said whole is of: its subject, a name, has the items ("FTI ITB memiliki program studi sarjana A, …"). */
const HAS_LIST = /^(\p{Lu}[\p{L}\p{N}-]*)(?:\s+ITB)?\s+(?:memiliki|mempunyai|has|have)\s/u

/**
 * How many items a sentence lists whole ("FTI ITB memiliki program studi sarjana Teknik Kimia, …,
 * Teknik Pangan, serta Teknik Bioenergi dan Kemurgi": 6), for "Berapa jumlah program studi di FTI?"
 * where no document writes the number, with the name that has them ("FTI"): only a list its subject
 * has (HAS_LIST, not "Senat Akademik adalah organ ITB yang menetapkan kebijakan, norma, dan etika"),
 * items each after a comma, the last after ", dan" or ", serta" (an item may have a "dan" of its
 * own), no comma before them, nor a word saying the list gives some of them (SOME_OF). Undefined
 * otherwise, as for "A, B dan C dan D", which cannot be told apart.
 */
export function listedCount (sentence: string): { count: number, owner: string } | undefined {
  const owner = HAS_LIST.exec(sentence)?.[1]
  const { strength, before, items } = enumerated(sentence)
  if (owner === undefined || strength === 0 || before.includes(',') || SOME_OF.test(sentence)) return undefined
  const parts = items.split(', ')
  return parts.length >= 3 && /^(dan|serta|and)\s/i.test(parts[parts.length - 1]) ? { count: parts.length, owner } : undefined
}
