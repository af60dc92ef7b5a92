// The words of questions and sentences (terms.ts): here, the name a sentence opens with.
import t from 'tap'
import { sentenceSubject } from '../../../../src/services/rag/extractive/terms.ts'
import { ADVERSARIAL_TEXTS, GENEROUS_MS, timed } from '../../../support/helpers/adversarial-text.ts'

t.test('the opening run of capitalised words, up to a comma or a full stop', async (t) => {
  t.same(sentenceSubject('Tahap Persiapan Bersama, disingkat TPB, berlangsung setahun.'), { names: ['persiapan', 'bersama'], initials: 'tpb' })
  t.same(sentenceSubject('"Sasana Budaya Ganesha" (Sabuga) adalah gedung.'), { names: ['budaya', 'ganesha'], initials: 'sbg' })
})

t.test('a sentence opening with a word closed by a long run of marks is read in time proportional to it', async (t) => {
  // "[)\"'”’,.;:!?]+$" read the run from each of its marks: 20 s for 150,000 characters before.
  const { value, ms } = await timed(() => sentenceSubject(ADVERSARIAL_TEXTS.openingWord(150_000)))
  t.same(value, { names: [], initials: '' })
  t.ok(ms < GENEROUS_MS, `${ms.toFixed(1)} ms`)
})
