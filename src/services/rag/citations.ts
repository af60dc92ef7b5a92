// The model cites passages with markers like [1] or [2, 3]. The markers tell us which documents
// an answer actually used (the response's sources); the text people read or hear has them removed.

const MARKER = /\s?\[(\d{1,2}(?:\s*,\s*\d{1,2})*)\]/g

/** Passage numbers in order of first citation. */
export function citedNumbers (text: string): number[] {
  const seen: number[] = []
  for (const match of text.matchAll(MARKER)) {
    for (const part of (match[1] ?? '').split(',')) {
      const number = Number(part.trim())
      if (!seen.includes(number)) seen.push(number)
    }
  }
  return seen
}

export function stripCitations (text: string): string {
  return tidy(text).trim()
}

// Spaces before punctuation, looked for from the first space of a run only: from each of its spaces,
// a run not followed by punctuation is read to its end (quadratic in a long run).
const SPACE_BEFORE_PUNCTUATION = /(?<!\s)\s+([.,;:!?])/g

/** Markers out, no space before punctuation, no run of spaces: what the reader sees, untrimmed. */
function tidy (text: string): string {
  return text.replace(MARKER, '').replace(SPACE_BEFORE_PUNCTUATION, '$1').replace(/[ \t]{2,}/g, ' ')
}

const SPACE = /\s/
const IN_MARKER = /[\d,\s]/

/**
 * Where the text's tail of whitespace and markers (whole or partial: `[`, `[1`, `[12,`, `[1]`)
 * begins. Scanned backwards, linear in the tail (a regex for it backtracks quadratically on a long
 * run of spaces before another character).
 */
function heldFrom (text: string): number {
  let cut = text.length
  let index = text.length - 1
  while (index >= 0) {
    if (SPACE.test(text[index] as string)) {
      cut = index
      index -= 1
      continue
    }
    let open = text[index] === ']' ? index - 1 : index
    while (open >= 0 && IN_MARKER.test(text[open] as string)) open -= 1
    if (open < 0 || text[open] !== '[') break
    cut = open
    index = open - 1
  }
  return cut
}

/**
 * Removes markers from a token stream as it flows, so that the pieces joined are exactly
 * `stripCitations` of the whole text (what `done` carries). Trailing whitespace and markers, whole or
 * partial (`[`, `[1`, ` [12,`, `[1]`), are held back until a character that ends neither arrives:
 * the text before such a character tidies the same alone as within the whole.
 */
export function createCitationStripper (): { push: (chunk: string) => string, flush: () => string } {
  let pending = ''
  let started = false
  const emit = (text: string): string => {
    const out = started ? tidy(text) : tidy(text).trimStart()
    if (out !== '') started = true
    return out
  }
  return {
    push (chunk) {
      pending += chunk
      const cut = heldFrom(pending)
      const ready = pending.slice(0, cut)
      pending = pending.slice(cut)
      return ready === '' ? '' : emit(ready)
    },
    flush () {
      const rest = emit(pending).trimEnd()
      pending = ''
      return rest
    }
  }
}
