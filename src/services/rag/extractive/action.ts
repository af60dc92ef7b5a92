// The action a yes/no question asks whether one may take ("Apakah bisa pindah program studi setelah
// penjurusan?": pindah, done to a program studi; "… boleh ikut SNBT juga?": ikut SNBT). A sentence
// has it only as the question means it: not made causative ("memindahkan lokasi …": someone moves
// something, for "pindah"), nor as another phrase ("perpindahan panas", heat transfer, for "pindah
// program studi"). With no sentence that has it the question is declined: what the passages say
// about its other words ("Dalam proses penjurusan, mahasiswa mengisi urutan pilihan program studi …")
// does not say whether it may be done. Indonesian questions only; used by score.ts.
import { terms, termFactor, WORD } from './terms.ts'
import type { StemMode } from './terms.ts'

/** A question word: the question asks something else than whether ("Siapa yang boleh ikut?"). */
const QUESTION_WORD = /\b(apa|siapa|kapan|mana|dimana|bagaimana|gimana|berapa|seberapa|mengapa|kenapa)\b/i
const MODAL = /^(bisa|boleh|dapat|bisakah|bolehkah|dapatkah)$/i
/** Wanting or asking before the action ("bisa minta turun …"). */
const WANTING = /^(minta|meminta|mau|ingin|pengen|coba|mencoba)$/i
/** The causative or benefactive suffix: "memindahkan" moves something, "pindah" oneself. */
const CAUSATIVE = /kan(nya)?$/i

export interface AskedAction {
  /** The action's stem and the word as the question writes it. */
  stem: string
  word: string
  /** Terms of the word right after it, what it is done to ("program"), none when a function word follows. */
  object: string[]
}

/** The action after the modal of an Indonesian yes/no question, when it is a topical word. */
export function askedAction (formal: string, mode: StemMode): AskedAction | undefined {
  if (mode !== 'id' || QUESTION_WORD.test(formal)) return undefined
  const words = formal.toLowerCase().match(WORD) ?? []
  let i = words.findIndex((word) => MODAL.test(word)) + 1
  if (i === 0) return undefined
  while (i < words.length && WANTING.test(words[i])) i++
  const word = words[i]
  const [stem] = word === undefined ? [] : terms(word, mode)
  if (stem === undefined || termFactor(stem) !== 1) return undefined
  return { stem, word, object: terms(words[i + 1] ?? '', mode) }
}

/**
 * Whether `text` has the action as the question asks it: a word of its stem, not causative when the
 * question's is the bare stem, followed by a function word, the end, or a word of the question
 * (`asked`) when the question says what the action is done to.
 */
export function takesAction (text: string, action: AskedAction, asked: (termsOfWord: string[]) => boolean, mode: StemMode): boolean {
  const words = text.match(WORD) ?? []
  return words.some((word, i) => {
    if (terms(word, mode)[0] !== action.stem) return false
    if (action.word === action.stem && CAUSATIVE.test(word) && !CAUSATIVE.test(action.stem)) return false
    if (action.object.length === 0) return true
    const after = terms(words[i + 1] ?? '', mode)
    return after.length === 0 || asked(after)
  })
}
