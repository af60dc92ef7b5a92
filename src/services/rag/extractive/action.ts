// The action a yes/no question asks whether one may take ("Apakah bisa pindah program studi setelah
// penjurusan?": pindah, done to a program studi; "… boleh ikut SNBT juga?": ikut SNBT). A sentence
// has it only as the question means it: not made causative ("memindahkan lokasi …": someone moves
// something, for "pindah"), nor as another phrase ("perpindahan panas", heat transfer, for "pindah
// program studi"). With no sentence that has it the question is declined: what the passages say
// about its other words ("Dalam proses penjurusan, mahasiswa mengisi urutan pilihan program studi …")
// does not say whether it may be done. English ones too ("Can I change my study program after the
// major selection?": change, done to a study program); used by score.ts.
import { quantityOpening } from './quantity.ts'
import { JOINING } from './requirement-object.ts'
import { terms, termFactor, WORD } from './terms.ts'
import type { StemMode } from './terms.ts'

/** A question word: the question asks something else than whether ("Siapa yang boleh ikut?"). */
const QUESTION_WORD = /\b(apa|siapa|kapan|mana|dimana|bagaimana|gimana|berapa|seberapa|mengapa|kenapa|what|who|when|where|which|how|why)\b/i
const MODAL = /^(bisa|boleh|dapat|bisakah|bolehkah|dapatkah)$/i
/** An English yes/no question opens with its modal ("Can I …", "May students …"). */
const MODAL_EN = /^(can|may|could)$/i
/** The doer after an English modal ("Can I change …", "Can the students …"). */
const DOER_EN = /^(i|we|you|he|she|they|one|student|students|someone|anyone|a|an|the)$/i
/** The doer's own word, after what describes it ("Can international students apply …?": the action is "apply", not "international"). */
const DOER_NOUN_EN = /^(i|we|you|he|she|they|students?|applicants?|foreigners?|someone|anyone|people|parents?)$/i
/** Words after the modal the doer may take ("Can the new international students …"). */
const DOER_REACH_EN = 4
/**
 * An English verb takes its object after it, within a few words ("change to another study program"):
 * one followed by none of the question's words is intransitive, said of something else
 * ("requirements change from period to period").
 */
const OBJECT_REACH_EN = 3
/** Wanting or asking before the action ("bisa minta turun …"). */
const WANTING = /^(minta|meminta|mau|ingin|pengen|coba|mencoba)$/i
/** A number or number word opening what follows the action. */
const MEASURED = /^(\d|(satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|one|two|three|four|five|six|seven|eight|nine|ten)\b)/i
/** The causative or benefactive suffix: "memindahkan" moves something, "pindah" oneself. */
const CAUSATIVE = /kan(nya)?$/i
/** An Indonesian passive verb ("dicicil", "diturunkan"): di- before the stem. */
const PASSIVE = /^di\p{L}{3,}$/u
/** "Kuliah sambil kerja", "study while working": a second action taken at the same time. */
const ALONG = /^(sambil|sembari|seraya|while)$/i

export interface AskedAction {
  /** The action's stem and the word as the question writes it. */
  stem: string
  word: string
  /**
   * Terms of the word right after it, what it is done to ("program"), none when a function word
   * follows; in English, of the OBJECT_REACH_EN words after it ("my study program").
   */
  object: string[]
  /**
   * The action taken at the same time ("sambil kerja"), which the same sentence must have too, both as
   * their own words (closed), not with another word making them another thing ("kerja kelompok",
   * group work; "kuliah tamu", a guest lecture).
   */
  along?: AskedAction
  /** Its object is what "more than one" counts ("ikut lebih dari satu UKM"): several of it are joined. */
  several?: boolean
  /** Its bare word is had only followed by a function word, the end or a word of the question, even with no object. */
  closed?: boolean
  /** How many words after it may say what it is done to (a procedure's: "Pendaftaran mahasiswa pascasarjana …"); one when unset. */
  reach?: number
}

/** A word with a content term of full weight (not a function word, a light verb or the institution's name). */
function isTopicalWord (word: string): boolean {
  const [stem] = terms(word, 'id')
  return stem !== undefined && termFactor(stem) === 1
}

