// What a question's text is once its edges are cleared: whitespace and the invisible format
// characters (Unicode category Cf: zero-width space U+200B, joiners U+200C/D, word joiner U+2060,
// byte order mark U+FEFF, soft hyphen, bidirectional marks) go from both ends, so a message of
// nothing else is empty. JavaScript's trim() clears whitespace and U+FEFF only: "\u200b" was a
// question, answered and stored. Inside the text they stay as typed: a joiner belongs to an emoji
// sequence or a script's spelling, and the stored turn is what the user sent.

const LEADING = /^[\s\p{Cf}]+/u
const INVISIBLE = /^[\s\p{Cf}]$/u

/** `text` without whitespace and format characters at either end (inside, kept). Linear time. */
export function trimInvisible (text: string): string {
  // From the end by hand: /[\s\p{Cf}]+$/ is tried from each character of a run that is not the
  // end, reading the run to its end each time (a long run of spaces before a letter: quadratic).
  let end = text.length
  while (end > 0) {
    const width = end > 1 && isLowSurrogate(text.charCodeAt(end - 1)) && isHighSurrogate(text.charCodeAt(end - 2)) ? 2 : 1
    if (!INVISIBLE.test(text.slice(end - width, end))) break
    end -= width
  }
  return text.slice(0, end).replace(LEADING, '')
}

function isHighSurrogate (code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

function isLowSurrogate (code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}
