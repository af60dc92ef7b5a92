// Offline answering: when no LLM is configured, the answer is extracted from the retrieved passages.
// Passages are cut into sentences (extractive/sentences.ts), and each sentence is scored against the
// question: stemmed content terms (extractive/terms.ts) weighted by an IDF over the candidate
// sentences (names in the question weigh more, "ITB" and light verbs less; acronyms the passages
// define and the reviewed alias table match for the question's words), plus small bonuses for the
// passage's coverage of the question, its title or section, its retrieval rank and score, the kind of
// answer the question's shape asks for (extractive/question-types.ts: the enumerating sentence for a
// list, a date for "kapan", a place for "di mana", an amount or where it is published for "berapa
// biaya" …) and the question's language. A follow-up's subject (extractive/follow-up.ts) counts at a
// lower weight. The best sentence and up to a few close followers, never from another topic, become
// one short paragraph in sentence case that reads well aloud. Below a relevance floor, when a key word
// of the question is in no passage, when it names another institution or asks for live information,
// the answer is an honest "don't know" in the question's language. Sentences that look like
// instructions to an assistant are never picked (extractive/instructions.ts).
// Deterministic and synchronous: the same input always gives the same answer. This file keeps the
// scoring and composition in one place (about 500 lines): they share the per-question state.
// Over 300 lines (513, down from 806): scoring and composition still live here; issue 13 splits them
// into extractive/score.ts and extractive/compose.ts, beside the modules already moved out.
import { detectLanguage } from './language.ts'
import type { Language } from './language.ts'
import { replaceInformal } from '../retrieval/aliases.ts'
import { instructionLike } from './extractive/instructions.ts'
import { splitSentences } from './extractive/sentences.ts'
import {
  aboutAnotherInstitution, acronymAliases, addTableAliases, NAME_INTRODUCERS, nameTerms, namesIn, remember, sentenceSubject, STOPWORDS, termFactor, terms, withoutFormWords
} from './extractive/terms.ts'
import type { StemMode } from './extractive/terms.ts'
import { cuesOf, enumeration, enumerates, isListQuestion } from './extractive/question-types.ts'

export { conversationSubject, isFollowUp, standaloneQuestion } from './extractive/follow-up.ts'
export { splitSentences } from './extractive/sentences.ts'

/** The part of a retrieved passage the answerer needs (a retrieval `RetrievedPassage` fits). */
export interface ExtractivePassage {
  id: string
  text: string
  title: string
  url: string
  path?: string
  section?: string
  /** Retrieval relevance in [0, 1]; passages are expected best first. */
  score?: number
}

export interface ExtractiveInput {
  question: string
  passages: readonly ExtractivePassage[]
  found: boolean
  /** Language of the answer; detected from the question when omitted. */
  language?: Language
  /**
   * The earlier question a follow-up takes its subject from (see conversationSubject): its terms
   * count next to the question's own, at a lower weight.
   */
  previousQuestion?: string
}

export interface AnswerSource {
  title: string
  url: string
}

export interface ExtractiveAnswer {
  answer: string
  /** Documents whose sentences were used, in order of use; empty for a "don't know" answer. */
  sources: AnswerSource[]
  /** Passages whose sentences were used, in order of use. */
  usedPassageIds: string[]
}

export interface ExtractiveAnswererOptions {
  /** Most sentences in an answer (default 3). */
  maxSentences?: number
  /** Longest answer in characters, framing included (default 600). */
  maxChars?: number
  /**
   * Longest answer to a list question that one enumerating sentence answers, so that no item is cut
   * off (default 900, or `maxChars` when that is set).
   */
  maxListChars?: number
  /** Share of the question's weighted terms the best sentence must contain (default 0.25). */
  minRelevance?: number
}

export interface ExtractiveAnswerer {
  answer: (input: ExtractiveInput) => ExtractiveAnswer
}

export const DEFAULT_MAX_SENTENCES = 3
export const DEFAULT_MAX_CHARS = 600
export const DEFAULT_MAX_LIST_CHARS = 900
export const DEFAULT_MIN_RELEVANCE = 0.25

