// "Kapan wisuda ITB biasanya diadakan?" asks how often too: the frequency ("beberapa kali dalam
// setahun") follows the sentence saying where the dates are published.
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import type { ExtractivePassage } from '../../../../src/services/rag/extractive.ts'
import { cuesOf } from '../../../../src/services/rag/extractive/question-types.ts'

const answerer = createExtractiveAnswerer()

const passages: ExtractivePassage[] = [{
  id: 'wisuda',
  title: 'Wisuda ITB',
  url: 'https://www.itb.ac.id/',
  path: 'knowledge/wisuda.md',
  score: 1,
  text: 'Upacara wisuda ITB diselenggarakan di Sabuga. Wisuda ITB diadakan beberapa kali dalam setahun, sehingga lulusan tidak perlu menunggu lama. ' +
    'Tanggal pasti setiap periode wisuda tercantum dalam kalender akademik ITB dan dapat berubah setiap tahun.'
}]

t.test('a frequency question asks for a frequency, not a count', async (t) => {
  const cues = cuesOf('Berapa kali wisuda ITB diadakan?')
  t.ok(cues.some((cue) => cue.sentence.test('Wisuda ITB diadakan beberapa kali dalam setahun.')))
  t.notOk(cues.some((cue) => cue.required === true))
})

t.test('"kapan … biasanya" is answered with the date pointer and the frequency', async (t) => {
  const result = answerer.answer({ question: 'Kapan wisuda ITB biasanya diadakan?', passages, found: true })
  t.match(result.answer, /kalender akademik/)
  t.match(result.answer, /beberapa kali dalam setahun/)
})
