// How a chosen sentence is written: sentence case after the framing. The first word of the best
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

t.test('a name with "dan" inside keeps its capital though another name has its later words after a lowercase "dan"', async (t) => {
  const passages = [
    passage('fakultas-sith', 'Sekolah Ilmu dan Teknologi Hayati, disingkat SITH, adalah sekolah di ITB yang berfokus pada ilmu-ilmu kehidupan.'),
    passage('fakultas-fmipa', 'Fakultas Matematika dan Ilmu Pengetahuan Alam, disingkat FMIPA, adalah fakultas di ITB.')
  ]
  const { answer } = answerer.answer({ question: 'Apa itu SITH?', passages, found: true })
  t.match(answer, new RegExp(`^${FRAMING}Sekolah Ilmu dan Teknologi Hayati, disingkat SITH`))
})
