// "Di mana kantor Direktorat Kemahasiswaan?" was answered "… banyak beasiswa alumni yang disalurkan melalui
// IA-ITB, … atau bekerja sama dengan Direktorat Kemahasiswaan ITB.": "melalui" (through) counted as a
// place. It is a channel; and where an office, a building or a room is, a website is no answer either:
// a place on the ground, or nothing the documents say (question-types.ts WHERE_ON_THE_GROUND).
import t from 'tap'
import { cuesOf } from '../../../../src/services/rag/extractive/question-types.ts'
import { ask, declined } from '../offline-answers-fixture.ts'

t.test('an office the documents place nowhere is declined', async (t) => {
  for (const question of ['Di mana kantor Direktorat Kemahasiswaan?', 'Where is the Directorate of Student Affairs office?']) {
    const result = await ask(question)
    t.ok(declined(result), `${question}: ${result.answer}`)
  }
})

t.test('a place on the ground is still given, and a channel is not a place', async (t) => {
  const sabuga = await ask('Di mana gedung Sabuga?')
  t.match(sabuga.answer, /terletak di Jalan Tamansari/)
  const salman = await ask('Di mana Masjid Salman?')
  t.match(salman.answer, /terletak di Jalan Ganesa/)
  t.notMatch(salman.answer, /diumumkan melalui kanal resmi/, 'where its schedule is announced is not where it is')
  const where = cuesOf('Di mana kantor Direktorat Kemahasiswaan?')
  t.equal(where.length, 1)
  t.notOk(where[0].sentence.test('Informasi tersedia di laman kemahasiswaan.itb.ac.id.'), 'a website is no office\'s place')
  t.ok(where[0].sentence.test('Kantornya berada di Jalan Ganesa.'))
  t.ok(cuesOf('Di mana daftar Seleksi Mandiri?')[0].sentence.test('… secara daring melalui laman admission.itb.ac.id.'), 'a site is where one registers')
})

t.test('which campus: the campus its faculty is on, named in a sentence of the faculty\'s document', async (t) => {
  // "Teknik Sipil di kampus mana?" was answered "Presiden Soekarno juga merupakan lulusan teknik sipil dari TH Bandung. …".
  const civil = await ask('Teknik Sipil di kampus mana?')
  t.match(civil.answer, /^Berdasarkan informasi yang tersedia, FTSL berkegiatan di Kampus Ganesha/, civil.answer)
  const informatics = await ask('Teknik Informatika di kampus mana?')
  t.match(informatics.answer, /^Berdasarkan informasi yang tersedia, STEI berlokasi di Kampus Ganesha/, informatics.answer)
})
