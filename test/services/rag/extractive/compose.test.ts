// Composition of an extractive answer: an answer over its length budget is cut at a clause, in time
// proportional to it; a connective leaning on the sentence before does not open the answer.
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import type { ExtractivePassage } from '../../../../src/services/rag/extractive.ts'
import { ADVERSARIAL_TEXTS, GENEROUS_MS, timed } from '../../../support/helpers/adversarial-text.ts'

const answerer = createExtractiveAnswerer()

function passage (id: string, text: string): ExtractivePassage {
  return { id, text, title: 'Biaya Kuliah', url: 'https://www.itb.ac.id/', path: `knowledge/${id}.md`, score: 1 }
}

const FRAMING = 'Berdasarkan informasi yang tersedia, '

t.test('an answer over the length budget loses the marks before its cut, in time proportional to it', async (t) => {
  const sentence = 'Biaya kuliah ITB ditetapkan setiap tahun untuk program sarjana dan magister ;;:, doktor di kampus Ganesha dan Jatinangor serta Cirebon yang luas sekali.'
  const short = createExtractiveAnswerer({ maxChars: 120 }).answer({ question: 'Berapa biaya kuliah ITB?', passages: [passage('biaya', sentence)], found: true })
  t.equal(short.answer, `${FRAMING}biaya kuliah ITB ditetapkan setiap tahun untuk program sarjana dan magister.`)
  // "[\s,;:]+$" read a run of commas before the cut from each of its commas: 150,000 took 23 s before.
  const long = createExtractiveAnswerer({ maxChars: 150_100 })
  const { value, ms } = await timed(() => long.answer({ question: 'Berapa biaya kuliah ITB?', passages: [passage('biaya', ADVERSARIAL_TEXTS.commaRun(150_000))], found: true }))
  t.equal(value.answer, `${FRAMING}biaya kuliah ITB ditetapkan${','.repeat(150_000)}x setiap tahun untuk setiap.`)
  t.ok(ms < GENEROUS_MS, `${ms.toFixed(1)} ms`)
})

t.test('"Artinya, …" leans on the sentence before it: the connective does not open the answer', async (t) => {
  const passages = [passage('kampus', 'Calon mahasiswa perlu memperhatikan bahwa pilihan di ITB terikat pada lokasi kampus tertentu. ' +
    'Artinya, program studi yang sama dapat memiliki kode pilihan yang berbeda untuk Kampus Ganesha, Kampus Jatinangor, dan Kampus Cirebon.')]
  const { answer } = answerer.answer({ question: 'Apakah kode pilihan program studi berbeda untuk setiap kampus?', passages, found: true })
  t.notMatch(answer, /^Berdasarkan informasi yang tersedia, artinya/)
  t.match(answer, /program studi yang sama dapat memiliki kode pilihan yang berbeda/)
})
