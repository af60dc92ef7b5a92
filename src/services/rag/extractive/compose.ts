// Composition of an extractive answer: the best sentence (with the items of a count it announces:
// "… dua jenis manfaat …", then "Manfaat pertama …", "Manfaat kedua …"), then up to a few close
// followers about the same subject (never a sentence opening with another unit's name, nor the same
// head with another qualifier, nor one about a group of students the question does not name), in
// reading order, as one short paragraph after the framing, in sentence case, that reads well aloud;
// shortened at a clause when over the length budget.
import { escapeRegExp } from '../../text/whole-words.ts'
import type { Language } from '../../text/language.ts'
import { CONNECTIVE, documentOf, pointsBackToSubject } from './candidates.ts'
import type { Candidate } from './candidates.ts'
import { followingInPassage, givenInTurn, restatesQuestion } from './continuation.ts'
import { enumerates } from './lists.ts'
import { cuesOf } from './question-types.ts'
import type { Scored } from './score.ts'
import { commonPrefix, institutionTerm, NAME_INTRODUCERS, namesIn, sentenceSubject, STOPWORDS, termFactor, terms, WORD } from './terms.ts'
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

export interface CompositionLimits {
  maxSentences: number
  maxChars: number
  /** Longest answer to a list question that one enumerating sentence answers. */
  maxListChars: number
}

/** A further sentence must score at least this share of the best one (more from another document) … */
const FOLLOWER_RATIO = 0.6
const FOLLOWER_RATIO_OTHER_DOCUMENT = 0.8
/** … and contain at least this share of the best one's relevance. */
const FOLLOWER_RELEVANCE = 0.5
const DUPLICATE_JACCARD = 0.6
const DUPLICATE_CONTAINMENT = 0.8
/** Stems of ordinals, which enumerate what the best sentence announced. */
const ORDINAL = /^(tama|dua|tiga|empat|lima|first|second|third|fourth|fifth|lain|other)$/
/** An item of a list announced by count: "Manfaat pertama …" after "… dua jenis manfaat utama". */
const ORDINAL_ITEM = /^(\p{Lu}\p{Ll}+) (pertama|kedua|ketiga|keempat|kelima)\b/u
const COUNT = /\b(dua|tiga|empat|lima)\b/i
/** Stems sharing this many first letters (apply/applicant) may be one word: not another qualifier. */
const MIN_SHARED_STEM = 4

/** Both sets are non-empty: a chosen sentence has at least one of the question's terms. */
function nearDuplicate (a: Set<string>, b: Set<string>): boolean {
  let shared = 0
  for (const term of a) if (b.has(term)) shared += 1
  const union = a.size + b.size - shared
  return shared / union >= DUPLICATE_JACCARD || shared / Math.min(a.size, b.size) >= DUPLICATE_CONTAINMENT
}

/**
 * Sentence case after the framing. Before another capitalised word the first word may start a name
 * ("Institut Teknologi …", "Program Studi …"), so it is lowercased only when it is a function word,
 * introduces a name ("Nama Institut …"), or the passages write the name after it without it and
 * never the two together ("Hubungan Soekarno …" after "… tempat Soekarno …"). Before a lowercase word it is lowercased unless the
 * passages use it as a name, capitalised after a lowercase word ("… disingkat Saraga, …"); "Mahasiswa
 * program …" becomes "mahasiswa program …".
 */
