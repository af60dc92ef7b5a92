// "More than one" in a question says how many of a kind it asks about ("Can I join more than one
// club?", "Bisa ikut lebih dari satu himpunan?"): a sentence has it only said of that kind, the words
// right after it ("Mahasiswa dapat bergabung dengan lebih dari satu unit …" counts units, which a club
// is through the alias table, but no himpunan). score.ts takes the quantity's terms from a sentence
// whose quantity counts another kind, as it takes an ordinal of another kind (ordinal.ts).
import { terms, termFactor, WORD } from './terms.ts'
import type { StemMode } from './terms.ts'

/** "More than one", "lebih dari satu" (three words), "multiple" (one): the words after it are what it counts. */
const MORE_THAN_ONE = /^(?:more|lebih) (?:than|dari) (?:one|satu|1)$/
const MULTIPLE = /^multiple$/
/** How many words after the quantity the kind it counts may be ("more than one student club"). */
const REACH = 2

export interface AskedQuantity {
  /** Topical terms of the words the question's quantity counts. */
  kind: string[]
}

interface Quantity {
  /** Its words, and the words after it. */
  said: string
  after: string[]
}

/** Each "more than one" of `text` with the words after it. */
function quantitiesIn (text: string): Quantity[] {
  const words = text.toLowerCase().match(WORD) ?? []
  const found: Quantity[] = []
  for (let i = 0; i < words.length; i++) {
    const length = MULTIPLE.test(words[i]) ? 1 : MORE_THAN_ONE.test(words.slice(i, i + 3).join(' ')) ? 3 : 0
    if (length === 0) continue
    found.push({ said: words.slice(i, i + length).join(' '), after: words.slice(i + length, i + length + REACH) })
    i += length - 1
  }
  return found
}

/** The kind the question's "more than one" counts, when that is a topical word. */
export function askedQuantity (formal: string, mode: StemMode): AskedQuantity | undefined {
  const [first] = quantitiesIn(formal)
  const kind = first?.after.flatMap((word) => terms(word, mode)).filter((term) => termFactor(term) === 1) ?? []
  return kind.length === 0 ? undefined : { kind }
}

/** The topical terms of the kind a "more than one" opening `words` counts ("ikut lebih dari satu UKM": the UKM joined), if any. */
export function quantityOpening (words: readonly string[], mode: StemMode): string[] {
  const [first] = quantitiesIn(words.slice(0, 3 + REACH).join(' '))
  if (first === undefined || first.said !== words.slice(0, first.said.split(' ').length).join(' ')) return []
  return first.after.flatMap((word) => terms(word, mode)).filter((term) => termFactor(term) === 1)
}

/** The terms of each "more than one" of `text` that counts another kind than asked (`isKind`: whether a word's terms are the kind's). */
export function quantityOfAnother (text: string, isKind: (termsOfWord: string[]) => boolean, mode: StemMode): string[] {
  return quantitiesIn(text).filter((quantity) => !quantity.after.some((word) => isKind(terms(word, mode))))
    .flatMap((quantity) => terms(quantity.said, mode))
}
