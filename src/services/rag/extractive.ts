// Offline answering: when no LLM is configured, the answer is extracted from the retrieved passages.
// The passages are cut into candidate sentences (extractive/candidates.ts, with the Indonesian text
// module's sentence splitter), scored against the question (extractive/score.ts: stemmed terms,
// aliases, question types, follow-up subjects), and the best sentence with a few close followers
// about the same subject becomes one short paragraph (extractive/compose.ts). When nothing answers
// the question, the answer is an honest "don't know" in the question's language. Sentences that look
// like instructions to an assistant are never picked (extractive/instructions.ts).
// Deterministic and synchronous: the same input always gives the same answer.
import { detectLanguage } from './language.ts'
import type { Language } from './language.ts'
import { compose } from './extractive/compose.ts'
import { abbreviationMeant } from './extractive/follow-up.ts'
import { scoreQuestion } from './extractive/score.ts'
import { aboutAnotherInstitution } from './extractive/terms.ts'
import type { ExtractiveAnswer, ExtractiveInput } from './extractive/types.ts'

export { abbreviationMeant, conversationSubject, isFollowUp, standaloneQuestion } from './extractive/follow-up.ts'
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

function noAnswer (language: Language): ExtractiveAnswer {
  return { answer: NO_ANSWER[language], sources: [], usedPassageIds: [] }
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
    // "Apa arti ITB?": the sentence spelling the abbreviation out, as for "Apa kepanjangan ITB?".
    const abbreviation = abbreviationMeant(input.question)
    const asked = abbreviation === undefined ? input : { ...input, question: `Apa kepanjangan ${abbreviation}?` }
    const scored = scoreQuestion(asked, language, minRelevance)
    return scored === undefined ? noAnswer(language) : compose(scored, limits)
  }

  return { answer }
}
