// What settles a question that language.ts's evidence leaves tied, mostly at nothing: a short question
// with no function word and no affix ("SNBT requirements?", "Biaya kuliah ITB?", "Hello"). Their few
// content words are read instead: words of each language that users type to this service, and spellings
// Indonesian does not use. Only ties get here, so longer text and mixed sentences read as before.

import { OPENS_SENTENCE, SPACES_ONLY, wordGap } from './word-gap.ts'

/**
 * English content words, not written so in Indonesian. Words Indonesian users type as they are
 * ("deadline", "program", "online", "interview", "passing grade", "ranking", "transfer") are left out.
 */
const ENGLISH_CONTENT = new Set([
  'requirement', 'requirements', 'admission', 'admissions', 'tuition', 'fee', 'fees', 'cost', 'costs',
  'price', 'scholarship', 'undergraduate', 'graduate', 'postgraduate', 'doctoral', 'doctorate', 'master',
  'bachelor', 'degree', 'campus', 'faculty', 'school', 'department', 'major', 'course', 'class', 'subject',
  'curriculum', 'exam', 'test', 'entrance', 'date', 'schedule', 'hours', 'library', 'dormitory', 'dorm',
  'housing', 'accommodation', 'address', 'office', 'phone', 'student', 'international', 'exchange',
  'english', 'taught', 'hello', 'thanks', 'thank', 'good', 'morning', 'afternoon', 'evening', 'night',
  'weather', 'life', 'living', 'aid', 'financial', 'loan', 'club', 'start', 'begin', 'opening', 'closing',
  'score', 'required', 'register', 'enroll', 'enrollment', 'science', 'engineering', 'architecture',
  'art', 'design', 'business', 'economics', 'mathematics', 'physics', 'chemistry', 'biology', 'informatics',
  'computer', 'electrical', 'civil', 'mechanical', 'medicine', 'law', 'research', 'lecturer', 'professor',
  'job', 'salary', 'career', 'parking', 'food', 'mosque', 'hospital', 'near', 'nearby', 'far', 'best',
  'cheap', 'expensive', 'new', 'quota', 'world', 'ceremony', 'freshmen', 'freshman', 'fresh', 'news'
])

/** Indonesian content words, slang and abbreviations that language.ts's function words do not hold. */
const INDONESIAN_CONTENT = new Set([
  'syarat', 'biaya', 'kuliah', 'jadwal', 'beasiswa', 'lokasi', 'kampus', 'jurusan', 'asrama', 'akreditasi',
  'daftar', 'ulang', 'hidup', 'informasi', 'kuota', 'jalur', 'masuk', 'fakultas', 'studi', 'prodi', 'wisuda',
  'alamat', 'mandiri', 'gaji', 'lulusan', 'lulus', 'uang', 'pangkal', 'nilai', 'rapor', 'ujian', 'tes',
  'halo', 'hai', 'kak', 'min', 'gan', 'mas', 'mbak', 'pak', 'bu', 'makasih', 'terima', 'kasih', 'selamat',
  'pagi', 'siang', 'sore', 'malam', 'kabar', 'mahasiswa', 'dosen', 'sarjana', 'magister', 'doktor', 'mata',
  'gedung', 'kantin', 'masjid', 'rumah', 'sakit', 'klinik', 'bayar', 'murah', 'mahal', 'gratis', 'tinggal',
  'kos', 'kost', 'kosan', 'dekat', 'jauh', 'bagus', 'kerja', 'lowongan', 'hasil', 'seleksi', 'tertulis',
  'berkas', 'dokumen', 'ijazah', 'transkrip', 'surat', 'rekomendasi', 'bahasa', 'inggris', 'tugas', 'akhir',
  'skripsi', 'tesis', 'disertasi', 'riset', 'beda', 'gelar', 'lama', 'minggu', 'hari', 'jam', 'buka',
  'tutup', 'negeri', 'swasta', 'luar', 'asing', 'pelajar', 'siswa', 'sekolah', 'cepat', 'pindah', 'cuti',
  'gmn', 'brp', 'dmn', 'kpn', 'knp', 'gk', 'ga', 'tdk', 'dgn', 'jg', 'sdh', 'blm', 'krn', 'tp', 'sy', 'bs',
  'thn', 'bgt', 'mksh', 'trs', 'klo'
])

/** An English plural after a consonant Indonesian words do not end in before -s ("requirements", "hours"). */
const ENGLISH_PLURAL = /(?:[bdglmnprtwy]s|ies)$/
/** Letter pairs of English spelling that Indonesian spelling does not use ("weather", "English", "good"). */
const ENGLISH_SPELLING = /th|sh|wh|ph|ck|ee|oo|ou/
/** Letter pairs of Indonesian spelling that English does not use ("nyaman", "ngoding", "syarat"). */
const INDONESIAN_SPELLING = /ny|^ng|sy|kh/

const WORD = /[\p{L}']+/gu
/** Only a short text can be tied for want of evidence; a long one is not read to its end. */
const MAX_WORDS = 40

/**
 * Content evidence for one lower-case word: a listed word 1, a spelling or plural of one language ½
 * unless it was `capitalised` (a name's: "Ganesha", "Bandoeng").
 */
function contentEvidence (word: string, capitalised: boolean): number {
  if (ENGLISH_CONTENT.has(word)) return 1
  if (INDONESIAN_CONTENT.has(word)) return -1
  if (capitalised) return 0
  let evidence = 0
  if (word.length >= 4 && ENGLISH_PLURAL.test(word)) evidence += 0.5
  if (ENGLISH_SPELLING.test(word)) evidence += 0.5
  if (INDONESIAN_SPELLING.test(word)) evidence -= 0.5
  return evidence
}

/**
 * English content evidence minus Indonesian in `text` (its first 40 words): positive English, negative
 * Indonesian, 0 neither. Names count for neither, as in languageScores: a word with a capital inside it
 * ("SNBT", "PhD"), a capitalised word inside a sentence ("Jatinangor" in "Kampus Jatinangor"), and a
 * sentence's capitalised first word when a capitalised word follows it ("International Undergraduate
 * Program"). Nor does a word `counted` says languageScores has already read as evidence ("the", "ditawarkan").
 */
export function contentBalance (text: string, counted: (word: string) => boolean = () => false): number {
  let balance = 0
  /** A sentence's capitalised first word's evidence, held until the next word says it opens no name. */
  let held = 0
  let count = 0
  let end = 0
  WORD.lastIndex = 0
  for (let match = WORD.exec(text); match !== null && ++count <= MAX_WORDS; match = WORD.exec(text)) {
    const gap = wordGap(text, end, match.index)
    const opening = end === 0 || (gap & OPENS_SENTENCE) !== 0
    const spacesOnly = (gap & SPACES_ONLY) !== 0
    end = match.index + match[0].length
    const raw = match[0]
    const word = raw.toLowerCase()
    const capitalised = raw !== word
    if (!(capitalised && !opening && spacesOnly)) balance += held
    held = 0
    // A word with an apostrophe is English's own ("master's"), already read as a function word.
    if (raw.slice(1) !== word.slice(1) || (capitalised && !opening) || word.includes("'") || counted(word)) continue
    if (capitalised) held = contentEvidence(word, true)
    else balance += contentEvidence(word, false)
  }
  return balance + held
}
