// Lightweight language identification for the two languages the service handles: Indonesian and
// English. It counts function words and typical affixes of each language; names ("ITB", "Ganesha",
// "Master of Business Administration") belong to neither, so an Indonesian sentence around an English
// name stays Indonesian, and an English one around an Indonesian name English. Speech picks each
// sentence's voice with it, answers their `language`. A tie (a short question has often no evidence at
// all: "SNBT requirements?") is settled by its content words (language-content.ts); text that is still
// tied defaults to Indonesian, the service's main language.

import { contentBalance } from './language-content.ts'
import { OPENS_SENTENCE, SPACES_ONLY, wordGap } from './word-gap.ts'

export type Language = 'id' | 'en'

/** Frequent Indonesian function words, question words and colloquial particles. */
const INDONESIAN_WORDS = new Set([
  'yang', 'dan', 'di', 'ke', 'dari', 'ini', 'itu', 'dengan', 'untuk', 'pada', 'adalah', 'dalam', 'tidak',
  'akan', 'atau', 'juga', 'sudah', 'telah', 'bisa', 'dapat', 'ada', 'oleh', 'sebagai', 'karena', 'bagi',
  'tersebut', 'merupakan', 'serta', 'yaitu', 'antara', 'setelah', 'sejak', 'hingga', 'sampai', 'tetapi',
  'namun', 'jika', 'kalau', 'agar', 'supaya', 'saat', 'ketika', 'lebih', 'masih', 'belum', 'harus',
  'para', 'setiap', 'semua', 'beberapa', 'banyak', 'sangat', 'hanya', 'saja', 'lain', 'tentang', 'seperti',
  'apa', 'apakah', 'kapan', 'siapa', 'mana', 'dimana', 'berapa', 'bagaimana', 'mengapa', 'kenapa',
  'saya', 'aku', 'kamu', 'anda', 'kami', 'kita', 'mereka', 'dia', 'ia', 'nya', 'sebuah', 'seorang',
  'sih', 'dong', 'deh', 'nih', 'tuh', 'ya', 'yuk', 'kok', 'lho', 'aja', 'gimana', 'nggak', 'gak', 'ngga',
  'enggak', 'udah', 'mau', 'pengen', 'pengin', 'buat', 'sama', 'gitu', 'banget', 'kalo', 'yg', 'utk',
  'cara', 'biasanya', 'boleh', 'perlu', 'tahun', 'tanggal', 'bulan', 'baru', 'lagi', 'maupun', 'melalui'
])

/** Frequent English function words and question words. */
const ENGLISH_WORDS = new Set([
  'the', 'a', 'an', 'of', 'to', 'in', 'on', 'at', 'for', 'with', 'by', 'from', 'and', 'or', 'but', 'as',
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'do', 'does', 'did', 'has', 'have', 'had',
  'can', 'could', 'will', 'would', 'should', 'may', 'might', 'must', 'shall', 'not', 'no',
  'what', 'when', 'where', 'who', 'whom', 'whose', 'which', 'how', 'why',
  'i', 'you', 'he', 'she', 'it', 'we', 'they', 'me', 'my', 'your', 'his', 'her', 'its', 'our', 'their',
  'this', 'that', 'these', 'those', 'there', 'here', 'about', 'into', 'than', 'then', 'also', 'only',
  'many', 'much', 'some', 'any', 'all', 'each', 'most', 'more', 'such', 'other', 'if', 'so', 'because',
  'after', 'before', 'since', 'until', 'while', 'during', 'between', 'through', 'under', 'over', 'up',
  'out', 'get', 'apply', 'located', 'founded', 'study', 'students', 'please', 'tell', 'know', 'year'
])

