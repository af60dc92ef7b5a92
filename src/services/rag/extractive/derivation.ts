// A word the question derives from a stem may name another thing than the stem's other forms:
// "kedokteran" (medicine) is not the "dokter" of "surat keterangan dokter", and "dibuka" (opened: when
// registration opens) is not "terbuka bagi lulusan …" (open to graduates). A sentence has the
// question's ke-…-an noun only as that noun, and its di- or meN- verb not as a ter- adjective; it
// keeps the stem's other forms ("pendaftaran" for "mendaftar"); its peN-…-an noun not as the bare stem
// ("pendaftaran IUP" is not "… daftarnya diumumkan setiap tahun"). Used by score.ts on every candidate.
import { termFactor, terms, WORD } from './terms.ts'
import type { StemMode } from './terms.ts'

/** A ke-…-an noun ("kedokteran", "kehutanan"). */
const KE_AN = /^ke\p{L}{3,}an$/u
/** A peN-…-an noun ("pendaftaran", "pengumuman"): the action, which the bare stem is not ("daftarnya": its list; "umum": general). */
const PE_AN = /^pe\p{L}{3,}an$/u
/** A di- or meN- verb ("dibuka", "membuka"). */
const VERB = /^(di|me)\p{L}{3,}$/u
/** A ter- form ("terbuka", "terdaftar"): a state, not the action. */
const STATIVE = /^ter\p{L}{3,}$/u

export interface DerivedWord {
  stem: string
  /** Whether a sentence's word of the same stem has the question's word as it means it. */
  accepts: (word: string) => boolean
}

/** The question's topical words whose derivation a sentence must share (Indonesian only). */
export function derivedAsked (formal: string, mode: StemMode): DerivedWord[] {
  if (mode !== 'id') return []
  const derived: DerivedWord[] = []
  for (const word of formal.toLowerCase().match(WORD) ?? []) {
    const [stem] = terms(word, mode)
    if (stem === undefined || stem === word || termFactor(stem) !== 1) continue
    if (KE_AN.test(word)) derived.push({ stem, accepts: (other) => other.replace(/nya$/, '') === word })
    else if (VERB.test(word)) derived.push({ stem, accepts: (other) => !STATIVE.test(other) })
    else if (PE_AN.test(word)) derived.push({ stem, accepts: (other) => other.replace(/nya$/, '') !== stem })
  }
  return derived
}

/** Whether `text` has the derived word as the question means it: some word of its stem that it accepts. */
export function hasDerived (text: string, derived: DerivedWord, mode: StemMode): boolean {
  return (text.toLowerCase().match(WORD) ?? []).some((word) => derived.accepts(word) && terms(word, mode)[0] === derived.stem)
}
