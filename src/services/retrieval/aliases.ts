// The words people use against the words the documents use, as reviewed data (aliases.json) rather
// than code: informal words and spellings are rewritten before searching ("bung karno" → soekarno),
// and names, descriptions and English terms bring the documents' phrase along ("presiden pertama"
// → soekarno, "tuition" → biaya). Retrieval searches with both; the extractive answerer accepts the
// documents' phrase in a sentence wherever the question's own words are missing. Matching is on
// lowercase word sequences, longest phrase first, so it costs a few map lookups per query word.
import data from './aliases.json' with { type: 'json' }

/** A phrase of the question and the documents' phrase for it ("a|b": either phrase). */
export interface AliasMatch {
  said: string
  means: string
  /** The word of the conversation's subject that the phrase was completed with ("himpunan" in "masuk himpunan" for "Cara masuknya gimana?"). */
  ofSubject?: string
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu

const REPLACE: ReadonlyMap<string, string> = new Map(Object.entries(data.replace))
const EXPAND: ReadonlyMap<string, string> = new Map(data.expand.flatMap((entry) => entry.said.map((said) => [said, entry.means] as const)))
/**
 * Phrases that mean the documents' phrase only when the text names none of these words: "cara masuk" is
 * how to be admitted ("Gimana cara masuk ITB?"), not how to join what the question names instead
 * ("Gimana cara masuk himpunan?").
 */
const UNLESS_WITH: ReadonlyMap<string, readonly string[]> = new Map(data.expand.flatMap((entry) =>
  'unlessWith' in entry && entry.unlessWith !== undefined ? entry.said.map((said) => [said, entry.unlessWith] as const) : []))
const LONGEST = Math.max(...[...REPLACE.keys(), ...EXPAND.keys()].map((phrase) => phrase.split(' ').length))
/** First words of the table's phrases: most query words start none, and are passed over at once. */
const FIRST_WORDS = new Set([...REPLACE.keys(), ...EXPAND.keys()].map((phrase) => phrase.split(' ')[0]))

/** Informal words whose formal form the documents use (the one-word entries of the table). */
export const INFORMAL_WORDS: Readonly<Record<string, string>> = Object.fromEntries([...REPLACE].filter(([said]) => !said.includes(' ')))

interface Token {
  word: string
  start: number
  end: number
}

/** A hyphenated enclitic ("BEM-nya", "kampus-ku"): the word looked up is the one before it. */
const ENCLITIC = /-(nya|ku|mu)$/

function tokens (text: string): Token[] {
  return [...text.matchAll(WORD)].map((match) => ({ word: match[0].toLowerCase().replace(ENCLITIC, ''), start: match.index, end: match.index + match[0].length }))
}

/** Walks `text`'s words, calling `found` with the longest phrase of `table` starting at each word that `applies`. */
function scan (text: string, table: ReadonlyMap<string, string>, found: (said: string, means: string, first: Token, last: Token) => void,
  applies: (said: string, words: readonly Token[]) => boolean = () => true): void {
  const words = tokens(text)
  for (let i = 0; i < words.length;) {
    if (!FIRST_WORDS.has(words[i].word)) {
      i++
      continue
    }
    let length = Math.min(LONGEST, words.length - i)
    for (; length > 0; length--) {
      const said = words.slice(i, i + length).map((token) => token.word).join(' ')
      const means = table.get(said)
      if (means === undefined || !applies(said, words)) continue
      found(said, means, words[i], words[i + length - 1])
      break
    }
    i += Math.max(1, length)
  }
}

/** `text` with informal words and spellings in the documents' form. */
export function replaceInformal (text: string): string {
  let result = ''
  let at = 0
  scan(text, REPLACE, (_said, means, first, last) => {
    // A capitalised word stays capitalised ("Bung Karno" → "Soekarno"): names are found by their capitals.
    const capitalised = /^\p{Lu}/u.test(text.slice(first.start, first.end))
    result += text.slice(at, first.start) + (capitalised ? means.charAt(0).toUpperCase() + means.slice(1) : means)
    at = last.end
  })
  return result + text.slice(at)
}

/** The second words of the table's two-word phrases, by their first word ("masuk" → himpunan, hmj, unit, …). */
const PAIRED: ReadonlyMap<string, readonly string[]> = [...EXPAND.keys()].map((phrase) => phrase.split(' ')).filter((words) => words.length === 2)
  .reduce((paired, [first, second]) => paired.set(first, [...(paired.get(first) ?? []), second]), new Map<string, string[]>())
/** The pointer a follow-up's word ends in ("masuknya": getting into it, the subject). */
const POINTER_SUFFIX = /(?<=\p{L}{3})nya$/u

/**
 * The table's phrases in `text` (already in the documents' form, see replaceInformal), in order. A
 * follow-up's words are said of its conversation's `subject` (the question it follows up): a word
 * of `subject` names what an entry's phrase is then said of too (its `unlessWith`), and a word of
 * `text`, or that word without its pointer "-nya", followed by a word of `subject` may be one of the
 * table's phrases ("Cara masuknya gimana?" after "Himpunan itu apa?": "masuk himpunan", joining it),
 * after the phrases of `text` itself.
 */
export function aliasesIn (text: string, subject = ''): AliasMatch[] {
  const matches: AliasMatch[] = []
  let named: Set<string> | undefined
  const words = tokens(text)
  const subjectWords = tokens(subject).map((token) => token.word)
  const applies = (said: string): boolean => {
    const unless = UNLESS_WITH.get(said)
    if (unless === undefined) return true
    named ??= new Set([...words.map((token) => token.word), ...subjectWords])
    return !unless.some((word) => named?.has(word) === true)
  }
  scan(text, EXPAND, (said, means) => { matches.push({ said, means }) }, applies)
  if (subjectWords.length === 0) return matches
  const ofSubject = new Set(subjectWords)
  const found = new Set(matches.map((match) => match.said))
  for (const { word } of words) {
    for (const first of new Set([word, word.replace(POINTER_SUFFIX, '')])) {
      for (const second of PAIRED.get(first) ?? []) {
        const said = `${first} ${second}`
        const means = EXPAND.get(said)
        if (means === undefined || !ofSubject.has(second) || found.has(said) || !applies(said)) continue
        found.add(said)
        matches.push({ said, means, ofSubject: second })
      }
    }
  }
  return matches
}

/** A query in the documents' words, and how it got there. */
export interface ExpandedQuery {
  /** The query with informal words replaced. */
  formal: string
  /** The table's phrases in `formal`. */
  aliases: AliasMatch[]
  /** `formal` with the documents' phrases appended. */
  text: string
}

export function expandedQuery (query: string): ExpandedQuery {
  const formal = replaceInformal(query)
  const aliases = aliasesIn(formal)
  const extra = [...new Set(aliases.flatMap((match) => match.means.split('|')))]
  return { formal, aliases, text: extra.length === 0 ? formal : `${formal} ${extra.join(' ')}` }
}

/** A query in the documents' words: informal words replaced, the documents' phrases appended. */
export function expandQuery (query: string): string {
  return expandedQuery(query).text
}
