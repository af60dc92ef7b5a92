// The short name a document gives an abbreviation: "Himpunan mahasiswa jurusan, disingkat HMJ dan sering hanya
// disebut "himpunan", …" says that in its document "himpunan" is HMJ, so "Untuk menjadi anggota himpunan, …" answers
// "Apa syarat menjadi anggota HMJ?" (declined: no sentence about joining names HMJ, nor spells it out). Only in the
// document saying so: elsewhere the short name is a common word ("unit" of "… sering hanya disebut "unit"" is any
// unit: "… diumumkan oleh unit pengelola asrama ITB" is no UKM). Used by score.ts before it weighs the question's terms.
import { documentOf } from './candidates.ts'
import type { Candidate } from './candidates.ts'
import { terms } from './terms.ts'
import type { StemMode } from './terms.ts'

/** "… disingkat HMJ dan sering hanya disebut "himpunan"", "… abbreviated HMJ and often simply called "himpunan"": the abbreviation, then its one-word short name. */
const CALLED = /\b(?:disingkat|abbreviated)\s+(\p{Lu}[\p{Lu}\p{N}-]{1,11})\b[^.]*?\b(?:disebut|called)\s+["“]([\p{L}-]+)["”]/gu

/** Gives each sentence having an asked abbreviation's short name, in the document giving it, the abbreviation's term. */
export function addShortNames (candidates: readonly Candidate[], query: readonly string[], mode: StemMode): void {
  const asked = new Set(query)
  /** Document → [short name's term, abbreviation's term]. */
  const named = new Map<string, Array<[string, string]>>()
  for (const candidate of candidates) {
    for (const [, abbreviation, name] of candidate.text.matchAll(CALLED)) {
      const acronym = terms(abbreviation, mode).at(-1)
      const [short, ...more] = terms(name, mode)
      if (acronym === undefined || short === undefined || more.length > 0 || !asked.has(acronym)) continue
      const document = documentOf(candidate.passage)
      named.set(document, [...(named.get(document) ?? []), [short, acronym]])
    }
  }
  if (named.size === 0) return
  for (const candidate of candidates) {
    for (const [short, acronym] of named.get(documentOf(candidate.passage)) ?? []) if (candidate.terms.has(short)) candidate.terms.add(acronym)
  }
}
