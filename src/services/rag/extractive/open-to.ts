// For whom a thing is open is what it takes to join it: "Berbeda dengan himpunan …, unit kegiatan mahasiswa
// terbuka bagi mahasiswa ITB dari semua jurusan dan angkatan." gives the requirements "Apa syarat ikut UKM?"
// asks, in other words than "syarat". Such a sentence has the requirement words (score.ts, as one under a
// "Persyaratan" heading has them: headings.ts) when what it says is open is what the requirements are asked
// of (requirement-object.ts), named in its clause before "terbuka bagi": not the himpunan it is set against.
import { fixedTerms, terms } from './terms.ts'
import type { StemMode } from './terms.ts'
import { REQUIREMENT_WORDS } from './what-it-takes.ts'

/** The clause before "terbuka bagi"/"open to" (after the last comma, semicolon or colon before it): what is open. */
const OPEN_TO = /([^,;:.]*?)\s*\b(?:terbuka (?:bagi|untuk)|(?:is|are) open to)\b/iu

/**
 * For a requirement question asking them of `object` (its terms), the requirement words a sentence has by
 * saying that it is open to someone; none when it says so of something else, or the question asks of nothing.
 */
export function openToWords (text: string, object: readonly string[], match: (termsOfText: Set<string>, term: string) => number, mode: StemMode): readonly string[] {
  if (object.length === 0) return []
  const opened = OPEN_TO.exec(text)?.[1]
  if (opened === undefined) return []
  const said = new Set(terms(opened, mode))
  return object.every((term) => match(said, term) > 0) ? fixedTerms(REQUIREMENT_WORDS, mode) : []
}
