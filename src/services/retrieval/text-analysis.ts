// How text becomes index terms. The corpus is mostly formal Indonesian with a few English documents,
// and users ask in everyday Indonesian or English, so the Indonesian text module (services/text)
// gives the stop words (Orama's Indonesian and English ones plus conversational fillers) and the
// stemmer (informal verb forms to their root, the Indonesian stemmer, then English Porter), and the
// reviewed alias table (aliases.ts) rewrites queries. Documents and queries go through the same
// function, so a wrong stem on both sides still matches. A saved index is restored with this same
// tokenizer: a change to its output needs the index rebuilt.
import { language } from '@orama/stemmers/indonesian'
import { stemBilingual } from '../text/stemming.ts'
import { STOPWORDS } from '../text/stopwords.ts'
import { INFORMAL_WORDS, expandQuery } from './aliases.ts'

const SINGLE_LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('')

/**
 * An array (Orama validates that) whose `includes` is a set lookup: Orama checks every token of
 * every inserted document with `stopWords.includes`, a linear scan over ~600 words otherwise.
 */
class StopWordList extends Array<string> {
  private readonly lookup: Set<string>

  static override get [Symbol.species] (): ArrayConstructor {
    return Array
  }

  constructor (words: Iterable<string>) {
    super()
    this.lookup = new Set(words)
    this.push(...this.lookup)
  }

  override includes (word: string): boolean {
    return this.lookup.has(word)
  }
}

export const STOP_WORDS: string[] = new StopWordList([...STOPWORDS, ...SINGLE_LETTERS])

/**
 * Rewrites a query into the documents' words before tokenizing: informal words replaced, aliases and
 * English terms followed by the documents' phrase (see aliases.ts; documents are written formally).
 */
export function normalizeInformal (query: string): string {
  return withoutShapeWords(expandQuery(query))
}

export { INFORMAL_WORDS }

/**
 * Words a question uses for its shape only ("Berapa jumlah kampus ITB?" asks how many campuses) that
 * the index keeps as terms: a saved index is restored with the stop words it was built with, so they
 * cannot join STOP_WORDS, and they are dropped from queries instead. As a term, "jumlah" ranked every
 * passage saying "Jumlah SKS …" or "Jumlah undangan …" above "ITB memiliki tiga kampus".
 */
const QUERY_SHAPE_WORDS = /(?<![\p{L}\p{N}-])jumlah(?![\p{L}\p{N}-])/giu

/** `query` without the words that only shape a question (QUERY_SHAPE_WORDS). */
export function withoutShapeWords (query: string): string {
  return query.replace(QUERY_SHAPE_WORDS, ' ')
}

/** Orama tokenizer components for every index, saved or fresh (a restored index needs the same). */
export const TOKENIZER_CONFIG = { language, stemming: true, stemmer: stemBilingual, stopWords: STOP_WORDS }

export { language }
