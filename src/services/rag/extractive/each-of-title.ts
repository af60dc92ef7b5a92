// A sentence speaking of each of what its document is about ("… persyaratan setiap jalur diumumkan …" in
// "Jalur Masuk Program Sarjana ITB") says it of the whole title: the requirements of every admission path
// to the bachelor's programme are those of admission to it, which "Apa syarat masuk S1?" asks. Its title's
// words are then the sentence's too (headings.ts), as a heading's are under "Persyaratan Umum".
import { documentOf } from './candidates.ts'
import { enumerated, enumerates } from './lists.ts'
import { COUNT_WORDS } from './measures.ts'
import { fixedTerms, terms } from './terms.ts'
import type { StemMode } from './terms.ts'
import type { ExtractivePassage } from './types.ts'

/** "setiap jalur", "ketiga jalur", "masing-masing jalur", "each path", "all three paths": a word for each of a kind, then the kind. */
const EACH_OF = /(?<![\p{L}\p{N}-])(?:setiap|tiap(?:-tiap)?|masing-masing|ketiga|keempat|semua|seluruh|each|every|all(?: (?:the|three|four))?)\s+(\p{L}+)/giu

/** The terms of a document's title that a sentence has by speaking of each of what the title's head word names; none otherwise. */
export function eachOfTitle (text: string, title: string, mode: StemMode): readonly string[] {
  const titleTerms = fixedTerms(title, mode)
  const head = titleTerms[0]
  if (head === undefined) return []
  const spoken = [...text.matchAll(EACH_OF)].some((found) => terms(found[1], mode)[0] === head)
  return spoken ? titleTerms : []
}

interface DocumentSentence { text: string, passage: ExtractivePassage }

/**
 * The sentence of the same document listing what a sentence speaks of each of ("Ada tiga jalur masuk …, yaitu SNBP, SNBT, dan
 * Seleksi Mandiri ITB." for "… persyaratan setiap jalur …"): it names them, so it comes before (score.ts, Scored.namer).
 */
export function listOfEach<T extends DocumentSentence> (sentence: T, candidates: readonly T[], mode: StemMode): T | undefined {
  const head = eachOfTitle(sentence.text, sentence.passage.title, mode)[0]
  if (head === undefined) return undefined
  return candidates.find((other) => other !== sentence && documentOf(other.passage) === documentOf(sentence.passage) &&
    enumerates(other.text) && countsKind(enumerated(other.text).before, head, mode))
}

/** A number before a word: "tiga jalur", "12 faculties". */
const COUNTED = new RegExp(String.raw`(?:\d+|\b(?:${COUNT_WORDS}))\s+(\p{L}+)`, 'giu')

/** Whether the words announcing a list count the kind (`head`) it lists ("Ada tiga jalur masuk …, yaitu"), not another ("… pengumuman beasiswa dari Direktorat …"). */
function countsKind (before: string, head: string, mode: StemMode): boolean {
  return [...before.matchAll(COUNTED)].some((found) => terms(found[1], mode)[0] === head)
}
