// "Kalau biayanya?" after "Bagaimana cara daftar S2 di ITB?": the documents give no amount, only that
// it changes ("Jadwal penerimaan, biaya pendidikan, … dapat berubah setiap periode.") and, in the next
// sentence, where it is published ("… merujuk pada pengumuman resmi di admission.itb.ac.id …"). The
// two answer it together; the registration sentence, with the earlier question's words but none of
// the follow-up's own, does not.
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import type { ExtractivePassage } from '../../../../src/services/rag/extractive.ts'
import { ADVERSARIAL_TEXTS, GENEROUS_MS, timed } from '../../../support/helpers/adversarial-text.ts'
import { pointsForAsked } from '../../../../src/services/rag/extractive/continuation.ts'
import { passage as documentPassage } from '../../../support/helpers/passages.ts'

const answerer = createExtractiveAnswerer()

function passage (id: string, section: string, text: string): ExtractivePassage {
  return { id, text, title: 'Penerimaan Mahasiswa Pascasarjana (S2 dan S3)', section, url: 'https://admission.itb.ac.id/', path: 'knowledge/penerimaan-pascasarjana.md', score: 1 }
}

const passages = [
  passage('daftar', 'Cara Mendaftar', 'Pendaftaran mahasiswa pascasarjana ITB dilakukan secara daring melalui laman https://admission.itb.ac.id/. ' +
    'Calon mahasiswa memilih program studi yang diminati, mengisi formulir, mengunggah dokumen, dan membayar biaya pendaftaran.'),
  passage('dana', 'Pendanaan', 'Mahasiswa pascasarjana dapat membiayai studinya sendiri, dibiayai instansi tempat bekerja, atau memperoleh beasiswa. ' +
    'Salah satu sumber beasiswa pascasarjana yang banyak digunakan adalah beasiswa dari Lembaga Pengelola Dana Pendidikan (LPDP).'),
  passage('catatan', 'Catatan', 'Jadwal penerimaan, biaya pendidikan, dan persyaratan rinci program pascasarjana dapat berubah setiap periode. ' +
    'Calon mahasiswa sebaiknya selalu merujuk pada pengumuman resmi di admission.itb.ac.id dan situs fakultas atau sekolah yang dituju.')
]

t.test('a cost that changes is answered with where it is published, the sentence after it', async (t) => {
  const { answer } = answerer.answer({ question: 'Kalau biayanya?', previousQuestion: 'Bagaimana cara daftar S2 di ITB?', passages, found: true })
  t.equal(answer, 'Berdasarkan informasi yang tersedia, jadwal penerimaan, biaya pendidikan, dan persyaratan rinci program pascasarjana dapat berubah setiap periode. ' +
    'Calon mahasiswa sebaiknya selalu merujuk pada pengumuman resmi di admission.itb.ac.id dan situs fakultas atau sekolah yang dituju.')
})

t.test('S3 is the documents\' postgraduate programme (the alias table), as S2 is', async (t) => {
  const { answer } = answerer.answer({ question: 'Berapa biaya pendidikan S3?', passages, found: true })
  t.match(answer, /^Berdasarkan informasi yang tersedia, jadwal penerimaan, biaya pendidikan, dan persyaratan rinci program pascasarjana dapat berubah setiap periode\. Calon mahasiswa sebaiknya/)
})

t.test('a sentence after one that says nothing changes is no pointer', async (t) => {
  const fixed = [passage('catatan', 'Catatan', 'Biaya pendidikan program pascasarjana dibayar setiap semester. ' +
    'Calon mahasiswa sebaiknya selalu merujuk pada pengumuman resmi di admission.itb.ac.id dan situs fakultas atau sekolah yang dituju.')]
  const { answer } = answerer.answer({ question: 'Berapa biaya pendidikan pascasarjana?', passages: fixed, found: true })
  t.notMatch(answer, /dibayar setiap semester\. Calon mahasiswa/)
})

