// "Kalau di FTI?" after "Berapa UKT di ITB?" asks the UKT of FTI (units.ts): a sentence about FTI
// without the UKT does not answer it ("Fakultas Teknologi Industri, disingkat FTI, adalah …" did), so
// with none saying both it is declined; asked after "Program studi apa saja yang ada di FMIPA?", FTI's
// study programs answer it, not FMIPA's.
import t from 'tap'
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
