// "Berapa lama maksimal kuliah S1 di ITB?" asks the longest a study may last (bounds.ts): it was
// answered "Program sarjana ITB dirancang untuk diselesaikan dalam delapan semester atau empat tahun.",
// how long it is planned to take, where the next sentence of that document gives the bound
// ("… sampai batas masa studi maksimum yang ditetapkan dalam Peraturan Akademik ITB").
import t from 'tap'
import { boundAsked, boundedMeasure } from '../../../../src/services/rag/extractive/bounds.ts'
import { ask } from '../offline-answers-fixture.ts'

t.test('a measure asked with a bound is answered with the sentence saying the bound', async (t) => {
  for (const question of ['Berapa lama maksimal kuliah S1 di ITB?', 'Maksimal berapa tahun kuliah S1?']) {
    const result = await ask(question)
    t.match(result.answer, /batas masa studi maksimum yang ditetapkan dalam Peraturan Akademik ITB/, question)
  }
  const planned = await ask('Berapa lama kuliah S1 di ITB?')
  t.match(planned.answer, /delapan semester atau empat tahun/)
  t.notMatch(planned.answer, /maksimum/, 'without a bound asked, how long it is planned to take')
})

t.test('the bound a question asks, where a sentence says it', async (t) => {
  const texts = ['Program sarjana ITB dirancang untuk diselesaikan dalam delapan semester.', 'Mahasiswa dapat melanjutkan studi sampai batas masa studi maksimum.']
  t.ok(boundAsked('Berapa lama maksimal kuliah S1?', texts)?.test(texts[1]))
  t.notOk(boundAsked('Berapa lama maksimal kuliah S1?', texts)?.test(texts[0]))
  t.equal(boundAsked('Berapa lama kuliah S1?', texts), undefined, 'no bound asked')
  t.equal(boundAsked('Berapa lama maksimal kuliah S1?', [texts[0]]), undefined, 'no sentence says a bound: the measure is all there is')
  t.ok(boundAsked('Berapa IPK minimal untuk cum laude?', ['Predikat cum laude diberikan kepada lulusan dengan IPK di atas 3,50.'])?.test('IPK di atas 3,50'))
})

t.test('the first sentence giving the measure with the bound, relevant enough', async (t) => {
  const ranked = [{ text: 'dalam delapan semester', relevance: 0.6 }, { text: 'batas maksimum ditetapkan dalam peraturan', relevance: 0.2 }, { text: 'batas maksimum 14 semester', relevance: 0.4 }]
  const measures = (candidate: { text: string }): boolean => /\d|semester|peraturan/.test(candidate.text)
  t.equal(boundedMeasure(ranked, /maksimum/, measures, 0.3), 2)
  t.equal(boundedMeasure(ranked, /maksimum/, measures, 0.5), -1, 'none relevant enough')
  t.equal(boundedMeasure(ranked, undefined, measures, 0.3), -1, 'no bound asked')
})
