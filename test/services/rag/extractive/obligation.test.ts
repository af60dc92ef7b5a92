// Whether something must be done (obligation.ts): a yes/no question with a word of obligation is
// answered by a sentence saying it is an obligation or an option, of the action it asks about and
// with what that is done to; a sentence with the word said of another action does not answer it, and
// with none the question is declined. Its patterns read a question in time proportional to it.
import t from 'tap'
import { createExtractiveAnswerer, NO_ANSWER } from '../../../../src/services/rag/extractive.ts'
import { OBLIGATION_QUESTION, obligedAction, saysWhetherObliged } from '../../../../src/services/rag/extractive/obligation.ts'
import { GENEROUS_MS, repeated, spaces, timed } from '../../../support/helpers/adversarial-text.ts'
import { passage } from '../../../support/helpers/passages.ts'
import { ask, declined } from '../offline-answers-fixture.ts'

const answerer = createExtractiveAnswerer()

const dormitory = [
  passage('asrama-umum', 'Asrama Mahasiswa ITB',
    'ITB menyediakan asrama mahasiswa sebagai pilihan tempat tinggal bagi mahasiswa, terutama mahasiswa tahun pertama dan mahasiswa yang berasal dari luar daerah. ' +
    'Asrama ITB tidak hanya berfungsi sebagai tempat tinggal, tetapi juga sebagai lingkungan pembinaan yang membantu mahasiswa baru beradaptasi dengan kehidupan kampus.'),
  passage('asrama-hidup', 'Asrama Mahasiswa ITB',
    'Penghuni asrama ITB wajib mematuhi tata tertib asrama, misalnya aturan jam tamu, kebersihan, dan keamanan. ' +
    'Mahasiswa yang tidak tinggal di asrama umumnya menyewa kamar kos di sekitar kampus.')
]

t.test('whether new students must live in a dormitory: the sentence calling it an option, not what residents must do', async (t) => {
  const { answer } = answerer.answer({ question: 'Apakah mahasiswa baru wajib tinggal di asrama?', passages: dormitory, found: true })
  t.match(answer, /^Berdasarkan informasi yang tersedia, ITB menyediakan asrama mahasiswa sebagai pilihan tempat tinggal/)
  t.notMatch(answer, /tidak hanya berfungsi|wajib mematuhi/)
  // Living somewhere is "tinggal" (the alias table): asked in English, the same option answers.
  const english = answerer.answer({ question: 'Do I have to live in the dormitory?', passages: dormitory, found: true })
  t.match(english.answer, /^According to the available information \(in Indonesian\), ITB menyediakan asrama mahasiswa sebagai pilihan tempat tinggal/)
})

t.test('an obligation said of another action, or of the action done to something else, is no answer: declined', async (t) => {
  const passages = [
    passage('wisuda', 'Sabuga dan Wisuda', 'Mahasiswa yang ingin mengikuti wisuda harus sudah dinyatakan lulus dan menyelesaikan seluruh persyaratan administrasi.'),
    passage('himpunan', 'Himpunan Mahasiswa Jurusan (HMJ)', 'Untuk menjadi anggota himpunan, mahasiswa umumnya mengikuti proses kaderisasi yang diselenggarakan oleh himpunan.')
  ]
  const { answer } = answerer.answer({ question: 'Apakah mahasiswa wajib ikut himpunan?', passages, found: true })
  t.equal(answer, NO_ANSWER.id)
  // Taking part with nothing after it is taking part in the question's subject, OSKM, not in the graduation ceremony
  // (on the real knowledge folder, where the graduation sentence was the answer).
  t.same(obligedAction('OSKM wajib ikut ga?', 'id', new Set()), { action: ['ikut'], object: [], named: ['oskm'] }, 'the words before the obligation')
  for (const [question, previous] of [['OSKM wajib ikut ga?', []], ['Wajib ikut ga?', ['Apa itu OSKM?']]] satisfies Array<[string, string[]]>) {
    const result = await ask(question, previous)
    t.ok(declined(result), `${question}: ${result.answer}`)
  }
  t.match((await ask('Wajib ikut ga?', ['Apa itu TPB?'])).answer, /wajib diikuti oleh semua mahasiswa baru/)
})

