// For whom a thing is open is what it takes to join it: "Berbeda dengan himpunan …, unit kegiatan mahasiswa
// terbuka bagi mahasiswa ITB dari semua jurusan dan angkatan." gives the requirements "Apa syarat ikut UKM?"
// asks, in other words than "syarat". So do whom it has for members ("Setiap program studi … memiliki satu
// himpunan yang beranggotakan mahasiswa program studi tersebut.") and what one does to become one ("Untuk menjadi
// anggota himpunan, mahasiswa umumnya mengikuti proses pengaderan …"), for "Apa syarat masuk himpunan?". Such a
// sentence has the requirement words (score.ts, as one under a "Persyaratan" heading has them: headings.ts) when
// what it says is open, has members or is joined is what the requirements are asked of (requirement-object.ts),
// named in its clause before "terbuka bagi" or "(yang) beranggotakan", or after "menjadi anggota": not the himpunan
// a unit is set against ("Berbeda dengan himpunan yang beranggotakan …"). Asked whether one may join it ("Apakah semua
// mahasiswa bisa ikut UKM?", "Apakah mahasiswa jurusan lain bisa ikut himpunan?"), such a sentence takes the joining
// asked (action.ts): whom it is open to or has for members says who may. Whether one may join several ("Apakah
// mahasiswa bisa ikut lebih dari satu UKM?") a sentence joining them says too ("Mahasiswa dapat bergabung dengan
// lebih dari satu unit", its quantity kept only when it counts what is asked: quantity.ts); not whether one may join
// at all ("Apakah semua mahasiswa bisa ikut UKM?": whom it is open to), nor what it takes (openToWords). The words of a clause have their document's short names (short-names.ts).
import type { AskedAction } from './action.ts'
import { JOINING } from './requirement-object.ts'
import { fixedTerms, terms } from './terms.ts'
import type { StemMode } from './terms.ts'
import { REQUIREMENT_WORDS } from './what-it-takes.ts'

/** "terbuka bagi"/"open to": the clause before it (after the last comma, semicolon or colon before it) is what is open. */
const OPEN_TO = /\b(?:terbuka (?:bagi|untuk)|(?:is|are) open to)\b/iu
/** "(yang) beranggotakan"/"whose members are": the clause before it has them for members. */
const HAS_MEMBERS = /\b(?:(?:yang )?beranggotakan|whose members are)\b/iu
/** The clause after "(untuk) menjadi anggota"/"to become a member of" (up to a comma): what one joins. */
const BECOMING_MEMBER = /\b(?:menjadi anggota|become a member of)\s+([^,;:.]*)/iu
/** The words after "bergabung dengan"/"join" (up to a comma): what one joins. */
const JOINED_WITH = /\b(?:bergabung dengan|join)\s([^,;:.]*)/iu
/** A clause setting one thing against another ("Berbeda dengan himpunan …", "Unlike …"): not what the sentence says is open. */
const SET_AGAINST = /^\s*(?:berbeda dengan|tidak seperti|unlike)\b/iu

/**
 * The clause before the first match of `pattern`, from the last comma, semicolon, colon or full stop before it; found
 * by position, not by a pattern with the clause in it ("([^,;:.]*?)\s*\b…", tried from every word, took minutes on a
 * 5,000-character sentence).
 */
function clauseBefore (text: string, pattern: RegExp): string | undefined {
  const at = pattern.exec(text)?.index
  if (at === undefined) return undefined
  const before = text.slice(0, at)
  return before.slice(Math.max(...[',', ';', ':', '.'].map((mark) => before.lastIndexOf(mark))) + 1)
}

/** The clauses of a sentence naming what it says is open, has members or is joined. */
function whatIsJoined (text: string): string[] {
  const before = [OPEN_TO, HAS_MEMBERS].map((pattern) => clauseBefore(text, pattern)).filter((clause): clause is string => clause !== undefined && !SET_AGAINST.test(clause))
  const after = BECOMING_MEMBER.exec(text)?.[1]
  return after === undefined ? before : [...before, after]
}

/**
 * For a requirement question asking them of `object` (its terms), the requirement words a sentence has by
 * saying that it is open to someone, whom it has for members or what one does to become one; none when it
 * says so of something else, or the question asks of nothing.
 */
export function openToWords (text: string, object: readonly string[], match: Match, mode: StemMode): readonly string[] {
  return joins(text, object, match, mode) ? fixedTerms(REQUIREMENT_WORDS, mode) : []
}

/**
 * Whether a sentence takes the joining a yes/no question asks whether one may do ("bisa ikut UKM": ikut, done
 * to a UKM) by saying for whom what it is done to is open, whom it has for members or what one does to become one.
 */
export function joinsAsked (text: string, action: AskedAction, match: Match, mode: StemMode): boolean {
  if (!JOINING.test(action.word)) return false
  const joined = action.several === true ? JOINED_WITH.exec(text)?.[1] : undefined
  return joins(text, action.object, match, mode, joined === undefined ? [] : [joined])
}

type Match = (termsOfText: Set<string>, term: string) => number

/** Whether the sentence says `object` (its terms, all of them) is open, has members or is joined (or is in `more`, clauses of it). */
function joins (text: string, object: readonly string[], match: Match, mode: StemMode, more: readonly string[] = []): boolean {
  if (object.length === 0) return false
  return [...whatIsJoined(text), ...more].some((clause) => {
    const said = new Set(terms(clause, mode))
    return object.every((term) => match(said, term) > 0)
  })
}
