// What requirements are asked of: "Apa syarat ikut UKM?" asks a UKM's, "Apa syarat pindah prodi?" moving to
// another study programme's, "Apa syarat beasiswa LPDP?" LPDP's. A sentence giving requirements of something
// else does not answer ("Mahasiswa yang ingin mengikuti wisuda harus …" has "ikut" and a requirement, the
// graduation's; "Mahasiswa sarjana juga wajib menyelesaikan tugas akhir …" says nothing of moving; "Setiap
// beasiswa memiliki syarat berbeda …" names no LPDP): score.ts declines when the best sentence, its heading
// and its title lack a word of it. The purpose (to register, to enter, to graduate: requirement-purpose.ts)
// and joining ("ikut", "join") are said otherwise ("SNBT terbuka bagi …" under "Siapa yang Dapat Mendaftar").
import { namesPurpose } from './requirement-purpose.ts'
import { nameTerms, termFactor, terms, WORD } from './terms.ts'
import type { StemMode } from './terms.ts'
import { REQUIREMENT_QUESTION } from './what-it-takes.ts'

/** The words after the requirements ("syarat ikut UKM", "requirements for a PhD"), up to the question's end. */
const AFTER_REQUIREMENTS = /\b(?:syarat|syaratnya|persyaratan|persyaratannya|requirements?)\b(?:\s+(?:for|to|of)\b)?([^?.!]*)/iu
/** Joining what is named: the requirements are of it (and, asked whether one may, open-to.ts takes it as said by its openness). */
export const JOINING = /^(ikut|mengikuti|bergabung|gabung|join|joining|become|menjadi|jadi)$/i

/**
 * For a requirement question, the topical terms of what the requirements are of, its purpose and joining aside; only its
 * names when it has any ("jalur" of "Apa syarat masuk jalur SNBP?" is the kind SNBP is, which its document need not say); none for any other.
 */
export function requirementObject (formal: string, mode: StemMode): string[] {
  if (!REQUIREMENT_QUESTION.test(formal)) return []
  const after = AFTER_REQUIREMENTS.exec(formal)?.[1] ?? ''
  const words = (after.match(WORD) ?? []).filter((word) => !namesPurpose(word) && !JOINING.test(word)).join(' ')
  const topical = terms(words, mode).filter((term) => termFactor(term) === 1)
  const names = nameTerms(words, mode)
  return topical.some((term) => names.has(term)) ? topical.filter((term) => names.has(term)) : topical
}
