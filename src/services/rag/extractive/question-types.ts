// What kind of answer a question asks for, read from its shape, and how a sentence shows it has
// that kind: "kapan/when" wants a date, "di mana/where" a place, "berapa/how many" a number, "berapa
// biaya/how much" an amount or, where the documents deliberately give none, the pointer to where it
// is published; "siapa pendiri/who founded" the doer named after the deed; "fakultas apa" a faculty,
// or a sentence of a faculty's own document; "berapa nilai/what grade" a letter grade ("nilai E"); "seberapa sering/
// kapan … biasanya" a frequency; "apa yang harus disiapkan/what to prepare" what it requires, assesses
// or tests; "bagaimana … ditentukan/how is … determined" what it is based on; "apakah … wajib/do I
// have to" whether it is an obligation (obligation.ts). Lists ("apa saja/which/sebutkan") are in lists.ts, definitions in definitions.ts.
import { ABBREVIATION_MEANING } from './follow-up.ts'
import type { Cue } from './cue.ts'
import { laterOnLine, QUESTION_END } from './linear-patterns.ts'
import { OBLIGATION_FORM_WORDS, OBLIGATION_OR_OPTION, OBLIGATION_QUESTION } from './obligation.ts'

const MONTHS = 'januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember|january|february|march|may|june|july|august|october|december'
const NUMBER_WORDS = 'satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|belas|puluh|ratus|ribu|seratus|seribu|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred|thousand'
/** Number words that count ("satu" is mostly an article: "salah satu", "satu program studi"). */
const COUNT_WORDS = NUMBER_WORDS.replace(/^satu\|/, '').replace('|one|', '|')
const DURATION_UNITS = 'tahun|semester|bulan|minggu|pekan|hari|jam|menit|years?|semesters?|months?|weeks?|days?|hours?|minutes?'

/**
 * A cost named with no question word ("Kalau biayanya?", "Biaya kuliahnya?", "What about the fees?")
 * asks what it is, as "berapa" would: not how to pay it, nor who to ask when one cannot.
 */
const BARE_COST = /^(?!.*\b(apa|apakah|siapa|kapan|mana|bagaimana|gimana|mengapa|kenapa|which|who|when|where|why|what(?! about)|how(?! about))\b).*\b(biaya\p{L}*|ukt|harga\p{L}*|tarif\p{L}*|cost|costs|fees?|price|tuition)\b/iu
const AMOUNT_QUESTION = new RegExp([
  laterOnLine(String.raw`\b(?:berapa|how much|what (?:is|are) the (?:cost|fees?|price|tuition))\b`, String.raw`\b(?:biaya\p{L}*|ukt|uang|harga\p{L}*|tarif\p{L}*|bayar\p{L}*|spp|cost|costs|fees?|price|tuition)\b`),
  laterOnLine(String.raw`\b(?:biaya\p{L}*|ukt|harga\p{L}*|tarif\p{L}*|cost|fees?|price|tuition)\b`, String.raw`\bberapa\b`),
  laterOnLine(String.raw`\bhow much\b`, String.raw`\b(?:cost|pay|charge)`), BARE_COST.source
].join('|'), 'iu')
const DURATION_QUESTION = /\b(berapa lama|berapa tahun|berapa semester|how long|how many years)\b/i
/** A measure of time: "dua semester", "3 years". */
const MEASURE = `(?:(?<!\\d)\\d+|\\b(?:${NUMBER_WORDS}))\\s+(?:${DURATION_UNITS})\\b`
/** "Apakah boleh cuti dua semester?": whether it may last that long, which a limit on its length answers. */
const MEASURED_YES_NO = new RegExp(laterOnLine(String.raw`\b(?:bisa|boleh|dapat|bisakah|bolehkah|dapatkah|can|may)\b`, MEASURE), 'i')

/** "Berapa nilai minimal lulus mata kuliah?", "Nilai berapa …?", "What grade …": a letter ("nilai D"), not a count. */
const GRADE_QUESTION = /\b(berapa nilai|nilai (minimal|minimum|terendah|berapa|apa)|(what|which|minimum|lowest|passing|failing) grade)\b/i

/** How often ("Kapan wisuda biasanya …?", "Seberapa sering …?"); "kapan … biasanya" from the first "kapan" only (one scan). */
const FREQUENCY_QUESTION = /^(?:(?!\b(?:kapan|when)\b)[\s\S])*\b(kapan|when)\b[\s\S]*\b(biasanya|umumnya|usually)\b|\b(seberapa sering|berapa kali|how often|how many times)\b/i

