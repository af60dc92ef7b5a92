// Offline answering: when no LLM is configured, the answer is extracted from the retrieved passages.
// The passages are cut into candidate sentences (extractive/candidates.ts, with the Indonesian text
// module's sentence splitter), scored against the question (extractive/score.ts: stemmed terms,
// aliases, question types, follow-up subjects), and the best sentence with a few close followers
// about the same subject becomes one short paragraph (extractive/compose.ts); a comparison gets the
// sentence stating the difference, or what each side is. When nothing answers the question, the
// answer is an honest "don't know" in the question's language. Sentences that look like
// instructions to an assistant are never picked (extractive/instructions.ts).
// Deterministic and synchronous: the same input always gives the same answer.
import { wholeWords } from '../text/whole-words.ts'
import { detectLanguage } from '../text/language.ts'
import type { Language } from '../text/language.ts'
import { compose, composeEach } from './extractive/compose.ts'
export { distinctSources } from './extractive/compose.ts'
import { comparedItems, isAbbreviation, meaningAsked } from './extractive/follow-up.ts'
import { scoreQuestion } from './extractive/score.ts'
import type { Scored } from './extractive/score.ts'
import { aboutAnotherInstitution } from './extractive/terms.ts'
import type { ExtractiveAnswer, ExtractiveInput } from './extractive/types.ts'

export { comparedItems, conversationSubject, isFollowUp, meaningAsked, searchTexts, standaloneQuestion } from './extractive/follow-up.ts'
export type { AnswerSource, ExtractiveAnswer, ExtractiveInput, ExtractivePassage } from './extractive/types.ts'

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

/** A sentence stating how things differ ("Perbedaan IP dan IPK adalah …", "… berbeda dari …"), not one that merely varies ("berbeda menurut lokasi"). */
const COMPARING = /\b(perbedaan|bedanya|berbeda (dari|dengan)|differences? between|differs? from|different from)\b/i
const WHAT_IS: Readonly<Record<Language, string>> = { id: 'Apa itu', en: 'What is' }

/** Whether `text` names `item` (its words, in any case, as whole words). */
function namesItem (text: string, item: string): boolean {
  return wholeWords(item, 'iu').test(text)
}

/** Words as the passages tokenize them: a web address ("www.itb.ac.id") is one word. */
const TOKEN = /[\p{L}\p{N}]+(?:[.'’-][\p{L}\p{N}]+)*/gu

/**
 * The question with each word the passages only write in capitals written so ("apa itu sks?" →
 * "apa itu SKS?"): abbreviations are told by their capitals (an acronym's definition, its meaning,
 * the names a sentence opens with), and people type them in lower case.
 */
function inDocumentsCase (question: string, passages: ExtractiveInput['passages']): string {
  const used = new Set(passages.flatMap((passage) => passage.text.match(TOKEN) ?? []))
  return question.replace(TOKEN, (word) => {
    const capitals = word.toUpperCase()
    return word !== capitals && used.has(capitals) && !used.has(word) && !used.has(word.toLowerCase()) ? capitals : word
  })
}

function noAnswer (language: Language): ExtractiveAnswer {
  return { answer: NO_ANSWER[language], language, sources: [], usedPassageIds: [] }
}

export function createExtractiveAnswerer (options: ExtractiveAnswererOptions = {}): ExtractiveAnswerer {
  const maxSentences = Math.max(1, Math.floor(options.maxSentences ?? DEFAULT_MAX_SENTENCES))
  const maxChars = Math.max(120, Math.floor(options.maxChars ?? DEFAULT_MAX_CHARS))
  const minRelevance = options.minRelevance ?? DEFAULT_MIN_RELEVANCE
  const maxListChars = Math.max(maxChars, Math.floor(options.maxListChars ?? (options.maxChars === undefined ? DEFAULT_MAX_LIST_CHARS : maxChars)))
  const limits = { maxSentences, maxChars, maxListChars }

  function answer (input: ExtractiveInput): ExtractiveAnswer {
    const language = input.language ?? detectLanguage(input.question)
    if (!input.found || input.passages.length === 0 || aboutAnotherInstitution(input.question)) return noAnswer(language)
    const question = inDocumentsCase(input.question, input.passages)
    // "Apa arti ITB?": the sentence spelling the abbreviation out, as for "Apa kepanjangan ITB?";
    // "apa arti perwalian?": what it is.
    const meant = meaningAsked(question)
    const asked = { ...input, question: meant === undefined ? question : isAbbreviation(meant) ? `Apa kepanjangan ${meant}?` : `${WHAT_IS[language]} ${meant}?` }
    const scored = scoreQuestion(asked, language, minRelevance)
    const compared = comparedItems(question)
    if (compared !== undefined) return compare({ ...input, question }, compared, scored, language)
    return scored === undefined ? noAnswer(language) : compose(scored, limits)
  }

  /**
   * "Apa beda SNBP dan SNBT?": a sentence comparing the two ("Perbedaan IP dan IPK adalah …") when the
   * passages have one, else what each of them is (both, or the question as asked).
   */
  function compare (input: ExtractiveInput, compared: readonly string[], scored: Scored | undefined, language: Language): ExtractiveAnswer {
    const comparing = scored?.ranked.find((candidate) => COMPARING.test(candidate.text) && compared.every((item) => namesItem(candidate.text, item)))
    if (scored !== undefined && comparing !== undefined) return compose({ ...scored, best: comparing, ranked: [comparing, ...scored.ranked.filter((candidate) => candidate !== comparing)] }, limits)
    const each = compared.map((item) => scoreQuestion({ ...input, question: `${WHAT_IS[language]} ${item}?` }, language, minRelevance))
    if (each.every((part): part is Scored => part !== undefined)) return composeEach(each, limits)
    return scored === undefined ? noAnswer(language) : compose(scored, limits)
  }

  return { answer }
}
