// What a cue of a question type is (question-types.ts lists them): the question shape it answers to,
// what a sentence must show to give that kind of answer, and how strongly the scoring, the opening of
// the answer and its continuation follow it (score.ts, subject.ts, continuation.ts, selection.ts).
import { listedCount } from './lists.ts'

export interface Cue {
  question: RegExp
  /** Questions that match `question` but ask for something else ("berapa biaya" is an amount). */
  unless?: RegExp
  sentence: RegExp
  /**
   * Sentences that have `sentence` but say what one who has it must do to keep it ("… agar bantuannya
   * tetap berlanjut", "… tidak lagi memenuhi syarat"), not what it takes to get it: they do not give
   * it, and the question's words for the requirements (what-it-takes.ts REQUIREMENT_WORDS) are not theirs (score.ts).
   */
  notWhile?: RegExp
  /** The answer cannot do without it: "kapan" needs a date, "berapa" a number, "mengapa" a reason. */
  strong?: boolean
  /**
   * What it asks for is the thing itself, alike wherever it is (a definition): a follow-up naming a
   * faculty or campus ("Kalau di SBM?" after "Apa itu TPB?") asks what the thing is there, not this again (units.ts).
   */
  alikeEverywhere?: boolean
  /**
   * A follow-up naming another degree level asks it too, though an answer may do without it otherwise:
   * "Kalau S2?" after "Apa syarat daftar S3?" asks the master's requirements, not its registration (degrees.ts, score.ts).
   */
  askedOfLevel?: boolean
  /** Score factor of a sentence without it, for a strong cue (default: the answerer's). */
  missFactor?: number
  /**
   * The answer is what it asks for ("kapan": a date, "di mana": a place): a sentence about the
   * question's subject that gives it opens the answer before any sentence that does not.
   */
  decisive?: boolean
  /**
   * Words that state the answer as the subject's own ("… terletak di …", "Alamat … adalah"), rather
   * than mention it in passing ("… karena Kampus Ganesha di tengah Kota Bandung …"): a further bonus.
   */
  stated?: RegExp
  /**
   * It only picks the sentence that opens the answer: the ones after it need not have it, nor does it
   * count as the sentence giving what is asked ("how to": the channel first, then the steps).
   */
  leadOnly?: boolean
  /**
   * Words naming the kind of thing asked for ("fakultas apa …"). A sentence of a document whose
   * title has the cue ("Fakultas Teknik Sipil dan Lingkungan (FTSL)") has it too when it has a word
   * of the question besides these ("Pendidikan teknik sipil adalah bidang tertua di ITB" for
   * "Fakultas apa yang paling tua?"): the document is about one of that kind (subject.ts).
   */
  kindWords?: readonly string[]
  /**
   * Section headings whose sentences give it, whatever their words ("how to": the sentences under
   * "Prosedur Pengajuan" or "How to Apply" are the steps asked for, when none names a channel).
   */
  section?: RegExp
  /**
   * What it looks for ("oleh …", "by …") names who did what the question asks about: it comes a few
   * words after a word of the question's deed, in a sentence opening with the deed or with the
   * question's subject (subject.ts), not in a clause about something else.
   */
  doer?: boolean
  /**
   * What it looks for must be said of the action the question asks whether one must take, a few words
   * from it ("… yang wajib diikuti …" for "wajib ikut"), not of another (obligation.ts).
   */
  obliged?: boolean
  /**
   * What gives it outright (a date); a sentence giving it otherwise, pointing to where a schedule is
   * published, must point to the schedule of what is asked (continuation.ts pointsForAsked).
   */
  given?: RegExp
  /**
   * A sentence giving it may name what the question asks about only through its document's title or
   * section, whose words it then has ("… layanan transportasi antarkampus …" under "Kampus ITB
   * Jatinangor" for "Bagaimana cara ke Jatinangor dari Ganesha?", score.ts).
   */
  ofTitle?: boolean
  /**
   * Section headings under which a sentence giving it has the heading's words too: "SNBT terbuka bagi
   * lulusan …" under "Siapa yang Dapat Mendaftar" says who may register for SNBT, which "Apa syarat daftar
   * SNBT?" asks, without the word "daftar" itself (headings.ts).
   */
  ofSection?: RegExp
  /**
   * Parts of such a question that say nothing of what is asked: where one sets out from ("… dari
   * Ganesha?" of "Bagaimana cara ke Jatinangor dari Ganesha?") is no topic of the way asked, which is
   * to Jatinangor; as one, it made "Kampus Ganesha mudah dijangkau dengan kendaraan umum …" the answer.
   */
  notAsked?: RegExp
  /** It asks the way to a place: a campus it names, or the main one when it names none, not another (campuses.ts). */
  destination?: boolean
  /** Without a sentence that has it, the question is declined: the documents cannot answer it. */
  required?: boolean
  /**
   * The number must count what the question asks about: a word of the question (or the alias table's
   * for it) within a few words after it ("dua belas unit akademik setingkat fakultas"), not "144 SKS"
   * for "Berapa jumlah mahasiswa ITB?".
   */
  counted?: boolean
  /**
   * What gives it outright (a number), where `sentence` also takes a pointer to where it is published:
   * after a best sentence giving it outright, a sentence only pointing elsewhere ("Informasi tentang
   * fasilitas …, asrama, dan transportasi … dapat diperoleh melalui situs resmi ITB …" after "ITB memiliki
   * tiga kampus …") points to something else than what is asked, and does not follow it (selection.ts).
   */
  figure?: RegExp
  /** A measure (how long, how many): asked with a bound ("maksimal"), it is given only with the bound said (bounds.ts). */
  measured?: boolean
  /** A number, which a list said whole gives too: its items counted (lists.ts listedCount). */
  countable?: boolean
  /**
   * Where the documents give what is asked in two sentences: one saying it changes ("… biaya
   * pendidikan … dapat berubah setiap periode."), then one saying where it is published ("… merujuk
   * pada pengumuman resmi di admission.itb.ac.id …"). The first gives it through the second (continuation.ts).
   */
  pointer?: { changes: RegExp, published: RegExp }
  /**
   * What it asks for is given sentence by sentence ("Hanya siswa … yang memenuhi syarat …", then
   * "Sekolah harus terlebih dahulu mengisi PDSS …"): a chosen sentence giving it goes on with the
   * next ones of its passage that give it too (continuation.ts).
   */
  sequence?: boolean
  /**
   * Words that only shape such a question ("berapa jumlah …", "di mana lokasi …", "how many …"):
   * not content terms, since the cue looks for what they ask for (a number, a place).
   */
  formWords?: readonly string[]
}

/** Whether `text` gives what `cue` looks for. */
export function givesCue (cue: Cue, text: string): boolean {
  return (cue.sentence.test(text) || (cue.countable === true && listedCount(text) !== undefined)) && !(cue.notWhile?.test(text) ?? false)
}

/** `question` without what its cues say it does not ask about (Cue.notAsked). */
export function withoutUnasked (question: string, cues: readonly Cue[]): string {
  return cues.reduce((text, cue) => cue.notAsked === undefined ? text : text.replace(cue.notAsked, ' '), question)
}
