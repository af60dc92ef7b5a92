// Inline Markdown and HTML removed from a passage before it is cut into sentences (sentences.ts), in
// time linear in its length. A pattern such as /!\[[^\]]*\]\([^)]*\)/g reads from each of its starts
// to the closing mark it needs, and to the end of the text when nothing closes it: 50,000 characters
// of unclosed "![", "[x", "**", "<a" or "<http://" took 0.4–3.1 s. Here each start looks its closing
// marks up with a search that only moves forward (forwardSearch), with the matches the patterns had.

// A run of marks at the end, each looked for from the first mark of a run only: from each mark of a
// long run that does not end the text, the run is read to its end (quadratic in the run).
const TRAILING_PUNCTUATION = /(?<![.,;:!?])[.,;:!?]+$/

/**
 * Where `pattern` (global) first matches at or after `from`, -1 if nowhere, for a `from` that never
 * moves back: a match found is kept while `from` has not passed it, so each part of the text is
 * searched once, whatever the number of questions.
 */
function forwardSearch (text: string, pattern: RegExp): (from: number) => number {
  let found: number | undefined
  return (from) => {
    if (found === undefined || (found !== -1 && found < from)) {
      pattern.lastIndex = from
      found = pattern.exec(text)?.index ?? -1
    }
    return found
  }
}

interface Match {
  end: number
  replacement: string
}

/**
 * `text` with what String.replace would replace: `opening` (global) finds where a match can start,
 * and `close` the match there, from the opening (whose end is `from`), if there is one. As with a
 * global pattern, a start without a match is followed by the next position, a match by its end.
 */
function replaceMatches (text: string, opening: RegExp, close: (found: RegExpExecArray, from: number) => Match | undefined): string {
  let result = ''
  let copied = 0
  opening.lastIndex = 0
  for (let found = opening.exec(text); found !== null; found = opening.exec(text)) {
    const match = close(found, opening.lastIndex)
    if (match === undefined) {
      opening.lastIndex = found.index + 1
      continue
    }
    result += text.slice(copied, found.index) + match.replacement
    copied = opening.lastIndex = match.end
  }
  return result + text.slice(copied)
}

/**
 * What /open[^\]]*\]next[^close]*close/g matches (`![alt](url)`, `[text](url)`, `[text][ref]`):
 * from the first "]" after the opening, then `next` right after it, then the first `close` after
 * that. With `nonEmpty`, the text in brackets is one character long at least; it is the
 * replacement unless `replacement` is given.
 */
function bracketed (text: string, open: RegExp, next: string, close: RegExp, nonEmpty: boolean, replacement?: string): string {
  const bracket = forwardSearch(text, /\]/g)
  const closing = forwardSearch(text, close)
  return replaceMatches(text, open, (found, from) => {
    const end = bracket(from)
    if (end < 0 || (nonEmpty && end === from) || text[end + 1] !== next) return undefined
    const last = closing(end + 2)
    return last < 0 ? undefined : { end: last + 1, replacement: replacement ?? text.slice(from, end) }
  })
}

/** What /open[^c]*c/g matches, `close` being /c/g (a footnote's "[^1]", a tag's "<b …>"). */
function closedBy (text: string, open: RegExp, close: RegExp, replacement: string): string {
  const closing = forwardSearch(text, close)
  return replaceMatches(text, open, (found, from) => {
    const end = closing(from)
    return end < 0 ? undefined : { end: end + 1, replacement }
  })
}

/** What /<(https?:\/\/[^>\s]+)>/g replaces with its group: a URL in angle brackets. */
function autolinks (text: string): string {
  const stop = forwardSearch(text, /[>\s]/g)
  return replaceMatches(text, /<https?:\/\//g, (found, from) => {
    const end = stop(from)
    return end > from && text[end] === '>' ? { end: end + 1, replacement: text.slice(found.index + 1, end) } : undefined
  })
}

/**
 * What /(\*\*|__)(?=\S)([\s\S]*?\S)\1/g replaces with its second group: from the opening, the text up
 * to the first same mark after a character other than a space (the opening's next one at the least).
 */
function strong (text: string): string {
  const closings: Record<string, (from: number) => number> = { '**': forwardSearch(text, /\S\*\*/g), __: forwardSearch(text, /\S__/g) }
  return replaceMatches(text, /(\*\*|__)(?=\S)/g, (found, from) => {
    const last = closings[found[1]](from)
    return last < 0 ? undefined : { end: last + 3, replacement: text.slice(from, last + 1) }
  })
}

/** A URL becomes its host name, which reads aloud ("www.itb.ac.id"); a sentence's full stop stays. */
function hostNames (text: string): string {
  return text.replace(/\bhttps?:\/\/([^\s<>()"'/?#:]+)[^\s<>()"']*/gi, (url: string, host: string) => {
    const trailing = TRAILING_PUNCTUATION.exec(url)?.[0] ?? ''
    return host.replace(TRAILING_PUNCTUATION, '').toLowerCase() + trailing
  })
}

/** Inline Markdown and HTML removed, URLs shortened to host names, whitespace collapsed. */
export function plainInline (text: string): string {
  let plain = bracketed(text, /!\[/g, '(', /\)/g, false, ' ')
  plain = closedBy(plain, /\[\^/g, /\]/g, '')
  plain = bracketed(plain, /\[/g, '(', /\)/g, true)
  plain = bracketed(plain, /\[/g, '[', /\]/g, true)
  plain = closedBy(autolinks(plain), /<\/?[a-z]/gi, />/g, ' ')
  return strong(hostNames(plain))
    // Emphasis with one mark: the inside holds no such mark, so each start reads to the next one only.
    .replace(/(^|[^\p{L}\p{N}*])\*(?=\S)([^*]*?\S)\*(?![\p{L}\p{N}])/gu, '$1$2')
    .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_]*?\S)_(?![\p{L}\p{N}])/gu, '$1$2')
    .replace(/~~([^~]+)~~/g, '$1')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/[*#`|~•▪◦‣]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}
