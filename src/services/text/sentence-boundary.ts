// Whether a full stop ends a sentence in Indonesian (and English) text: the one rule behind both
// sentence splitters, the passages' (sentences.ts) and the spoken answers' (spoken-sentences.ts).
// A period after an abbreviation ("Jl.", "Prof.", "S.T.", "dll. dan"), an initial ("B. J. Habibie")
// or a list number ("1. Daftar") does not end a sentence; one after a host name ("www.itb.ac.id."),
// a letter naming one of a kind ("Paket C.") or a Roman numeral ("Perang Dunia I.") before a capital does.

/** Abbreviations after which a period does not end a sentence (lowercase, without the period). */
export const ABBREVIATIONS: ReadonlySet<string> = new Set([
  // streets, places and administrative units
  'jl', 'jln', 'gg', 'no', 'nos', 'kec', 'kab', 'kel', 'prov', 'rt', 'rw', 'kp', 'ds', 'gd',
  // titles, ranks and forms of address
  'dr', 'drs', 'dra', 'prof', 'ir', 'h', 'hj', 'kh', 'st', 'let', 'jen', 'jend', 'kol', 'letkol', 'mayjen',
  'brigjen', 'letjen', 'purn', 'bpk', 'sdr', 'sdri', 'tn', 'ny', 'nn', 'mr', 'mrs', 'ms', 'yth', 'jr', 'sr',
  // contact details, documents and money
  'tel', 'telp', 'hp', 'fax', 'hlm', 'vol', 'fig', 'rp', 'pk', 'ps', 'a.n', 'u.p', 'cq',
  // organisations and the rest
  'dept', 'univ', 'inc', 'ltd', 'vs', 'approx', 'dsb', 'dkk'
])

/** Abbreviations that usually end a sentence when a capital follows ("…, pena, dll. Mahasiswa …"). */
const SENTENCE_FINAL_ABBREVIATIONS: ReadonlySet<string> = new Set(['dll', 'dst', 'etc'])

/** Words naming one of a kind by its letter ("lulusan Paket C", "Kelas B", "Type A"): the letter is no initial. */
const LETTER_DESIGNATOR = /^(paket|kelas|kelompok|golongan|tipe|jenis|gelombang|tahap|blok|zona|kategori|nilai|huruf|type|class|group|package|category|grade|stage|block|zone)$/i

/** A list number or letter ("1.", "a.") right after a colon or at the start of the text. */
const LIST_MARKER = /^(?:\d{1,2}|[a-zA-Z])$/

/**
 * Whether the period after `word` ends a sentence. `word` is what stands before the period, with
 * opening quotes and brackets removed; `previous` the whitespace-separated word before it (undefined
 * at the start of the text); `next` what follows the whitespace after the period (a word or only
 * its first character).
 */
export function periodEndsSentence (word: string, previous: string | undefined, next: string): boolean {
  if (word === '') return true
  if (/^\p{Ll}/u.test(next)) return false // "dll. dan", "dr. dst" go on in lowercase
  const lower = word.toLowerCase()
  if (SENTENCE_FINAL_ABBREVIATIONS.has(lower)) return true
  if (ABBREVIATIONS.has(lower)) return false
  if (LIST_MARKER.test(word) && (previous === undefined || /[:;]$/.test(previous)) && !/^\p{Lu}$/u.test(word)) return false
  // The last label has two characters or more: "{2}$", as "{2,}$" is read from each letter of a long label before a short one.
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(word) && /[a-z0-9-]{2}$/.test(word)) return true // www.itb.ac.id.
  if (/\p{L}\.\p{L}/u.test(word)) return false // S.T., Ph.D., M.Sc., s.d.
  if (/^\p{Lu}$/u.test(word)) {
    // An initial ("Jen. H. Mashudi", "adalah B. J. Habibie") unless it closes a list ("A, B, … dan E.
    // Setiap …", "… nilai A, B. Setiap …").
    if (previous === undefined) return false
    // A letter naming one of a kind ("… serta lulusan Paket C. Siswa …") or a Roman numeral after a
    // name ("Perang Dunia I. Pada …") is the end of a word like any other.
    if (LETTER_DESIGNATOR.test(previous) || (/^[IVX]$/.test(word) && /^\p{Lu}\p{Ll}+$/u.test(previous))) return true
    return /[,;:]$/.test(previous) || /^(dan|atau|serta|and|or)$/i.test(previous)
  }
  return true
}
