// "Berapa UKT di ITB per semester?": the English overview packs into one sentence what the Indonesian
// documents say in a sentence and its title (own-language.ts), so it had more of the question's words
// and the answer was in English ("(dalam bahasa Inggris)"). An Indonesian question whose passages are
// mostly Indonesian is answered from them; an English question asked of the same passages is not moved.
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import type { ExtractivePassage } from '../../../../src/services/rag/extractive.ts'

const answerer = createExtractiveAnswerer()

const passages: ExtractivePassage[] = [{
  id: 'overview',
  title: 'Institut Teknologi Bandung (ITB) at a Glance',
  section: 'Admission and Tuition',
  url: 'https://www.itb.ac.id/',
  path: 'knowledge/itb-overview-en.md',
  score: 1,
  text: 'Undergraduates admitted through SNBP and SNBT pay a single tuition fee each semester, the Uang Kuliah Tunggal (UKT), whose amount depends on the economic ability of the student\'s family; the current amounts for each group are published at https://admission.itb.ac.id/. ' +
    'Tuition for Seleksi Mandiri, the International Undergraduate Program (IUP), and graduate programs is set separately.'
}, {
  id: 'payment',
  title: 'Pembayaran Biaya Kuliah dan Registrasi Semester',
  section: 'Kewajiban Setiap Semester',
  url: 'https://www.itb.ac.id/',
  path: 'knowledge/pembayaran-biaya-kuliah.md',
  score: 1,
  text: 'Mahasiswa ITB wajib membayar biaya kuliah, misalnya Uang Kuliah Tunggal (UKT), setiap semester sebelum batas waktu yang ditetapkan. ' +
    'Besaran biaya kuliah program sarjana jalur SNBP dan SNBT mengikuti kelompok UKT masing-masing mahasiswa, dan besaran terbaru setiap kelompok diumumkan di https://admission.itb.ac.id/. ' +
    'Pembayaran biaya kuliah merupakan bagian dari registrasi semester, sehingga mahasiswa yang belum membayar biaya kuliah dapat terhambat dalam pengisian rencana studi dan mengikuti perkuliahan.'
}, {
  id: 'amount',
  title: 'Uang Kuliah Tunggal (UKT) di ITB',
  section: 'Besaran UKT',
  url: 'https://admission.itb.ac.id/',
  path: 'knowledge/uang-kuliah-tunggal.md',
  score: 0.6,
  text: 'Besaran UKT setiap kelompok ditetapkan oleh ITB sesuai ketentuan pemerintah dan dapat berbeda antarprogram studi serta berubah dari tahun ke tahun. ' +
    'Besaran UKT terbaru untuk setiap kelompok dapat dilihat di https://admission.itb.ac.id/.'
}]

t.test('an Indonesian question is answered from the Indonesian passages saying what the English sentence says', async (t) => {
  const { answer, language } = answerer.answer({ question: 'Berapa UKT di ITB per semester?', passages, found: true })
  t.equal(language, 'id')
  t.match(answer, /^Berdasarkan informasi yang tersedia, besaran (biaya kuliah|UKT)/)
  t.match(answer, /admission\.itb\.ac\.id/)
  t.notMatch(answer, /dalam bahasa Inggris|tuition fee/)
})

t.test('an English question keeps the English sentence', async (t) => {
  const { answer } = answerer.answer({ question: 'How much is the tuition each semester?', passages, found: true })
  t.match(answer, /^According to the available information, undergraduates admitted through SNBP and SNBT pay a single tuition fee each semester/)
})