/** The honest answer when the knowledge base has nothing relevant. */
export const NO_ANSWER: Readonly<Record<Language, string>> = {
  id: 'Maaf, saya belum menemukan informasi tersebut di basis pengetahuan ITB. Untuk informasi resmi, silakan kunjungi www.itb.ac.id atau hubungi layanan informasi ITB.',
  en: "Sorry, I couldn't find that information in the ITB knowledge base. For official information, please visit www.itb.ac.id or contact ITB's information services."
}

const FRAMING: Readonly<Record<Language, string>> = {
  id: 'Berdasarkan informasi yang tersedia, ',
  en: 'According to the available information, '
}

// ---------------------------------------------------------------------------------------------------
// Scoring and composition

const NAME_WEIGHT = 1.5
/** Score factor of a sentence that has none of the question's names while other sentences do. */
const NAME_MISS_FACTOR = 0.75
/** Score factor of a sentence that leans on the one before it ("Oleh karena itu, …", "However, …"). */
const DEPENDENT_FACTOR = 0.9
/** Score factor of a sentence without what a "kapan"/"berapa"/"mengapa" question asks for. */
const CUE_MISS_FACTOR = 0.7

/** What the scoring needs of a passage as a whole. */
interface PassageInfo {
  /** Terms of its title, section and usable sentences. */
  terms: Set<string>
  /** Terms of its title and section. */
  label: Set<string>
  /** Share of the question's term weight in `terms` and in `label`. */
  coverage: number
  labelCoverage: number
}

interface Candidate {
  passage: ExtractivePassage
  info: PassageInfo
  rank: number
  position: number
  text: string
  language: Language
  terms: Set<string>
  /** The first few content terms: what the sentence is about. */
  lead: Set<string>
  length: number
  /** Share of the question's term weight found in the sentence. */
  relevance: number
  /** Whether the sentence has what the question type asks for (a date for "kapan" …). */
  cue: boolean
  score: number
}

/** A word of a question or a sentence, hyphenated compounds whole. */
const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu

const BM25_K1 = 1.2
const BM25_B = 0.3
/** Short sentences are favoured a little, not more. */
const MAX_LENGTH_NORM = 1.1
/** Added to every IDF, so the question's topic still counts when most candidate sentences mention it. */
const IDF_FLOOR = 0.5
/** A stem sharing a long prefix with a question term (aktuaris/aktuaria) matches at this weight. */
const PREFIX_MATCH = 0.7
/** A sentence with the alias table's phrase instead of the question's words (often in the other language). */
const TABLE_ALIAS_MATCH = 0.9
const MIN_PREFIX = 6
/** Stems sharing this many first letters (apply/applicant) may be one word: not another qualifier. */
const MIN_SHARED_STEM = 4
/** Bonus of the first passage; the n-th gets bonus / n. */
const RANK_BONUS = 0.1
const RETRIEVAL_SCORE_BONUS = 0.1
/** Times the share of the question's term weight the whole passage (title and section included) has. */
const PASSAGE_BONUS = 0.3
const TITLE_BONUS = 0.25
/** Times the share of the question's term weight among the sentence's first terms (its subject). */
const SUBJECT_BONUS = 0.15
const LEAD_TERMS = 2
const CUE_BONUS = 0.1
const LANGUAGE_BONUS = 0.1
/** A further sentence must score at least this share of the best one (more from another document) … */
const FOLLOWER_RATIO = 0.6
const FOLLOWER_RATIO_OTHER_DOCUMENT = 0.8
/** A list question's enumerating sentences score more per item (up to a point), its other sentences less. */
const LIST_ITEM_BONUS = 0.06
const LIST_ITEMS_COUNTED = 8
const LIST_MISS_FACTOR = 0.8
/** Weight factor of the terms a follow-up takes from its subject's question. */
const SUBJECT_WEIGHT = 0.5
/** With a question word no passage has, the best sentence needs this share of the question's weight. */
const MISSING_TERM_RELEVANCE = 0.4
/** … and contain at least this share of the best one's relevance. */
const FOLLOWER_RELEVANCE = 0.5
const DUPLICATE_JACCARD = 0.6
const DUPLICATE_CONTAINMENT = 0.8
const MIN_SENTENCE_WORDS = 3
/** The best sentence must contain two of the question's topical terms, or half of their weight. */
const MIN_MATCHED_TERMS = 2
const MIN_TERM_SHARE = 0.5
const MIN_PASSAGE_TERM_SHARE = 0.9