t.test('any of ITB\'s sites is where it is published: the library\'s hours at lib.itb.ac.id, not another facility\'s', async (t) => {
  const library = documentPassage('perpustakaan-pusat', 'Perpustakaan Pusat ITB',
    'Mahasiswa aktif ITB otomatis dapat menggunakan layanan Perpustakaan Pusat dengan kartu mahasiswa atau akun ITB. ' +
    'Jam buka Perpustakaan Pusat ITB dapat berbeda antara masa kuliah dan masa libur, sehingga pengguna disarankan memeriksa informasi terbaru di https://lib.itb.ac.id/.',
    { section: 'Keanggotaan dan Jam Layanan' })
  const facilities = documentPassage('fasilitas', 'Fasilitas Kesehatan, Konseling, dan Olahraga',
    'Selain layanan kesehatan dan olahraga, ITB memiliki berbagai fasilitas pendukung, seperti Perpustakaan Pusat dan Campus Center. ' +
    'Informasi jam buka dan cara penggunaan setiap fasilitas dapat berubah dan sebaiknya diperiksa di situs resmi ITB.')
  const { answer } = answerer.answer({ question: 'Perpustakaan ITB buka jam berapa?', passages: [library, facilities], found: true })
  t.match(answer, /^Berdasarkan informasi yang tersedia, jam buka Perpustakaan Pusat ITB dapat berbeda/)
  // From each word of a run of "x-x-…" the address pattern read the run to its end: 25 s for 100,000 characters.
  const { ms } = await timed(() => answerer.answer({ question: 'Perpustakaan ITB buka jam berapa?', passages: [{ ...library, text: ADVERSARIAL_TEXTS.hyphenRun(150_000) }], found: true }))
  t.ok(ms < GENEROUS_MS, `${ms.toFixed(1)} ms`)
})

t.test('a schedule\'s pointer answers "kapan" only for the schedule asked about', async (t) => {
  const salman = documentPassage('masjid-salman', 'Masjid Salman ITB',
    'Jadwal kegiatan, kajian, dan layanan di Masjid Salman ITB diumumkan melalui kanal resmi Salman ITB. ' +
    'Masjid Salman ITB dirintis oleh dosen dan mahasiswa ITB sejak awal 1960-an dan mulai digunakan pada awal 1970-an.')
  const { answer } = answerer.answer({ question: 'Masjid Salman dibangun kapan?', passages: [salman], found: true })
  t.match(answer, /^Berdasarkan informasi yang tersedia, Masjid Salman ITB dirintis oleh dosen dan mahasiswa ITB sejak awal 1960-an/)
  t.notMatch(answer, /Jadwal kegiatan/)
  const asked = (found: string[]): boolean => found.includes('daftar')
  t.ok(pointsForAsked('Jadwal pendaftaran SNBP diumumkan di laman SNPMB.', asked, 'id'))
  t.ok(pointsForAsked('Jadwal, kuota, dan aturan SNBP dapat berubah setiap tahun.', asked, 'id'), 'a list after it')
  t.ok(pointsForAsked('Jadwal dan bentuk OSKM dapat berubah setiap tahun.', asked, 'id'))
  t.notOk(pointsForAsked('Jadwal kegiatan di Masjid Salman diumumkan.', asked, 'id'))
  const { ms } = await timed(() => pointsForAsked(`jadwal${' '.repeat(300_000)}x`, asked, 'id'))
  t.ok(ms < GENEROUS_MS, `${ms.toFixed(1)} ms`)
})

t.test('a schedule\'s pointer answers when it opens, though its document never says "dibuka"', async (t) => {
  const snbp = [
    documentPassage('jalur-snbp', 'Seleksi Nasional Berdasarkan Prestasi (SNBP) di ITB',
      'Siswa yang mendaftar SNBP memilih program studi atau fakultas di perguruan tinggi tujuan sesuai aturan yang berlaku. ' +
      'Jadwal, kuota, dan aturan SNBP dapat berubah setiap tahun, sehingga calon mahasiswa perlu membaca informasi resmi di laman SNPMB.'),
    documentPassage('jalur-masuk', 'Jalur Masuk Program Sarjana ITB', 'Seleksi Mandiri ITB biasanya dibuka setelah pengumuman SNBT.')
  ]
  for (const question of ['Kapan pendaftaran SNBP dibuka?', 'When does SNBP registration open?']) {
    const { answer } = answerer.answer({ question, passages: snbp, found: true })
    t.match(answer, /, jadwal, kuota, dan aturan SNBP dapat berubah setiap tahun/, question)
  }
})