function afterFraming (sentence: string, candidates: readonly Candidate[]): string {
  const match = /^(\p{Lu}\p{Ll}*),?\s+(\S+)/u.exec(sentence)
  if (match === null || match[1] === 'I') return sentence
  const word = match[1]
  const lower = word.toLowerCase()
  if (STOPWORDS.has(lower) || NAME_INTRODUCERS.has(lower)) return lower + sentence.slice(word.length)
  // A name appears capitalised after a lowercase word somewhere ("… disingkat Saraga, …"), not as
  // the first word of a longer name ("… di Kampus Ganesha" leaves "Kampus utama …" a common noun),
  // nor as a later word of one ("Keluarga Mahasiswa (KM)" leaves "Mahasiswa yang …" one).
  const name = new RegExp(`(?<![\\p{L}\\p{N}-])\\p{Ll}[\\p{L}\\p{N}-]* ${word}(?![\\p{L}\\p{N}]| \\p{Lu})`, 'u')
  const usedAsName = candidates.some((candidate) => name.test(candidate.text))
  if (/^\p{Lu}\p{Ll}/u.test(match[2])) {
    // A name's next word ("Institut Teknologi …"), unless the passages write the name after it
    // without it ("… tempat Soekarno …", "melalui Seleksi Mandiri ITB") and never the pair:
    // "Hubungan Soekarno …", "Pendaftaran Seleksi Mandiri …" open with a common noun.
    const rest = /^(?:\p{Lu}[\p{L}\p{N}-]*\s+)*\p{Lu}[\p{L}\p{N}-]*/u.exec(sentence.slice(match[0].length - match[2].length))?.[0] ?? match[2]
    const after = (name: string): RegExp => new RegExp(`(?<![\\p{L}\\p{N}-])\\p{Ll}[\\p{L}\\p{N}-]* ${escapeRegExp(name)}(?![\\p{L}\\p{N}-])`, 'u')
    const alone = after(rest)
    const pair = after(`${word} ${rest.split(/\s+/)[0]}`)
    const common = candidates.some((candidate) => alone.test(candidate.text)) && !candidates.some((candidate) => pair.test(candidate.text))
    // "Soekarno, Presiden pertama …": a word set off before a capitalised apposition is a name.
    return common && !usedAsName && !match[0].includes(',') ? lower + sentence.slice(word.length) : sentence
  }
  return usedAsName ? sentence : lower + sentence.slice(word.length)
}

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

