// "Siapa yang boleh ikut?", "Who can apply …?" ask who is eligible: taking part, registering or
// applying is what eligibility is for, not a topic of its own, so the sentence saying for whom it is
// open ("SNBT terbuka bagi lulusan SMA …") answers, not the one with the verb that says who may not
// ("… tidak dapat mengikuti SNBT").
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
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
