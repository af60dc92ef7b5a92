// Composition of an extractive answer: sentence case after the framing. The first word of the best
// sentence keeps its capital only when the passages use it as a name (after a lowercase word), not
// when it is a longer name's later word ("Keluarga Mahasiswa (KM) …" does not make "Mahasiswa" a name).
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import type { ExtractivePassage } from '../../../../src/services/rag/extractive.ts'
import { ADVERSARIAL_TEXTS, GENEROUS_MS, timed } from '../../../support/helpers/adversarial-text.ts'

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

t.test('a common noun before a name is lowercased; a name, or one starting a longer name, is not', async (t) => {
  const passages = [
    passage('soekarno', 'Hubungan Soekarno dengan ITB berlanjut setelah kemerdekaan. Bandung menjadi tempat Soekarno mengembangkan pemikiran politiknya.'),
    passage('mandiri', 'Pendaftaran Seleksi Mandiri ITB dilakukan secara daring. Calon mahasiswa dapat mendaftar melalui Seleksi Mandiri ITB.'),
    passage('institut', 'Institut Teknologi Bandung didirikan pada 1920. Nama Institut Teknologi Bandung digunakan sejak 1959.')
  ]
  const relation = answerer.answer({ question: 'Apa hubungan Soekarno dengan ITB?', passages, found: true })
  t.match(relation.answer, new RegExp(`^${FRAMING}hubungan Soekarno`))
  const mandiri = answerer.answer({ question: 'Bagaimana pendaftaran Seleksi Mandiri ITB?', passages, found: true })
  t.match(mandiri.answer, new RegExp(`^${FRAMING}pendaftaran Seleksi Mandiri`))
  const founded = answerer.answer({ question: 'Kapan Institut Teknologi Bandung didirikan?', passages, found: true })
  t.match(founded.answer, new RegExp(`^${FRAMING}Institut Teknologi Bandung`))
})

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
