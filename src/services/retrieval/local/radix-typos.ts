// Typos in the local index's radix trees (Orama's, as orama-text-index.ts reads them): the indexed
// words one edit from a query term that no document has (typos.ts), so "beasiwa" finds the
// scholarship documents. orama-text-index.ts counts them as a partial match, in its search and in
// the words the ranking weighs (fusion.ts), through one index's TypoMemo, so a question's term is
// walked once, not once for each. `lookup`, a word's node, serves both files.
import { TYPO_MIN_LENGTH } from '../../text/typos.ts'

/** A node of Orama's radix tree: its children by first letter, its edge label, whether a word ends here, the word, its documents. */
export interface RadixNode {
  c: Map<string, RadixNode>
  s: string
  e: boolean
  w: string
  d: Set<number>
}

/** The node where `word` ends, if it is indexed (Orama's tree: a word ends where `e` is set). */
export function lookup (root: RadixNode, word: string): RadixNode | undefined {
  let node = root
  let i = 0
  while (i < word.length) {
    const child = node.c.get(word[i])
    if (child === undefined || !word.startsWith(child.s, i)) return undefined
    node = child
    i += child.s.length
  }
  return node.e ? node : undefined
}

/**
 * Indexed words one edit from `term` (typos.ts: a letter left out, added, replaced, or two neighbours
 * swapped) when `term` is in none of the trees' documents (one tree per field) and has TYPO_MIN_LENGTH letters or more:
 * "beasiwa" → beasiswa. The radix tree is walked with the edit distances to `term`'s prefixes (one row
 * per letter, the previous one for swaps), leaving a branch once every prefix is two edits away: a
 * few hundred letters, where looking up each of the term's variants took over a millisecond.
 */
export function typoWords (roots: readonly RadixNode[], term: string): string[] {
  if (term.length < TYPO_MIN_LENGTH || !/^\p{Ll}+$/u.test(term)) return []
  if (roots.some((root) => (lookup(root, term)?.d.size ?? 0) > 0)) return []
  const n = term.length
  const found = new Set<string>()
  const visit = (node: RadixNode, row: number[], before: number[] | undefined, last: string): void => {
    let current = row
    let previous = before
    let previousLetter = last
    for (const letter of node.s) {
      const next = [current[0] + 1]
      for (let j = 1; j <= n; j++) {
        let cost = Math.min(next[j - 1] + 1, current[j] + 1, current[j - 1] + (term[j - 1] === letter ? 0 : 1))
        if (previous !== undefined && j > 1 && term[j - 1] === previousLetter && term[j - 2] === letter) cost = Math.min(cost, previous[j - 2] + 1)
        next.push(cost)
      }
      if (Math.min(...next) > 1) return
      previous = current
      current = next
      previousLetter = letter
    }
    if (node.e && node.d.size > 0 && current[n] === 1) found.add(node.w)
    for (const child of node.c.values()) visit(child, current, previous, previousLetter)
  }
  const first = Array.from({ length: n + 1 }, (_, j) => j)
  for (const root of roots) for (const child of root.c.values()) visit(child, first, undefined, '')
  return [...found]
}

/** Terms a TypoMemo keeps before it forgets them all: a question has a few, a busy service many. */
const TYPO_MEMO_LIMIT = 1000

/** typoWords for the trees of one index, kept for each term until the index's words change. */
export interface TypoMemo {
  /** `typoWords(roots, term)`, walked once per term of the fields `fields` (their trees `roots`). */
  words: (fields: readonly string[], roots: readonly RadixNode[], term: string) => string[]
  /** Forgets every term's words: call it on every insert and remove, which change the trees. */
  clear: () => void
}

/**
 * A memo of the typo walk for one index: its search and the ranking's matched words ask for the same
 * terms of a question (orama-text-index.ts), and the walk is the costly part for a term in no
 * document. At most TYPO_MEMO_LIMIT terms, all forgotten past it.
 */
export function createTypoMemo (limit = TYPO_MEMO_LIMIT): TypoMemo {
  const memo = new Map<string, string[]>()
  return {
    words (fields, roots, term) {
      const key = `${fields.join(',')}\u0000${term}`
      let found = memo.get(key)
      if (found === undefined) {
        if (memo.size >= limit) memo.clear()
        found = typoWords(roots, term)
        memo.set(key, found)
      }
      return found
    },
    clear () { memo.clear() }
  }
}
