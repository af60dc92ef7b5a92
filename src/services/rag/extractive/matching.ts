// How much of a question term a sentence has: the term itself or an acronym the passages define for
// it (fully), a phrase the reviewed alias table gives for it (almost fully: the question's own words,
// often in its own language, count a little more), or a stem sharing a long prefix with it (partly:
// the stemmer misses some word forms, aktuaris/aktuaria; English apply/applicant), or a word one edit
// from a question's word that no sentence has (its typo: "beasiwa", typos.ts). A follow-up's word that
// the table gives for a word of its subject's question matches where that word does. Either alternative of an either/or question
// matches both ("negeri atau swasta?": alternatives.ts). Built once per question by score.ts.
import type { Candidate } from './candidates.ts'
import { oneEditApart, TYPO_MIN_LENGTH } from '../../text/typos.ts'
import { acronymAliases, addTableAliases, commonPrefix } from './terms.ts'
import type { StemMode } from './terms.ts'
import type { ExtractivePassage } from './types.ts'

/** A stem sharing a long prefix with a question term matches at this weight. */
const PREFIX_MATCH = 0.7
/** A sentence with the alias table's phrase instead of the question's words (often in the other language). */
const TABLE_ALIAS_MATCH = 0.9
const MIN_PREFIX = 6

export interface TermMatcher {
  /** How much of `term` a text with the terms `termsOfText` has (0 to 1). */
  match: (termsOfText: Set<string>, term: string) => number
  /** Question term → the alias table's phrases for it. */
  tableAliases: Map<string, string[][]>
}

export interface MatchingContext {
  candidates: readonly Candidate[]
  passages: readonly ExtractivePassage[]
  query: readonly string[]
  /** The question and its subject's question, informal words in their formal form. */
  formal: string
  subjectText: string
  mode: StemMode
  /** The two alternatives of an either/or question (alternatives.ts): a sentence with one has both. */
  alternatives?: readonly string[]
}

export function termMatcher ({ candidates, passages, query, formal, subjectText, mode, alternatives = [] }: MatchingContext): TermMatcher {
  const aliases = acronymAliases([...new Set([...candidates.map((candidate) => candidate.text), ...passages.map((passage) => passage.title)])], query, mode)
  const tableAliases = new Map<string, string[][]>()
  addTableAliases(tableAliases, formal, mode, subjectText)
  addTableAliases(tableAliases, subjectText, mode)
  // A follow-up restating its subject's word in the table's words for it ("Kalau biayanya?" after "How
  // much is the tuition?": "biaya" is the documents' word for "tuition") asks about the same thing: its
  // word is had where the subject's is, in the subject's language too ("… pay a single tuition fee …").
  if (subjectText !== '') {
    const ofSubject = new Map<string, string[][]>()
    addTableAliases(ofSubject, subjectText, mode)
    for (const [said, phrases] of ofSubject) {
      for (const term of query) {
        if (term === said || !phrases.some((phrase) => phrase.length === 1 && phrase[0] === term)) continue
        tableAliases.set(term, [...(tableAliases.get(term) ?? []), [said], ...phrases.filter((phrase) => !phrase.includes(term))])
      }
    }
  }
  const vocabulary = new Set<string>()
  for (const candidate of candidates) for (const term of candidate.terms) vocabulary.add(term)
  // Typos are of the question's own language: one edit from a word of the other is often a cognate in another sense ("comput", "komput").
  const ownLanguage = new Set(candidates.filter((candidate) => candidate.language === mode).flatMap((candidate) => [...candidate.terms]))
  const similar = new Map<string, string[]>()
  for (const term of query) {
    // English "-y" verbs and their "-ic-" nouns, which Porter stems apart: apply/applicant, qualify/qualification.
    if (mode === 'en' && term.endsWith('i') && vocabulary.has(`${term}c`)) similar.set(term, [`${term}c`])
    // A word in no sentence, one edit from a word of a sentence in its language, is its typo ("beasiwa": beasiswa; typos.ts).
    if (term.length >= TYPO_MIN_LENGTH && !vocabulary.has(term) && /^\p{Ll}+$/u.test(term)) {
      const typos = [...ownLanguage].filter((other) => oneEditApart(term, other))
      if (typos.length > 0) similar.set(term, [...(similar.get(term) ?? []), ...typos])
    }
    if (term.length < MIN_PREFIX || /\d/.test(term)) continue
    const near = [...vocabulary].filter((other) => other !== term && other.length >= MIN_PREFIX &&
      commonPrefix(term, other) >= Math.max(MIN_PREFIX, Math.ceil(0.8 * Math.min(term.length, other.length))))
    if (near.length > 0) similar.set(term, [...(similar.get(term) ?? []), ...near])
  }
  const match = (termsOfText: Set<string>, term: string): number => {
    if (termsOfText.has(term)) return 1
    if (alternatives.includes(term) && alternatives.some((other) => termsOfText.has(other))) return 1
    if (aliases.get(term)?.some((phrase) => phrase.every((alias) => termsOfText.has(alias))) ?? false) return 1
    if (tableAliases.get(term)?.some((phrase) => phrase.every((alias) => termsOfText.has(alias))) ?? false) return TABLE_ALIAS_MATCH
    return similar.get(term)?.some((other) => termsOfText.has(other)) === true ? PREFIX_MATCH : 0
  }
  return { match, tableAliases }
}