function commonPrefix (a: string, b: string): number {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return i
}

/** Both sets are non-empty: a chosen sentence has at least one of the question's terms. */
function nearDuplicate (a: Set<string>, b: Set<string>): boolean {
  let shared = 0
  for (const term of a) if (b.has(term)) shared += 1
  const union = a.size + b.size - shared
  return shared / union >= DUPLICATE_JACCARD || shared / Math.min(a.size, b.size) >= DUPLICATE_CONTAINMENT
}

/**
 * Sentence case after the framing. Before another capitalised word the first word may start a name
 * ("Institut Teknologi …", "Program Studi …"), so it is lowercased only when it is a function word
 * or introduces a name ("Nama Institut …"). Before a lowercase word it is lowercased unless the
 * passages use it as a name, capitalised after a lowercase word ("… disingkat Saraga, …"); "Mahasiswa
 * program …" becomes "mahasiswa program …".
 */
function afterFraming (sentence: string, candidates: readonly Candidate[]): string {
  const match = /^(\p{Lu}\p{Ll}*)\s+(\S+)/u.exec(sentence)
  if (match === null || match[1] === 'I') return sentence
  const word = match[1]
  const lower = word.toLowerCase()
  if (STOPWORDS.has(lower) || NAME_INTRODUCERS.has(lower)) return lower + sentence.slice(word.length)
  if (/^\p{Lu}\p{Ll}/u.test(match[2])) return sentence // a name's next word; an acronym is not
  // A name appears capitalised after a lowercase word somewhere ("… disingkat Saraga, …"), not as
  // the first word of a longer name ("… di Kampus Ganesha" leaves "Kampus utama …" a common noun).
  const name = new RegExp(`\\p{Ll} ${word}(?![\\p{L}\\p{N}]| \\p{Lu})`, 'u')
  return candidates.some((candidate) => name.test(candidate.text)) ? sentence : lower + sentence.slice(word.length)
}

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
  return cut.slice(0, end).replace(/[\s,;:]+$/, '') + '.'
}

