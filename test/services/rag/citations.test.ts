// The model's answer with its citation markers: the passages it cites, and the text without them
// (what is shown and spoken). The answer is the model's, so of any length and shape.
import t from 'tap'
import { citedNumbers, stripCitations } from '../../../src/services/rag/citations.ts'
import { ADVERSARIAL_TEXTS, GENEROUS_MS, timed } from '../../support/helpers/adversarial-text.ts'

t.test('markers out, no space before punctuation, no run of spaces', async (t) => {
  const answer = 'Biaya  kuliah ditetapkan per semester [1] , berbeda per kelompok [2, 3] .'
  t.same(citedNumbers(answer), [1, 2, 3])
  t.equal(stripCitations(answer), 'Biaya kuliah ditetapkan per semester, berbeda per kelompok.')
})

t.test('a long run of spaces in an answer is tidied in time proportional to it', async (t) => {
  // From each space of the run, "\s+([.,;:!?])" read the run to its end: 34 s for 150,000 characters before.
  const { value, ms } = await timed(() => stripCitations(ADVERSARIAL_TEXTS.answer(150_000)))
  t.equal(value, 'Jawaban x')
  t.ok(ms < GENEROUS_MS, `${ms.toFixed(1)} ms`)
})
