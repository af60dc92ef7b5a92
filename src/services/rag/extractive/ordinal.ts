// An ordinal in a question says which one of a kind it asks about ("Siapa rektor pertama ITB?", "Who
// was the first rector?"): a sentence has it only said of that kind, the word before it in Indonesian
// ("mahasiswa tahun pertama"), after it in English ("the first year", "first-year"), one word apart at
// most ("rektor perempuan pertama"). "… tercatat sebagai perempuan pertama yang menjadi Rektor ITB"
// names the first woman, not the first rector: score.ts takes the ordinal from such a sentence's terms,
// and with no sentence that has it the question's key word is in no passage (evidence.ts).
import { terms, termFactor, WORD } from './terms.ts'
import type { StemMode } from './terms.ts'

const ORDINAL = /^(pertama|kedua|ketiga|terakhir|first|second|third|last)$/i
/**
 * An English ordinal picks one of a kind after a determiner ("the first rector"); without one it says
 * when ("When did the college first open?"). So does an Indonesian one before "kali" ("pertama kali dibuka").
 */
const DETERMINER = /^(the|its|their|his|her|our|my|your)$/i
/** How many words from the ordinal the word it qualifies may be. */
const REACH = 2

export interface AskedOrdinal {
  /** The ordinal's stem ("tama" for "pertama") and the terms of the word it qualifies in the question. */
  stem: string
  kind: string[]
}

/** Words of `text`, hyphenated ones in their parts ("first-year": first, year). */
function wordsOf (text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).flatMap((word) => word.split('-'))
}

/** The words an ordinal at `i` may qualify: before it in Indonesian, after it in English. */
function qualified (words: readonly string[], i: number, mode: StemMode): string[] {
  return mode === 'id' ? words.slice(Math.max(0, i - REACH), i) : words.slice(i + 1, i + 1 + REACH)
}

/** The ordinal of a question and the kind it picks one of, when that is a topical word. */
export function askedOrdinal (formal: string, mode: StemMode): AskedOrdinal | undefined {
  const words = wordsOf(formal)
  const i = words.findIndex((word) => ORDINAL.test(word))
  if (i < 0 || (mode === 'id' ? words[i + 1] === 'kali' : !DETERMINER.test(words[i - 1] ?? ''))) return undefined
  const [stem] = terms(words[i], mode)
  const near = mode === 'id' ? words[i - 1] : words[i + 1]
  const kind = near === undefined ? [] : terms(near, mode).filter((term) => termFactor(term) === 1)
  return stem === undefined || kind.length === 0 ? undefined : { stem, kind }
}

/** Whether `text` has the ordinal said of the kind asked (`isKind`: whether a word's terms are the kind's). */
export function hasOrdinalOf (text: string, asked: AskedOrdinal, isKind: (termsOfWord: string[]) => boolean, mode: StemMode): boolean {
  const words = wordsOf(text)
  return words.some((word, i) => ORDINAL.test(word) && terms(word, mode)[0] === asked.stem &&
    qualified(words, i, mode).some((near) => isKind(terms(near, mode))))
}
