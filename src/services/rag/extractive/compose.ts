// Composition of an extractive answer: the sentences chosen (selection.ts), written (sentence-form.ts)
// as one short paragraph after the framing, in sentence case, that reads well aloud; shortened at a
// clause when over the length budget.
import type { Language } from '../../text/language.ts'
import { CONNECTIVE } from './candidates.ts'
import { enumerates } from './lists.ts'
import type { Scored } from './score.ts'
import { chooseSentences } from './selection.ts'
import type { CompositionLimits } from './selection.ts'
import { afterFraming, finish } from './sentence-form.ts'
import type { AnswerSource, ExtractiveAnswer } from './types.ts'

export const FRAMING: Readonly<Record<Language, string>> = {
  id: 'Berdasarkan informasi yang tersedia, ',
  en: 'According to the available information, '
}

/**
 * The framing of an English question answered from an Indonesian document: the answerer's own words
 * stay in the question's language (as its refusals do), and say that the quoted sentences are not.
 */
export const FRAMING_IN_INDONESIAN = 'According to the available information (in Indonesian), '
/** And of an Indonesian question answered from an English document ("Kalau biayanya?" after "How much is the tuition?"). */
export const FRAMING_IN_ENGLISH = 'Berdasarkan informasi yang tersedia (dalam bahasa Inggris), '

/** Spaces and clause marks at the end, looked for from the first of a run (from each, a run inside was read to its end). */
const CLOSING_MARKS = /(?<![\s,;:])[\s,;:]+$/

/**
 * Shortens an answer that is over `limit` (only ever one long sentence after the framing) at a colon
 * ("ITB has twelve faculties and schools: …" keeps its main clause rather than half a list), else at
 * the last clause boundary, else at the last word boundary. The framing leaves a space to cut at.
 */
function shorten (text: string, limit: number): string {
  if (text.length <= limit) return text
  const cut = text.slice(0, limit - 1)
  const colon = cut.indexOf(': ')
  if (colon >= limit * 0.25) return cut.slice(0, colon) + '.'
  const clause = Math.max(cut.lastIndexOf(', '), cut.lastIndexOf('; '))
  const end = clause >= limit * 0.5 ? clause : cut.lastIndexOf(' ')
  return cut.slice(0, end).replace(CLOSING_MARKS, '') + '.'
}

/** Each source once (same URL and title), in order of first use. */
export function distinctSources (items: Iterable<AnswerSource>): AnswerSource[] {
  const seen = new Set<string>()
  const sources: AnswerSource[] = []
  for (const { title, url } of items) {
    const key = `${url}\n${title}`
    if (seen.has(key)) continue
    seen.add(key)
    sources.push({ title, url })
  }
  return sources
}

function framingOf (scored: Scored): string {
  if (scored.language === scored.best.language) return FRAMING[scored.language]
  return scored.language === 'en' ? FRAMING_IN_INDONESIAN : FRAMING_IN_ENGLISH
}

/**
 * The two sides of a comparison ("Apa beda SNBP dan SNBT?"), each scored as the question what it is:
 * the best sentence of each, in one paragraph after the first one's framing, each within half the length.
 */
export function composeEach (parts: readonly Scored[], limits: CompositionLimits): ExtractiveAnswer {
  const each = parts.map((scored) => {
    const framing = framingOf(scored)
    const answer = compose(scored, { ...limits, maxSentences: 1, maxChars: framing.length + Math.floor((limits.maxChars - framing.length) / parts.length) })
    return { ...answer, answer: answer.answer.slice(framing.length) }
  })
  // One sentence about both sides ("… kedudukan fakultas dan sekolah di ITB setara") is said once.
  const answers = each.filter((answer, i) => each.findIndex((other) => other.answer.toLowerCase() === answer.answer.toLowerCase()) === i)
  const sources = distinctSources(answers.flatMap((answer) => answer.sources))
  const body = answers.map((answer, i) => i === 0 ? answer.answer : answer.answer.charAt(0).toUpperCase() + answer.answer.slice(1))
  return { answer: framingOf(parts[0]) + body.join(' '), language: parts[0].best.language, sources, usedPassageIds: [...new Set(answers.flatMap((answer) => answer.usedPassageIds))] }
}

/** How a counted list says its count, at its end: "… serta Teknik Bioenergi dan Kemurgi (berjumlah 6)." */
const COUNT_SAID: Readonly<Record<Language, (count: number) => string>> = { id: (count) => `(berjumlah ${count})`, en: (count) => `(${count} in all)` }

/** A sentence that lists what a "how many" question asks, with its items counted (Scored.count). */
function withCount (sentence: string, count: number, language: Language): string {
  return sentence.replace(/([.!?…])$/, ` ${COUNT_SAID[language](count)}$1`)
}

/** The answer to a scored question: one paragraph after the framing, with its sources in order of use. */
export function compose (scored: Scored, limits: CompositionLimits): ExtractiveAnswer {
  const framing = framingOf(scored)
  const listAnswer = scored.list && enumerates(scored.best.text)
  const limit = listAnswer ? limits.maxListChars : limits.maxChars
  const chosen = chooseSentences(scored, limits, limit - framing.length, listAnswer)

  const body = chosen.map((candidate, i) => {
    const text = candidate === scored.best && scored.count !== undefined ? withCount(finish(candidate.text), scored.count, scored.best.language) : finish(candidate.text)
    if (i > 0) return text
    const opening = text.replace(CONNECTIVE, '')
    return afterFraming(opening.charAt(0).toUpperCase() + opening.slice(1), scored.candidates)
  }).join(' ')

  const sources = distinctSources(chosen.map((candidate) => candidate.passage))
  const usedPassageIds = [...new Set(chosen.map((candidate) => candidate.passage.id))]
  // An enumerating sentence too long for a plain answer keeps all its items ("ITB has twelve faculties
  // and schools: …" with ten of them would be wrong): the list budget (followers fit the plain one).
  // Its language is the best sentence's: the followers share it (chooseSentences), the framing is a lead-in.
  return { answer: shorten(framing + body, enumerates(scored.best.text) ? limits.maxListChars : limit), language: scored.best.language, sources, usedPassageIds }
}
