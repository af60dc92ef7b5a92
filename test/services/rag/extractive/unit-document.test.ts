// "What about the fees?" after "Which faculties does ITB have?" asks about ITB's tuition: a sentence
// of one faculty's own document naming that faculty ("Biaya kuliah dan ketentuan penerimaan SBM …",
// in "Sekolah Bisnis dan Manajemen (SBM)") answers for that faculty only, and gives way to the general
// one when the conversation names no faculty; asked about the faculty, it answers (asked which faculty:
// offline-answers.test.ts).
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import type { ExtractivePassage } from '../../../../src/services/rag/extractive.ts'

const answerer = createExtractiveAnswerer()

const passages: ExtractivePassage[] = [{
  id: 'sbm',
  title: 'Sekolah Bisnis dan Manajemen (SBM)',
  section: 'Penerimaan Sarjana',
  url: 'https://www.sbm.itb.ac.id/',
  path: 'knowledge/fakultas-sbm.md',
  score: 0.3,
  text: 'Calon mahasiswa sarjana mendaftar ke SBM melalui SNBP, SNBT, atau Seleksi Mandiri ITB. Mahasiswa baru SBM menjalani Tahap Persiapan Bersama (TPB) pada tahun pertama bersama mahasiswa ITB lainnya. ' +
    'Biaya kuliah dan ketentuan penerimaan SBM mengikuti ketentuan yang diumumkan setiap tahun di https://admission.itb.ac.id/. Informasi lengkap tentang SBM tersedia di https://www.sbm.itb.ac.id/.'
}, {
  id: 'ukt',
  title: 'Pembayaran Biaya Kuliah dan Registrasi Semester',
  section: 'Kewajiban Setiap Semester',
  url: 'https://www.itb.ac.id/',
  path: 'knowledge/pembayaran-biaya-kuliah.md',
  score: 0.37,
  text: 'Mahasiswa ITB wajib membayar biaya kuliah, misalnya Uang Kuliah Tunggal (UKT), setiap semester sebelum batas waktu yang ditetapkan. ' +
    'Besaran biaya kuliah program sarjana jalur SNBP dan SNBT mengikuti kelompok UKT masing-masing mahasiswa, dan besaran terbaru setiap kelompok diumumkan di https://admission.itb.ac.id/. ' +
    'Pembayaran biaya kuliah merupakan bagian dari registrasi semester, sehingga mahasiswa yang belum membayar biaya kuliah dapat terhambat dalam pengisian rencana studi dan mengikuti perkuliahan.'
}]

t.test('a general fee question is not answered with one faculty\'s fees', async (t) => {
  const { answer } = answerer.answer({ question: 'What about the fees?', previousQuestion: 'Which faculties does ITB have?', passages, found: true })
  t.match(answer, /^According to the available information \(in Indonesian\), besaran biaya kuliah program sarjana jalur SNBP dan SNBT mengikuti kelompok UKT/)
  t.notMatch(answer, /SBM/)
})

t.test('asked about the faculty, its own document answers', async (t) => {
  const { answer } = answerer.answer({ question: 'Berapa biaya kuliah di SBM?', passages, found: true })
  t.match(answer, /^Berdasarkan informasi yang tersedia, biaya kuliah dan ketentuan penerimaan SBM/)
})
