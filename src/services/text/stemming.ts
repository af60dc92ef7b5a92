// Stemming for Indonesian and English text: Orama's Indonesian stemmer (Sastrawi-style affix
// removal) and English Porter stemmer, after mapping informal active verbs to their root. The
// search index stems every token with both (the corpus is mixed, and a wrong stem on both sides
// still matches); the extractive answerer stems with the question's language.
// https://docs.orama.com/docs/orama-js/text-analysis/stemming
import { stemmer as indonesianStemmer } from '@orama/stemmers/indonesian'
import { stemmer as englishStemmer } from '@orama/stemmers/english'
import { BoundedMap } from '../bounded-map.ts'

const VOWEL = /[aiueo]/

/**
 * Informal active verbs: `nge` + root (ngekos, ngecek) and `ng` + vowel-initial root (ngulang,
 * ngangkat). Formal Indonesian writes these with `me(ng)-`, which the Indonesian stemmer removes.
 */
export function informalRoot (token: string): string {
  if (token.length >= 6 && token.startsWith('nge') && !VOWEL.test(token[3])) return token.slice(3)
  if (token.length >= 5 && token.startsWith('ng') && VOWEL.test(token[2])) return token.slice(2)
  return token
}

/**
 * Per stemmer: the knowledge base has ~2,400 distinct words, questions add their own. Every distinct
 * number or typo a user sends is a word too, so the bound must be one the traffic reaches without
 * harm (it was 200,000 each, which the load test's soak was still filling after an hour: issue 10).
 */
export const STEM_CACHE_LIMIT = 10_000
const caches: Array<Map<string, string>> = []

/** A stemmer with a bounded cache: words recur, stemming them is not free. */
function cached (stemOf: (token: string) => string): (token: string) => string {
  const cache = new BoundedMap<string, string>(STEM_CACHE_LIMIT)
  caches.push(cache)
  return (token) => {
    let stemmed = cache.get(token)
    if (stemmed === undefined) {
      stemmed = stemOf(token)
      cache.set(token, stemmed)
    }
    return stemmed
  }
}

/** Words the stemmers' caches hold, all three together (at most 3 × STEM_CACHE_LIMIT). */
export const stemCacheSize = (): number => caches.reduce((sum, cache) => sum + cache.size, 0)

/** meN-/peN- written "men"/"pen" before a vowel: the nasal that replaced a root's t ("menurunkan", "penurunan": turun). */
const NASAL_FOR_T = /^[mp]en[aiueo]/

/**
 * The root's t, which the Indonesian stemmer drops with meN-/peN- ("penurunan" → "urun", while
 * "turun" and "diturunkan" are "turun"), put back: "men"/"pen" before a vowel replaced a t ("penerimaan":
 * terima, "penentuan": tentu; a vowel-initial root takes "meng"/"peng"), so a question's bare root
 * matches the documents' derived noun. Only the answerer's stemmer: the search index keeps its terms
 * (stemBilingual), so an index built before matches queries as it did.
 */
export function restoredT (token: string, stem: string): string {
  return NASAL_FOR_T.test(token) && stem.length >= 2 && token.startsWith(stem.slice(0, 2), 3) ? `t${stem}` : stem
}

/** Indonesian stem of a lowercase word, informal verb forms included, a root's t kept (restoredT). */
export const stemIndonesian = cached((token) => {
  const root = informalRoot(token)
  return restoredT(root, indonesianStemmer(root))
})

/** English (Porter) stem of a lowercase word. */
export const stemEnglish = cached((token) => englishStemmer(token))

/** Both stemmers in turn, for text of either language (the search index); never empty. */
export const stemBilingual = cached((token) => englishStemmer(indonesianStemmer(informalRoot(token))) || token)
