// The characters between two words, as language.ts and language-content.ts read them to tell a name
// ("Master of Business") from a sentence's first word. Read in place rather than sliced out and tested
// with expressions (docs/benchmarks.md, "Cut kept: the answer's language read in ~30 % less CPU"), and
// answered as bits so that no object is built per word.

/** The gap holds what starts a new sentence or clause (. ! ? : ; or a line break). */
export const OPENS_SENTENCE = 1
/** The gap is spaces and tabs only, and not empty: the words around it may be one name. */
export const SPACES_ONLY = 2

const OPENING_CODES = new Set(['.', '!', '?', ':', ';', '\n'].map((character) => character.charCodeAt(0)))
const SPACE = 0x20
const TAB = 0x09

/** What `text` from `start` to `end` (excluded) says: OPENS_SENTENCE and SPACES_ONLY, or'ed. */
export function wordGap (text: string, start: number, end: number): number {
  let opens = 0
  let spacesOnly = end > start ? SPACES_ONLY : 0
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i)
    if (code === SPACE || code === TAB) continue
    spacesOnly = 0
    if (OPENING_CODES.has(code)) opens = OPENS_SENTENCE
  }
  return opens | spacesOnly
}
