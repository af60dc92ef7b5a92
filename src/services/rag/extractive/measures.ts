// Numbers, dates and lengths of time, as questions ask for them and sentences give them: "kapan/when"
// a date or a time, "berapa lama/how long" a duration, "seberapa sering/how often" a frequency,
// "berapa nilai/what grade" a letter grade, and what a number in a sentence counts. The cues that use
// them are in question-types.ts.
import { laterOnLine } from './linear-patterns.ts'

export const MONTHS = 'januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember|january|february|march|may|june|july|august|october|december'
export const NUMBER_WORDS = 'satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|belas|puluh|ratus|ribu|seratus|seribu|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred|thousand'
/** Number words that count ("satu" is mostly an article: "salah satu", "satu program studi"). */
export const COUNT_WORDS = NUMBER_WORDS.replace(/^satu\|/, '').replace('|one|', '|')
export const DURATION_UNITS = 'tahun|semester|bulan|minggu|pekan|hari|jam|menit|years?|semesters?|months?|weeks?|days?|hours?|minutes?'

/** How long, asked outright or as what a length of time is ("What is the normal study period?", "Berapa masa studi S1?", "Masa studi maksimal berapa?"). */
export const DURATION_QUESTION = /\b(berapa lama|berapa tahun|berapa semester|how long|how many years)\b|\bwhat(?: is|'s) the (?:[\p{L}'-]+ ){0,2}(?:study period|period of study|length of study|duration)\b|\bberapa (?:\p{L}+ )?masa studi\b|\bmasa studi\b[^?]*\bberapa\b/iu
/** A measure of time: "dua semester", "3 years". */
export const MEASURE = `(?:(?<!\\d)\\d+|\\b(?:${NUMBER_WORDS}))\\s+(?:${DURATION_UNITS})\\b`
/** "Apakah boleh cuti dua semester?": whether it may last that long, which a limit on its length answers. */
export const MEASURED_YES_NO = new RegExp(laterOnLine(String.raw`\b(?:bisa|boleh|dapat|bisakah|bolehkah|dapatkah|can|may)\b`, MEASURE), 'i')

/** "Berapa nilai minimal lulus mata kuliah?", "Nilai berapa …?", "What grade …": a letter ("nilai D"), not a count. */
export const GRADE_QUESTION = /\b(berapa nilai|nilai (minimal|minimum|terendah|berapa|apa)|(what|which|minimum|lowest|passing|failing) grade)\b/i

/** How often ("Kapan wisuda biasanya …?", "Seberapa sering …?"); "kapan … biasanya" from the first "kapan" only (one scan). */
export const FREQUENCY_QUESTION = /^(?:(?!\b(?:kapan|when)\b)[\s\S])*\b(kapan|when)\b[\s\S]*\b(biasanya|umumnya|usually)\b|\b(seberapa sering|berapa kali|how often|how many times)\b/i

/** A date or a time ("awal/akhir" as a time, "awal 2000-an", not "datang lebih awal"; "setelah/sebelum …" before another subject than the question's). */
export const WHEN_GIVEN = new RegExp(`\\b(1[5-9]\\d\\d|20\\d\\d|\\d{4}-an|${MONTHS}|tanggal|abad|century|(awal|akhir|early|late) (\\d[\\w-]*|tahun|bulan|semester|abad|masa|periode|pekan|minggu|kuliah|the|in))\\b|\\b(setelah|sebelum|sejak|after|before|since) +[a-z0-9]`, 'i')

/**
 * A schedule the documents leave to the official pages, which publish it every year, or opening hours to
 * a unit's own site ("Jam buka Perpustakaan Pusat ITB dapat berbeda …, … informasi terbaru di lib.itb.ac.id").
 */
export const SCHEDULE_ELSEWHERE = new RegExp(laterOnLine(String.raw`\b(?:jadwal|schedules?|dates?|jam buka|opening hours)\b`,
  String.raw`\b(?:berubah|diumumkan|ditetapkan|laman|situs resmi|informasi resmi|informasi terbaru|changes?|announced|official)\b`))

/**
 * What a schedule dates ("Kapan pendaftaran SNBP dibuka?": the opening; "Kapan pengumuman SNBP?": the announcement): the schedule's pointer gives
 * it without naming it, so its document need not have the word (evidence.ts).
 */
export const SCHEDULED_EVENTS = 'buka dibuka mulai dimulai tutup ditutup selesai berakhir pengumuman open opens close closes start starts begin begins announcement'

/** A registration, in the words a question or a sentence says it with. */
const REGISTRATION_WORDS = 'daftar pendaftaran mendaftar register registration apply application'

/**
 * What a date is asked of besides its subject ("Kapan pendaftaran beasiswa dibuka?": the opening of a
 * registration), said alike of anything: the rest of a date question names whose date it is (evidence.ts).
 */
export const DATED_EVENTS = `${SCHEDULED_EVENTS} ${REGISTRATION_WORDS}`

/**
 * Events anything may have, a registration or an announcement ("Kapan pengumuman SNBP?", "Kapan
 * pendaftaran LPDP?"): a date is theirs only in a sentence naming them, or in a schedule's pointer (evidence.ts).
 */
export const NAMED_EVENTS = `${REGISTRATION_WORDS} pengumuman announcement`

/** Numbers that count (not "satu"/"one", which are mostly articles: "satu program studi"). */
const COUNTED = new RegExp(`(?:\\d+|\\b(?:${COUNT_WORDS})\\b)((?:[\\s,]+[\\p{L}\\p{N}'’-]+){1,5})`, 'giu')

/** The few words after each number of a sentence: what it counts ("144 SKS", "dua belas unit akademik setingkat fakultas"). */
export function countedWords (sentence: string): string[] {
  return [...sentence.matchAll(COUNTED)].map((match) => match[1])
}