/** A date or a time ("awal/akhir" as a time, "awal 2000-an", not "datang lebih awal"; "setelah/sebelum …" before another subject than the question's). */
const WHEN_GIVEN = new RegExp(`\\b(1[5-9]\\d\\d|20\\d\\d|\\d{4}-an|${MONTHS}|tanggal|abad|century|(awal|akhir|early|late) (\\d[\\w-]*|tahun|bulan|semester|abad|masa|periode|pekan|minggu|kuliah|the|in))\\b|\\b(setelah|sebelum|sejak|after|before|since) +[a-z0-9]`, 'i')

/** A schedule the documents leave to the official pages, which publish it every year. */
const SCHEDULE_ELSEWHERE = new RegExp(laterOnLine(String.raw`\b(?:jadwal|schedules?|dates?)\b`, String.raw`\b(?:berubah|diumumkan|ditetapkan|laman|situs resmi|informasi resmi|changes?|announced|official)\b`))

/** Where the documents point instead of giving an amount that changes every year. */
const PUBLISHED_ELSEWHERE = /\b(tidak mencantumkan|situs resmi|laman|(?<![a-z0-9.-])[a-z0-9-]+\.itb\.ac\.id|diumumkan|ditetapkan setiap|panduan|official|website|announced|check)\b/i

/** An amount the documents say is set anew or changes ("… dapat berubah setiap periode", "reviewed each year"). */
const CHANGES = /\b(berubah|diperbarui|ditinjau|ditetapkan setiap|changes?|changing|reviewed|updated|set each)\b/i

/** A limit the documents leave to the academic regulations ("… batas masa studi maksimum yang ditetapkan dalam Peraturan Akademik ITB"). */
const SET_BY_REGULATIONS = /\b(ditetapkan|diatur|dibatasi|tercantum) (dalam|oleh) peraturan\b|\b(set|governed) by (the )?academic regulations\b/i

// "Apa arti SKS?", "What does UKT mean?": the meaning of an acronym is its definition.
export const DEFINITION_QUESTION = new RegExp(String.raw`^\s*(?i:apa itu|apakah itu|apa yang dimaksud|apa kepanjangan|apa singkatan|what is|what's|what does \S+ stand for)\b|^[^?]*\b(?i:itu|tuh) (?i:apa)(?i: sih)?${QUESTION_END}|${ABBREVIATION_MEANING.source}`, 'u')

/** "Siapa yang bisa dapat KIP Kuliah?", "Who can apply for …?": who is eligible, not a person's name. */
const ELIGIBILITY_QUESTION = /\b(siapa( saja)? yang (bisa|boleh|dapat|berhak)|who (can|may|is eligible|are eligible|qualifies))\b/i

/**
 * "Apa yang harus disiapkan agar lolos SNBP?", "Persiapan apa untuk …?", "What do I need to prepare
 * for …?": what it takes, as the documents say it, its requirements and what it assesses.
 */
const PREPARATION_QUESTION = /\b(apa( saja)? yang (harus|perlu|mesti|wajib|sebaiknya) (di)?(siap|persiap)kan|(harus|perlu|mesti) (menyiapkan|mempersiapkan|siapkan|persiapkan|siap-siap) apa|persiapan(nya)? apa|what (do|should|must) (i|we|you|students?|applicants?) (need to |have to )?prepare|how (do|should|can) (i|we|you) prepare)\b/i
/**
 * What a selection or a degree requires, assesses or tests ("… yang memenuhi syarat …", "Penilaian SNBP
 * terutama memakai nilai rapor …"); a test as a place ("… di pusat-pusat tes …", "test centres") is where, not what.
 */
