// The sentences that define what a definition question asks about: an acronym introduced and said
// what it is, or spelled out ("Apa itu ITB?", "Apa kepanjangan SKS?"), a word said what it is or
// named ("Apa itu penjurusan?"). The kind of answer other questions ask for is in question-types.ts.
import { IS_A } from './defining-words.ts'
import { ABBREVIATION_MEANING } from './follow-up.ts'
import { QUESTION_END } from './linear-patterns.ts'

// "Apa arti SKS?", "What does UKT mean?": the meaning of an acronym is its definition.
export const DEFINITION_QUESTION = new RegExp(String.raw`^\s*(?i:apa itu|apakah itu|apa yang dimaksud|apa kepanjangan|apa singkatan|what is|what's|what does \S+ stand for)\b|^[^?]*\b(?i:itu|tuh) (?i:apa)(?i: sih)?${QUESTION_END}|${ABBREVIATION_MEANING.source}`, 'u')

/** A question for what an acronym stands for, rather than what it is. */
const STANDS_FOR = /\b(kepanjangan|singkatan|stand for)\b/i

/**
 * For a definition question ("Apa itu ITB?"), the sentences that introduce one of the acronyms it asks
 * about and say what it is ("Institut Teknologi Bandung (ITB) adalah …", "Kartu Indonesia Pintar
 * Kuliah, disingkat KIP Kuliah, adalah …", "PTN-BH adalah …") or end by spelling it out ("… satuan
 * kredit semester yang disingkat SKS."); for what it stands for, only the sentences that spell it
 * out ("ITB is a state university …" does not). Undefined for other questions.
 * Made once per question, tested against each candidate sentence.
 */
export function acronymDefinition (question: string): RegExp | undefined {
  // Letters, digits and hyphens only: nothing to escape outside a character class ("IA-ITB").
  const acronyms = question.match(/\b\p{Lu}[\p{Lu}\p{N}-]+\b/gu)
  if (!DEFINITION_QUESTION.test(question) || acronyms === null) return undefined
  const names = acronyms.join('|')
  const isA = `(${IS_A})\\b`
  const spelledOut = `^[^.]*(\\((${names})\\)|disingkat (${names})\\b[^.,]*,)\\s+${isA}|\\bdisingkat (${names})\\.?$`
  return new RegExp(STANDS_FOR.test(question) ? spelledOut : `${spelledOut}|^(${names})\\s+${isA}`, 'u')
}

/** One to three words in lower case (a name or an acronym is no term), the first capitalised where it opens the question. */
const TERM = String.raw`((?:\p{Ll}|^\s*\p{Lu}(?=\p{Ll}))[\p{Ll}-]*(?:\s+\p{Ll}[\p{Ll}-]*){0,2})`
/**
 * "Apa itu penjurusan?", "Apa yang dimaksud dengan cuti akademik?", "Dosen wali itu apa?": the term
 * asked about, one to three words.
 */
const DEFINED_TERM = new RegExp(String.raw`^\s*(?i:apa itu|apakah itu|apa yang dimaksud(?: dengan)?|what is(?: meant by)?|what's)\s+(?:(?i:an?|the)\s+)?${TERM}${QUESTION_END}|^${TERM}\s+(?i:itu|tuh)\s+(?i:apa)(?:\s+(?i:sih|ya))?${QUESTION_END}`, 'u')

/**
 * For a definition question about a word ("Apa itu penjurusan?"), the sentences that say what it is
 * ("Penjurusan adalah …") or name it ("Penempatan mahasiswa dari fakultas ke program studi disebut
 * penjurusan."); undefined for other questions. The term is letters and hyphens: nothing to escape.
 */
export function termDefinition (question: string): RegExp | undefined {
  const found = DEFINED_TERM.exec(question)
  const term = (found?.[1] ?? found?.[2])?.trim().toLowerCase()
  if (term === undefined) return undefined
  return new RegExp(`^${term}(?:,[^.]*,)?\\s+(?:${IS_A})\\b|\\b(?:disebut|dinamakan|dikenal sebagai|is called|are called|known as)\\s+(?:(?:sebagai|an?|the)\\s+)?["“]?${term}\\b`, 'iu')
}

/**
 * Where no sentence defines the term, the sentences saying what it is or does in a clause after it
 * ("… memiliki dosen wali yang membantu merencanakan studi …"): what the documents say of it, rather
 * than a sentence that only mentions it ("… menanyakan prosedur terbaru kepada dosen wali …").
 */
export function termDescription (question: string): RegExp | undefined {
  const found = DEFINED_TERM.exec(question)
  const term = (found?.[1] ?? found?.[2])?.trim().toLowerCase()
  return term === undefined ? undefined : new RegExp(`\\b${term}\\s+(?:yang|which|that|who)\\s+\\p{L}`, 'iu')
}
