// What kind of answer a question asks for, read from its shape, and how a sentence shows it has
// that kind: "kapan/when" wants a date, "di mana/where" a place, "berapa/how many" a number, "berapa
// biaya/how much" an amount or, where the documents deliberately give none, the pointer to where it
// is published; "siapa pendiri/who founded" the doer named after the deed; "fakultas apa" a faculty,
// or a sentence of a faculty's own document; "berapa nilai/what grade" a letter grade ("nilai E"); "seberapa sering/
// kapan … biasanya" a frequency; "apa yang harus disiapkan/what to prepare" what it requires, assesses
// or tests; "bagaimana … ditentukan/how is … determined" what it is based on; "apakah … wajib/do I
// have to" whether it is an obligation (obligation.ts). Lists ("apa saja/which/sebutkan") are in lists.ts, definitions in definitions.ts.
// The patterns they use are by concern: numbers, dates and durations in measures.ts, amounts and
// where a figure is published in amounts.ts, what it takes (to prepare, requirements, eligibility,
// basis) in what-it-takes.ts.
import type { Cue } from './cue.ts'
import { AMOUNT_QUESTION, CHANGES, PUBLISHED_ELSEWHERE, SET_BY_REGULATIONS } from './amounts.ts'
import { USUAL_BOUND_WORDS } from './bounds.ts'
import { IS_A } from './defining-words.ts'
import { DEFINITION_QUESTION } from './definitions.ts'
import { laterOnLine } from './linear-patterns.ts'
import { WHICH_FACULTY } from './housing.ts'
import { COUNT_WORDS, DURATION_QUESTION, DURATION_UNITS, FREQUENCY_QUESTION, GRADE_QUESTION, MEASURE, MEASURED_YES_NO, NUMBER_WORDS, SCHEDULE_ELSEWHERE, WHEN_GIVEN } from './measures.ts'
import { OBLIGATION_FORM_WORDS, OBLIGATION_OR_OPTION, OBLIGATION_QUESTION } from './obligation.ts'
import { BASIS_QUESTION, ELIGIBILITY_QUESTION, ELIGIBLE, KEEPING, PREPARATION_QUESTION, PREPARATION_WORDS, REQUIREMENT_QUESTION, REQUIREMENT_SECTION, TEST_NAMED, WHAT_IT_TAKES, WHICH_TEST_QUESTION } from './what-it-takes.ts'

const WHERE_QUESTION = /\b(di ?mana|ke ?mana|alamat|lokasi|letak|terletak|daerah mana|kota mana|where)\b/i
/** Where an office, a building or a room is: on the ground. */
const WHERE_ON_THE_GROUND = new RegExp(`^(?=[\\s\\S]*${WHERE_QUESTION.source})(?=[\\s\\S]*\\b(kantor|gedung|ruang|ruangan|sekretariat|office|building|room)\\b)`, 'i')
/**
 * A place, not a verb of position alone ("teleskop … yang berada di bawah kubah besar" says nothing
 * about where the observatory is): a named place after "di/in", an address word, or (`online`) a
 * site. English capitalises languages too: "proof of English proficiency" names no place; nor does
 * "dari luar kota" (out of town: where someone comes from), while "di luar Kota Bandung" does.
 * "melalui" (through: "… disalurkan melalui IA-ITB") is a channel, not a place.
 */
