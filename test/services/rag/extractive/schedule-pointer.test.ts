// "Kapan SNBP dibuka?": the documents leave the dates to the official pages, so the schedule's pointer
// ("Jadwal, kuota, dan aturan SNBP dapat berubah setiap tahun, … laman SNPMB") answers it; it has what
// a schedule dates ("dibuka"), as candidates.ts gives it. Not a date said in a clause about another
// subject ("…, sedangkan Seleksi Mandiri ITB … biasanya dibuka setelah pengumuman SNBT": subject.ts).
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { firstSentence } from '../../../../scripts/eval-answers.ts'
import { passage } from '../../../support/helpers/passages.ts'
import { passagesOf } from '../extractive-fixture.ts'

const paths = passage('jalur-masuk-itb', 'Jalur Masuk Program Sarjana ITB', 'Ada tiga jalur masuk program sarjana ITB, yaitu SNBP, SNBT, dan Seleksi Mandiri ITB. ' +
  'SNBP dan SNBT adalah seleksi nasional yang diselenggarakan oleh panitia SNPMB, sedangkan Seleksi Mandiri ITB diselenggarakan oleh ITB sendiri dan biasanya dibuka setelah pengumuman SNBT.')
const snbp = passage('jalur-snbp', 'Jalur SNBP', 'Siswa yang diterima di ITB melalui SNBP akan menjalani Tahap Persiapan Bersama (TPB) pada tahun pertama sebelum ditempatkan ke program studi. ' +
  'Jadwal, kuota, dan aturan SNBP dapat berubah setiap tahun, sehingga calon mahasiswa perlu membaca informasi resmi di laman SNPMB.', { score: 0.8 })

t.test('"Kapan SNBP dibuka?" is answered by SNBP\'s schedule pointer, not by Seleksi Mandiri\'s opening', async (t) => {
  const { answer } = createExtractiveAnswerer().answer({ question: 'Kapan SNBP dibuka?', passages: [paths, snbp], found: true })
  t.match(firstSentence(answer), /jadwal, kuota, dan aturan SNBP dapat berubah setiap tahun/i)
  t.notMatch(answer, /Seleksi Mandiri/)
})

t.test('a contrasted clause keeps its date for a question about its own subject', async (t) => {
  const { answer } = createExtractiveAnswerer().answer({ question: 'Kapan Seleksi Mandiri ITB dibuka?', passages: [paths, snbp], found: true })
  t.match(firstSentence(answer), /Seleksi Mandiri ITB diselenggarakan oleh ITB sendiri dan biasanya dibuka setelah pengumuman SNBT/)
})

t.test('with the documents: the pointer has the opening asked for, over a sentence with SNBP and another time', async (t) => {
  // "Siswa yang diterima … melalui SNBP … pada tahun pertama sebelum …" gives a time and has SNBP too; without
  // "dibuka" the pointer ranked below it, and the question was declined (too little of it in that sentence).
  const { answer } = createExtractiveAnswerer().answer({ question: 'Kapan SNBP dibuka?', passages: passagesOf('jalur-masuk-itb.md', 'jalur-snbp.md'), found: true })
  t.match(firstSentence(answer), /jadwal, kuota, dan aturan SNBP dapat berubah setiap tahun/i)
})

t.test('a schedule of a list of events points to each of them', async (t) => {
  // "Kapan UTBK?", "Kapan pengumuman SNBT?" were answered with what UTBK tests or SNBT's choices at ITB: only the
  // first event ("Jadwal pendaftaran, …") was read as what the schedule is of (continuation.ts SCHEDULE_OF).
  const snbt = passagesOf('jalur-snbt.md')
  for (const question of ['Kapan UTBK?', 'Kapan pengumuman SNBT?']) {
    const { answer } = createExtractiveAnswerer().answer({ question, passages: snbt, found: true })
    t.match(firstSentence(answer), /jadwal pendaftaran, pelaksanaan UTBK, dan pengumuman SNBT diumumkan setiap tahun di laman SNPMB/i, question)
  }
})
