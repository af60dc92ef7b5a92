// What a question's text is once its edges are cleared: whitespace, control characters (Unicode
// category Cc: NUL, DEL, the C1 controls, U+0085 among them, which JavaScript's \s leaves) and the
// invisible format characters (category Cf: zero-width space U+200B, joiners U+200C/D, word joiner
// U+2060, byte order mark U+FEFF, soft hyphen, bidirectional marks) go from both ends, so a message
// of nothing else is empty. JavaScript's trim() clears whitespace and U+FEFF only: "\u200b" and
// "\u0000" were questions, answered and stored. Inside the text they stay as typed: a joiner belongs
// to an emoji sequence or a script's spelling, and the stored turn is what the user sent.

const LEADING = /^[\s\p{Cc}\p{Cf}]+/u
// A run that reaches the end, looked for from the first character of a run only (the lookbehind):
// /[\s\p{Cf}]+$/ alone was tried from each character of a run before a letter, reading it to its
// end each time (a long run of spaces inside the text: quadratic).
const TRAILING = /(?<![\s\p{Cc}\p{Cf}])[\s\p{Cc}\p{Cf}]+$/u

/** `text` without whitespace, control and format characters at either end (inside, kept). Linear time. */
export function trimInvisible (text: string): string {
  return text.replace(LEADING, '').replace(TRAILING, '')
}

// With the u flag, \p{Cs} matches a surrogate that is not half of a pair only.
const UNPAIRED_SURROGATE = /\p{Cs}/u

/**
 * The first unpaired surrogate in `text` as "U+D800", if it has one. Such a string is not Unicode
 * text: JSON can escape one ("\ud800"), but UTF-8 has no bytes for it, so what a model server,
 * Redis or a log would make of it is each one's guess (RFC 8259 §8.2).
 */
export function unpairedSurrogate (text: string): string | undefined {
  const found = UNPAIRED_SURROGATE.exec(text)?.[0]
  return found === undefined ? undefined : `U+${found.charCodeAt(0).toString(16).toUpperCase()}`
}
