// A word the question derives from a stem may name another thing than the stem's other forms: the
// ke-…-an noun "kedokteran" (medicine) is not the "dokter" of a doctor's note, and "dibuka" (when
// registration opens) is not "terbuka bagi lulusan" (open to graduates). The stem's other forms still
// count ("pendaftaran" for "mendaftar").
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { derivedAsked, hasDerived } from '../../../../src/services/rag/extractive/derivation.ts'
import { GENEROUS_MS, repeated, timed } from '../../../support/helpers/adversarial-text.ts'
import { passage } from '../../../support/helpers/passages.ts'
import { ask, declined } from '../offline-answers-fixture.ts'

const answerer = createExtractiveAnswerer()

t.test('the derived words a question asks, and which sentence words have them', async (t) => {
  const [medicine] = derivedAsked('ITB ada jurusan kedokteran ga?', 'id')
  t.equal(medicine.stem, 'dokter')
  t.notOk(hasDerived('… didukung dokumen seperti surat keterangan dokter.', medicine, 'id'))
  t.ok(hasDerived('Fakultas Kedokteran di kampus lain.', medicine, 'id'))
  const [opened] = derivedAsked('Kapan pendaftaran SNBT dibuka?', 'id').filter((word) => word.stem === 'buka')
  t.notOk(hasDerived('SNBT terbuka bagi lulusan SMA.', opened, 'id'))
  t.ok(hasDerived('Seleksi Mandiri ITB biasanya dibuka setelah pengumuman SNBT.', opened, 'id'))
  t.same(derivedAsked('What is open?', 'en'), [], 'Indonesian only')
  t.same(derivedAsked('Apa itu TPB?', 'id'), [], 'no derived word')
})

t.test('a sentence with the stem in another derivation does not answer', async (t) => {
  // On the real knowledge folder: "dokter" is in one sentence only, so its weight carried the answer.
  const medicine = await ask('ITB ada jurusan kedokteran ga?')
  t.ok(declined(medicine), medicine.answer)
  const snbt = passage('jalur-snbt', 'Seleksi Nasional Berdasarkan Tes (SNBT) dan UTBK',
    'SNBT terbuka bagi lulusan SMA, MA, SMK, atau sederajat dalam tahun kelulusan yang diizinkan oleh aturan tahun berjalan. ' +
    'Jadwal pendaftaran, pelaksanaan UTBK, dan pengumuman SNBT diumumkan setiap tahun di laman SNPMB.')
  t.match(answerer.answer({ question: 'Kapan pendaftaran SNBT dibuka?', passages: [snbt], found: true }).answer, /^Berdasarkan informasi yang tersedia, jadwal pendaftaran, pelaksanaan UTBK, dan pengumuman SNBT diumumkan/)
})

t.test('a long question and sentence are read in one scan', async (t) => {
  const { ms } = await timed(() => {
    const words = derivedAsked(repeated('kedokteran dibuka ', 100_000), 'id')
    return hasDerived(repeated('terbuka dokter ', 100_000), words[0], 'id')
  })
  t.ok(ms < GENEROUS_MS, `${Math.round(ms)} ms`)
})

t.test('a peN-…-an noun is not its bare stem', async (t) => {
  // "Bagaimana pendaftaran IUP?" was answered "IUP tidak dibuka di semua program studi; …, dan daftarnya diumumkan setiap tahun.": its list, not a registration.
  const [registration] = derivedAsked('Bagaimana pendaftaran IUP?', 'id')
  t.notOk(hasDerived('IUP tidak dibuka di semua program studi, dan daftarnya diumumkan setiap tahun.', registration, 'id'))
  t.ok(hasDerived('Calon mahasiswa mendaftar melalui laman resmi.', registration, 'id'))
  t.ok(hasDerived('Pendaftaran dilakukan secara daring.', registration, 'id'))
  const result = await ask('Bagaimana pendaftaran IUP?')
  t.notMatch(result.answer, /daftarnya diumumkan/)
})
