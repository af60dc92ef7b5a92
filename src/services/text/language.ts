// Lightweight language identification for the two languages the service handles: Indonesian and
// English. It counts function words (and, as weaker evidence, typical affixes) of each language;
// names and acronyms ("ITB", "Ganesha", "SNBT") belong to neither, so they do not tip the balance.
// Short or ambiguous text defaults to Indonesian, the service's main language.

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

/** Whether `word` has one of `prefixes` and one of `suffixes` with at least three letters between. */
function affixed (word: string, prefixes: readonly string[], suffixes: readonly string[]): boolean {
  return prefixes.some((prefix) => word.startsWith(prefix) &&
    suffixes.some((suffix) => word.endsWith(suffix) && word.length - prefix.length - suffix.length >= 3))
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

/** Evidence for each language in `text`: function words count 1, typical affixes ½. */
export function languageScores (text: string): { id: number, en: number } {
  let id = 0
  let en = 0
  let count = 0
  for (const match of text.toLowerCase().matchAll(WORD)) {
    if (++count > MAX_WORDS) break
    const word = withoutQuotes(match[0])
    if (word === '') continue
    if (INDONESIAN_WORDS.has(word)) {
      id += 1
    } else if (ENGLISH_WORDS.has(word) || word.endsWith("'s") || word.endsWith("n't")) {
      en += 1
    } else if (word.length < 6) {
      continue
    } else if (affixed(word, INDONESIAN_PREFIXES, INDONESIAN_SUFFIXES) || affixed(word, INDONESIAN_VERB_PREFIXES, ['']) ||
        affixed(word, [''], INDONESIAN_PARTICLES)) {
      id += 0.5
    } else if (affixed(word, [''], ENGLISH_SUFFIXES)) {
      en += 0.5
    }
  }
  return { id, en }
}

/**
 * Detects whether `text` is Indonesian ('id') or English ('en'). English wins only with strictly more
 * evidence than Indonesian; text without evidence (names, acronyms, one word) is taken as Indonesian.
 */
export function detectLanguage (text: string): Language {
  const { id, en } = languageScores(text)
  return en > id ? 'en' : 'id'
}
