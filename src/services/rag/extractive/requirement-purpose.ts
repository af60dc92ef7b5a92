// What a requirement is for: "Apa syarat daftar S1?" asks what it takes to be admitted, which "Program
// sarjana (S1) di ITB umumnya mensyaratkan minimal 144 SKS untuk lulus." does not say: it requires the
// credits to graduate. A question naming one purpose of its requirements (admission, graduation) is not
// answered by a sentence stating another and none of its own, in its words or its section's ("Syarat Lulus
// Program Sarjana": "Mahasiswa sarjana juga wajib menyelesaikan tugas akhir …"): score.ts passes it over.
// A follow-up naming none ("Kalau S2?" after "Apa syarat daftar S1?") asks for its earlier question's (score.ts, degrees.ts).

/** The words naming each purpose a requirement can be for. */
const PURPOSES: readonly string[] = [
  // "Daftar" is also a list ("Daftar di atas mencakup …", "memeriksa daftar terbaru …"): in a heading, at a sentence's start, or of what is listed.
  '(?-i:daftar)(?! (?:di atas|resmi|terbaru|lengkap|berikut|program studi)(?![\\p{L}\\p{N}]))|mendaftar|pendaftaran|masuk|diterima|penerimaan|seleksi|apply|applying|applicants?|admission|admitted|enrol|enroll|enrolment|enrollment',
  'lulus|kelulusan|wisuda|graduate|graduating|graduation'
].map((words) => String.raw`(?<![\p{L}\p{N}])(?:${words})(?![\p{L}\p{N}])`)
/** Words asking for requirements. */
const REQUIREMENTS = /\b(syarat|syaratnya|persyaratan|requirements?|required)\b/i

/**
 * For a question asking the requirements of one purpose, whether a text (a sentence with its section's
 * heading) states another purpose and not the question's; never for any other question.
 */
export function ofAnotherPurpose (question: string): (text: string) => boolean {
  const asked = purposeAsked(question)
  if (asked === undefined) return () => false
  const other = new RegExp(PURPOSES.filter((purpose) => purpose !== asked.source).join('|'), 'iu')
  return (text) => other.test(text) && !asked.test(text)
}

/** The one purpose a question asks requirements for, as the pattern of its words, or undefined. */
export function purposeAsked (question: string): RegExp | undefined {
  if (!REQUIREMENTS.test(question)) return undefined
  const asked = PURPOSES.filter((purpose) => new RegExp(purpose, 'iu').test(question))
  return asked.length === 1 ? new RegExp(asked[0], 'iu') : undefined
}

/** Whether a word names a purpose a requirement can be for ("daftar", "masuk", "lulus", "admission"). */
export function namesPurpose (word: string): boolean {
  return PURPOSES.some((purpose) => new RegExp(purpose, 'u').test(word.toLowerCase()))
}