function finish (sentence: string): string {
  const trimmed = sentence.trim()
  return /[.!?…]["'”’)]?$/.test(trimmed) ? trimmed : trimmed.replace(/[:;,]$/, '') + '.'
}

/**
 * The best sentence, then the next best that are close to it: in the same language, about the same
 * subject, naming what it names, giving the kind of answer it gives (a date …), not repeating a
 * chosen sentence, and fitting the length budget. An enumerating sentence answers a list alone.
 */
function chooseSentences (scored: Scored, limits: CompositionLimits, budget: number, listAnswer: boolean): Candidate[] {
  const { best, match, query, mode, names, topical } = scored
  const bestNames = [...names].filter((term) => match(best.terms, term) > 0)
  const bestTopical = topical.filter((term) => match(best.terms, term) > 0)
  const knownNames = new Set([...namesIn(scored.formal), ...namesIn(scored.subjectText), ...namesIn(best.text)])
  const knownWords = new Set([...scored.askedWords, ...(best.text.toLowerCase().match(WORD) ?? [])])
  const chosen: Candidate[] = [best]
  let used = finish(best.text).length
  // A best sentence whose subject points back ("Proses ini sering disebut perwalian.") comes after
  // the sentence it points to, the one before it in its passage, when both fit.
  // So does one that has what is asked for only through its document's title, after the sentence naming it.
  const antecedent = pointsBackToSubject(best.text) ? scored.candidates.find((other) => other.passage === best.passage && other.position === best.position - 1) : scored.namer
  const antecedentLength = antecedent === undefined ? 0 : finish(antecedent.text).length + 1
  if (antecedent !== undefined && limits.maxSentences > 1 && used + antecedentLength <= budget) {
    chosen.push(antecedent)
    used += antecedentLength
  }
  // A best sentence saying that what is asked changes is followed by where it is published (continuation.ts).
  const pointerLength = scored.pointer === undefined ? 0 : finish(scored.pointer.text).length + 1
  if (scored.pointer !== undefined && chosen.length < limits.maxSentences && used + pointerLength <= budget) {
    chosen.push(scored.pointer)
    used += pointerLength
  }
  // What is given sentence by sentence ("Apa syarat lulus …?", Cue.sequence) starts where the best
  // one's passage starts giving it about what the best is about ("… minimal 144 SKS. Selain jumlah
  // SKS, … IPK … 2,00." before "Mahasiswa sarjana juga wajib menyelesaikan tugas akhir …"), and goes on
  // while the next sentences give it (below, continuation.ts).
  // A sentence opening as the best does ("Persyaratan umum penerimaan program doktor …" after "… program
  // magister …") says it of another item: it neither starts nor goes on with what is asked.
  const sequence = cuesOf(scored.formal).filter((cue) => cue.sequence === true)
  const opening = (text: string): string => text.split(/\s+/, 2).join(' ').toLowerCase()
  const gives = (text: string): boolean => sequence.some((cue) => cue.sentence.test(text)) && (text === best.text || opening(text) !== opening(best.text))
  // It goes on from the best before any other sentence follows ("Setelah dinyatakan lulus, …").
  if (gives(best.text)) {
    for (const earlier of givenInTurn(scored.candidates, best, gives, -1)) {
      const length = finish(earlier.text).length + 1
      if (!bestTopical.every((term) => match(earlier.terms, term) > 0) || chosen.length >= limits.maxSentences || used + length > budget) break
      chosen.push(earlier)
      used += length
    }
    for (const next of givenInTurn(scored.candidates, best, gives)) {
      const length = finish(next.text).length + 1
      if (chosen.length >= limits.maxSentences || used + length > budget) break
      chosen.push(next)
      used += length
    }
  }
  // A best sentence announcing a count ("KIP Kuliah memberikan dua jenis manfaat utama") is followed
  // by the items its passage then gives ("Manfaat pertama …", "Manfaat kedua …"), whatever their score.
  if (COUNT.test(best.text)) {
    for (const item of scored.candidates) {
      const noun = ORDINAL_ITEM.exec(item.text)?.[1].toLowerCase()
      const length = finish(item.text).length + 1
      if (item.passage !== best.passage || item.position <= best.position || noun === undefined || !best.text.toLowerCase().includes(noun) ||
        chosen.length >= limits.maxSentences || used + length > budget) continue
      chosen.push(item)
      used += length
    }
  }
  // A procedure's first step, or a topic sentence only restating the question ("Hubungan Soekarno
  // dengan ITB berlanjut …"), goes on with the sentences after it in its passage (continuation.ts).
  if (scored.steps || restatesQuestion(best, query, match, mode)) {
    for (const next of followingInPassage(scored.candidates, best)) {
      const length = finish(next.text).length + 1
      if (chosen.length >= limits.maxSentences || used + length > budget) break
      chosen.push(next)
      used += length
    }
  }
  for (const candidate of scored.ranked.slice(1)) {
    if (chosen.includes(candidate)) continue
    if (listAnswer || chosen.length >= limits.maxSentences || candidate.score < best.score * FOLLOWER_RATIO) break
    // Another document's sentence must be as good and about the same thing: every topical word
    // of the question the best sentence has ("jalur masuk … sarjana" keeps a UKT sentence out),
    // and no name that neither the question nor the best sentence mentions (SNBT: not "KIP Kuliah").
    if (documentOf(candidate.passage) !== documentOf(best.passage) &&
      (candidate.score < best.score * FOLLOWER_RATIO_OTHER_DOCUMENT || !bestTopical.every((term) => match(candidate.terms, term) > 0) ||
        [...namesIn(candidate.text)].some((name) => !knownNames.has(name)))) continue
    // Any sentence, from any document, must be about what the question is about: the name opening
    // it ("SBM ITB didirikan …" after "Kapan ITB didirikan?") is one the question or the best sentence has;
    // the institution's name inside another ("IA-ITB") does not make it the question's.
    const opening = sentenceSubject(candidate.text)
    if (opening.names.length > 0 && !knownWords.has(opening.initials) &&
      !opening.names.some((name) => knownWords.has(name) || query.some((term) => !institutionTerm(term) && match(new Set(terms(name, mode)), term) > 0))) continue
    // Nor the same head with another qualifier ("Semester genap dimulai …" after "Kapan semester
    // ganjil dimulai?"): a subject that shares a topical word with the question and adds one that
    // neither the question nor the best sentence has is another subject.
    // "Nama Rektor, …" is about the rector; "Nama "Salman" diambil dari …" about the name.
    const introduced = /^\p{Lu}\p{Ll}+ \p{Lu}/u.test(candidate.text)
    // An ordinal is no qualifier: "Manfaat pertama …, Manfaat kedua …" after "… dua jenis manfaat".
    const lead = [...candidate.lead].filter((term) => !(introduced && NAME_INTRODUCERS.has(term)) && !ORDINAL.test(term))
    if (lead.some((term) => termFactor(term) === 1 && query.includes(term)) &&
      lead.some((term) => termFactor(term) === 1 && !best.terms.has(term) && !query.some((asked) => commonPrefix(asked, term) >= MIN_SHARED_STEM))) continue
    // A question about the usual students is not answered further about postgraduates (or the IUP …).
    if (scored.otherGroup.has(candidate) && !scored.otherGroup.has(best)) continue
    if (candidate.relevance < best.relevance * FOLLOWER_RELEVANCE || candidate.language !== best.language) continue
    if ((best.cue && !candidate.cue) || !bestNames.every((term) => match(candidate.terms, term) > 0)) continue
    if (chosen.some((other) => nearDuplicate(other.terms, candidate.terms))) continue
    // "Proses ini sering disebut perwalian." says nothing without what it points back to, in its passage before it.
    if (pointsBackToSubject(candidate.text) && !chosen.some((other) => other.passage === candidate.passage && other.position < candidate.position)) continue
    const length = finish(candidate.text).length + 1
    if (used + length > budget) continue
    chosen.push(candidate)
    used += length
  }
  // What is given sentence by sentence ("Apa yang harus disiapkan …?", Cue.sequence) goes on in each
  // chosen sentence's passage while the next sentences give it too (continuation.ts).
  for (const sentence of chosen.filter((candidate) => gives(candidate.text))) {
    for (const next of givenInTurn(scored.candidates, sentence, gives)) {
      const length = finish(next.text).length + 1
      if (chosen.includes(next)) continue
      if (chosen.length >= limits.maxSentences || used + length > budget) break
      chosen.push(next)
      used += length
    }
  }
  // Reading order: the passage of the best sentence first, then by passage rank, then position; the
  // best sentence first of all when a date or a place is asked for ("FSRD berlokasi di Kampus Ganesha" before its passage's history).
  const group = (candidate: Candidate): number => scored.decisive && candidate === best ? -2 : candidate.passage === best.passage ? -1 : candidate.rank
  return chosen.sort((a, b) => group(a) - group(b) || a.position - b.position)
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
  return scored.language === 'en' && scored.best.language === 'id' ? FRAMING_IN_INDONESIAN : FRAMING[scored.language]
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

/** The answer to a scored question: one paragraph after the framing, with its sources in order of use. */
export function compose (scored: Scored, limits: CompositionLimits): ExtractiveAnswer {
  const framing = framingOf(scored)
  const listAnswer = scored.list && enumerates(scored.best.text)
  const limit = listAnswer ? limits.maxListChars : limits.maxChars
  const chosen = chooseSentences(scored, limits, limit - framing.length, listAnswer)

  const body = chosen.map((candidate, i) => {
    const text = finish(candidate.text)
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
