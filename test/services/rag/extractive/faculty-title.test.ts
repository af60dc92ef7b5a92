// "Fakultas apa …?" answered from a faculty's own document: a sentence there that says what is asked
// ("Pendidikan teknik sipil adalah bidang tertua di ITB") answers it through the document's title,
// after the sentence naming the faculty; a sentence naming another faculty in passing does not.
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { passage } from '../../../support/helpers/passages.ts'

const answerer = createExtractiveAnswerer()

const passages = [
  passage('ftsl', 'Fakultas Teknik Sipil dan Lingkungan (FTSL)',
    'Fakultas Teknik Sipil dan Lingkungan, disingkat FTSL, adalah fakultas di ITB di bidang infrastruktur dan lingkungan. ' +
    'Pendidikan teknik sipil adalah bidang tertua di ITB, karena TH Bandung pada tahun 1920 dimulai dengan pendidikan teknik sipil.'),
  passage('bosscha', 'Observatorium Bosscha',
    'Observatorium Bosscha merupakan salah satu observatorium tertua di Indonesia dan menjadi fasilitas pendidikan bagi Program Studi Astronomi di Fakultas Matematika dan Ilmu Pengetahuan Alam (FMIPA) ITB.')
]

t.test('the sentence saying what is asked, in the faculty\'s document, after the one naming the faculty', async (t) => {
  for (const question of ['Fakultas apa yang paling tua di ITB?', 'Apa fakultas tertua di ITB?', 'Fakultas tertua di ITB apa?']) {
    const result = answerer.answer({ question, passages, found: true })
    t.match(result.answer, /FTSL[^.]*\. Pendidikan teknik sipil adalah bidang tertua/, question)
    t.notMatch(result.answer, /Bosscha/, question)
  }
})
