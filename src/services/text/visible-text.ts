// What a question's text is once its edges are cleared: whitespace and the invisible format
// characters (Unicode category Cf: zero-width space U+200B, joiners U+200C/D, word joiner U+2060,
// byte order mark U+FEFF, soft hyphen, bidirectional marks) go from both ends, so a message of
// nothing else is empty. JavaScript's trim() clears whitespace and U+FEFF only: "\u200b" was a
// question, answered and stored. Inside the text they stay as typed: a joiner belongs to an emoji
// sequence or a script's spelling, and the stored turn is what the user sent.

const LEADING = /^[\s\p{Cf}]+/u
// A run that reaches the end, looked for from the first character of a run only (the lookbehind):
// /[\s\p{Cf}]+$/ alone was tried from each character of a run before a letter, reading it to its
// end each time (a long run of spaces inside the text: quadratic).
const TRAILING = /(?<![\s\p{Cf}])[\s\p{Cf}]+$/u

/** `text` without whitespace and format characters at either end (inside, kept). Linear time. */
export function trimInvisible (text: string): string {
  return text.replace(LEADING, '').replace(TRAILING, '')
}
