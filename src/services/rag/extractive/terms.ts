// Terms of questions and sentences for the extractive answerer: stemmed with the question's language
// (Indonesian or English Porter), without stop words, conversational particles and question words;
// the institution's own name and light verbs weigh little; names are the capitalised words. Also
// the two ways a sentence matches a question term it does not contain: an acronym the passages
// define for it, and the reviewed alias table (retrieval/aliases.ts).
import { BoundedMap } from '../../bounded-map.ts'
import { stemEnglish, stemIndonesian } from '../../text/stemming.ts'
import { ANSWER_STOPWORDS } from '../../text/stopwords.ts'
import { aliasesIn } from '../../retrieval/aliases.ts'
import type { Language } from '../../text/language.ts'

export const STOPWORDS = ANSWER_STOPWORDS

/** A word of a question or a sentence, hyphenated compounds whole. */
export const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu

/** Terms that name the institution itself: in an ITB corpus they say little about the topic. */
const GENERIC_TERMS = new Set(['itb', 'institut', 'institute', 'teknologi', 'technology', 'bandung'])
/** Stems of light verbs (berada, dilakukan, dilaksanakan, diselenggarakan, menjadi, memiliki, disebut; take, get, make, teach, show) and nouns (proses) that match almost anything. */
const LIGHT_STEMS = new Set(['ada', 'laku', 'proses', 'cari', 'jadi', 'milik', 'sebut', 'punya', 'buat', 'dapat', 'laksana', 'selenggara', 'cover', 'offer', 'have', 'held', 'take', 'get', 'make', 'teach', 'taught', 'show'])
const GENERIC_WEIGHT = 0.25

/** Indonesian questions: Indonesian stemmer; English questions: English (Porter) stemmer. */
export type StemMode = Language
/** Length of the prefix two words share. */
export function commonPrefix (a: string, b: string): number {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return i
}

function stem (token: string, mode: StemMode): string {
  return mode === 'en' ? stemEnglish(token) : stemIndonesian(token)
}

const TERM = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu

/**
 * Host names ("stei.itb.ac.id") are addresses, not words about the topic. Read from a label's start
 * only, not from inside a run of labels ("x-x-x-…", "a.a.a.…"), which each start read to its end.
 */
const HOST_NAME = /(?<![\p{L}\p{N}-]|[\p{L}\p{N}-]\.)[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:id|com|org|net|edu|ac|go|co|io|info)\b/giu

/** A letter grade ("nilai C", "grade AB"): read as one word ("nilai-c"), since a letter alone is too short to be a term. */
const LETTER_GRADE = /\b(nilai|grade) ([a-e]{1,2})(?![\p{L}\p{N}-])/giu

/** Lowercase words of `text`: hyphenated words give their parts and the compound ("sith-s" → sith, s, sith-s). */
function words (text: string): string[] {
  const result: string[] = []
  for (const match of text.toLowerCase().replace(HOST_NAME, ' ').replace(LETTER_GRADE, '$1-$2').matchAll(TERM)) {
    const word = match[0].replace(/['’](s|nya)$/, '').replace(/['’]/g, '')
    if (!word.includes('-')) {
      result.push(word)
      continue
    }
    const parts = word.split('-').filter((part) => part !== '')
    if (parts.every((part) => part === parts[0])) {
      result.push(parts[0]) // reduplication: "program-program"
      continue
    }
    result.push(...parts, parts.join('-'))
  }
  return result
}

/** Stemmed content terms of `text`. */
export function terms (text: string, mode: StemMode): string[] {
  const result: string[] = []
  for (const word of words(text)) {
    if (word.length < 2 || STOPWORDS.has(word)) continue
    if (/^\p{N}+$/u.test(word)) {
      result.push(word)
      continue
    }
    result.push(word.includes('-') ? word : stem(word, mode))
  }
  return result
}

/** Room per mode for the word lists of the code and the titles and headings of a knowledge base (the bundled one has ~400). */
const FIXED_TEXTS = 1000
const fixedTermsByMode: Record<StemMode, BoundedMap<string, readonly string[]>> = { id: new BoundedMap(FIXED_TEXTS), en: new BoundedMap(FIXED_TEXTS) }

