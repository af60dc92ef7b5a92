// "Siapa yang boleh ikut?", "Who can apply …?" ask who is eligible: taking part, registering or
// applying is what eligibility is for, not a topic of its own, so the sentence saying for whom it is
// open ("SNBT terbuka bagi lulusan SMA …") answers, not the one with the verb that says who may not
// ("… tidak dapat mengikuti SNBT").
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { ELIGIBILITY_QUESTION } from '../../../../src/services/rag/extractive/what-it-takes.ts'
import { GENEROUS_MS, repeated, timed } from '../../../support/helpers/adversarial-text.ts'
import { passage } from '../../../support/helpers/passages.ts'

const answerer = createExtractiveAnswerer()

const who = passage('jalur-snbt', 'Seleksi Nasional Berdasarkan Tes (SNBT) dan UTBK',
  'SNBT terbuka bagi lulusan SMA, MA, SMK, atau sederajat dalam tahun kelulusan yang diizinkan oleh aturan tahun berjalan. ' +
  'Siswa yang sudah diterima melalui SNBP pada tahun yang sama tidak dapat mengikuti SNBT. ' +
  'Peserta SNBT dapat memilih beberapa pilihan program studi atau fakultas sesuai aturan yang berlaku.', { section: 'Siapa yang Dapat Mendaftar' })

t.test('who may take part is whom it is open to', async (t) => {
  const { answer } = answerer.answer({ question: 'Siapa yang boleh ikut?', previousQuestion: 'Apa itu SNBT?', passages: [who], found: true })
  t.match(answer, /^Berdasarkan informasi yang tersedia, SNBT terbuka bagi lulusan SMA/)
  t.notMatch(answer, /^Berdasarkan informasi yang tersedia, siswa yang sudah diterima/)
})

t.test('who may register is who meets its requirements ("… yang memenuhi syarat yang dapat mendaftar …")', async (t) => {
  const snbp = [
    passage('jalur-snbp', 'Seleksi Nasional Berdasarkan Prestasi (SNBP) di ITB',
      'SNBP tidak menggunakan ujian tulis. Penilaian SNBP terutama memakai nilai rapor.', { section: 'Apa itu SNBP' }),
    passage('jalur-snbp-siapa', 'Seleksi Nasional Berdasarkan Prestasi (SNBP) di ITB',
      'Hanya siswa kelas terakhir SMA, MA, atau SMK yang memenuhi syarat yang dapat mendaftar SNBP. ' +
      'Kuota siswa di setiap sekolah ditentukan berdasarkan akreditasi sekolah.', { section: 'Siapa yang Dapat Mendaftar' })
  ]
  const { answer } = answerer.answer({ question: 'Siapa yang bisa daftar?', previousQuestion: 'Apa itu SNBP?', passages: snbp, found: true })
  t.match(answer, /^Berdasarkan informasi yang tersedia, hanya siswa kelas terakhir SMA, MA, atau SMK yang memenuhi syarat/)
  const kip = passage('kip-kuliah', 'KIP Kuliah di ITB',
    'Bantuan KIP Kuliah dapat dievaluasi setiap semester dan dapat dihentikan apabila penerima tidak lagi memenuhi syarat. ' +
    'Calon penerima KIP Kuliah umumnya adalah lulusan SMA, MA, SMK, atau sederajat yang memiliki keterbatasan ekonomi.')
  const stopped = answerer.answer({ question: 'Siapa yang bisa dapat KIP Kuliah?', passages: [kip], found: true })
  t.match(stopped.answer, /^Berdasarkan informasi yang tersedia, calon penerima KIP Kuliah/, 'no longer meeting them is when aid stops, not who gets it')
})

t.test('joining is what eligibility is for, and for whom it is open asks who may (round 19)', async (t) => {
  // "Who can join a UKM?" got "Mahasiswa dapat bergabung dengan lebih dari satu unit, …" (the verb), "UKM terbuka untuk siapa?" the
  // units' sentence followed by the dormitory's "Daftar asrama yang dibuka …", "Himpunan terbuka untuk siapa?" the units' sentence.
  for (const question of ['UKM terbuka untuk siapa?', 'Himpunan terbuka untuk siapa?', 'Who is a UKM open to?', 'Open to whom?']) t.ok(ELIGIBILITY_QUESTION.test(question), question)
  t.notOk(ELIGIBILITY_QUESTION.test('Kapan pendaftaran dibuka?'))
  const passages = [
    passage('unit-kegiatan-mahasiswa', 'Unit Kegiatan Mahasiswa (UKM) ITB', 'Berbeda dengan himpunan yang beranggotakan mahasiswa satu program studi, unit kegiatan mahasiswa terbuka bagi mahasiswa ITB dari semua jurusan dan angkatan. ' +
      'Mahasiswa dapat bergabung dengan lebih dari satu unit, tetapi disarankan menyeimbangkan kegiatan unit dengan kewajiban akademik.'),
    passage('himpunan-mahasiswa-jurusan', 'Himpunan Mahasiswa Jurusan (HMJ)', 'Setiap program studi sarjana di ITB pada umumnya memiliki satu himpunan yang beranggotakan mahasiswa program studi tersebut.'),
    passage('asrama-mahasiswa', 'Asrama Mahasiswa ITB', 'Daftar asrama yang dibuka untuk setiap tahun akademik diumumkan oleh unit pengelola asrama ITB.')
  ]
  for (const question of ['Who can join a UKM?', 'UKM terbuka untuk siapa?', 'Siapa yang boleh gabung UKM?']) {
    const { answer } = answerer.answer({ question, passages, found: true })
    t.match(answer, /unit kegiatan mahasiswa terbuka bagi mahasiswa ITB dari semua jurusan dan angkatan\.$/, `${question}: ${answer}`)
  }
  for (const question of ['Himpunan terbuka untuk siapa?', 'Who can join a himpunan?']) {
    const { answer } = answerer.answer({ question, passages, found: true })
    t.match(answer, /satu himpunan yang beranggotakan mahasiswa program studi tersebut\.$/, `${question}: ${answer}`)
  }
})

t.test('who is … open to, in linear time', async (t) => {
  const { ms } = await timed(() => [ELIGIBILITY_QUESTION.test(`who is ${repeated('big ', 100_000)}`), ELIGIBILITY_QUESTION.test(repeated('terbuka untuk ', 100_000))])
  t.ok(ms < GENEROUS_MS, `${Math.round(ms)} ms`)
})
