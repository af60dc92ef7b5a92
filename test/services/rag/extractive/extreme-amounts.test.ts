// The highest or lowest amount ("UKT paling mahal berapa?", "What is the highest UKT?") is an amount:
// answered where the amounts are, not with another "highest" ("ITB's highest governing body is the
// Board of Trustees …", an English answer to the English question) nor, through the alias of "mahal"
// (expensive) for an adjustment, with how to have the UKT lowered. The documents give no figure, so
// the answer is their pointer to admission.itb.ac.id.
import t from 'tap'
import { AMOUNT_QUESTION } from '../../../../src/services/rag/extractive/amounts.ts'
import { ask } from '../offline-answers-fixture.ts'

t.test('the highest or lowest of an amount is an amount question', async (t) => {
  for (const question of ['What is the highest UKT?', "What's the cheapest UKT?", 'What is the lowest tuition fee?']) t.ok(AMOUNT_QUESTION.test(question), question)
  t.notOk(AMOUNT_QUESTION.test('What is the highest governing body of ITB?'))
})

t.test('the highest or lowest UKT is answered with where the amounts are published', async (t) => {
  for (const question of ['UKT ITB paling mahal berapa?', 'UKT tertinggi berapa?', 'Berapa UKT termurah?', 'What is the highest UKT?']) {
    const result = await ask(question)
    t.match(result.answer, /admission\.itb\.ac\.id/, question)
    t.notMatch(result.answer, /penyesuaian|Majelis Wali Amanat|governing body/, question)
    t.notMatch(result.answer.replace(/^[^,]*, /, ''), /^Uang Kuliah Tunggal, disingkat UKT, adalah/, `${question}: not its definition first`)
  }
  const body = await ask('What is the highest governing body of ITB?')
  t.match(body.answer, /Board of Trustees/, 'another highest is still answered')
})