t.test('with nothing after the word of obligation, it is said of the question\'s subject', async (t) => {
  const tpb = passage('tahap-persiapan-bersama', 'Tahap Persiapan Bersama (TPB)',
    'Mahasiswa TPB mengikuti mata kuliah dasar seperti matematika dan fisika. ' +
    'Tahap Persiapan Bersama, disingkat TPB, adalah program tahun pertama yang wajib diikuti oleh semua mahasiswa baru program sarjana ITB.')
  const { answer } = answerer.answer({ question: 'Apakah TPB wajib?', passages: [tpb], found: true })
  t.match(answer, /^Berdasarkan informasi yang tersedia, Tahap Persiapan Bersama, disingkat TPB, adalah program tahun pertama yang wajib diikuti/)
  // What the activity must be ("harus bebas dari kekerasan") says nothing of whether one must take part: declined.
  const oskm = passage('oskm', 'OSKM ITB (Orientasi Mahasiswa Baru)',
    'OSKM ITB adalah kegiatan orientasi bagi mahasiswa baru program sarjana ITB. ' +
    'ITB menegaskan bahwa kegiatan orientasi mahasiswa baru, termasuk OSKM dan kaderisasi di himpunan, harus bebas dari kekerasan fisik, kekerasan verbal, perpeloncoan, dan perundungan.')
  for (const question of ['OSKM itu wajib ga?', 'Apakah OSKM wajib?']) t.equal(answerer.answer({ question, passages: [oskm], found: true }).answer, NO_ANSWER.id, question)
  t.equal(answerer.answer({ question: 'Is OSKM mandatory?', passages: [oskm], found: true }).answer, NO_ANSWER.en)
})

t.test('the action and what it is done to; a word of obligation or option a few words from the action', async (t) => {
  t.same(obligedAction('Apakah mahasiswa baru wajib tinggal di asrama?', 'id', new Set()), { action: ['tinggal'], object: ['asrama'], named: [] })
  t.same(obligedAction('Apakah penerima KIP Kuliah wajib menjaga IPK?', 'id', new Set(['kip', 'kuliah', 'ipk'])), { action: ['jaga'], object: [], named: ['kip', 'kuliah', 'ipk', 'terima'] }, 'only names: the sentence must have one, or its subject')
  t.same(obligedAction('Apakah TPB wajib?', 'id', new Set(['tpb'])), { action: [], object: [], named: [] })
  const asked = { action: ['tinggal'], object: ['asrama'], named: [] }
  const has = (found: string[], wanted: readonly string[]): boolean => wanted.some((term) => found.includes(term))
  t.ok(saysWhetherObliged('ITB menyediakan asrama sebagai pilihan tempat tinggal.', asked, has, 'id'))
  t.notOk(saysWhetherObliged('Penghuni asrama wajib mematuhi tata tertib dan tidak tinggal lebih dari empat tahun di kota.', asked, has, 'id'), 'five words away')
  t.notOk(saysWhetherObliged('Mahasiswa wajib tinggal di Bandung.', asked, has, 'id'), 'not of the dormitory')
})

t.test('yes/no questions with a word of obligation, not questions asking what, when or how', async (t) => {
  for (const question of ['Apakah mahasiswa baru wajib tinggal di asrama?', 'Maba harus ikut OSKM ga?', 'Do I have to live in the dormitory?', 'Is TPB mandatory?', 'Apakah perlu reservasi?']) {
    t.ok(OBLIGATION_QUESTION.test(question), question)
  }
  for (const question of ['Apa yang harus disiapkan untuk SNBT?', 'Kapan UKT harus dibayar?', 'Harus bawa apa?', 'What do I need to prepare?', 'Apakah bisa cuti?']) {
    t.notOk(OBLIGATION_QUESTION.test(question), question)
  }
  for (const question of [repeated('wajib ', 300_000, '?'), spaces('apa', 300_000, 'wajib'), repeated('apa   ', 300_000, 'harus'), repeated('harus ', 300_000, 'kapan')]) {
    const { ms } = await timed(() => [OBLIGATION_QUESTION.test(question), obligedAction(question, 'id', new Set()),
      saysWhetherObliged(question, { action: ['tinggal'], object: ['asrama'], named: [] }, () => true, 'id'), saysWhetherObliged(question, { action: [], object: [], named: [] }, () => true, 'id')])
    t.ok(ms < GENEROUS_MS, `${question.slice(0, 12)}…: ${ms.toFixed(1)} ms`)
  }
})
