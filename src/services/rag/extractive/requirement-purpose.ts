// What a requirement is for: "Apa syarat daftar S1?" asks what it takes to be admitted, which "Program
// sarjana (S1) di ITB umumnya mensyaratkan minimal 144 SKS untuk lulus." does not say: it requires the
// credits to graduate. A question naming one purpose of its requirements (admission, graduation) is not
// answered by a sentence stating another and none of its own, in its words or its section's ("Syarat Lulus
// Program Sarjana": "Mahasiswa sarjana juga wajib menyelesaikan tugas akhir …"): score.ts passes it over.

/** The words naming each purpose a requirement can be for. */
const PURPOSES: readonly string[] = [
  'daftar|mendaftar|pendaftaran|masuk|diterima|penerimaan|seleksi|apply|applying|applicants?|admission|admitted|enrol|enroll|enrolment|enrollment',
  'lulus|kelulusan|wisuda|graduate|graduating|graduation'
].map((words) => String.raw`(?<![\p{L}\p{N}])(?:${words})(?![\p{L}\p{N}])`)
/** Words asking for requirements. */
const REQUIREMENTS = /\b(syarat|syaratnya|persyaratan|requirements?|required)\b/i

/**
 * For a question asking the requirements of one purpose, whether a text (a sentence with its section's
 * heading) states another purpose and not the question's; never for any other question.
 */
export function ofAnotherPurpose (question: string): (text: string) => boolean {
  if (!REQUIREMENTS.test(question)) return () => false
  const asked = PURPOSES.filter((purpose) => new RegExp(purpose, 'iu').test(question))
  if (asked.length !== 1) return () => false
  const own = new RegExp(asked[0], 'iu')
  const other = new RegExp(PURPOSES.filter((purpose) => purpose !== asked[0]).join('|'), 'iu')
  return (text) => other.test(text) && !own.test(text)
}
