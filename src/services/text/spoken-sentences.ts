// Sentence splitting for speech synthesis, in Indonesian. The same cutting rules serve a finished
// text (splitSpokenSentences) and a stream of model tokens (sentenceStream), so both give the same
// sentences however the tokens were chunked; the stream only waits for the character after a full
// stop, which tells "Prof. Budi" and "dll. dan" apart from a real sentence end (sentence-boundary.ts,
// the rule the passages are cut with too). A sentence opening with a clause in the other language
// ("According to the available information (in Indonesian), ITB berada di …") is spoken as two
// pieces, so that each is read with the voice of its language.
import { detectLanguage, languageScores, type Language } from './language.ts'
import { periodEndsSentence } from './sentence-boundary.ts'

export interface SentenceOptions {
  /**
   * Longest sentence handed to a synthesizer; longer ones are cut at a comma, else at a space.
   * Prosa's synchronous synthesis accepts 280 characters.
   */
  maxLength?: number
}

const DEFAULT_MAX_LENGTH = 280

const TERMINATORS = new Set(['.', '!', '?', '…'])
// Characters that may close a sentence after its terminator: quotes, brackets, markdown emphasis.
const CLOSERS = new Set(['"', '\'', '”', '’', ')', ']', '*', '_', '»'])
const WHITESPACE = /\s/

/** sentenceEnd's answer for a sentence longer than `max` wherever it ends: it is cut anyway. */
const OVERLONG = -1

/** Where the run of characters of `set` from `from` ends, read up to `max` + 2 (beyond, the sentence is overlong). */
function runEnd (text: string, from: number, set: ReadonlySet<string>, max: number): number {
  let end = from
  while (end < text.length && end <= max + 1 && set.has(text[end])) end++
  return end
}

/**
 * Where the first sentence of `text` (which has no leading whitespace) ends: an index, or
 * undefined when it cannot be known yet (`final` false) or there is no sentence end at all, or
 * OVERLONG past `max` characters (so that cutting a long text into pieces reads each piece once,
 * not all the rest of the text for each).
 */
function sentenceEnd (text: string, final: boolean, max: number): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (i > max && !WHITESPACE.test(ch)) return OVERLONG
    if (ch === '\n') return i // never at 0: the text has no leading whitespace
    if (!TERMINATORS.has(ch)) continue
    const afterRun = runEnd(text, i, TERMINATORS, max)
    const end = runEnd(text, afterRun, CLOSERS, max)
    if (end > max + 1) return OVERLONG
    if (end === text.length) return final ? end : undefined
    if (!WHITESPACE.test(text[end])) {
      // "3.000", "itb.ac.id", "S.T": a terminator inside a word.
      i = end - 1
      continue
    }
    let next = end
    while (next < text.length && WHITESPACE.test(text[next])) next++
    const run = text.slice(i, afterRun)
    const fullStopOnly = !run.includes('!') && !run.includes('?')
    if (next === text.length && !final && fullStopOnly) return undefined
    if (!fullStopOnly || isFullStop(text, i, text[next])) return end
    i = end - 1
  }
  return final && text.trim() !== '' ? text.length : undefined
}

/** Where the run of non-whitespace characters ending at `end` begins. */
function wordStartBefore (text: string, end: number): number {
  let start = end
  while (start > 0 && !WHITESPACE.test(text[start - 1])) start--
  return start
}