/**
 * `terms(text, mode)` of a text that recurs from answer to answer, tokenised and stemmed once per
 * mode: a word list of the code (REQUIREMENT_WORDS, SCHEDULED_EVENTS …), a document's title or a
 * section's heading. Not for what users type or for sentences (a passage's are kept with it,
 * candidates.ts). Shared by every caller, so frozen.
 */
export function fixedTerms (text: string, mode: StemMode): readonly string[] {
  const memo = fixedTermsByMode[mode]
  let found = memo.get(text)
  if (found === undefined) {
    found = Object.freeze(terms(text, mode))
    memo.set(text, found)
  }
  return found
}

/** The question (informal words already in their formal form) without the words that only shape it. */
export function withoutFormWords (question: string, formWords: ReadonlySet<string>): string {
  return question.replace(/[\p{L}\p{N}]+/gu, (word) => formWords.has(word.toLowerCase()) ? ' ' : word)
}

/**
 * Terms of the names in a question: capitalised words after its first word ("… di Universitas Gadjah
 * Mada", "… of Tokyo", "… Majelis Wali Amanat"). A name is specific, so it weighs more; a name no
 * passage mentions means the question is about something else.
 */
export function nameTerms (question: string, mode: StemMode): Set<string> {
  const names = new Set<string>()
  const wordsOfQuestion = [...question.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)]
  // The first word opens a name when the next one is a capitalised word too ("Kampus Cirebon ada …?"),
  // not an acronym ("Syarat SNBP apa?": the requirements of SNBP) nor the institution's name ("Kampus
  // ITB ada di mana?" asks about every campus).
  const second = wordsOfQuestion[1]?.[0] ?? ''
  const opensName = /^\p{Lu}\p{Ll}/u.test(second) && !GENERIC_TERMS.has(second.toLowerCase())
  for (const [word] of wordsOfQuestion.slice(opensName ? 0 : 1)) {
    if (!/^\p{Lu}/u.test(word)) continue
    for (const term of terms(word, mode)) if (!GENERIC_TERMS.has(term)) names.add(term)
  }
  // A letter grade names one of a kind too ("Nilai C itu lulus gak?": nilai-c).
  for (const [, kind, letter] of question.matchAll(LETTER_GRADE)) names.add(`${kind}-${letter}`.toLowerCase())
  return names
}

/** Capitalised words and acronyms after a text's first word, lowercase: the names it mentions. */
export function namesIn (text: string): Set<string> {
  return new Set([...text.matchAll(/(?<=\s)\p{Lu}[\p{L}\p{N}-]*/gu)].map((match) => match[0].toLowerCase()))
}

/** Common nouns that introduce a name ("Nama Institut Teknologi Bandung …", "Istilah "sekolah" …"). */
export const NAME_INTRODUCERS = new Set(['nama', 'istilah', 'sebutan', 'julukan', 'gelar', 'kata', 'predikat', 'status', 'alamat'])

