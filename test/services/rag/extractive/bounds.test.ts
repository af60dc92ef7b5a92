// "Berapa lama maksimal kuliah S1 di ITB?" asks the longest a study may last (bounds.ts): it was
// answered "Program sarjana ITB dirancang untuk diselesaikan dalam delapan semester atau empat tahun.",
// how long it is planned to take, where the next sentence of that document gives the bound
// ("… sampai batas masa studi maksimum yang ditetapkan dalam Peraturan Akademik ITB").
import t from 'tap'
import { boundAsked, boundedMeasure } from '../../../../src/services/rag/extractive/bounds.ts'
import { DURATION_QUESTION } from '../../../../src/services/rag/extractive/measures.ts'
import { ask, declined } from '../offline-answers-fixture.ts'

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

t.test('the normal length of a study, not its limit', async (t) => {
  // Round 15: "What is the normal study period?" got "… sampai batas masa studi maksimum …", and "Berapa masa studi normal S1?"
  // was declined: asked as what a length of time is, it asks how long (DURATION_QUESTION), "normal" a bound said "dirancang" (BOUNDS).
  for (const question of ['What is the normal study period?', 'Berapa masa studi normal S1?']) {
    const { answer } = await ask(question)
    t.match(answer, /^[^.]*dirancang (untuk|agar dapat) diselesaikan dalam delapan semester/i, `${question}: ${answer}`)
  }
  const maximum = await ask('What is the maximum study period?')
  t.match(maximum.answer, /^[^.]*batas masa studi maksimum/, 'the limit asked still is')
  t.match(String(boundAsked('What is the normal study period?', ['Program sarjana dirancang untuk diselesaikan dalam delapan semester.'])), /dirancang/)
  for (const question of ['What is the normal study period?', 'Berapa masa studi S1?', 'Masa studi maksimal berapa?']) t.match(question, DURATION_QUESTION)
  t.notMatch('What is the study program?', DURATION_QUESTION)
  // A length asked that no sentence gives is declined (the how-long cue is required): not "The International Undergraduate Program (IUP) is ITB's bachelor's degree track …".
  const bachelor = await ask('How long does the bachelor\'s degree take?')
  t.ok(declined(bachelor) || /eight semesters|delapan semester/.test(bachelor.answer), bachelor.answer)
})