const WHAT_IT_TAKES = /\b(syarat|persyaratan|memenuhi|wajib|harus|mengunggah|melampirkan|dokumen|berkas|portofolio|rapor|penilaian|dinilai|memakai|mempertimbangkan|eligible|materi|mencakup|berfokus|requirements?|required|must|submit|upload|documents?|portfolio|assessed|focus(?:es|ed)? on)\b|(?<!\b(?:pusat(?:-pusat)?|lokasi|tempat|ruang) )\b(tes|ujian)\b|\b(tests?|exams?)\b(?! (?:cent(?:er|re)s?|sites?|venues?|locations?)\b)/i
/** "Apa saja syarat lulus …?", "Syaratnya apa?", "What are the graduation requirements …?": the requirements, which the documents give one by one. */
const REQUIREMENT_QUESTION = /\b(apa( saja)? (syarat|persyaratan)|(syarat|persyaratan)(nya)? apa|what are the (\p{L}+ )?requirements)\b/iu
/** Words of such a question that ask for what it takes, not what it is about (nor "Tahap Persiapan Bersama"). */
const PREPARATION_WORDS = ['harus', 'perlu', 'mesti', 'need', 'disiapkan', 'dipersiapkan', 'siapkan', 'persiapkan', 'menyiapkan', 'mempersiapkan', 'siap-siap', 'persiapan', 'persiapannya', 'prepare', 'preparation']

/** "Bagaimana UKT ditentukan?", "How is the fee determined?", "… ditentukan berdasarkan apa?": what it is decided on. */
const BASIS_QUESTION = new RegExp([
  laterOnLine(String.raw`\b(?:bagaimana|gimana)\b`, String.raw`\b(?:ditentukan|ditetapkan|dihitung|diputuskan)\b`),
  laterOnLine(String.raw`\bhow (?:is|are|was|were)\b`, String.raw`\b(?:determined|decided|calculated|set)\b`),
  String.raw`\b(?:ditentukan|ditetapkan|dihitung) berdasarkan apa\b|\bdasar (?:penentuan|penetapan|perhitungan)\b|\bbased on what\b`
].join('|'), 'i')

