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
  return text.replace(MARKER, '').replace(/\s+([.,;:!?])/g, '$1').replace(/[ \t]{2,}/g, ' ').trim()
}

/**
 * Removes markers from a token stream as it flows: text that might be the start of a marker
 * (`[`, `[1`, ` [12,`) is held back until it is known to be one or not.
 */
export function createCitationStripper (): { push: (chunk: string) => string, flush: () => string } {
  let pending = ''
  const partial = /\s?\[[\d,\s]*$/
  return {
    push (chunk) {
      pending += chunk
      const held = partial.exec(pending)
      const ready = held === null ? pending : pending.slice(0, held.index)
      pending = held === null ? '' : pending.slice(held.index)
      return ready.replace(MARKER, '')
    },
    flush () {
      const rest = pending.replace(MARKER, '')
      pending = ''
      return rest
    }
  }
}
