// Whether something must be done: a yes/no question with a word of obligation ("Apakah mahasiswa baru
// wajib tinggal di asrama?", "Do I have to live in the dormitory?", "Apakah TPB wajib?") is answered by
// a sentence saying whether it is an obligation or an option, said of the question's action, a few
// words from it ("… program tahun pertama yang wajib diikuti …", "… asrama mahasiswa sebagai pilihan
// tempat tinggal …"), not of another one ("Penghuni asrama ITB wajib mematuhi tata tertib …" says what
// residents must do, not whether one must reside). The cue that asks it (question-types.ts) is
// required: with no such sentence the documents do not say, and the question is declined.
import { terms, termFactor, WORD } from './terms.ts'
import type { StemMode } from './terms.ts'

/** A question word: the question asks something else than whether ("Apa yang harus disiapkan?", "Kapan UKT harus dibayar?"). */
const OTHER_QUESTION = String.raw`\b(?:apa (?:yang|saja|aja)|apa(?=\s*(?:\?\s*)?$)|siapa|kapan|mana|dimana|bagaimana|gimana|berapa|mengapa|kenapa|what|who|when|where|which|how|why)\b`
/** Words of obligation in a question; the modal "perlu" too ("Apakah perlu daftar ulang?"). */
const OBLIGATION = String.raw`\b(?:wajib|diwajibkan|harus|mesti|musti|perlu|must|have to|has to|need to|needs to|required to|mandatory|compulsory|obligatory)\b`
/** "Apakah … wajib …?", "Do I have to …?": a question with a word of obligation and no question word (read from its start only). */
export const OBLIGATION_QUESTION = new RegExp(`^(?![\\s\\S]*${OTHER_QUESTION})[\\s\\S]*?${OBLIGATION}`, 'i')
/** The words that only shape such a question. */
export const OBLIGATION_FORM_WORDS = ['wajib', 'diwajibkan', 'harus', 'mesti', 'musti', 'perlu', 'must', 'have', 'has', 'need', 'needs', 'required', 'mandatory', 'compulsory', 'obligatory']
/** What a sentence saying whether it must be done has: a word of obligation, or of an option. */
export const OBLIGATION_OR_OPTION = /\b(wajib|diwajibkan|mewajibkan|harus|mesti|perlu|pilihan|opsional|sukarela|bebas memilih|boleh|must|required|mandatory|compulsory|obligatory|optional|voluntary|may choose)\b/i
const OBLIGATION_OR_OPTION_WORD = /^(wajib|diwajibkan|mewajibkan|harus|mesti|perlu|pilihan|opsional|sukarela|bebas|boleh|must|required|mandatory|compulsory|obligatory|optional|voluntary|may)$/i
const OBLIGATION_WORD = /^(wajib|diwajibkan|harus|mesti|musti|perlu|must|have|has|need|needs|required|mandatory|compulsory|obligatory)$/i
/**
 * With no action asked ("Apakah TPB wajib?"), what says the subject must be taken part in: a word of
 * obligation before one of taking part ("… yang wajib diikuti …"), or a word of option; not one said
 * of something else ("… harus bebas dari kekerasan …", what the activity must be).
 */
const TAKEN_PART_IN = /\b(?:wajib|diwajibkan|harus|mesti|perlu|must|required to|have to)\s+(?:\p{L}+\s+)?(?:diikuti|mengikuti|ikut|dijalani|menjalani|dihadiri|menghadiri|attend|attended|take|taken|follow|followed|complete|completed)\b|\b(?:mandatory|compulsory|obligatory|pilihan|opsional|sukarela|bebas memilih|optional|voluntary|may choose)\b/iu
/** How many words from the action a word of obligation or option may be to be said of it. */
const REACH = 3

/** The action a question asks whether one must take, and what it is done to. */
export interface ObligedAction {
  /** Terms of the first content word after the word of obligation ("wajib tinggal …": tinggal; "have to live …": live). */
  action: string[]
  /**
   * Content terms of the words after it ("… di asrama": asrama; "… tugas akhir ke Digilib": tugas,
   * akhir, Digilib's), none when they are only names ("… menjaga IPK"), which score.ts looks for in
   * every sentence.
   */
  object: string[]
  /**
   * The question's names and the words before its word of obligation, when the action has no object
   * ("OSKM wajib ikut ga?": taking part in OSKM):
   * the sentence must name what is taken part in, not say it of another thing ("… mengikuti wisuda harus …").
   */
  named: string[]
}

function objectOf (found: string[], names: ReadonlySet<string>): string[] {
  return found.every((term) => names.has(term)) ? [] : found
}

/** The action and its object; none when nothing follows the word of obligation ("Apakah TPB wajib?": it is said of the question's subject). */
export function obligedAction (formal: string, mode: StemMode, names: ReadonlySet<string>): ObligedAction {
  const words = formal.toLowerCase().match(WORD) ?? []
  const at = words.findIndex((word) => OBLIGATION_WORD.test(word))
  const content = (word: string): string[] => OBLIGATION_WORD.test(word) ? [] : terms(word, mode).filter((term) => termFactor(term) === 1)
  const after = at < 0 ? [] : words.slice(at + 1)
  const i = after.findIndex((word) => content(word).length > 0)
  if (i < 0) return { action: [], object: [], named: [] }
  const object = objectOf(after.slice(i + 1).flatMap(content), names)
  // Its subject: the question's names and the words before the word of obligation ("OSKM wajib ikut ga?").
  const subject = [...new Set([...names, ...words.slice(0, at).flatMap(content)])]
  return { action: content(after[i]), object, named: object.length === 0 ? subject : [] }
}

/**
 * Whether `text` says whether the action must be taken: a word of obligation or option within REACH
 * words of a word of the action, in a sentence with a word of what it is done to, or with no such
 * word, of the question's names (`has`: whether terms have one of the question's terms). With no action, one saying it is taken part in, or optional.
 */
export function saysWhetherObliged (text: string, { action, object, named }: ObligedAction, has: (termsOfText: string[], wanted: readonly string[]) => boolean, mode: StemMode): boolean {
  if (!OBLIGATION_OR_OPTION.test(text)) return false
  if (action.length === 0) return TAKEN_PART_IN.test(text)
  const words = text.match(WORD) ?? []
  if ((object.length > 0 && !has(terms(text, mode), object)) || (named.length > 0 && !has(terms(text, mode), named))) return false
  const near = words.map((word) => OBLIGATION_OR_OPTION_WORD.test(word))
  // One pass each way: the distance from each word to the nearest such word before it, and after it.
  let last = -Infinity
  const before = near.map((is, i) => { if (is) last = i; return i - last })
  last = Infinity
  const after: number[] = new Array<number>(words.length)
  for (let i = words.length - 1; i >= 0; i--) {
    if (near[i]) last = i
    after[i] = last - i
  }
  return words.some((word, i) => (before[i] <= REACH || after[i] <= REACH) && !near[i] && has(terms(word, mode), action))
}
