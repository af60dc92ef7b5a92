// "Apa hubungan Soekarno dengan ITB?": a best sentence that only restates the question ("Hubungan
// Soekarno dengan ITB berlanjut setelah kemerdekaan.") opens its passage as a topic sentence, and the
// sentences after it say what it announces; one with content of its own (a name, a number, the
// question's shape answered) is no topic sentence.
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import type { ExtractivePassage } from '../../../../src/services/rag/extractive.ts'

const answerer = createExtractiveAnswerer()

function passage (id: string, section: string, text: string): ExtractivePassage {
  return { id, text, title: 'Soekarno dan ITB', section, url: 'https://www.itb.ac.id/', path: 'knowledge/soekarno-dan-itb.md', score: 1 }
}

const passages = [
  passage('peran', 'Peran dalam Peresmian ITB',
    'Hubungan Soekarno dengan ITB berlanjut setelah kemerdekaan. Presiden Soekarno meresmikan berdirinya Institut Teknologi Bandung pada 2 Maret 1959. Peresmian itu sering disebut momen simbolis dalam sejarah institut.'),
  passage('mahasiswa', 'Soekarno sebagai Mahasiswa TH Bandung',
    'Soekarno kuliah di Technische Hoogeschool te Bandoeng (TH Bandung) pada awal 1920-an. Soekarno kuliah di jurusan teknik sipil dan lulus pada tahun 1926.')
]

t.test('a topic sentence is followed by what it announces', async (t) => {
  const { answer } = answerer.answer({ question: 'Apa hubungan Soekarno dengan ITB?', passages, found: true })
  t.match(answer, /^Berdasarkan informasi yang tersedia, hubungan Soekarno dengan ITB berlanjut setelah kemerdekaan\. Presiden Soekarno meresmikan berdirinya Institut Teknologi Bandung pada 2 Maret 1959\./i)
})

t.test('a sentence with content of its own is no topic sentence', async (t) => {
  t.match(answerer.answer({ question: 'Apakah Soekarno kuliah di ITB?', passages, found: true }).answer,
    /^Berdasarkan informasi yang tersedia, soekarno kuliah di Technische Hoogeschool/i)
  const motto = [{
    id: 'motto',
    title: 'Motto ITB',
    section: 'Motto',
    url: 'https://www.itb.ac.id/',
    score: 1,
    text: 'Motto ITB adalah "In Harmonia Progressio". Lambang ITB menampilkan Ganesha.'
  }]
  t.notMatch(answerer.answer({ question: 'Apa motto ITB?', passages: motto, found: true }).answer, /Ganesha/)
})