/** The action after the modal of an Indonesian yes/no question (or before it, when nothing follows), when it is a topical word. */
export function askedAction (formal: string, mode: StemMode): AskedAction | undefined {
  if (QUESTION_WORD.test(formal)) return undefined
  const words = formal.toLowerCase().match(WORD) ?? []
  let i: number
  if (mode === 'id') {
    i = words.findIndex((word) => MODAL.test(word)) + 1
    if (i === 0) return undefined
    while (i < words.length && WANTING.test(words[i])) i++
  } else {
    if (!MODAL_EN.test(words[0] ?? '')) return undefined
    const noun = words.slice(1, 1 + DOER_REACH_EN).findIndex((word) => DOER_NOUN_EN.test(word))
    i = noun < 0 ? 1 : noun + 2
    while (i < words.length && DOER_EN.test(words[i])) i++
  }
  // "Kalau mau pindah jurusan, bisa ga?": with no topical word after the modal (a tag, the end), the
  // action is the first topical word before it, past wanting ("mau pindah").
  if (mode === 'id' && !words.slice(i).some(isTopicalWord)) i = words.findIndex((other, k) => k < i && isTopicalWord(other) && !WANTING.test(other))
  // "Bisa bayar UKT dicicil?": a passive verb after the action's object, the last topical word, says
  // what is done to it (paid in instalments): that is the action asked.
  else if (mode === 'id') {
    const last = words.findLastIndex(isTopicalWord)
    if (last > i + 1 && PASSIVE.test(words[last]) && isTopicalWord(words[i + 1])) i = last
  }
  const word = words[i]
  const [stem] = word === undefined ? [] : terms(word, mode)
  if (stem === undefined || termFactor(stem) !== 1) return undefined
  // A number after it measures it ("cuti dua semester"), it is no object.
  const object = mode === 'id' ? words[i + 1] ?? '' : words.slice(i + 1, i + 1 + OBJECT_REACH_EN).join(' ')
  const j = words.findIndex((other, k) => k > i && ALONG.test(other)) + 1
  const [alongStem] = j === 0 || words[j] === undefined ? [] : terms(words[j], mode)
  const along = alongStem === undefined || termFactor(alongStem) !== 1 ? undefined : { stem: alongStem, word: words[j], object: [], closed: true }
  // Both then as their own words: "kuliah tamu" (a guest lecture) is no studying either.
  // "Bisa ikut lebih dari satu UKM?": what "more than one" counts is what is joined (quantity.ts); "cuti lebih dari satu semester" measures.
  const counted = mode === 'id' && JOINING.test(word) ? quantityOpening(words.slice(i + 1), mode) : []
  return { stem, word, object: counted.length > 0 ? counted : MEASURED.test(object) ? [] : terms(object, mode), ...(counted.length > 0 ? { several: true } : {}), ...(along !== undefined ? { along, closed: true } : {}) }
}

/** Words after a procedure's action that may say what it is done to ("Pendaftaran mahasiswa pascasarjana ITB", "jalur masuk program sarjana (S1) ITB"). */
const PROCEDURE_REACH = 4
/** "cara" before the action a procedure question asks how to take ("Bagaimana cara pindah jurusan?"). */
const PROCEDURE = /^(cara|caranya)$/i

/**
 * The action a procedure question asks how to take ("Bagaimana cara pindah jurusan?": pindah, done to
 * a jurusan), when the word after "cara" is topical. A sentence without it as asked ("perpindahan
 * panas", heat transfer) does not have its stem; unlike a yes/no question's, a sentence may still
 * answer without the action's word ("Cara masuknya gimana?" after "Apa itu UKM?": the units' Open House).
 */
export function procedureAction (formal: string, mode: StemMode): AskedAction | undefined {
  if (mode !== 'id') return undefined
  const words = formal.toLowerCase().match(WORD) ?? []
  let i = words.findIndex((word) => PROCEDURE.test(word)) + 1
  if (i === 0) return undefined
  while (i < words.length && WANTING.test(words[i])) i++
  const word = words[i]
  const [stem] = word === undefined ? [] : terms(word, mode)
  if (stem === undefined || termFactor(stem) !== 1) return undefined
  return { stem, word, object: terms(words[i + 1] ?? '', mode), reach: PROCEDURE_REACH }
}

/**
 * Whether `text` has the action as the question asks it: a word of its stem, not causative when the
 * question's is the bare stem, followed by a function word, the end, or a word of the question
 * (`asked`) when the question says what the action is done to (in English, a word of the question
 * within OBJECT_REACH_EN words).
 */
export function takesAction (text: string, action: AskedAction, asked: (termsOfWord: string[]) => boolean, mode: StemMode): boolean {
  const words = text.match(WORD) ?? []
  return words.some((word, i) => {
    if (terms(word, mode)[0] !== action.stem) return false
    if (mode === 'id' && action.word === action.stem && CAUSATIVE.test(word) && !CAUSATIVE.test(action.stem)) return false
    // Closed, its bare word stands on its own ("kerja kelompok" is another thing); a verb form is the action ("bekerja paruh waktu").
    const closed = action.closed === true && word.toLowerCase() === action.stem
    if (action.object.length === 0 && !closed) return true
    if (mode !== 'id' && !closed) return asked(terms(words.slice(i + 1, i + 1 + OBJECT_REACH_EN).join(' '), mode))
    const after = terms(words[i + 1] ?? '', mode)
    return after.length === 0 || asked(action.reach === undefined ? after : terms(words.slice(i + 1, i + 1 + action.reach).join(' '), mode))
  })
}