function isFullStop (text: string, dot: number, nextChar: string | undefined): boolean {
  const wordStart = wordStartBefore(text, dot)
  const word = text.slice(wordStart, dot).replace(/^[("'“‘*_[]+/, '')
  // The word before, read backwards: a regex for the last word of text.slice(0, wordStart) reads all
  // of it (from each letter of a long word) on every full stop.
  let previousEnd = wordStart
  while (previousEnd > 0 && WHITESPACE.test(text[previousEnd - 1])) previousEnd--
  const previousStart = wordStartBefore(text, previousEnd)
  const previous = previousStart === previousEnd ? undefined : text.slice(previousStart, previousEnd)
  return periodEndsSentence(word, previous, nextChar ?? '')
}

/** Where to cut a sentence longer than `max`, looking only at its first max + 1 characters. */
function overlongCut (text: string, max: number): number {
  const region = text.slice(0, max + 1)
  for (let i = max - 1; i >= Math.floor(max * 0.4); i--) {
    if (',;:'.includes(region[i]) && WHITESPACE.test(region[i + 1] ?? '')) return i + 1
  }
  for (let i = max; i > 0; i--) {
    if (WHITESPACE.test(region[i])) return i
  }
  return max
}

/** The next piece to speak and what is left, or undefined if more text is needed first. */
function nextPiece (buffer: string, final: boolean, max: number): { piece: string, rest: string } | undefined {
  const text = buffer.trimStart()
  if (text === '') return undefined
  let end = sentenceEnd(text, final, max)
  if (end === OVERLONG) {
    end = overlongCut(text, max)
  } else if (end === undefined) {
    // A long sentence still being written: say its first clause now rather than wait for the end.
    if (text.trimEnd().length > max + 1) end = overlongCut(text, max)
    else return undefined
  } else if (text.slice(0, end).trimEnd().length > max) {
    end = overlongCut(text, max)
  }
  return { piece: text.slice(0, end), rest: text.slice(end) }
}

/** Markdown and citation marks a voice should not read out. */
export function speakableText (text: string): string {
  return text
    .replace(/!?\[([^\]\n]+)\]\([^)\s]+\)/g, '$1') // [label](url) → label
    .replace(/\[\^?\d+(?:\s*[,–-]\s*\d+)*\]/g, '') // [1], [1, 2], [^3]
    .replace(/^\s*(?:#{1,6}\s+|>\s*|[-*•+]\s+)+/, '') // heading, quote and bullet markers
    .replace(/\*\*|__|~~|`+|\*/g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ([.,!?;:…])/g, '$1') // one space at most now: "\s+" here would be quadratic on its own
    .trim()
}

/** The language `text` has at least one word of evidence for, more than for the other; undefined when neither. */
function clearLanguage (text: string): 'id' | 'en' | undefined {
  const { id, en } = languageScores(text)
  return en >= 1 && en > id ? 'en' : id >= 1 && id > en ? 'id' : undefined
}

/** `sentence`, or its opening clause (to the first comma) and the rest when each is clearly in another language. */
function byLanguage (sentence: string): string[] {
  const comma = sentence.indexOf(', ')
  if (comma === -1) return [sentence]
  const clause = sentence.slice(0, comma + 1)
  const rest = sentence.slice(comma + 2)
  const opening = clearLanguage(clause)
  return opening !== undefined && clearLanguage(rest) === (opening === 'en' ? 'id' : 'en') ? [clause, rest] : [sentence]
}

function speakable (piece: string): string[] {
  const sentence = speakableText(piece)
  return /[\p{L}\p{N}]/u.test(sentence) ? byLanguage(sentence) : []
}

/** The sentences of a finished answer, each short enough for a synthesizer and without Markdown. */
export function splitSpokenSentences (text: string, options: SentenceOptions = {}): string[] {
  const max = options.maxLength ?? DEFAULT_MAX_LENGTH
  const sentences: string[] = []
  let rest = text
  for (let next = nextPiece(rest, true, max); next !== undefined; next = nextPiece(rest, true, max)) {
    rest = next.rest
    sentences.push(...speakable(next.piece))
  }
  return sentences
}

/**
 * A finished answer's spoken sentences with their languages (as its `audio` events would say), when
 * they are in more than one: a front end marks each part's `lang`. Undefined for one language.
 */
export function mixedSentenceLanguages (text: string): Array<{ sentence: string, language: Language }> | undefined {
  const pieces = splitSpokenSentences(text)
  // One piece is in one language: no reading of it (every JSON answer comes here, often one sentence).
  if (pieces.length < 2) return undefined
  const sentences = pieces.map((sentence) => ({ sentence, language: detectLanguage(sentence) }))
  return sentences.some((part) => part.language !== sentences[0]?.language) ? sentences : undefined
}

/** Yields each sentence as soon as it is complete while tokens are still arriving, then the rest. */
export async function * sentenceStream (tokens: AsyncIterable<string> | Iterable<string>, options: SentenceOptions = {}): AsyncGenerator<string> {
  const max = options.maxLength ?? DEFAULT_MAX_LENGTH
  let buffer = ''
  for await (const token of tokens) {
    buffer += token
    for (let next = nextPiece(buffer, false, max); next !== undefined; next = nextPiece(buffer, false, max)) {
      buffer = next.rest
      yield * speakable(next.piece)
    }
  }
  yield * splitSpokenSentences(buffer, options)
}
