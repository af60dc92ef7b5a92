// Composition of an extractive answer: sentence case after the framing. The first word of the best
// sentence keeps its capital only when the passages use it as a name (after a lowercase word), not
// when it is a longer name's later word ("Keluarga Mahasiswa (KM) …" does not make "Mahasiswa" a name).
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import type { ExtractivePassage } from '../../../../src/services/rag/extractive.ts'

const answerer = createExtractiveAnswerer()

function passage (id: string, text: string): ExtractivePassage {
  return { id, text, title: 'Biaya Kuliah', url: 'https://www.itb.ac.id/', path: `knowledge/${id}.md`, score: 1 }
}

const FRAMING = 'Berdasarkan informasi yang tersedia, '

t.test('a common noun opening the answer is lowercased though a name of the passages ends with it', async (t) => {
  const passages = [
    passage('terlambat', 'Mahasiswa yang terlambat membayar biaya kuliah dapat dianggap tidak aktif pada semester tersebut.'),
    passage('km', 'Organisasi seperti Keluarga Mahasiswa (KM) membantu advokasi biaya kuliah.'),
    passage('program', 'Program sarjana ITB dirancang untuk delapan semester. Biaya International Undergraduate Program (IUP) berbeda.')
  ]
  const late = answerer.answer({ question: 'Bagaimana kalau terlambat membayar biaya kuliah?', passages, found: true })
  t.equal(late.answer.slice(0, FRAMING.length + 'mahasiswa yang'.length), `${FRAMING}mahasiswa yang`)
  const duration = answerer.answer({ question: 'Berapa semester program sarjana dirancang?', passages, found: true })
  t.match(duration.answer, new RegExp(`^${FRAMING}program sarjana`))
})

t.test('a name the passages write after a lowercase word keeps its capital', async (t) => {
  const passages = [
    passage('saraga', 'Sarana olahraga ITB disebut Sasana Olah Raga Ganesha, disingkat Saraga, di Jalan Tamansari.'),
    passage('kolam', 'Saraga memiliki kolam renang, lapangan sepak bola, dan lintasan atletik.')
  ]
  const result = answerer.answer({ question: 'Apakah ada kolam renang di Saraga?', passages, found: true })
  t.match(result.answer, new RegExp(`^${FRAMING}Saraga memiliki`))
})