const WORD = /[\p{L}']+/gu
/** Enough words to decide; long passages are not read to the end. */
const MAX_WORDS = 120

const INDONESIAN_PREFIXES = ['meng', 'meny', 'mem', 'men', 'ber', 'ter', 'per', 'peng', 'pem', 'pen', 'di', 'ke']
const INDONESIAN_SUFFIXES = ['kan', 'an', 'nya', 'i']
const INDONESIAN_VERB_PREFIXES = ['meng', 'meny', 'memb', 'memp', 'ber', 'ter']
const INDONESIAN_PARTICLES = ['kan', 'nya', 'lah']
const ENGLISH_SUFFIXES = ['tion', 'tions', 'ed', 'ly', 'ness', 'ment', 'ship', 'ships']

/**
 * Lower-case words that join the capitalised words of one name: "Master of Business Administration",
 * "Leadership in the Digital Era", "Sekolah Teknik Elektro dan Informatika", "Technische Hoogeschool te Bandoeng".
 */
const NAME_JOINERS = new Set(['of', 'and', 'for', 'the', 'in', 'on', 'dan', 'de', 'te', 'van', 'der', 'von'])
/** At most this many joiners in a row ("School of the Arts"); more and they are read as words. */
const MAX_JOINERS = 2
/** "I", "I'm", "I've": the English pronoun is written capitalised. */
const ENGLISH_I = /^i(?:'[a-z]+)?$/

/** Whether `word` has one of `prefixes` and one of `suffixes` with at least three letters between. */
function affixed (word: string, prefixes: readonly string[], suffixes: readonly string[]): boolean {
  // Loops, not some() with closures: this runs for most words of every answer (docs/benchmarks.md).
  for (const prefix of prefixes) {
    if (!word.startsWith(prefix)) continue
    for (const suffix of suffixes) {
      if (word.endsWith(suffix) && word.length - prefix.length - suffix.length >= 3) return true
    }
  }
  return false
}

/**
 * `word` without the apostrophes around it ("'ITB'"), read from both ends: /^'+|'+$/ tried '+$ from
 * each apostrophe of a run inside a word and read the run to its end, seconds for 150,000 of them.
 */
function withoutQuotes (word: string): string {
  let start = 0
  let end = word.length
  while (start < end && word[start] === "'") start++
  while (end > start && word[end - 1] === "'") end--
  return word.slice(start, end)
}

interface Evidence { readonly id: number, readonly en: number }
// Shared and never changed: a word's evidence is one of these, not a new object per word.
const NOTHING: Evidence = Object.freeze({ id: 0, en: 0 })
const INDONESIAN: Evidence = Object.freeze({ id: 1, en: 0 })
const ENGLISH: Evidence = Object.freeze({ id: 0, en: 1 })
const HALF_INDONESIAN: Evidence = Object.freeze({ id: 0.5, en: 0 })
const HALF_ENGLISH: Evidence = Object.freeze({ id: 0, en: 0.5 })
const NO_AFFIX = ['']

/** What one lower-case word says: a function word 1, an Indonesian circumfix or particle 1, other typical affixes ½. */
function wordEvidence (word: string): Evidence {
  if (INDONESIAN_WORDS.has(word)) return INDONESIAN
  if (ENGLISH_WORDS.has(word) || word.endsWith("'s") || word.endsWith("n't")) return ENGLISH
  if (word.length < 6) return NOTHING
  // me-…-kan, di-…-kan, ber-…-an, …-nya: no English word is built so.
  if (affixed(word, INDONESIAN_PREFIXES, INDONESIAN_SUFFIXES) || affixed(word, NO_AFFIX, INDONESIAN_PARTICLES)) return INDONESIAN
  // A verb prefix alone is weaker: English has "members", "terminal".
  if (affixed(word, INDONESIAN_VERB_PREFIXES, NO_AFFIX)) return HALF_INDONESIAN
  if (affixed(word, NO_AFFIX, ENGLISH_SUFFIXES)) return HALF_ENGLISH
  return NOTHING
}

/** Whether a lower-case word outside a name is evidence for either language. */
function hasEvidence (word: string): boolean {
  return wordEvidence(word) !== NOTHING
}

/** A word that counts as itself even capitalised to open a sentence. */
function isFunctionWord (word: string): boolean {
  return INDONESIAN_WORDS.has(word) || ENGLISH_WORDS.has(word) || word.endsWith("'s") || word.endsWith("n't")
}

/**
 * What a word of a name says: nothing, but a possessive is English grammar ("ITB's"), and a word built
 * the Indonesian way is Indonesian ½ ("Seleksi Nasional Berdasarkan Prestasi", "Tahap Persiapan Bersama").
 */
function nameEvidence (word: string): Evidence {
  if (word.endsWith("'s")) return ENGLISH
  if (word.length >= 6 && affixed(word, INDONESIAN_PREFIXES, INDONESIAN_SUFFIXES)) return HALF_INDONESIAN
  return NOTHING
}

/**
 * Evidence for each language in `text` (its first 120 words):
 * - a function word counts 1 ("yang", "di", "the", "is"; an English "'s" or "n't" too);
 * - an Indonesian circumfix (me-/di-/ber-/per-/pe-/ke- … -kan/-an/-i/-nya) or particle ending (-nya, -kan,
 *   -lah) 1; a bare Indonesian verb prefix (me-, ber-, ter-) or an English suffix (-tion, -ness, -ed …) ½;
 * - a name counts for neither: a capitalised word inside a sentence (Title Case or acronym; the English
 *   "I" is not one), and up to two lower-case joiners between two Title Case words ("Master of Business
 *   Administration", "Fakultas Matematika dan Ilmu Pengetahuan Alam"). Only its possessive "'s" (1, English)
 *   and an Indonesian circumfix inside it (½: "Seleksi Nasional Berdasarkan Prestasi") count;
 * - a sentence's first word (after . ! ? : ; or a line break) is capitalised as an opening: it counts as a
 *   word when it is a function word ("The Ganesha campus …", "Di Kampus Ganesha …") or when no Title Case
 *   word follows it, else it opens a name.
 * One pass over the words, each read a bounded number of times.
 */
export function languageScores (text: string): Evidence {
  const scores = { id: 0, en: 0 }
  const add = (evidence: Evidence): void => { scores.id += evidence.id; scores.en += evidence.en }
  // Words held back until the next word says whether they belong to a name, each with what it says
  // as a word and as part of a name.
  let held: Array<[Evidence, Evidence]> = []
  /** The last word was Title Case, or a joiner after one, with only spaces since. */
  let inName = false
  let joiners = 0
  const endName = (named: boolean, titleCase = false): void => {
    if (held.length > 0) {
      for (const [asWord, asName] of held) add(named ? asName : asWord)
      held = []
    }
    inName = titleCase
    joiners = 0
  }
  let count = 0
  let end = 0
  let first = true
  // exec() on the one expression rather than matchAll(), which copies it per call; reset as a break leaves it.
  WORD.lastIndex = 0
  for (let match = WORD.exec(text); match !== null; match = WORD.exec(text)) {
    if (++count > MAX_WORDS) break
    const gap = wordGap(text, end, match.index)
    const opening = first || (gap & OPENS_SENTENCE) !== 0
    const spacesOnly = (gap & SPACES_ONLY) !== 0
    end = match.index + match[0].length
    const raw = withoutQuotes(match[0])
    if (raw === '') continue
    const word = raw.toLowerCase()
    first = false
    if (opening || !spacesOnly) endName(false)
    const capitalised = /^\p{Lu}/u.test(raw) && !ENGLISH_I.test(word)
    const titleCase = capitalised && /^\p{Lu}\p{Ll}/u.test(raw)
    if (!capitalised && inName && NAME_JOINERS.has(word) && joiners < MAX_JOINERS) {
      held.push([wordEvidence(word), NOTHING])
      joiners++
    } else if (!capitalised || (opening && isFunctionWord(word))) {
      endName(false)
      add(wordEvidence(word))
    } else if (opening) {
      held = [[wordEvidence(word), nameEvidence(word)]]
      inName = titleCase
    } else {
      // Inside a sentence, a name: joiners held belong to it (an acronym does not take them).
      endName(titleCase, titleCase)
      add(nameEvidence(word))
    }
  }
  endName(false)
  return scores
}

/**
 * Detects whether `text` is Indonesian ('id') or English ('en'): the language with more evidence; on a
 * tie, the one its content words lean to ("SNBT requirements?" English, "Biaya kuliah ITB?" Indonesian);
 * text that leans to neither (names, acronyms, numbers) is taken as Indonesian.
 */
export function detectLanguage (text: string): Language {
  const { id, en } = languageScores(text)
  if (en !== id) return en > id ? 'en' : 'id'
  return contentBalance(text, hasEvidence) > 0 ? 'en' : 'id'
}
