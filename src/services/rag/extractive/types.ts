// What the extractive answerer reads and returns: retrieved passages in, an answer with its sources out.
import type { Language } from '../../text/language.ts'

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
  /**
   * The language of the answer's text: of the sentences it quotes (a short framing in the question's
   * language may lead them in: "According to the available information (in Indonesian), …"), or of a
   * "don't know" answer, which is in the question's language.
   */
  language: Language
  /** Documents whose sentences were used, in order of use; empty for a "don't know" answer. */
  sources: AnswerSource[]
  /** Passages whose sentences were used, in order of use. */
  usedPassageIds: string[]
}
