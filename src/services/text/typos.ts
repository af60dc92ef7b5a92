// One-edit typos ("beasiwa" for "beasiswa", "kalendre" for "kalender"): a letter left out, one too
// many, one replaced, or two neighbours swapped (Damerau's four edits). Retrieval and the offline
// answerer let a question's word that is in none of the documents match the documents' words one
// edit away, for words of at least TYPO_MIN_LENGTH letters: shorter ones have too many neighbours
// ("ukt" and "ukm" are both real). Retrieval walks its index's tree with the edit distances
// (retrieval/local/radix-typos.ts); the answerer compares the retrieved sentences' words (oneEditApart);
// the configuration counts the edits from a variable set to one it reads (typoDistance, src/config.ts).

/** Shortest word whose one-edit neighbours count as its typos. */
export const TYPO_MIN_LENGTH = 5

/** Whether `a` and `b` differ by exactly one edit (insertion, deletion, replacement, or a swap of neighbours). */
export function oneEditApart (a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  if (a.length === b.length) {
    // A swap of two neighbours, or one replaced letter.
    if (i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)) return true
    return a.slice(i + 1) === b.slice(i + 1)
  }
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a]
  return longer.slice(i + 1) === shorter.slice(i)
}

/** Edits from `a` to `b` (the same four, a swap of neighbours counting as one: optimal string alignment). */
export function typoDistance (a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i] as number[]
      const above = rows[i - 1] as number[]
      row[j] = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, (rows[i - 2] as number[])[j - 2] as number + 1)
    }
  }
  return (rows[a.length] as number[])[b.length] as number
}
