// "Kalau di FTI?" after "Berapa UKT di ITB?" asks the UKT of FTI (units.ts): a sentence about FTI
// without the UKT does not answer it ("Fakultas Teknologi Industri, disingkat FTI, adalah …" did), so
// with none saying both it is declined; asked after "Program studi apa saja yang ada di FMIPA?", FTI's
// study programs answer it, not FMIPA's. The earlier topic may be said in the words its own document
// defines it with: "Kalau di SBM?" after "Berapa UKT di ITB?" was declined, no document saying "UKT"
// of SBM, while SBM's says "Biaya kuliah … SBM …" and the UKT's "… disingkat UKT, adalah biaya kuliah …".
import t from 'tap'
import { topicDefinedAs } from '../../../../src/services/rag/extractive/units.ts'
import { terms } from '../../../../src/services/rag/extractive/terms.ts'
import { ask, declined } from '../offline-answers-fixture.ts'

t.test('a follow-up naming a unit is declined when no sentence says the earlier topic of that unit', async (t) => {
  for (const question of ['Kalau di FTI?', 'Kalau kampus Jatinangor?', 'Kalau di SAPPK?']) {
    const result = await ask(question, ['Berapa UKT di ITB?'])
    t.ok(declined(result), `${question}: ${result.answer}`)
  }
})

t.test('a follow-up naming a unit is answered with the earlier topic of that unit', async (t) => {
  const programs = await ask('Kalau di FTI?', ['Program studi apa saja yang ada di FMIPA?'])
  t.match(programs.answer, /FTI ITB memiliki program studi sarjana Teknik Kimia/)
  t.notMatch(programs.answer, /Astronomi|FMIPA/)
  const english = await ask('What about STEI?', ['Which study programs does FMIPA have?'])
  t.match(english.answer, /Teknik Informatika/)
  t.notMatch(english.answer, /Astronomi|FMIPA/)
})

t.test('a follow-up naming a unit is answered with a sentence saying the earlier topic in the words its document defines it with', async (t) => {
  for (const [question, previous] of [['Kalau di SBM?', 'Berapa UKT di ITB?'], ['Kalau SBM?', 'UKT ITB berapa?'], ['What about SBM?', 'How much is the UKT?']]) {
    const result = await ask(question, [previous])
    t.match(result.answer, /biaya kuliah dan ketentuan penerimaan SBM mengikuti ketentuan yang diumumkan setiap tahun di admission\.itb\.ac\.id/, `${question} after ${previous}`)
  }
})

t.test('what the passages define the earlier question\'s acronyms as: a short phrase, not a description', async (t) => {
  const isTopic = (term: string): boolean => term === 'ukt' || term === 'kip'
  const texts = [
    'Uang Kuliah Tunggal, disingkat UKT, adalah biaya kuliah yang dibayar mahasiswa program sarjana setiap semester.',
    'Besaran UKT ditentukan berdasarkan kemampuan ekonomi keluarga.',
    'Kartu Indonesia Pintar Kuliah (KIP Kuliah) adalah program bantuan biaya pendidikan dari pemerintah bagi lulusan SMA.'
  ]
  t.same(topicDefinedAs('Berapa UKT di ITB?', isTopic, texts, 'id'), [terms('biaya kuliah', 'id')])
  t.same(topicDefinedAs('Apa itu KIP Kuliah?', isTopic, texts, 'id'), [], 'more than a few words describe it')
  t.same(topicDefinedAs('Berapa UKT di FTI?', (term) => term === 'fti', ['FTI adalah fakultas teknologi industri.'], 'id'), [], 'a unit is no topic')
  t.same(topicDefinedAs('Berapa biaya kuliah?', isTopic, texts, 'id'), [], 'no acronym')
})
