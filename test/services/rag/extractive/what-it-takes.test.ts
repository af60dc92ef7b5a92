// The patterns of what it takes on their own (what-it-takes.ts): questions for what to prepare, the
// requirements, who may, what it is decided on; and what a sentence shows a selection requires.
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { BASIS_QUESTION, ELIGIBILITY_QUESTION, ELIGIBLE, KEEPING, PREPARATION_QUESTION, REQUIREMENT_QUESTION, restatedNeed, TEST_NAMED, WHAT_IT_TAKES, WHICH_TEST_QUESTION } from '../../../../src/services/rag/extractive/what-it-takes.ts'
import { GENEROUS_MS, repeated, timed } from '../../../support/helpers/adversarial-text.ts'
import { passage } from '../../../support/helpers/passages.ts'

t.test('questions', async (t) => {
  t.ok(PREPARATION_QUESTION.test('Apa yang harus disiapkan agar lolos SNBP?'))
  t.ok(PREPARATION_QUESTION.test('What do I need to prepare for SNBT?'))
  t.ok(REQUIREMENT_QUESTION.test('Syaratnya apa?'))
  // Round 16: the requirements asked last, or with several words before "requirements".
  for (const question of ['Syarat daftar jalur mandiri apa saja?', 'Syarat ikut SNBT apa aja?', 'Persyaratan SNBT apa?', 'Apa aja syarat SNBT?', 'What are the undergraduate admission requirements?']) {
    t.ok(REQUIREMENT_QUESTION.test(question), question)
  }
  t.notOk(REQUIREMENT_QUESTION.test('Apa itu SNBT?'))
  // Round 17: "Gimana/Bagaimana syarat …", and the requirements named alone ("SNBT requirements?").
  for (const question of ['Gimana syarat masuk sarjana ITB?', 'Bagaimana persyaratan SNBP?', 'Undergraduate admission requirements?', 'SNBT requirements?']) {
    t.ok(REQUIREMENT_QUESTION.test(question), question)
  }
  t.notOk(REQUIREMENT_QUESTION.test('Where are the requirements announced?'))
  // Round 18: what one needs, said without "requirements", restated as the requirements; what to prepare stays PREPARATION_QUESTION's.
  for (const question of ['What do I need to get into ITB as an undergraduate?', 'What does it take to get into ITB?', 'What do students need for SNBP?', 'Apa yang dibutuhkan untuk masuk S1 ITB?', 'Apa saja yang diperlukan untuk daftar KIP Kuliah?']) {
    t.ok(REQUIREMENT_QUESTION.test(restatedNeed(question)), question)
  }
  t.equal(restatedNeed("What do I need to get into ITB as a master's student?"), "What are the requirements to get into ITB as a master's student?")
  t.equal(restatedNeed('Apa yang dibutuhkan untuk daftar S2?'), 'Apa syarat untuk daftar S2?')
  // Round 19: whom it names needing it stays ("… a master's student …" was the funding sentence).
  t.equal(restatedNeed("What does a master's student need to get into ITB?"), "What are the requirements for a master's student to get into ITB?")
  t.equal(restatedNeed('What do international applicants need for the IUP?'), 'What are the requirements for international applicants for the IUP?')
  t.equal(restatedNeed('What do students need for SNBP?'), 'What are the requirements for SNBP?')
  for (const question of ['What do I need to prepare for SNBT?', 'Apa yang perlu disiapkan untuk SNBP?', 'Do doctoral applicants need a research proposal?']) t.equal(restatedNeed(question), question, question)
  t.notOk(REQUIREMENT_QUESTION.test('Gimana cara daftar SNBT?'))
  t.ok(ELIGIBILITY_QUESTION.test('Siapa yang bisa dapat KIP Kuliah?'))
  t.notOk(ELIGIBILITY_QUESTION.test('Siapa rektor ITB?'))
  t.ok(BASIS_QUESTION.test('Bagaimana UKT ditentukan?'))
  t.ok(BASIS_QUESTION.test('How is the fee determined?'))
})

t.test('what it takes, not a test named as a place', async (t) => {
  t.ok(WHAT_IT_TAKES.test('Penilaian SNBP terutama memakai nilai rapor.'))
  t.ok(WHAT_IT_TAKES.test('Tes yang digunakan adalah UTBK.'))
  t.notOk(WHAT_IT_TAKES.test('UTBK dilaksanakan di pusat-pusat tes di berbagai kota.'))
  t.notOk(WHAT_IT_TAKES.test('It is held at test centres in many cities.'))
  // Round 16: the paths' list opened "Apa syarat masuk jalur SNBP?" as a requirement through SNBT's name.
  t.notOk(WHAT_IT_TAKES.test('Ada tiga jalur masuk, yaitu SNBP, Seleksi Nasional Berdasarkan Tes (SNBT), dan Seleksi Mandiri ITB.'))
})

