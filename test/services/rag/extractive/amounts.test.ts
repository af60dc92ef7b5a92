// The amount patterns on their own (amounts.ts): a question for how much something costs, with or
// without a question word, and a sentence pointing to where a changing figure is published.
import t from 'tap'
import { AMOUNT_QUESTION, CHANGES, PUBLISHED_ELSEWHERE, SET_BY_REGULATIONS } from '../../../../src/services/rag/extractive/amounts.ts'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { GENEROUS_MS, repeated, timed } from '../../../support/helpers/adversarial-text.ts'
import { passage } from '../../../support/helpers/passages.ts'

t.test('questions for an amount', async (t) => {
  for (const question of ['Berapa UKT di ITB?', 'Biaya kuliahnya berapa?', 'Kalau biayanya?', 'How much does it cost?', 'What about the fees?']) {
    t.ok(AMOUNT_QUESTION.test(question), question)
  }
  for (const question of ['Bagaimana cara membayar biaya kuliah?', 'Berapa lama kuliah S1?']) t.notOk(AMOUNT_QUESTION.test(question), question)
  // Whether it may be done asks no amount, its cost named or not.
  for (const question of ['UKT bisa dicicil ga?', 'Bisa bayar UKT dicicil?', 'Boleh bayar biaya asrama belakangan?']) t.notOk(AMOUNT_QUESTION.test(question), question)
  t.ok(AMOUNT_QUESTION.test('Bisa tahu berapa biaya asrama?'), 'with "berapa" it does')
})

t.test('whether a cost may be paid in instalments is answered by the sentence naming them, not by the amounts', async (t) => {
  const passages = [
    passage('ukt', 'Uang Kuliah Tunggal (UKT) di ITB',
      'Besaran biaya kuliah program sarjana jalur SNBP dan SNBT mengikuti kelompok UKT masing-masing mahasiswa, dan besaran terbaru setiap kelompok diumumkan di admission.itb.ac.id. ' +
      'Besaran UKT setiap kelompok ditetapkan oleh ITB sesuai ketentuan pemerintah.'),
    passage('penyesuaian-ukt', 'Penyesuaian dan Keringanan UKT',
      'Mahasiswa yang mengalami kesulitan membayar biaya kuliah sebaiknya segera berkonsultasi dengan Direktorat Kemahasiswaan ITB. ' +
      'Hasil pengajuan penyesuaian UKT dapat berupa penurunan kelompok UKT, keringanan, cicilan, atau penolakan jika data tidak mendukung.')
  ]
  const { answer } = createExtractiveAnswerer().answer({ question: 'Bisa bayar UKT dicicil?', passages, found: true })
  t.match(answer, /^Berdasarkan informasi yang tersedia, hasil pengajuan penyesuaian UKT dapat berupa penurunan kelompok UKT, keringanan, cicilan/)
})

t.test('where a figure is published, that it changes, that the regulations set it', async (t) => {
  t.ok(PUBLISHED_ELSEWHERE.test('Informasi terbaru dapat dilihat di lib.itb.ac.id.'))
  t.notOk(PUBLISHED_ELSEWHERE.test('UKT dibayar setiap semester.'))
  t.ok(CHANGES.test('Besaran biaya dapat berubah setiap periode.'))
  t.ok(SET_BY_REGULATIONS.test('Batas masa studi ditetapkan dalam Peraturan Akademik ITB.'))
})

t.test('a long run of a cue word is read in one scan', async (t) => {
  const { ms } = await timed(() => [AMOUNT_QUESTION.test(repeated('berapa ', 100_000)), AMOUNT_QUESTION.test(repeated('biaya ', 100_000)), PUBLISHED_ELSEWHERE.test(repeated('x-', 100_000))])
  t.ok(ms < GENEROUS_MS, `${Math.round(ms)} ms`)
})
