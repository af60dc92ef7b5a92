// The candidate sentences of a question's retrieved passages: each passage cut into sentences once
// (kept in a bounded cache, passages recur across questions), fragments, questions, very short and
// instruction-like sentences left out, exact repeats from overlapping chunks counted once. A sentence
// spelling out an abbreviation ("Institut Teknologi Bandung (ITB) adalah …") has the term of
// "disingkat" too: it says what the abbreviation stands for as "…, disingkat ITB, …" does; a
// schedule's pointer ("Jadwal … SNBP dapat berubah setiap tahun, … laman SNPMB") has the terms of what
// a schedule dates ("dibuka", "dimulai": measures.ts), as "Kapan SNBP dibuka?" asks it. Sentences
// leaning on the one before them, and those pointing at another document, are told apart here.
import { BoundedMap } from '../../bounded-map.ts'
import { detectLanguage } from '../../text/language.ts'
import type { Language } from '../../text/language.ts'
import { splitSentences } from '../../text/sentences.ts'
import { instructionLike } from './instructions.ts'
import { SCHEDULE_ELSEWHERE, SCHEDULED_EVENTS } from './measures.ts'
import { fixedTerms, spellsOutAbbreviation, terms } from './terms.ts'
import type { StemMode } from './terms.ts'
import type { ExtractivePassage } from './types.ts'

/** What the scoring needs of a passage as a whole. */
export interface PassageInfo {
  /** Terms of its title, section and usable sentences. */
  terms: Set<string>
  /** Terms of its title and section. */
  label: Set<string>
  /** Share of the question's term weight in `terms` and in `label`. */
  coverage: number
  labelCoverage: number
}

export interface Candidate {
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
  /** The share of its score a sentence has by its own words, when its heading's add to them (score.ts, headings.ts). */
  ownShare?: number
}

const LEAD_TERMS = 2
const MIN_SENTENCE_WORDS = 3
const ABBREVIATED = 'disingkat'
const SCHEDULE_POINTER = new RegExp(SCHEDULE_ELSEWHERE.source, 'i')

interface AnalysedSentence {
  text: string
  length: number
  /** False for cut-off fragments, questions, very short and instruction-like sentences. */
  usable: boolean
  /** Content terms per stemming mode, computed on first use. */
  terms: Partial<Record<StemMode, string[]>>
  /** Whether it spells out an abbreviation ("Keluarga Mahasiswa (KM)", terms.ts). */
  abbreviates: boolean
  /** Whether it points to where a schedule is published (measures.ts SCHEDULE_ELSEWHERE). */
  schedules: boolean
}

interface AnalysedPassage {
  language: Language
  sentences: AnalysedSentence[]
}

/** Passages recur across questions, so their sentence split is kept (least recently used out). */
const ANALYSIS_CACHE_LIMIT = 2000
const analysisCache = new BoundedMap<string, AnalysedPassage>(ANALYSIS_CACHE_LIMIT)

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
      return { text: sentence, length, usable, terms: {}, abbreviates: spellsOutAbbreviation(sentence), schedules: SCHEDULE_POINTER.test(sentence) }
    })
  }
  analysisCache.set(text, analysis)
  return analysis
}

/** The document a passage comes from (chunks of one file share it). */
export function documentOf (passage: ExtractivePassage): string {
  return passage.path ?? `${passage.url}\u0000${passage.title}`
}

/** Candidate sentences of `passages` in their order, and what is known of each passage. */
export function collectCandidates (passages: readonly ExtractivePassage[], mode: StemMode): { candidates: Candidate[], infos: PassageInfo[] } {
  const candidates: Candidate[] = []
  const seen = new Set<string>()
  const infos: PassageInfo[] = []
  const abbreviated = fixedTerms(ABBREVIATED, mode)
  const scheduled = fixedTerms(SCHEDULED_EVENTS, mode)
  passages.forEach((passage, rank) => {
    const analysis = analyse(passage.text)
    const label = new Set(fixedTerms(`${passage.title} ${passage.section ?? ''}`, mode))
    const info: PassageInfo = { terms: new Set(label), label, coverage: 0, labelCoverage: 0 }
    infos.push(info)
    analysis.sentences.forEach((sentence, position) => {
      if (!sentence.usable) return
      const key = sentence.text.toLowerCase()
      if (seen.has(key)) return
      seen.add(key)
      const termList = sentence.terms[mode] ??= terms(sentence.text, mode)
      const sentenceTerms = new Set(termList)
      if (sentence.abbreviates) for (const term of abbreviated) sentenceTerms.add(term)
      if (sentence.schedules) for (const term of scheduled) sentenceTerms.add(term)
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
  return { candidates, infos }
}

/** Opening connectives that tie a sentence to the previous one; dropped when it opens the answer. */
export const CONNECTIVE = /^(oleh karena itu|karena itu|dengan demikian|dengan kata lain|artinya|selain itu|sementara itu|meskipun demikian|namun demikian|namun|akan tetapi|tetapi|di samping itu|therefore|however|moreover|in addition|furthermore|thus|also|as a result|in other words|that is),\s+/i
/** Sentences whose subject points back ("Hal ini …", "Di ketiga jalur masuk …", "This …"). */
const ANAPHORIC = /^(hal (ini|itu|tersebut)|ini|itu|tersebut|mereka|ia|((di|pada|dari|untuk|bagi) )?(kedua|ketiga|keempat|kelima) \p{L}+|this|that|these|those|it|they|he|she)\b/iu
/** Sentences about the layout of their document ("Daftar di atas …", "the table below"). */
const LAYOUT_REFERENCE = /\b(daftar|tabel|gambar|list|table|figure) (di atas|di bawah ini|berikut|above|below)\b/i
/**
 * Sentences pointing at another document of the knowledge base ("… terdapat pada dokumen tentang …"):
 * the reader has no such document, so they answer nothing (what they point at is retrieved or not).
 */
const DOCUMENT_POINTER = /\b(pada|dalam|di) dokumen (tentang|lain)\b|\b(in|see) the document (on|about)\b/i

/** Whether a sentence leans on the one before it (a connective, a subject pointing back, the layout). */
export function leansOnPrevious (text: string): boolean {
  return CONNECTIVE.test(text) || ANAPHORIC.test(text) || LAYOUT_REFERENCE.test(text)
}

/** A subject pointing back at what the sentence before it named ("Proses ini …", "Program tersebut …"). */
const DEMONSTRATIVE_SUBJECT = /^\p{L}+ (ini|itu|tersebut)\b/iu

/** Whether a sentence's subject points back at what the one before it named (not a connective: "Karena itu, …"). */
export function pointsBackToSubject (text: string): boolean {
  return DEMONSTRATIVE_SUBJECT.test(text) && !CONNECTIVE.test(text)
}

/** Whether a sentence points at another document of the knowledge base: it answers nothing itself. */
export function pointsElsewhere (text: string): boolean {
  return DOCUMENT_POINTER.test(text)
}