function placeGiven (online: boolean): RegExp {
  const sites = online ? String.raw`|laman|situs|website` : ''
  const domains = online ? String.raw`|\.(ac|go|co)\.id\b` : ''
  return new RegExp(String.raw`\b(?i:jalan|jl|alamat(?! surel| e-?mail)|kabupaten|(?<!luar )kota|kecamatan|provinsi|kawasan|seberang${sites}|street|regency|city|province|address|across|through)\b|\b[Kk]ota(?= \p{Lu})|\b(di|in|at|ke|to|dekat|near|of) (?!(English|Indonesian|Dutch|Sundanese|Javanese|Latin|Arabic|Hindu|Islamic|Buddhist|Christian)\b)\p{Lu}${domains}`, 'u')
}
const WHERE = {
  strong: true,
  decisive: true,
  stated: /\b(terletak|berada|berlokasi|beralamat|alamat|lokasi|located|situated|lies|address|location)\b/i,
  formWords: ['lokasi', 'letak', 'terletak', 'location', 'located', 'lokasinya', 'letaknya']
} as const

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
    // A sentence giving none does not say when: "Kapan tes SNBT?" is not "Tes yang digunakan dalam SNBT adalah UTBK." (decisive.ts).
    required: true,
    decisive: true
  },
  { // how often → a frequency ("beberapa kali dalam setahun"), which may follow the date asked for
    question: FREQUENCY_QUESTION,
    sentence: /\b(\p{L}+ kali (dalam|per|setiap|tiap|se)\s?\p{L}+|(setiap|tiap) (tahun|semester|bulan|minggu|pekan)|(once|twice|\p{L}+ times) (a|per|each) \p{L}+|every (year|semester|month|week))\b/iu,
    formWords: ['sering', 'often']
  },
  { // where → addresses and places
    question: WHERE_QUESTION,
    unless: WHERE_ON_THE_GROUND,
    sentence: placeGiven(true),
    ...WHERE
  },
  { // where an office or a building is → a place on the ground, or nothing the documents say: a website is where it publishes,
    // "bekerja sama dengan …" or "melalui …" no place at all ("Di mana kantor Direktorat Kemahasiswaan?")
    question: WHERE_ON_THE_GROUND,
    sentence: placeGiven(false),
    required: true,
    ...WHERE
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
    // The highest or lowest amount ("UKT paling mahal berapa?") is an amount, given where the amounts are.
    formWords: ['besaran', 'much', 'tertinggi', 'terendah', 'highest', 'lowest', 'cheapest']
  },
  { // how long → a number of years, semesters, weeks …
    question: DURATION_QUESTION,
    sentence: new RegExp(`((?<!\\d)\\d+|\\b(${NUMBER_WORDS}))\\s+(${DURATION_UNITS})\\b|${SET_BY_REGULATIONS.source}`, 'i'),
    strong: true,
    // "Lama cuti akademik dibatasi oleh Peraturan Akademik …" says how long it is; "… selama satu semester atau lebih" mentions a duration in passing.
    stated: /\b(lama|durasi|jangka waktu|duration)\b/i,
    measured: true,
    required: true,
    formWords: ['lama', 'long', 'take', 'takes', 'period', 'duration', ...USUAL_BOUND_WORDS]
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
    figure: new RegExp(`\\d|\\b(${COUNT_WORDS})\\b`, 'i'),
    strong: true,
    required: true,
    measured: true,
    countable: true,
    formWords: ['jumlah', 'number', 'many']
  },
  { // how many, said outright ("jumlah", "how many") → a number of what is asked about, or nothing to answer with
    question: /\b(jumlah|berapa banyak|ada berapa|how many|number of)\b/i,
    unless: new RegExp(`${AMOUNT_QUESTION.source}|${DURATION_QUESTION.source}|${GRADE_QUESTION.source}|${FREQUENCY_QUESTION.source}|\\b(nomor|phone|telepon|tahun berapa|tanggal berapa)\\b`, 'iu'),
    sentence: new RegExp(`\\d|\\b(${NUMBER_WORDS})\\b`, 'i'),
    strong: true,
    required: true,
    counted: true,
    measured: true,
    countable: true,
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
    sentence: ELIGIBLE,
    notWhile: KEEPING,
    strong: true,
    // Taking part is what eligibility is for ("Siapa yang boleh ikut?" is answered by "SNBT terbuka bagi …").
    formWords: ['bisa', 'boleh', 'berhak', 'eligible', 'ikut', 'mengikuti', 'gabung', 'bergabung', 'join', 'daftar', 'mendaftar', 'apply', 'terbuka', 'dibuka', 'open']
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
    question: WHICH_FACULTY,
    // "… namanya apa?" asks for a name: "Sekolah teknik zaman Belanda … namanya apa?" is TH Bandung, none of ITB's faculties.
    unless: /\bnama(nya)?\b/i,
    sentence: /\b(Fakultas|Sekolah|School|Faculty) (of )?\p{Lu}/u,
    strong: true,
    kindWords: ['fakultas', 'sekolah', 'faculty', 'faculties', 'school', 'schools'],
    // Where one is asks which are there: "Which faculties are based in Jatinangor?" is "… are in Jatinangor?".
    formWords: ['based', 'located', 'situated', 'berlokasi', 'terletak', 'berada']
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
  { // what is → definitions; not what a length of time is ("What is the normal study period?" asks how long)
    question: DEFINITION_QUESTION,
    unless: DURATION_QUESTION,
    sentence: new RegExp(String.raw`\b(${IS_A}|disingkat|singkatan dari|dikenal sebagai|disebut(?! sebagai)|refers to|known as|stands for|is called)\b`, 'i'),
    strong: true,
    alikeEverywhere: true,
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
  { // which test → one named ("… memanfaatkan nilai UTBK", "Tes Potensi Skolastik"), not the selections' list ("… Berdasarkan Tes (SNBT) …")
    question: WHICH_TEST_QUESTION,
    sentence: TEST_NAMED,
    strong: true,
    decisive: true
  },
  { // the requirements → given sentence by sentence, as for what to prepare; the question's own word ("syarat") already asks for them;
    // who may get it is one ("Apa syarat KIP Kuliah?": "Calon penerima KIP Kuliah umumnya adalah lulusan …"), what keeps it is not
    question: REQUIREMENT_QUESTION,
    sentence: new RegExp(`${WHAT_IT_TAKES.source}|${ELIGIBLE.source}|\\b(?:perlu|memerlukan|membutuhkan|needs?)\\b`, 'i'),
    notWhile: KEEPING,
    sequence: true,
    askedOfLevel: true,
    ofSection: REQUIREMENT_SECTION,
    // A sentence saying nothing it takes is no requirement: "Apa syarat daftar SNBT?" is not "Pendaftaran KIP Kuliah dilakukan melalui
    // laman resmi …, … bersamaan dengan pendaftaran SNBP, SNBT, …"; without one, it is declined.
    required: true
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
  },
  { // how to get somewhere (by what: "Bisa ke ITB naik angkot?") → a means of transport, or nothing the documents say: not the place's location, facilities or admission choices
    question: /\b(?:cara(?:nya)?|gimana|bagaimana)(?: (?:pergi|berangkat|menuju|sampai))? ke\b|\bnaik (?:apa|angkot|angkutan|bus|bis|kendaraan|ojek|ojol|kereta|taksi)\b|\bhow (?:do|can|should) (?:i|we|you|one|students?) (?:get|go|travel) to\b|\bhow to (?:get|go|travel) to\b|\bby (?:bus|angkot|train|taxi|public transport(?:ation)?)\b|\b(?:transportasi|angkutan|kendaraan|transport|transportation|bus|shuttle)(?: (?:umum|publik|public))? (?:ke|menuju|to)\b/i,
    sentence: /\b(transportasi|angkutan|bus|shuttle|kendaraan|kereta|transport|transportation)\b/i,
    notAsked: /\b(?:dari|from) (?:(?:kampus|the) )?[\p{L}\p{N}-]+(?: campus)?/giu,
    destination: true,
    strong: true,
    required: true,
    ofTitle: true,
    // Riding and reaching are how one goes, what the cue looks for: "Gimana cara ke ITB naik angkot?" was declined, "naik" a key word no sentence has.
    formWords: ['naik', 'reach']
  },
  { // which campus → a campus named, by a sentence that may name what is asked only in its document's title
    // ("FTSL berkegiatan di Kampus Ganesha …" for "Teknik Sipil di kampus mana?"), or nothing the documents say
    question: /\b(?:kampus (?:mana|apa)|(?:which|what) campus)\b/i,
    sentence: /\b(?:Ganesha|Jatinangor|Cirebon)\b/i,
    strong: true,
    decisive: true,
    required: true,
    ofTitle: true,
    // The campus is what the answer names, not what it must be about: "the Jatinangor campus hosts … engineering …" does not place civil engineering.
    formWords: ['kampus', 'campus']
  }
]

/** The cues a question asks for. */
export function cuesOf (question: string): Cue[] {
  return CUES.filter((cue) => cue.question.test(question) && !(cue.unless?.test(question) ?? false))
}
