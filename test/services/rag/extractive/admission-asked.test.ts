// Studying somewhere, or becoming its student, asked in a requirement question, restated as getting in (admission-asked.ts),
// and searched so too (follow-up.ts searchTexts).
import t from 'tap'
import { restatedAdmission, restatedRequirement } from '../../../../src/services/rag/extractive/admission-asked.ts'
import { searchTexts } from '../../../../src/services/rag/extractive/follow-up.ts'
import { GENEROUS_MS, repeated, timed } from '../../../support/helpers/adversarial-text.ts'

t.test('a level\'s student is the level, studying there is getting in', async (t) => {
  t.equal(restatedRequirement("What do I need to get into ITB as a master's student?"), "What are the requirements to get into ITB as a master's?")
  t.equal(restatedRequirement('What do I need to study at ITB as an undergraduate?'), 'What are the requirements to get into ITB as an undergraduate?')
  t.equal(restatedRequirement("What do I need to study for a master's at ITB?"), "What are the requirements to get into a master's at ITB?")
  t.equal(restatedAdmission("What are the requirements to become a master's student at ITB?"), "What are the requirements to get into a master's at ITB?")
  t.equal(restatedAdmission('What are the requirements to become an ITB student?'), 'What are the requirements to get into ITB?')
  t.equal(restatedRequirement('Apa yang dibutuhkan untuk kuliah S1 di ITB?'), 'Apa syarat untuk masuk S1 di ITB?')
  t.equal(restatedAdmission('Apa syarat kuliah di ITB?'), 'Apa syarat masuk ITB?')
  t.equal(restatedAdmission('Apa syarat menjadi mahasiswa S2 ITB?'), 'Apa syarat masuk S2 ITB?')
  t.equal(restatedAdmission('Apa syarat jadi mahasiswa di ITB?'), 'Apa syarat masuk ITB?')
})

t.test('only in a requirement question', async (t) => {
  for (const question of ['What can I study at ITB?', 'How many master\'s students does ITB have?', 'Berapa lama kuliah S2 di ITB?', 'Apa syarat kuliah sambil kerja?', 'How do I become a student at ITB?']) {
    t.equal(restatedAdmission(question), question, question)
  }
})

t.test('searched as restated too, a question asking no requirements as said', async (t) => {
  t.same(searchTexts('What do I need to study at ITB as an undergraduate?', []), ['What do I need to study at ITB as an undergraduate?', 'What are the requirements to get into ITB as an undergraduate?'])
  t.same(searchTexts('Apa syarat masuk S1?', []), ['Apa syarat masuk S1?'])
  t.same(searchTexts('Berapa lama kuliah S2 di ITB?', []), ['Berapa lama kuliah S2 di ITB?'])
})

t.test('long questions in linear time', async (t) => {
  const { ms } = await timed(() => [restatedRequirement(`What do I need to ${repeated('study at ', 100_000)}`), restatedAdmission(`Apa syarat ${repeated('menjadi mahasiswa ', 100_000)}`),
    restatedAdmission(`What are the requirements to ${repeated('become a master\'s ', 100_000)}`), restatedRequirement(`What does ${repeated('a big ', 100_000)}student need to go?`)])
  t.ok(ms < GENEROUS_MS, `${Math.round(ms)} ms`)
})