t.test('which test: one named, not a selection whose name has "Tes"', async (t) => {
  for (const question of ['Jalur mandiri ITB pakai tes apa?', 'Ujiannya apa?', 'Apa tes masuk SNBT?', 'Which test does SNBT use?']) t.ok(WHICH_TEST_QUESTION.test(question), question)
  t.notOk(WHICH_TEST_QUESTION.test('Apa itu SNBT?'))
  t.ok(TEST_NAMED.test('Jalur reguler memanfaatkan nilai UTBK.'))
  t.ok(TEST_NAMED.test('SNBP tidak menggunakan ujian tulis.'))
  t.notOk(TEST_NAMED.test('Ada tiga jalur masuk, yaitu SNBP, Seleksi Nasional Berdasarkan Tes (SNBT), dan Seleksi Mandiri ITB.'))
  const answerer = createExtractiveAnswerer()
  const passages = [
    passage('jalur-masuk-itb', 'Jalur Masuk ITB', 'Ada tiga jalur masuk program sarjana (S1) ITB, yaitu Seleksi Nasional Berdasarkan Prestasi (SNBP), Seleksi Nasional Berdasarkan Tes (SNBT), dan Seleksi Mandiri ITB.'),
    passage('seleksi-mandiri-itb', 'Seleksi Mandiri ITB', 'Seleksi Mandiri ITB adalah jalur penerimaan mahasiswa baru program sarjana yang diselenggarakan sendiri oleh ITB, di luar jalur nasional SNBP dan SNBT. ' +
      'Seleksi Mandiri ITB dapat terdiri atas beberapa skema, misalnya jalur reguler yang memanfaatkan nilai UTBK, jalur yang mempertimbangkan prestasi, dan jalur IUP.')
  ]
  passages.push(passage('jalur-snbt', 'Seleksi Nasional Berdasarkan Tes (SNBT) dan UTBK', 'Tes yang digunakan dalam SNBT adalah Ujian Tulis Berbasis Komputer (UTBK). ' +
    'Selain untuk SNBT, nilai UTBK juga dapat digunakan dalam sebagian jalur Seleksi Mandiri ITB sesuai ketentuan tahun berjalan.'))
  const { answer } = answerer.answer({ question: 'Jalur mandiri ITB pakai tes apa?', passages, found: true })
  t.match(answer, /^Berdasarkan informasi yang tersedia, [^.]*nilai UTBK[^.]*Seleksi Mandiri|^Berdasarkan informasi yang tersedia, Seleksi Mandiri[^.]*nilai UTBK/, 'the test it uses, not the list of paths')
  t.notMatch(answer, /tiga jalur masuk/)
})

t.test('a long run of a cue word is read in one scan', async (t) => {
  const { ms } = await timed(() => [BASIS_QUESTION.test(repeated('bagaimana ', 100_000)), WHAT_IT_TAKES.test(repeated('pusat tes ', 100_000)),
    REQUIREMENT_QUESTION.test(`syarat ${repeated('apa ', 100_000)}`), REQUIREMENT_QUESTION.test(`what are the ${repeated('big ', 100_000)}`), REQUIREMENT_QUESTION.test(repeated('big ', 100_000)),
    WHICH_TEST_QUESTION.test(repeated('tes ', 100_000)), TEST_NAMED.test(repeated('Tes ', 100_000))])
  t.ok(ms < GENEROUS_MS, `${Math.round(ms)} ms`)
})

t.test('what keeps it is no requirement to get it', async (t) => {
  t.ok(KEEPING.test('Mahasiswa penerima KIP Kuliah wajib menjaga prestasi akademik agar bantuannya tetap berlanjut.'))
  t.ok(KEEPING.test('Bantuan dapat dihentikan apabila penerima tidak lagi memenuhi syarat.'))
  t.ok(KEEPING.test('The aid stops when a recipient no longer meets the requirements.'))
  t.notOk(KEEPING.test('Calon penerima KIP Kuliah umumnya adalah lulusan SMA yang memiliki keterbatasan ekonomi.'))
  t.notOk(KEEPING.test('Mahasiswa disarankan tetap memantau pengumuman agar tidak melewatkan batas waktu.'))
  t.ok(ELIGIBLE.test('Calon penerima KIP Kuliah umumnya adalah lulusan SMA.'))
  t.notOk(ELIGIBLE.test('Bantuan dapat dihentikan apabila penerima tidak lagi memenuhi syarat.'))
  const { ms } = await timed(() => [KEEPING.test(repeated('agar ', 100_000)), KEEPING.test(repeated('agar tetap ', 100_000)), KEEPING.test(repeated('tidak lagi ', 100_000)), ELIGIBLE.test(repeated('tidak lagi memenuhi ', 100_000))])
  t.ok(ms < GENEROUS_MS, `${Math.round(ms)} ms`)
})