function finish (sentence: string): string {
  const trimmed = sentence.trim()
  return /[.!?…]["'”’)]?$/.test(trimmed) ? trimmed : trimmed.replace(/[:;,]$/, '') + '.'
}

/** Opening connectives that tie a sentence to the previous one; dropped when it opens the answer. */
const CONNECTIVE = /^(oleh karena itu|karena itu|dengan demikian|selain itu|sementara itu|meskipun demikian|namun demikian|namun|akan tetapi|tetapi|di samping itu|therefore|however|moreover|in addition|furthermore|thus|also|as a result),\s+/i
/** Sentences whose subject points back ("Hal ini …", "This …"). */
const ANAPHORIC = /^(hal (ini|itu|tersebut)|ini|itu|tersebut|mereka|ia|this|that|these|those|it|they|he|she)\b/i

/** Sentences about the layout of their document ("Daftar di atas …", "the table below"). */
const LAYOUT_REFERENCE = /\b(daftar|tabel|gambar|list|table|figure) (di atas|di bawah ini|berikut|above|below)\b/i

interface AnalysedSentence {
  text: string
  length: number
  /** False for cut-off fragments, questions, very short and instruction-like sentences. */
  usable: boolean
  /** Content terms per stemming mode, computed on first use. */
  terms: Partial<Record<StemMode, string[]>>
}

interface AnalysedPassage {
  language: Language
  sentences: AnalysedSentence[]
}

/** Passages recur across questions, so their sentence split is kept (least recently used out). */
const analysisCache = new Map<string, AnalysedPassage>()
const ANALYSIS_CACHE_LIMIT = 2000

function analyse (text: string): AnalysedPassage {
  const cached = analysisCache.get(text)
  if (cached !== undefined) {
    analysisCache.delete(text)
    analysisCache.set(text, cached)
    return cached
  }
  const sentences = splitSentences(text)
  const analysis: AnalysedPassage = {
    language: detectLanguage(text),
    sentences: sentences.map((sentence, position) => {
      const length = sentence.split(' ').length
      // A passage cut out of a longer text may start or end mid-sentence.
      const fragment = (position === 0 && /^\p{Ll}/u.test(sentence)) ||
        (position === sentences.length - 1 && !/[.!?…]["'”’)]?$/.test(sentence))
      const usable = !fragment && length >= MIN_SENTENCE_WORDS && !/\?["'”’)]?$/.test(sentence) && !instructionLike(sentence)
      return { text: sentence, length, usable, terms: {} }
    })
  }
  remember(analysisCache, text, analysis, ANALYSIS_CACHE_LIMIT)
  return analysis
}

function documentOf (passage: ExtractivePassage): string {
  return passage.path ?? `${passage.url}\u0000${passage.title}`
}

function noAnswer (language: Language): ExtractiveAnswer {
  return { answer: NO_ANSWER[language], sources: [], usedPassageIds: [] }
}

export function createExtractiveAnswerer (options: ExtractiveAnswererOptions = {}): ExtractiveAnswerer {
  const maxSentences = Math.max(1, Math.floor(options.maxSentences ?? DEFAULT_MAX_SENTENCES))
  const maxChars = Math.max(120, Math.floor(options.maxChars ?? DEFAULT_MAX_CHARS))
  const minRelevance = options.minRelevance ?? DEFAULT_MIN_RELEVANCE
  const maxListChars = Math.max(maxChars, Math.floor(options.maxListChars ?? (options.maxChars === undefined ? DEFAULT_MAX_LIST_CHARS : maxChars)))

  function answer (input: ExtractiveInput): ExtractiveAnswer {
    const language = input.language ?? detectLanguage(input.question)
    if (!input.found || input.passages.length === 0 || aboutAnotherInstitution(input.question)) return noAnswer(language)
    const mode: StemMode = language
    const cues = cuesOf(input.question)
    const strongCue = cues.some((cue) => cue.strong === true)
    const list = isListQuestion(input.question)
    const formWords = new Set(cues.flatMap((cue) => cue.formWords ?? []))
    const formal = replaceInformal(input.question)
    const own = [...new Set(terms(withoutFormWords(formal, formWords), mode))]
    if (own.length === 0 && input.previousQuestion === undefined) return noAnswer(language)
    // A follow-up's subject comes from the question it leans on; its terms count less than its own.
    const subjectText = input.previousQuestion === undefined ? '' : replaceInformal(input.previousQuestion)
    const subject = [...new Set(terms(withoutFormWords(subjectText, new Set(cuesOf(subjectText).flatMap((cue) => cue.formWords ?? []))), mode))]
      .filter((term) => !own.includes(term))
    const query = [...own, ...subject]
    const names = nameTerms(formal, mode)
    for (const term of nameTerms(subjectText, mode)) if (!own.includes(term)) names.add(term)

    // Candidate sentences; exact repeats (chunk overlap), questions and instruction-like text dropped.
    const candidates: Candidate[] = []
    const seen = new Set<string>()
    const infos: PassageInfo[] = []
    input.passages.forEach((passage, rank) => {
      const analysis = analyse(passage.text)
      const label = new Set(terms(`${passage.title} ${passage.section ?? ''}`, mode))
      const info: PassageInfo = { terms: new Set(label), label, coverage: 0, labelCoverage: 0 }
      infos.push(info)
      analysis.sentences.forEach((sentence, position) => {
        if (!sentence.usable) return
        const key = sentence.text.toLowerCase()
        if (seen.has(key)) return
        seen.add(key)
        const termList = sentence.terms[mode] ??= terms(sentence.text, mode)
        const sentenceTerms = new Set(termList)
        for (const term of sentenceTerms) info.terms.add(term)
        candidates.push({
          passage,
          info,
          rank,
          position,
          text: sentence.text,
          language: analysis.language,
          terms: sentenceTerms,
          lead: new Set(termList.slice(0, LEAD_TERMS)),
          length: sentence.length,
          relevance: 0,
          cue: false,
          score: 0
        })
      })
    })
    if (candidates.length === 0) return noAnswer(language)

    // A question term is found in a text when the text has it or an acronym the passages define for
    // it (fully), a phrase the alias table gives for it (almost fully: the question's own words, often
    // in its own language, count a little more), or a stem sharing a long prefix with it (partly: the
    // stemmer misses some word forms).
    const aliases = acronymAliases(candidates.map((candidate) => candidate.text), query, mode)
    const tableAliases = new Map<string, string[][]>()
    addTableAliases(tableAliases, formal, mode)
    addTableAliases(tableAliases, subjectText, mode)
    const vocabulary = new Set<string>()
    for (const candidate of candidates) for (const term of candidate.terms) vocabulary.add(term)
    const similar = new Map<string, string[]>()
    for (const term of query) {
      if (term.length < MIN_PREFIX || /\d/.test(term)) continue
      const near = [...vocabulary].filter((other) => other !== term && other.length >= MIN_PREFIX &&
        commonPrefix(term, other) >= Math.max(MIN_PREFIX, Math.ceil(0.8 * Math.min(term.length, other.length))))
      if (near.length > 0) similar.set(term, near)
    }
    const match = (termsOfText: Set<string>, term: string): number => {
      if (termsOfText.has(term)) return 1
      if (aliases.get(term)?.some((phrase) => phrase.every((alias) => termsOfText.has(alias))) ?? false) return 1
      if (tableAliases.get(term)?.some((phrase) => phrase.every((alias) => termsOfText.has(alias))) ?? false) return TABLE_ALIAS_MATCH
      return similar.get(term)?.some((other) => termsOfText.has(other)) === true ? PREFIX_MATCH : 0
    }

    // Term weights: IDF over the candidate sentences. A term no sentence has keeps the highest weight,
    // so a question about something the passages never mention scores low everywhere.
    const n = candidates.length
    const dfs = query.map((term) => candidates.filter((candidate) => match(candidate.terms, term) > 0).length)
    const weights = query.map((term, i) =>
      (IDF_FLOOR + Math.log(1 + (n - dfs[i] + 0.5) / (dfs[i] + 0.5))) * termFactor(term) * (names.has(term) ? NAME_WEIGHT : 1) * (i < own.length ? 1 : SUBJECT_WEIGHT))
    const totalWeight = weights.reduce((sum, weight) => sum + weight, 0)
    const share = (termsOfText: Set<string>): number =>
      query.reduce((sum, term, i) => sum + match(termsOfText, term) * weights[i], 0) / totalWeight
    const averageLength = candidates.reduce((sum, candidate) => sum + candidate.length, 0) / n
    for (const info of infos) {
      info.coverage = share(info.terms)
      info.labelCoverage = share(info.label)
    }

    const askedWords = new Set(`${formal} ${subjectText}`.toLowerCase().match(WORD))
    const ranked: Candidate[] = []
    for (const candidate of candidates) {
      // Only sentences with a topical term qualify; "ITB" alone or a light verb is not enough.
      if (!query.some((term) => termFactor(term) === 1 && match(candidate.terms, term) > 0)) continue
      candidate.relevance = share(candidate.terms)
      // What the question asks for must be something else than the question's own names ("asrama di
      // Kampus Jatinangor" does not say where Kampus Jatinangor is).
      const cueText = candidate.text.replace(/\p{Lu}[\p{L}\p{N}-]*/gu, (word) => askedWords.has(word.toLowerCase()) ? '' : word)
      candidate.cue = cues.some((cue) => cue.sentence.test(cueText))
      const missedCue = strongCue ? cues.find((cue) => cue.strong === true && !cue.sentence.test(cueText)) : undefined
      const cueFactor = missedCue === undefined ? 1 : missedCue.missFactor ?? CUE_MISS_FACTOR
      const items = list ? enumeration(candidate.text) : 0
      const listFactor = list ? (items > 0 ? 1 + LIST_ITEM_BONUS * Math.min(items, LIST_ITEMS_COUNTED) : LIST_MISS_FACTOR) : 1
      const { passage } = candidate
      const lengthNorm = list && enumerates(candidate.text)
        ? MAX_LENGTH_NORM
        : Math.min(MAX_LENGTH_NORM, (BM25_K1 + 1) / (1 + BM25_K1 * (1 - BM25_B + BM25_B * candidate.length / averageLength)))
      const dependentFactor = CONNECTIVE.test(candidate.text) || ANAPHORIC.test(candidate.text) || LAYOUT_REFERENCE.test(candidate.text) ? DEPENDENT_FACTOR : 1
      candidate.score = cueFactor * listFactor * dependentFactor * (candidate.relevance * lengthNorm +
        PASSAGE_BONUS * candidate.info.coverage +
        TITLE_BONUS * candidate.info.labelCoverage +
        SUBJECT_BONUS * share(candidate.lead) +
        RANK_BONUS / (1 + candidate.rank) +
        RETRIEVAL_SCORE_BONUS * Math.min(1, Math.max(0, passage.score ?? 0)) +
        (candidate.cue ? CUE_BONUS : 0) +
        (candidate.language === language ? LANGUAGE_BONUS : 0))
      ranked.push(candidate)
    }
    // A question whose names the passages mostly do not mention ("… of Tokyo", "… di Universitas Gadjah
    // Mada") is about something else, however well its other words match.
    const namesFound = [...names].filter((term) => candidates.some((candidate) => match(candidate.terms, term) > 0))
    if (names.size > 0 && namesFound.length * 2 <= names.size) return noAnswer(language)
    if (namesFound.length > 0) {
      for (const candidate of ranked) {
        if (!namesFound.some((term) => match(candidate.terms, term) > 0)) candidate.score *= NAME_MISS_FACTOR
      }
    }
    ranked.sort((a, b) => b.score - a.score || a.rank - b.rank || a.position - b.position)
    const best = ranked[0]
    if (best === undefined || best.relevance < minRelevance) return noAnswer(language)
    // Live information (tomorrow's weather, who holds an office now) the documents cannot give.
    if (cues.some((cue) => cue.required === true && !cue.sentence.test(best.text))) return noAnswer(language)
    // One matching word out of three or more is weak evidence, however rare the word.
    const topical = own.filter((term) => termFactor(term) === 1)
    const matchedTopical = topical.filter((term) => match(best.terms, term) > 0).length
    const topicalWeight = (subset: string[]): number => subset.reduce((sum, term) => sum + weights[query.indexOf(term)], 0)
    const topicalShare = topicalWeight(topical.filter((term) => match(best.terms, term) > 0)) / topicalWeight(topical)
    // When it gives what the question asks for (a date …), the retrieved text of its document may
    // carry the rest ("Penjurusan biasanya dilakukan pada akhir tahun pertama", in the document about
    // choosing a study programme).
    const documentTerms = new Set(candidates.filter((candidate) => documentOf(candidate.passage) === documentOf(best.passage)).flatMap((candidate) => [...candidate.info.terms]))
    const passageShare = topicalWeight(topical.filter((term) => match(documentTerms, term) > 0)) / topicalWeight(topical)
    const givesWhatIsAsked = strongCue && cues.some((cue) => cue.strong === true && cue.sentence.test(best.text))
    if (topical.length > 0 && matchedTopical < MIN_MATCHED_TERMS && topicalShare < MIN_TERM_SHARE &&
      !(givesWhatIsAsked && passageShare >= MIN_PASSAGE_TERM_SHARE)) return noAnswer(language)
    // A key word of the question that no passage has at all ("cuaca … besok", "harga saham") means
    // the passages are about something near it, not about it: decline unless the rest is compelling.
    const missing = topical.filter((term) => !infos.some((info) => match(info.terms, term) > 0))
    if (missing.length > 0 && best.relevance < MISSING_TERM_RELEVANCE) return noAnswer(language)

    // The best sentence, then the next best that are close to it: in the same language, naming what it names, giving the kind of answer it gives (a date …), not repeating a
    // chosen sentence, and fitting the length budget. An enumerating sentence answers a list alone.
    const bestNames = [...names].filter((term) => match(best.terms, term) > 0)
    const bestTopical = topical.filter((term) => match(best.terms, term) > 0)
    const knownNames = new Set([...namesIn(formal), ...namesIn(subjectText), ...namesIn(best.text)])
    const knownWords = new Set([...askedWords, ...(best.text.toLowerCase().match(WORD) ?? [])])
    const framing = FRAMING[language]
    const listAnswer = list && enumerates(best.text)
    const limit = listAnswer ? maxListChars : maxChars
    const budget = limit - framing.length
    const chosen: Candidate[] = [best]
    let used = finish(best.text).length
    for (const candidate of ranked.slice(1)) {
      if (listAnswer || chosen.length >= maxSentences || candidate.score < best.score * FOLLOWER_RATIO) break
      // Another document's sentence must be as good and about the same thing: every topical word
      // of the question the best sentence has ("jalur masuk … sarjana" keeps a UKT sentence out),
      // and no name that neither the question nor the best sentence mentions (SNBT: not "KIP Kuliah").
      if (documentOf(candidate.passage) !== documentOf(best.passage) &&
        (candidate.score < best.score * FOLLOWER_RATIO_OTHER_DOCUMENT || !bestTopical.every((term) => match(candidate.terms, term) > 0) ||
          [...namesIn(candidate.text)].some((name) => !knownNames.has(name)))) continue
      // Any sentence, from any document, must be about what the question is about: the name opening
      // it ("SBM ITB didirikan …" after "Kapan ITB didirikan?") is one the question or the best sentence has.
      const opening = sentenceSubject(candidate.text)
      if (opening.names.length > 0 && !knownWords.has(opening.initials) &&
        !opening.names.some((name) => knownWords.has(name) || query.some((term) => match(new Set(terms(name, mode)), term) > 0))) continue
      // Nor the same head with another qualifier ("Semester genap dimulai …" after "Kapan semester
      // ganjil dimulai?"): a subject that shares a topical word with the question and adds one that
      // neither the question nor the best sentence has is another subject.
      const lead = [...candidate.lead].filter((term) => !NAME_INTRODUCERS.has(term)) // "Nama Rektor …" is about the rector
      if (lead.some((term) => termFactor(term) === 1 && query.includes(term)) &&
        lead.some((term) => !best.terms.has(term) && !query.some((asked) => commonPrefix(asked, term) >= MIN_SHARED_STEM))) continue
      if (candidate.relevance < best.relevance * FOLLOWER_RELEVANCE || candidate.language !== best.language) continue
      if ((best.cue && !candidate.cue) || !bestNames.every((term) => match(candidate.terms, term) > 0)) continue
      if (chosen.some((other) => nearDuplicate(other.terms, candidate.terms))) continue
      const length = finish(candidate.text).length + 1
      if (used + length > budget) continue
      chosen.push(candidate)
      used += length
    }

    // Reading order: the passage of the best sentence first, then by passage rank, then position.
    chosen.sort((a, b) => {
      const groupA = a.passage === best.passage ? -1 : a.rank
      const groupB = b.passage === best.passage ? -1 : b.rank
      return groupA - groupB || a.position - b.position
    })

    const body = chosen.map((candidate, i) => {
      const text = finish(candidate.text)
      if (i > 0) return text
      const opening = text.replace(CONNECTIVE, '')
      return afterFraming(opening.charAt(0).toUpperCase() + opening.slice(1), candidates)
    }).join(' ')
    const text = shorten(framing + body, limit)

    const sources: AnswerSource[] = []
    const sourceKeys = new Set<string>()
    const usedPassageIds: string[] = []
    for (const candidate of chosen) {
      const { passage } = candidate
      if (!usedPassageIds.includes(passage.id)) usedPassageIds.push(passage.id)
      const key = `${passage.url}\u0000${passage.title}`
      if (sourceKeys.has(key)) continue
      sourceKeys.add(key)
      sources.push({ title: passage.title, url: passage.url })
    }
    return { answer: text, sources, usedPassageIds }
  }

  return { answer }
}
