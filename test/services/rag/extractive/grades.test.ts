// "Berapa nilai minimal lulus mata kuliah?" asks for a grade, a letter ("nilai D"), not a number of
// credits; "Nilai berapa yang dianggap tidak lulus …?" negates passing: the sentence negating it too
// answers, not the one saying when a student passes. A grade no sentence gives ("Berapa nilai TOEFL
// minimal …?" against "… skor tes bahasa Inggris … seperti TOEFL") is declined.
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { cuesOf } from '../../../../src/services/rag/extractive/question-types.ts'
import { passage } from '../../../support/helpers/passages.ts'

const answerer = createExtractiveAnswerer()

const passages = [
  passage('lulus', 'Syarat Kelulusan',
    'Mahasiswa program sarjana dinyatakan lulus apabila telah menyelesaikan seluruh mata kuliah wajib dengan jumlah minimal 144 SKS. Wisuda diadakan setelahnya.'),
  passage('nilai', 'Sistem Penilaian',
    'ITB menggunakan nilai huruf untuk setiap mata kuliah. Nilai A menunjukkan prestasi sangat baik, sedangkan nilai E berarti mahasiswa tidak lulus mata kuliah tersebut. Nilai D umumnya dianggap lulus dengan syarat terbatas.'),
  passage('iup', 'Program IUP',
    'Calon mahasiswa IUP umumnya diminta menunjukkan kemampuan bahasa Inggris, misalnya dengan skor tes bahasa Inggris yang diakui seperti TOEFL atau IELTS. Penilaian SNBP terutama memakai nilai rapor dan prestasi lain.')
]

t.test('a grade question asks for a letter grade, not a count', async (t) => {
  const cues = cuesOf('Berapa nilai minimal lulus mata kuliah?')
  t.ok(cues.some((cue) => cue.sentence.test('Nilai D umumnya dianggap lulus dengan syarat terbatas.')))
  t.ok(cues.some((cue) => cue.required === true && cue.sentence.test('nilai E berarti mahasiswa tidak lulus')), 'a grade required')
  t.notOk(cues.some((cue) => cue.sentence.test('Mahasiswa harus menyelesaikan 144 SKS.')), 'no number asked for')
})

t.test('a grade no sentence gives is declined', async (t) => {
  for (const question of ['Berapa nilai TOEFL minimal untuk IUP?', 'Berapa nilai IELTS minimal untuk IUP?', 'Berapa nilai rata-rata rapor untuk SNBP?']) {
    t.match(answerer.answer({ question, passages, found: true }).answer, /^Maaf/, question)
  }
})

t.test('the grades answer, not the credits needed to graduate', async (t) => {
  for (const question of ['Berapa nilai minimal lulus mata kuliah?', 'Nilai berapa yang dianggap tidak lulus mata kuliah?']) {
    const result = answerer.answer({ question, passages, found: true })
    t.match(result.answer, /nilai E berarti mahasiswa tidak lulus/, question)
    t.notMatch(result.answer, /144 SKS/, question)
  }
})

t.test('a letter grade asked about ("Nilai C itu lulus gak?") is the grade the answer is about, not passing the degree', async (t) => {
  const grades = [passages[0], passage('sistem-penilaian-ipk', 'Sistem Penilaian',
    'ITB menggunakan nilai huruf untuk menyatakan hasil belajar mahasiswa pada setiap mata kuliah. Nilai huruf yang digunakan di ITB adalah A, AB, B, BC, C, D, dan E. ' +
    'Setiap nilai huruf memiliki bobot angka pada skala 4,00. Nilai A berbobot 4, nilai AB berbobot 3,5, nilai B berbobot 3, nilai BC berbobot 2,5, nilai C berbobot 2, nilai D berbobot 1, dan nilai E berbobot 0. ' +
    'Nilai A menunjukkan prestasi sangat baik, sedangkan nilai E berarti mahasiswa tidak lulus mata kuliah tersebut. ' +
    'Nilai D umumnya dianggap lulus dengan syarat terbatas, dan jumlah nilai D yang boleh dimiliki untuk kelulusan dapat dibatasi oleh peraturan akademik.')]
  const c = answerer.answer({ question: 'Nilai C itu lulus gak?', passages: grades, found: true })
  t.match(c.answer, /^Berdasarkan informasi yang tersedia, nilai A berbobot 4, [^.]*nilai C berbobot 2/)
  t.notMatch(c.answer, /144 SKS/)
  const d = answerer.answer({ question: 'Nilai D itu lulus gak?', passages: grades, found: true })
  t.match(d.answer, /^Berdasarkan informasi yang tersedia, nilai D umumnya dianggap lulus dengan syarat terbatas/)
})
