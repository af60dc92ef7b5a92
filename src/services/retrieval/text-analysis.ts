// How text becomes index terms. The corpus is mostly formal Indonesian with a few English documents,
// and users ask in everyday Indonesian or English, so on top of Orama's Indonesian stemmer and stop
// words this adds: English stop words, Indonesian conversational fillers, English suffix stripping
// (Porter) after the Indonesian stemmer, and a light normalisation of informal verb forms
// (ngulang → ulang, ngekos → kos), and the reviewed alias table (aliases.ts) on queries. Documents and queries go through the same function, so a wrong
// stem on both sides still matches.
// https://docs.orama.com/docs/orama-js/text-analysis/stemming
import { stemmer as indonesianStemmer, language } from '@orama/stemmers/indonesian'
import { stemmer as englishStemmer } from '@orama/stemmers/english'
import { stopwords as indonesianStopwords } from '@orama/stopwords/indonesian'
import { stopwords as englishStopwords } from '@orama/stopwords/english'
import { INFORMAL_WORDS, expandQuery } from './aliases.ts'

/** Conversational particles and informal function words that carry no topic. */
const INFORMAL_STOPWORDS = [
  'sih', 'dong', 'deh', 'nih', 'tuh', 'ya', 'yah', 'yuk', 'lho', 'loh', 'kah', 'mah', 'dah', 'doang', 'aja',
  'gitu', 'gini', 'gimana', 'kayak', 'kaya', 'banget', 'emang', 'emangnya', 'nggak', 'ngga', 'gak', 'ga',
  'kagak', 'tak', 'nya', 'yg', 'dgn', 'utk', 'dg', 'gue', 'gua', 'gw', 'saya', 'aku', 'kamu', 'lu', 'lo',
  'pengen', 'pengin', 'kalo', 'klo', 'udah', 'udh', 'blm', 'biar', 'pas', 'tau', 'tahu', 'bang', 'kak', 'min',
  'punya', 'lewat', 'apakah', 'bagaimanakah', 'tolong', 'mohon', 'bisakah', 'please', 'hi', 'halo', 'hai'
]

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

export const STOP_WORDS: string[] = new StopWordList([...indonesianStopwords, ...englishStopwords, ...INFORMAL_STOPWORDS, ...SINGLE_LETTERS])

const VOWEL = /[aiueo]/

/**
 * Informal active verbs: `nge` + root (ngekos, ngecek) and `ng` + vowel-initial root (ngulang,
 * ngangkat). Formal Indonesian writes these with `me(ng)-`, which the Indonesian stemmer removes.
 */
function informalRoot (token: string): string {
  if (token.length >= 6 && token.startsWith('nge') && !VOWEL.test(token[3])) return token.slice(3)
  if (token.length >= 5 && token.startsWith('ng') && VOWEL.test(token[2])) return token.slice(2)
  return token
}

const stemCache = new Map<string, string>()

export function stem (token: string): string {
  let stemmed = stemCache.get(token)
  if (stemmed === undefined) {
    stemmed = englishStemmer(indonesianStemmer(informalRoot(token)))
    if (stemmed === '') stemmed = token
    if (stemCache.size < 200_000) stemCache.set(token, stemmed)
  }
  return stemmed
}

/**
 * Rewrites a query into the documents' words before tokenizing: informal words replaced, aliases and
 * English terms followed by the documents' phrase (see aliases.ts; documents are written formally).
 */
export function normalizeInformal (query: string): string {
  return expandQuery(query)
}

export { INFORMAL_WORDS }

/** Orama tokenizer components for every index, saved or fresh (a restored index needs the same). */
export const TOKENIZER_CONFIG = { language, stemming: true, stemmer: stem, stopWords: STOP_WORDS }

export { language }
