// The short name a document gives an abbreviation: "Himpunan mahasiswa jurusan, disingkat HMJ dan sering hanya
// disebut "himpunan", …" says that in its document "himpunan" is HMJ, so "Untuk menjadi anggota himpunan, …" answers
// "Apa syarat menjadi anggota HMJ?" (declined: no sentence about joining names HMJ, nor spells it out). Only in the
// document saying so: elsewhere the short name is a common word ("unit" of "… sering hanya disebut "unit"" is any
// unit: "… diumumkan oleh unit pengelola asrama ITB" is no UKM). Used by score.ts before it weighs the question's terms,
// and for the words of one clause of a sentence: what one may join ("Apakah mahasiswa jurusan lain bisa ikut HMJ?": "…
// memiliki satu himpunan yang beranggotakan …", open-to.ts) and what a quantity counts ("Apakah mahasiswa bisa ikut
// lebih dari satu UKM?": "… bergabung dengan lebih dari satu unit", in the units' document, quantity.ts).
import { documentOf } from './candidates.ts'
import type { Candidate } from './candidates.ts'
import { terms } from './terms.ts'
import type { StemMode } from './terms.ts'

/** "… disingkat HMJ dan sering hanya disebut "himpunan"", "… abbreviated HMJ and often simply called "himpunan"": the abbreviation, then its one-word short name. */
const CALLED = /\b(?:disingkat|abbreviated)\s+(\p{Lu}[\p{Lu}\p{N}-]{1,11})\b[^.]*?\b(?:disebut|called)\s+["“]([\p{L}-]+)["”]/gu

/** How much of a question term some words of a sentence have (matching.ts). */
type Match = (termsOfText: Set<string>, term: string) => number

/** For a sentence, a match of its words that counts its document's short names as their abbreviations. */
export type ShortNames = (candidate: Candidate, match: Match) => Match

/**
 * Gives each sentence having an asked abbreviation's short name, in the document giving it, the abbreviation's term;
 * returns the same for some words of a sentence (a clause of it).
 */
export function addShortNames (candidates: readonly Candidate[], query: readonly string[], mode: StemMode): ShortNames {
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
  if (named.size === 0) return (_candidate, match) => match
  const abbreviations = (candidate: Candidate, termsOfText: Set<string>): string[] =>
    (named.get(documentOf(candidate.passage)) ?? []).filter(([short]) => termsOfText.has(short)).map(([, acronym]) => acronym)
  for (const candidate of candidates) for (const acronym of abbreviations(candidate, candidate.terms)) candidate.terms.add(acronym)
  return (candidate, match) => (termsOfText, term) => {
    const added = abbreviations(candidate, termsOfText)
    return match(added.length === 0 ? termsOfText : new Set([...termsOfText, ...added]), term)
  }
}
