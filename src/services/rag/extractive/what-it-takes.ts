// What it takes, as a question asks it: what to prepare ("apa yang harus disiapkan"), the requirements
// ("apa saja syarat …"), who may ("siapa yang bisa …"), what it is decided on ("bagaimana … ditentukan"),
// and how a sentence shows what a selection or a degree requires, assesses or tests. The cues that
// use them are in question-types.ts.
import { laterOnLine, QUESTION_END } from './linear-patterns.ts'

/** "Siapa yang bisa dapat KIP Kuliah?", "Who can apply for …?": who is eligible, not a person's name. */
export const ELIGIBILITY_QUESTION = /\b(siapa( saja)? yang (bisa|boleh|dapat|berhak)|who (can|may|is eligible|are eligible|qualifies)|(terbuka|dibuka) (untuk|bagi|buat) siapa|open to whom|(who|whom) (is|are) (?:[\p{L}'’]+ ){0,3}open to)\b/iu

/**
 * "Apa yang harus disiapkan agar lolos SNBP?", "Persiapan apa untuk …?", "What do I need to prepare
 * for …?": what it takes, as the documents say it, its requirements and what it assesses.
 */
export const PREPARATION_QUESTION = /\b(apa( saja)? yang (harus|perlu|mesti|wajib|sebaiknya) (di)?(siap|persiap)kan|(harus|perlu|mesti) (menyiapkan|mempersiapkan|siapkan|persiapkan|siap-siap) apa|persiapan(nya)? apa|what (do|should|must) (i|we|you|students?|applicants?) (need to |have to )?prepare|how (do|should|can) (i|we|you) prepare)\b/i
/**
 * What a selection or a degree requires, assesses or tests ("… yang memenuhi syarat …", "Penilaian SNBP
 * terutama memakai nilai rapor …"), what one does to become a member ("Untuk menjadi anggota himpunan, mahasiswa umumnya mengikuti …"); a test as a place ("… di pusat-pusat tes …", "test centres") is where, not what.
 */
export const WHAT_IT_TAKES = /\b((?:untuk|agar|supaya) (?:menjadi|jadi) anggota|to become a member|syarat|persyaratan|memenuhi|wajib|harus|mengunggah|melampirkan|dokumen|berkas|portofolio|rapor|penilaian|dinilai|memakai|mempertimbangkan|eligible|materi|mencakup|berfokus|requirements?|required|must|submit|upload|documents?|portfolio|assessed|focus(?:es|ed)? on)\b|(?<!\b(?:pusat(?:-pusat)?|lokasi|tempat|ruang|berdasarkan) )\b(tes|ujian)\b|\b(tests?|exams?)\b(?! (?:cent(?:er|re)s?|sites?|venues?|locations?)\b)/i
/**
 * For whom it is, as a sentence says it ("Calon penerima KIP Kuliah umumnya adalah lulusan …", "… terbuka
 * bagi …", "… yang beranggotakan …", "… yang memenuhi syarat …"), not "… tidak lagi memenuhi syarat" (when it stops).
 */
export const ELIGIBLE = /\b(calon penerima|berhak|terbuka bagi|yang beranggotakan|whose members are|dibuka (untuk|bagi)|dapat diajukan oleh|persyaratan|(?<!\btidak (?:lagi )?)memenuhi syarat|eligible|open to|requirements?)\b/i
/** Headings over who may apply or what it takes, whole ("Siapa yang Dapat Mendaftar", "Persyaratan Umum", "General Requirements"). */
export const REQUIREMENT_SECTION = /^(siapa( saja)? yang (dapat|bisa|boleh|berhak) \p{L}+|who (can|may) apply|eligibility|(persyaratan|syarat)( umum)?|(general )?requirements)$/iu
/**
 * What one who has it must do to keep it ("… wajib menjaga prestasi akademik … agar bantuannya tetap
 * berlanjut", "… dapat dihentikan apabila penerima tidak lagi memenuhi syarat"): obligations while
 * one has it, not what it takes to get it.
 */
export const KEEPING = /\b(agar (?:\p{L}+ )?tetap (berlanjut|berlaku|diberikan|diterima|didapat|aktif)|tidak lagi memenuhi (syarat|persyaratan|ketentuan)|no longer (meets?|eligible|qualif(y|ies))|to (keep|remain) (eligible|receiving))\b/iu
/** The words of a question for what it takes that name the requirements themselves: a sentence saying what keeps it has them in another sense. */
export const REQUIREMENT_WORDS = 'syarat persyaratan requirement requirements'
/**
 * "Apa saja syarat lulus …?", "Gimana syarat masuk …?", "Syaratnya apa?", "Syarat daftar jalur mandiri apa saja?", "What are the graduation
 * requirements …?", "What are the undergraduate admission requirements?", "SNBT requirements?": the requirements,
 * which the documents give one by one; "What do I need to …?", "Apa yang dibutuhkan untuk …?" too, restated (restatedNeed).
 */
export const REQUIREMENT_QUESTION = new RegExp(String.raw`\b((apa( s?aja)?|gimana|bagaimana) (syarat|persyaratan)|(syarat|persyaratan)(nya)? apa|what are the ([\p{L}'’]+ ){0,3}requirements)\b|^\s*(syarat|persyaratan)(nya)?\b[^?.!]*\bapa( s?aja)?${QUESTION_END}|^\s*([\p{L}'’]+ ){1,3}requirements${QUESTION_END}`, 'iu')
/**
 * "What do I need to get into ITB as a master's student?" asks "What are the requirements to get into …?", "Apa yang
 * dibutuhkan untuk daftar S2?" "Apa syarat untuk daftar S2?": said so, its words are those of the sentences giving them
 * ("persyaratan", "requirements"), not a need of something else ("… will also need a study permit …").
 */
export function restatedNeed (question: string): string {
  return question
    .replace(/\b(w)hat (?:do|does|would|will) (?:i|we|you|one|students?|applicants?) need (to|for)\b(?! prepare\b)|\b(w)hat does it take (to)\b/i,
      (_, w: string | undefined, to: string | undefined, w2: string | undefined, to2: string | undefined) => `${w ?? w2 ?? 'w'}hat are the requirements ${to ?? to2 ?? 'to'}`)
    // "What does a master's student need to …?": the requirements for whom it names ("… for a master's student to …").
    .replace(/\b(w)hat (?:do|does|would|will) ((?:an? |the )?(?:[\p{L}'’]+ )?(?:students?|applicants?)) need (to|for)\b(?! prepare\b)/iu,
      (_, w: string, who: string, to: string) => `${w}hat are the requirements for ${who} ${to}`)
    .replace(/\b(a)pa( s?aja)? yang (?:saya |aku |kita )?(?:perlu(?:kan)?|butuhkan|diperlukan|dibutuhkan) (untuk|agar|supaya)\b/i,
      (_, a: string, all: string | undefined, to: string) => `${a}pa${all ?? ''} syarat ${to}`)
}
/** Words of such a question that ask for what it takes, not what it is about (nor "Tahap Persiapan Bersama"). */
export const PREPARATION_WORDS = ['harus', 'perlu', 'mesti', 'need', 'disiapkan', 'dipersiapkan', 'siapkan', 'persiapkan', 'menyiapkan', 'mempersiapkan', 'siap-siap', 'persiapan', 'persiapannya', 'prepare', 'preparation']

/** "Bagaimana UKT ditentukan?", "How is the fee determined?", "… ditentukan berdasarkan apa?": what it is decided on. */
export const BASIS_QUESTION = new RegExp([
  laterOnLine(String.raw`\b(?:bagaimana|gimana)\b`, String.raw`\b(?:ditentukan|ditetapkan|dihitung|diputuskan)\b`),
  laterOnLine(String.raw`\bhow (?:is|are|was|were)\b`, String.raw`\b(?:determined|decided|calculated|set)\b`),
  String.raw`\b(?:ditentukan|ditetapkan|dihitung) berdasarkan apa\b|\bdasar (?:penentuan|penetapan|perhitungan)\b|\bbased on what\b`
].join('|'), 'i')

/** "Jalur mandiri pakai tes apa?", "Which test does SNBT use?": the test a selection uses. */
export const WHICH_TEST_QUESTION = /\b(tes|ujian|test|exam)(nya)? (apa|mana)\b|\bapa (tes|ujian)(nya)?\b|\b(which|what) (tests?|exams?)\b/i
/**
 * A test named: an acronym of one ("nilai UTBK"), "Tes Potensi Skolastik", a written test (or none:
 * "SNBP tidak menggunakan ujian tulis"); not a test in a selection's name ("Berdasarkan Tes (SNBT)").
 */
export const TEST_NAMED = /\b(UTBK|TPS|TPA|TOEFL|IELTS|SAT|GRE|GMAT)\b|\b(Tes|Test) \p{Lu}|\b(ujian|tes) tulis\b|\bwritten (tests?|exams?)\b/u