/** Lowercase words that join the parts of a name ("Fakultas Matematika dan Ilmu Pengetahuan Alam"). */
const NAME_JOINERS = new Set(['dan', 'and', 'of', 'the', 'untuk', 'for', '&'])
/** A word's closing punctuation, looked for from the start of a run only (from each mark of a long run, it is read to the run's end). */
const CLOSING_PUNCTUATION = /(?<![)"'”’,.;:!?])[)"'”’,.;:!?]+$/

/** What a sentence is about: the names of its opening run of capitalised words, and their initials. */
export interface SentenceSubject {
  /**
   * The names, lowercase, without the institution's own ("SBM ITB didirikan …" → sbm; "Kampus
   * Ganesha berada …" → ganesha). The first word counts only as an acronym: otherwise it is
   * capitalised for opening the sentence ("Hubungan Soekarno …", "Sebagian mahasiswa …").
   */
  names: string[]
  /** Initials of the whole run, lowercase ("Tahap Persiapan Bersama, disingkat TPB …" → tpb). */
  initials: string
}

export function sentenceSubject (sentence: string): SentenceSubject {
  const run: string[] = []
  const words = sentence.trim().split(/\s+/)
  for (let i = 0; i < words.length; i++) {
    const opened = words[i].replace(/^[("'“‘]+/, '')
    const word = opened.replace(CLOSING_PUNCTUATION, '')
    if (NAME_JOINERS.has(word) && run.length > 0 && /^\p{Lu}/u.test(words[i + 1] ?? '')) continue
    if (!/^\p{Lu}/u.test(word)) break
    run.push(word)
    if (word !== opened) break // a comma or a full stop closes the name
  }
  return {
    names: run
      .filter((word, i) => i > 0 || /^\p{Lu}[\p{Lu}\p{N}-]+$/u.test(word))
      .map((word) => word.toLowerCase())
      .filter((word) => !GENERIC_TERMS.has(word)),
    initials: run.length > 1 ? run.map((word) => word[0]).join('').toLowerCase() : ''
  }
}

/** Whether a term is part of the institution's own name (ITB, Institut Teknologi Bandung). */
export function institutionTerm (term: string): boolean {
  return GENERIC_TERMS.has(term)
}

/** Weight factor of a question term: names of the institution and light verbs count little. */
export function termFactor (term: string): number {
  return GENERIC_TERMS.has(term) || LIGHT_STEMS.has(term) ? GENERIC_WEIGHT : 1
}

/** Capitalised words, joined by "dan", "of" …: the long form of an abbreviation. */
const LONG_FORM = String.raw`(?:\p{Lu}[\p{L}-]*)(?:\s+(?:\p{Lu}[\p{L}-]*|dan|and|of|the|untuk|for|&)){1,8}`
/** "Long Form (LF)", "Long Form, disingkat LF", "Long Form, or LF": the long form and the abbreviation. */
const ACRONYM = new RegExp(String.raw`(${LONG_FORM})\s*(?:\(|,\s*(?:yang\s+)?(?:(?:biasa|sering|lazim)\s+)?(?:disingkat|atau|or)\s+)(\p{Lu}[\p{Lu}\p{N}-]{1,11})\b`, 'gu')
/** "Long Form (LF)" with nothing else in the brackets. */
const BRACKETED = new RegExp(String.raw`${LONG_FORM}\s+\(\p{Lu}[\p{Lu}\p{N}-]+\)`, 'u')

/** Whether a sentence spells out an abbreviation in brackets ("Institut Teknologi Bandung (ITB) adalah …"). */
export function spellsOutAbbreviation (sentence: string): boolean {
  return BRACKETED.test(sentence)
}

/**
 * Acronyms the passages define ("Majelis Wali Amanat (MWA)", "Ikatan Alumni ITB, disingkat IA-ITB"):
 * when the question spells out the long form, a sentence with the acronym matches its terms.
 * Returns question term → acronym terms (each a one-term phrase).
 */
export function acronymAliases (sentences: readonly string[], query: readonly string[], mode: StemMode): Map<string, string[][]> {
  const aliases = new Map<string, string[][]>()
  const asked = new Set(query)
  for (const sentence of sentences) {
    for (const match of sentence.matchAll(ACRONYM)) {
      const longForm = terms(match[1], mode).filter((term) => !GENERIC_TERMS.has(term))
      // The long form may start earlier than the capitalised run caught here, so match its tail.
      const initials = match[2].replace(/[^\p{Lu}]/gu, '').length
      const tail = longForm.slice(-Math.max(1, initials))
      if (tail.length === 0) continue
      for (const acronym of terms(match[2], mode).slice(-1)) {
        // The question's acronym is found where the passages spell it out ("UKM" in "… unit kegiatan
        // mahasiswa …"), and its long form where they abbreviate it.
        if (asked.has(acronym) && tail.length > 1) aliases.set(acronym, [...(aliases.get(acronym) ?? []), tail])
        if (!tail.every((term) => asked.has(term))) continue
        for (const term of tail) aliases.set(term, [...(aliases.get(term) ?? []), [acronym]])
      }
    }
  }
  return aliases
}

/**
 * The alias table's phrases in the question (see retrieval/aliases.ts): each term of what was said
 * is also found in a sentence that has every term of one of the documents' phrases for it
 * ("presiden pertama" → a sentence naming Soekarno). Added to `aliases` (question term → phrases). A
 * follow-up's are read with its conversation's `subject` ("Cara masuknya gimana?" after "Himpunan itu apa?": "masuk himpunan").
 */
export function addTableAliases (aliases: Map<string, string[][]>, question: string, mode: StemMode, subject = ''): void {
  for (const { said, means, ofSubject } of aliasesIn(question, subject)) {
    const phrases = means.split('|').map((phrase) => terms(phrase, mode)).filter((phrase) => phrase.length > 0)
    // The subject's own word keeps its meaning: in "masuk ukm" the follow-up's "masuk" is joining, "ukm" still the unit.
    const subjectTerms = ofSubject === undefined ? [] : terms(ofSubject, mode)
    for (const term of terms(said, mode)) if (!subjectTerms.includes(term)) aliases.set(term, [...(aliases.get(term) ?? []), ...phrases])
  }
}

/**
 * Another university named as the question's subject ("… di Universitas Gadjah Mada", "Stanford University").
 * A name before "University" is read from its word's start (one scan per word, not one per capital in it).
 */
const OTHER_INSTITUTION = /\b(?:[Uu]niversitas|[Uu]niversity|[Ii]nstitut|[Ii]nstitute|[Pp]oliteknik|[Pp]olytechnic|[Ss]ekolah [Tt]inggi|[Cc]ollege)\s+(?!Teknologi Bandung\b)(?:of\s+)?\p{Lu}|(?<!\p{L})(?=\p{L}*?\p{Lu}\p{L})\p{L}+\s+(?:University|Institute|College)\b/u
const OWN_INSTITUTION = /\b(itb|institut teknologi bandung|ganesha|th bandung|technische hoogeschool)\b/i

/** Whether the question is about another institution, not about ITB. */
export function aboutAnotherInstitution (question: string): boolean {
  return OTHER_INSTITUTION.test(question) && !OWN_INSTITUTION.test(question)
}

/** A negator and the word it negates, informal ones included ("gak lulus" is "tidak lulus"). */
const NEGATED = /\b(?:tidak|tak|belum|bukan|gak|nggak|enggak|ngga|ga|kagak|not|never)\s+([\p{L}-]+)/giu

/** Terms of the words a text negates: "Kalau gak lulus mata kuliah gimana?" → lulus. */
export function negatedTerms (text: string, mode: StemMode): Set<string> {
  return new Set([...text.matchAll(NEGATED)].flatMap((match) => terms(match[1].toLowerCase(), mode)))
}

/**
 * A purpose clause: "… agar tidak di-DO", "supaya lulus …", "so that …", "to avoid …"; to the end of
 * the question, line breaks included (without `s`, a line break after each "agar" failed it, tried again from the next).
 */
const PURPOSE = /\b(?:agar|supaya|biar|so that|in order to|to avoid)\b(.*)$/isu

/** Terms of what a question asks something for ("Berapa IPK minimal agar tidak di-DO?" → di-do). */
export function purposeTerms (text: string, mode: StemMode): string[] {
  const clause = PURPOSE.exec(text)?.[1]
  return clause === undefined ? [] : terms(clause, mode)
}

/** Indonesian question words the stemmer shortened by more than a particle or a possessive, with their stem and a pattern for the word as written. */
export function affixedWords (question: string, mode: StemMode): Array<{ stem: string, written: RegExp }> {
  if (mode !== 'id') return []
  const found: Array<{ stem: string, written: RegExp }> = []
  for (const word of words(question)) {
    const base = word.replace(/(nya|lah|kah|ku|mu)$/, '')
    const [stem] = terms(word, mode)
    if (stem !== undefined && base.length > stem.length + 1 && base.includes(stem)) found.push({ stem, written: new RegExp(`(?<!\\p{L})${base}`, 'iu') })
  }
  return found
}

/** Whether every word of `text` with the stem is capitalised other than as the sentence's first word: the stem is in names only. */
export function stemOnlyInNames (text: string, stem: string, mode: StemMode): boolean {
  const forms = [...text.matchAll(/\p{L}+/gu)].filter(([word]) => terms(word, mode)[0] === stem)
  return forms.length > 0 && forms.every((form) => (form.index ?? 0) > 0 && form[0] !== form[0].toLowerCase())
}
