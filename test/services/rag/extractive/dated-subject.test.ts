// "Kapan pendaftaran beasiswa dibuka?" was answered "Pendaftaran asrama ITB biasanya dibuka bagi mahasiswa
// baru setelah pengumuman penerimaan.": the dormitory's registration, a date with only the event's words
// ("pendaftaran", "dibuka") of the question. A date asked of something besides the event is given by a
// sentence having some of it, itself or in its passage's title or section (evidence.ts); the documents
// date no scholarship registration, so it is declined.
import t from 'tap'
import { ask, declined } from '../offline-answers-fixture.ts'

t.test('a date asked of something is not the date of another thing with the same event', async (t) => {
  for (const question of ['Kapan pendaftaran beasiswa dibuka?', 'Kapan beasiswa dibuka?', 'When does scholarship registration open?']) {
    const result = await ask(question)
    t.ok(declined(result), `${question}: ${result.answer}`)
  }
})

t.test('the date of what is asked is still given', async (t) => {
  const dormitory = await ask('Kapan pendaftaran asrama dibuka?')
  t.match(dormitory.answer, /pendaftaran asrama ITB biasanya dibuka bagi mahasiswa baru setelah pengumuman penerimaan/i)
  const mandiri = await ask('Kapan pendaftaran Seleksi Mandiri dibuka?')
  t.match(mandiri.answer, /Seleksi Mandiri ITB biasanya dibuka setelah pengumuman SNBT/)
  // "dibangun" is not "dirintis", but the mosque is named: its date answers.
  const salman = await ask('Masjid Salman dibangun kapan?')
  t.match(salman.answer, /sejak awal 1960-an/)
})

t.test('a registration or an announcement is dated by a sentence naming it, or by its schedule', async (t) => {
  // Round 13: "IUP ITB dibuka untuk …" (open to whom), LPDP as a source of scholarships, and TPB "… sebelum ditempatkan …".
  for (const question of ['Kapan pendaftaran IUP dibuka?', 'When does IUP registration open?', 'Kapan pendaftaran LPDP?']) {
    const result = await ask(question)
    t.ok(declined(result), `${question}: ${result.answer}`)
  }
  const snbp = await ask('Kapan pengumuman SNBP?')
  t.match(snbp.answer, /^Berdasarkan informasi yang tersedia, jadwal, kuota, dan aturan SNBP dapat berubah setiap tahun/, snbp.answer)
  t.notMatch(snbp.answer, /TPB/)
})
