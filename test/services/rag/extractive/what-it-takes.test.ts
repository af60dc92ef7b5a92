// The patterns of what it takes on their own (what-it-takes.ts): questions for what to prepare, the
// requirements, who may, what it is decided on; and what a sentence shows a selection requires.
import t from 'tap'
import { BASIS_QUESTION, ELIGIBILITY_QUESTION, PREPARATION_QUESTION, REQUIREMENT_QUESTION, WHAT_IT_TAKES } from '../../../../src/services/rag/extractive/what-it-takes.ts'
import { GENEROUS_MS, repeated, timed } from '../../../support/helpers/adversarial-text.ts'

t.test('questions', async (t) => {
  t.ok(PREPARATION_QUESTION.test('Apa yang harus disiapkan agar lolos SNBP?'))
  t.ok(PREPARATION_QUESTION.test('What do I need to prepare for SNBT?'))
  t.ok(REQUIREMENT_QUESTION.test('Syaratnya apa?'))
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
})

t.test('a long run of a cue word is read in one scan', async (t) => {
  const { ms } = await timed(() => [BASIS_QUESTION.test(repeated('bagaimana ', 100_000)), WHAT_IT_TAKES.test(repeated('pusat tes ', 100_000))])
  t.ok(ms < GENEROUS_MS, `${Math.round(ms)} ms`)
})
