// How strongly a sentence enumerates (lists.ts): what list questions are answered with.
import t from 'tap'
import { enumerated, enumeration } from '../../../../src/services/rag/extractive/lists.ts'
import { ADVERSARIAL_TEXTS, GENEROUS_MS, timed } from '../../../support/helpers/adversarial-text.ts'

t.test('three items closed by a conjunction, or two announced by "yaitu"', async (t) => {
  t.equal(enumeration('ITB punya tiga kampus, yaitu Ganesha, Jatinangor, dan Cirebon.'), 6, 'four pieces, announced')
  t.equal(enumeration('Ada dua program studi sarjana, yaitu Manajemen dan Kewirausahaan.'), 2)
  t.equal(enumeration('Ada dua program studi, yaitu  Manajemen  dan Kewirausahaan.'), 2, 'with runs of spaces')
  t.equal(enumeration('Ada dua program studi, yaitu Manajemen.'), 0)
  t.same(enumerated('Ada dua program studi sarjana, yaitu Manajemen dan Kewirausahaan.').before, 'Ada dua program studi sarjana, ')
})

t.test('"yaitu" before a long run of spaces is read in time proportional to it', async (t) => {
  // "yaitu\s+" and the words after it ("[^,]+", spaces too) split the run in every way: 55 s for
  // 150,000 characters before.
  const { value, ms } = await timed(() => enumeration(ADVERSARIAL_TEXTS.enumeration(150_000)))
  t.equal(value, 0)
  t.ok(ms < GENEROUS_MS, `${ms.toFixed(1)} ms`)
})
