// What the bound on the caches keyed by what users type costs (src/services/bounded-map.ts, the
// stemmers' and Orama's tokenizer caches): a BoundedMap of 10,000 entries against a plain Map, used as
// those caches use it (get, and on a miss compute and set), in ns per lookup. Two streams of words:
// mostly known ones (90 % drawn from a vocabulary of 2,400 words, the knowledge base's size, 10 % new,
// as a question's own number or typo) and only new ones (every set of the full BoundedMap drops its
// oldest entry; the plain Map grows by every one). Measured in this process, best of three rounds
// taken alternately. Part of npm run bench:heap.
import { BoundedMap } from '../src/services/bounded-map.ts'

const LIMIT = 10_000
const VOCABULARY = 2_400
const LOOKUPS = 400_000

/** `count` words, `knownShare` of them drawn from the vocabulary, the rest never seen before. */
function stream (count: number, knownShare: number): string[] {
  let seed = 42
  const random = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31 }
  return Array.from({ length: count }, (_, index) => random() < knownShare ? `kata${Math.floor(random() * VOCABULARY)}` : `baru${index}`)
}

/** ns per lookup and the share of hits, for one pass of `words` through a fresh cache. */
function pass (cache: Map<string, string>, words: string[]): { ns: number, hits: number } {
  let hits = 0
  const started = performance.now()
  for (const word of words) {
    if (cache.get(word) === undefined) cache.set(word, word.toUpperCase()) // the computation a miss costs
    else hits++
  }
  return { ns: (performance.now() - started) * 1e6 / words.length, hits: hits / words.length }
}

/** Rows of the table bench:heap prints: stream, plain Map, BoundedMap. */
export function cacheCostRows (): string[][] {
  const rows: string[][] = []
  for (const [label, knownShare] of [['90 % known words, 10 % new', 0.9], ['new words only (every set drops one)', 0]] as const) {
    const words = stream(LOOKUPS, knownShare)
    const best = { plain: { ns: Infinity, hits: 0 }, bounded: { ns: Infinity, hits: 0 } }
    for (let round = 0; round < 4; round++) { // the first round compiles the loop: not counted
      const plain = pass(new Map(), words)
      const bounded = pass(new BoundedMap(LIMIT), words)
      if (round === 0) continue
      if (plain.ns < best.plain.ns) best.plain = plain
      if (bounded.ns < best.bounded.ns) best.bounded = bounded
    }
    const figure = ({ ns, hits }: { ns: number, hits: number }): string => `${ns.toFixed(0)} ns a lookup, ${(hits * 100).toFixed(1)} % hits`
    rows.push([`${label}, ${LOOKUPS.toLocaleString('en')} lookups`, figure(best.plain), figure(best.bounded)])
  }
  return rows
}
