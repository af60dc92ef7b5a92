// The amount patterns on their own (amounts.ts): a question for how much something costs, with or
// without a question word, and a sentence pointing to where a changing figure is published.
import t from 'tap'
import { AMOUNT_QUESTION, CHANGES, PUBLISHED_ELSEWHERE, SET_BY_REGULATIONS } from '../../../../src/services/rag/extractive/amounts.ts'
import { GENEROUS_MS, repeated, timed } from '../../../support/helpers/adversarial-text.ts'

t.test('questions for an amount', async (t) => {
  for (const question of ['Berapa UKT di ITB?', 'Biaya kuliahnya berapa?', 'Kalau biayanya?', 'How much does it cost?', 'What about the fees?']) {
    t.ok(AMOUNT_QUESTION.test(question), question)
  }
  for (const question of ['Bagaimana cara membayar biaya kuliah?', 'Berapa lama kuliah S1?']) t.notOk(AMOUNT_QUESTION.test(question), question)
})

t.test('where a figure is published, that it changes, that the regulations set it', async (t) => {
  t.ok(PUBLISHED_ELSEWHERE.test('Informasi terbaru dapat dilihat di lib.itb.ac.id.'))
  t.notOk(PUBLISHED_ELSEWHERE.test('UKT dibayar setiap semester.'))
  t.ok(CHANGES.test('Besaran biaya dapat berubah setiap periode.'))
  t.ok(SET_BY_REGULATIONS.test('Batas masa studi ditetapkan dalam Peraturan Akademik ITB.'))
})

t.test('a long run of a cue word is read in one scan', async (t) => {
  const { ms } = await timed(() => [AMOUNT_QUESTION.test(repeated('berapa ', 100_000)), AMOUNT_QUESTION.test(repeated('biaya ', 100_000)), PUBLISHED_ELSEWHERE.test(repeated('x-', 100_000))])
  t.ok(ms < GENEROUS_MS, `${Math.round(ms)} ms`)
})
