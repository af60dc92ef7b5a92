// An answer that mixes languages ("According to the available information (in Indonesian), ITB
// didirikan …"), cut into the sentences it was spoken as, each with the language the server gave it
// in its `audio` event (or, for a text answer, in its `sentences`): the log marks each part so that a
// screen reader reads it in its language, as the caption of the sentence being heard is marked.

const SPACE = /\s/
const WORDS = /[\p{L}\p{N}]/u
// Citation marks ([1], [1, 2], [^3]): never spoken (the server's speakableText drops them too).
const CITATIONS = /\[\^?\d+(?:\s*[,–-]\s*\d+)*\]/g

/**
 * `answer` cut at the ends of the `spoken` sentences ([{ sentence, language }], in order), as
 * [{ text, language }]; null when the answer is in one language, or when the sentences do not cover
 * it (speech stopped or failed part-way), so that it keeps the answer's one language. A spoken
 * sentence is the answer's text without its markdown, citation marks and link targets, so its
 * characters are looked for in order, skipping what speech left out; what closes a sentence
 * (emphasis, a bracket) and the space after it stay with it.
 */
export function sentenceLanguages (answer, spoken) {
  if (new Set(spoken.map((part) => part.language)).size < 2) return null
  const parts = []
  let from = 0
  let at = 0
  for (const { sentence, language } of spoken) {
    for (const char of sentence) {
      if (SPACE.test(char)) continue
      const found = answer.indexOf(char, at)
      if (found === -1) return null
      at = found + 1
    }
    // What closes the sentence (emphasis, a bracket), then the space after it.
    while (at < answer.length && !SPACE.test(answer[at]) && !WORDS.test(answer[at])) at++
    while (at < answer.length && SPACE.test(answer[at])) at++
    parts.push({ text: answer.slice(from, at), language })
    from = at
  }
  const rest = answer.slice(from)
  if (WORDS.test(rest.replace(CITATIONS, ''))) return null
  parts[parts.length - 1].text += rest
  return parts
}