export const CUES: readonly Cue[] = [
  { // today / tomorrow → what the documents say about it changing, or nothing they can answer
    question: /\b(hari ini|besok|kemarin|lusa|minggu depan|bulan depan|malam ini|today|tomorrow|tonight|yesterday|next week|this week|right now)\b/i,
    sentence: /\b(terkini|terbaru|berubah|situs resmi|laman|diumumkan|latest|official|changes?)\b/i,
    strong: true,
    required: true
  },
  { // who holds an office now → where the current holder is published, or nothing the documents can answer
    question: new RegExp(`${laterOnLine(String.raw`\b(?:siapa|who)\b`, String.raw`\b(?:sekarang|saat ini|kini|current|currently|now)\b`)}|${laterOnLine(String.raw`\b(?:current|sekarang)\b`, String.raw`\b(?:siapa|who)\b`)}`, 'i'),
    sentence: /\b(terkini|berubah|situs resmi|sedang menjabat|changes?|currently serving)\b/i,
    strong: true,
    required: true
  },
  { // the best / a ranking → only a sentence that ranks can answer; the documents rank nothing
    question: /\b(terbaik|terfavorit|paling (bagus|baik|unggul|favorit|top)|peringkat|ranking|best|top-ranked|highest-ranked)\b/i,
    // "Cara terbaik ke Kampus Ganesha", "the best way to pay": how to do something, not a ranking.
    unless: /\b(cara|waktu|saat|jalan|rute) (yang )?(terbaik|paling (bagus|baik))|\bbest (way|time|route)s?\b/i,
    sentence: /\b(terbaik|terfavorit|peringkat|ranking|ranked|best)\b/i,
    strong: true,
    required: true
  },
  { // when → dates and years
    question: /\b(kapan|tahun berapa|tanggal berapa|when|what year|which year)\b/i,
    // "awal/akhir" as a time ("awal 2000-an", "akhir tahun pertama"), not as in "datang lebih awal".
    // "Setelah/sebelum …" is a time only before something else than the question's own subject
    // (its names are taken out first: "Setelah OSKM, …" does not say when OSKM is).
    // Where the documents give no date, the schedule's pointer to where it is published ("Jadwal …
    // SNBP dapat berubah setiap tahun, … informasi resmi di laman SNPMB").
    sentence: new RegExp(`${WHEN_GIVEN.source}|${SCHEDULE_ELSEWHERE.source}`, 'i'),
    // A schedule's pointer must be the schedule of what is asked ("Jadwal kegiatan … di Masjid Salman ITB diumumkan …" does not say when it was built).
    given: WHEN_GIVEN,
    strong: true,
    decisive: true
  },
  { // how often → a frequency ("beberapa kali dalam setahun"), which may follow the date asked for
    question: FREQUENCY_QUESTION,
    sentence: /\b(\p{L}+ kali (dalam|per|setiap|tiap|se)\s?\p{L}+|(setiap|tiap) (tahun|semester|bulan|minggu|pekan)|(once|twice|\p{L}+ times) (a|per|each) \p{L}+|every (year|semester|month|week))\b/iu,
    formWords: ['sering', 'often']
  },
  { // where → addresses and places
    question: /\b(di ?mana|ke ?mana|alamat|lokasi|letak|terletak|daerah mana|kota mana|where)\b/i,
    // A place, not a verb of position alone ("teleskop … yang berada di bawah kubah besar" says
    // nothing about where the observatory is): a named place after "di/in", an address word, a site.
    // English capitalises languages too: "proof of English proficiency" names no place; nor does "dari
    // luar kota" (out of town: where someone comes from), while "di luar Kota Bandung" does.
    sentence: /\b(?i:jalan|jl|alamat(?! surel| e-?mail)|kabupaten|(?<!luar )kota|kecamatan|provinsi|kawasan|seberang|laman|situs|melalui|street|regency|city|province|address|across|through|website)\b|\b[Kk]ota(?= \p{Lu})|\b(di|in|at|ke|to|dekat|near|of) (?!(English|Indonesian|Dutch|Sundanese|Javanese)\b)\p{Lu}|\.(ac|go|co)\.id\b/u,
    strong: true,
    decisive: true,
    stated: /\b(terletak|berada|berlokasi|beralamat|alamat|lokasi|located|situated|lies|address|location)\b/i,
    formWords: ['lokasi', 'letak', 'terletak', 'location', 'located', 'lokasinya', 'letaknya']
  },
  { // how to do something → the channel it is done through ("secara daring melalui laman …", "melalui bank mitra", "submitted online through …"), not an admission path
    question: /\b(bagaimana|gimana) (cara(nya)?|prosedur|langkah|tata cara|mekanisme)\b|\bcaranya (bagaimana|gimana)\b|^\s*cara\b|\bhow (do|can|should|would) (i|we|you|one|students?)\b|\bhow to\b/i,
    sentence: /\b(secara (daring|online)|(melalui|lewat) (laman|situs|aplikasi|portal|bank|teller|atm)|online|through (the |a )?(website|portal|bank|https?:|\S+\.ac\.id))\b/i,
    // A heading naming a procedure, not who may take part ("Siapa yang Dapat Mendaftar") nor a layout ("Tata Kampus").
    section: /^(prosedur|cara|langkah|tata cara|pendaftaran|pengajuan|bergabung|menjadi anggota|how to|joining|procedures?|steps?|applying|application|registration)\b|\b(dan|and) (prosedur|cara|langkah|tata cara|pendaftaran|procedures?|steps?)\b/i,
    decisive: true,
    leadOnly: true
  },
  { // how much (money) → an amount, or where it is published
    question: AMOUNT_QUESTION,
    sentence: new RegExp(`\\bRp|rupiah|\\d|${PUBLISHED_ELSEWHERE.source}`, 'i'),
    strong: true,
    // A sentence about the fee that gives no amount and says nowhere where to find it answers nothing.
    missFactor: 0.5,
    pointer: { changes: CHANGES, published: PUBLISHED_ELSEWHERE },
    formWords: ['besaran', 'much']
  },
  { // how long → a number of years, semesters, weeks …
    question: DURATION_QUESTION,
    sentence: new RegExp(`((?<!\\d)\\d+|\\b(${NUMBER_WORDS}))\\s+(${DURATION_UNITS})\\b|${SET_BY_REGULATIONS.source}`, 'i'),
    strong: true,
    // "Lama cuti akademik dibatasi oleh Peraturan Akademik …" says how long it is; "… selama satu semester atau lebih" mentions a duration in passing.
    stated: /\b(lama|durasi|jangka waktu|duration)\b/i,
    formWords: ['lama', 'long', 'take', 'takes']
  },
  { // how far → a distance or a travel time ("sekitar 20-an kilometer di sebelah timur Kota Bandung"), not "tidak jauh dari …"
    question: /\b(jauh|how far)\b/i,
    sentence: /(?<!\d)\d+(-an)?\s*(km|kilometer|kilometers|kilometres|meter|meters|menit|jam|minutes?|hours?)\b/i,
    strong: true,
    formWords: ['jauh', 'far']
  },
  { // how many → numbers or, where the documents deliberately give none, where they are published or set ("… ditetapkan dalam Peraturan Akademik ITB")
    question: /\b(berapa|jumlah|how many|number of)\b/i,
    unless: new RegExp(`${AMOUNT_QUESTION.source}|${DURATION_QUESTION.source}|${GRADE_QUESTION.source}|${FREQUENCY_QUESTION.source}|\\b(nomor|phone|telepon)\\b`, 'iu'),
    sentence: new RegExp(`\\d|\\b(${COUNT_WORDS})\\b|${PUBLISHED_ELSEWHERE.source}|${SET_BY_REGULATIONS.source}`, 'i'),
    strong: true,
    required: true,
    formWords: ['jumlah', 'number', 'many']
  },
  { // how many, said outright ("jumlah", "how many") → a number of what is asked about, or nothing to answer with
    question: /\b(jumlah|berapa banyak|how many|number of)\b/i,
    unless: new RegExp(`${AMOUNT_QUESTION.source}|${DURATION_QUESTION.source}|${GRADE_QUESTION.source}|${FREQUENCY_QUESTION.source}|\\b(nomor|phone|telepon|tahun berapa|tanggal berapa)\\b`, 'iu'),
    sentence: new RegExp(`\\d|\\b(${NUMBER_WORDS})\\b`, 'i'),
    strong: true,
    required: true,
    counted: true,
    formWords: ['jumlah', 'number', 'many', 'banyak']
  },
  { // which grade → a letter grade ("nilai E berarti …"), not a number of credits; required as the
    // how-many cue it stands in for ("Berapa nilai TOEFL …?" is not answered by "… seperti TOEFL").
    question: GRADE_QUESTION,
    sentence: /\b([Nn]ilai|[Gg]rade) [A-E]{1,2}\b/,
    strong: true,
    required: true,
    formWords: ['grade']
  },
  { // who may → who is eligible: a sentence saying for whom it is ("Calon penerima KIP Kuliah umumnya adalah lulusan …", "… yang memenuhi syarat …", not "… tidak lagi memenuhi syarat")
    question: ELIGIBILITY_QUESTION,
    sentence: /\b(calon penerima|berhak|terbuka bagi|dibuka (untuk|bagi)|dapat diajukan oleh|persyaratan|(?<!\btidak (?:lagi )?)memenuhi syarat|eligible|open to|requirements?)\b/i,
    strong: true,
    // Taking part is what eligibility is for ("Siapa yang boleh ikut?" is answered by "SNBT terbuka bagi …").
    formWords: ['bisa', 'boleh', 'berhak', 'eligible', 'ikut', 'mengikuti', 'daftar', 'mendaftar', 'apply']
  },
  { // who → people
    question: /\b(siapa|who|whom|whose)\b/i,
    unless: ELIGIBILITY_QUESTION,
    sentence: /\b(Prof|Dr|Ir|Presiden|Rektor|President|Rector)\b|\S\s+\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+/u
  },
  { // who did it → the doer, named after the deed: "Pendirian TH Bandung didorong oleh …" opens the answer to "Siapa pendiri ITB?"
    question: /\b(siapa|who|whom)\b/i,
    unless: ELIGIBILITY_QUESTION,
    sentence: /\b(oleh|by)\s+\p{L}/iu,
    decisive: true,
    leadOnly: true,
    doer: true
  },
  { // which faculty / school ("Fakultas apa …", "Apa fakultas …", "Fakultas tertua di ITB apa?") → one named
    question: new RegExp(String.raw`\b(which|what) (school|faculty|faculties|schools)\b|\b(fakultas|sekolah) (apa|mana)\b|\bapa (fakultas|sekolah)\b|^\s*(fakultas|sekolah)\b[^?]*\b(apa|mana)${QUESTION_END}`, 'i'),
    // "… namanya apa?" asks for a name: "Sekolah teknik zaman Belanda … namanya apa?" is TH Bandung, none of ITB's faculties.
    unless: /\bnama(nya)?\b/i,
    sentence: /\b(Fakultas|Sekolah|School|Faculty) (of )?\p{Lu}/u,
    strong: true,
    kindWords: ['fakultas', 'sekolah', 'faculty', 'faculties', 'school', 'schools']
  },
  { // why → reasons
    question: /\b(mengapa|kenapa|why)\b/i,
    sentence: /\b(karena|sebab|agar|supaya|sehingga|because|since|due to|so that)\b/i,
    strong: true
  },
  { // what it means → a meaning or what it stands for ("Lambang ITB apa artinya?": "… dikenal sebagai dewa ilmu pengetahuan")
    question: new RegExp(String.raw`\b(?:apa arti|apa makna|artinya|maknanya|meaning of)\b|${laterOnLine(String.raw`\bwhat does .`, String.raw` mean\b`)}`, 'i'),
    unless: DEFINITION_QUESTION,
    sentence: /\b(berarti|bermakna|melambangkan|lambang dari|simbol|dikenal sebagai|menggambarkan|mencerminkan|means|symboli[sz]es|represents|known as)\b/i,
    formWords: ['arti', 'artinya', 'makna', 'maknanya', 'mean', 'meaning']
  },
  { // what is → definitions
    question: DEFINITION_QUESTION,
    sentence: /\b(adalah|merupakan|ialah|disingkat|singkatan dari|dikenal sebagai|disebut(?! sebagai)|is an?|is the|refers to|known as|stands for|is called)\b/i,
    strong: true,
    formWords: ['arti', 'artinya', 'mean', 'maksud', 'dimaksud', 'meant']
  },
  { // what to prepare → what it requires, assesses or tests ("Penilaian SNBP terutama memakai nilai rapor …", "Materi UTBK mencakup …")
    question: PREPARATION_QUESTION,
    sentence: WHAT_IT_TAKES,
    strong: true,
    // A sentence about the subject that says nothing it takes answers nothing ("Pendaftaran … dilakukan secara daring …").
    missFactor: 0.5,
    sequence: true,
    formWords: PREPARATION_WORDS
  },
  { // how it is decided → what it is based on ("… ditentukan berdasarkan kemampuan ekonomi keluarga …"), not the rules it follows ("sesuai ketentuan")
    question: BASIS_QUESTION,
    // What it is based on named, not pointed back at ("… berdasarkan data tersebut": the sentence before says which).
    sentence: /\b(berdasarkan|didasarkan pada|atas dasar|bergantung pada|tergantung pada|mempertimbangkan|dipertimbangkan|based on|depends on|depending on|takes? into account)\b(?! (\p{L}+ )?(ini|itu|tersebut|this|that|these|those|it|them)\b)/iu,
    strong: true,
    decisive: true,
    formWords: ['ditentukan', 'ditetapkan', 'dihitung', 'diputuskan', 'dasar', 'penentuan', 'penetapan', 'perhitungan', 'determined', 'decided', 'calculated', 'set', 'based']
  },
  { // the requirements → given sentence by sentence, as for what to prepare; the question's own word ("syarat") already asks for them
    question: REQUIREMENT_QUESTION,
    sentence: WHAT_IT_TAKES,
    sequence: true
  },
  { // may it last that long → how long it may (its length set by the regulations), not the measure's other sentences ("… terdiri atas dua semester reguler")
    question: MEASURED_YES_NO,
    sentence: new RegExp(`${MEASURE}|${SET_BY_REGULATIONS.source}`, 'i'),
    strong: true,
    stated: /\b(lama|durasi|jangka waktu|duration)\b/i,
    formWords: [...NUMBER_WORDS.split('|'), ...DURATION_UNITS.split('|').flatMap((unit) => unit.endsWith('s?') ? [unit.slice(0, -2), unit.slice(0, -1)] : [unit])]
  },
  { // must it be done → a sentence saying it is an obligation or an option, of the action asked about, or nothing the documents say (obligation.ts)
    question: OBLIGATION_QUESTION,
    sentence: OBLIGATION_OR_OPTION,
    strong: true,
    missFactor: 0.5,
    required: true,
    obliged: true,
    formWords: OBLIGATION_FORM_WORDS
  }
]

/** Numbers that count (not "satu"/"one", which are mostly articles: "satu program studi"). */
const COUNTED = new RegExp(`(?:\\d+|\\b(?:${COUNT_WORDS})\\b)((?:[\\s,]+[\\p{L}\\p{N}'’-]+){1,5})`, 'giu')

/** The few words after each number of a sentence: what it counts ("144 SKS", "dua belas unit akademik setingkat fakultas"). */
export function countedWords (sentence: string): string[] {
  return [...sentence.matchAll(COUNTED)].map((match) => match[1])
}

/** The cues a question asks for. */
export function cuesOf (question: string): Cue[] {
  return CUES.filter((cue) => cue.question.test(question) && !(cue.unless?.test(question) ?? false))
}
