// "Berapa lama maksimal cuti akademik?", "Berapa lama boleh cuti?" ask how long: the sentence stating
// the duration as its subject's own ("Lama cuti akademik dibatasi oleh Peraturan Akademik ITB …")
// opens the answer, before the definition that mentions a duration in passing ("… selama satu
// semester atau lebih …") and the general pointer to the regulations. So does "Apakah boleh cuti dua
// semester?", whether it may last so long: "dua semester" is the measure asked about, not the topic
// ("Tahun akademik ITB terdiri atas dua semester reguler …"), nor what "cuti" is done to.
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import type { ExtractivePassage } from '../../../../src/services/rag/extractive.ts'

const answerer = createExtractiveAnswerer()

function passage (id: string, section: string, text: string, title = 'Cuti Akademik', path = 'knowledge/cuti-akademik.md'): ExtractivePassage {
  return { id, text, title, section, url: 'https://www.itb.ac.id/', path, score: 1 }
}

const passages = [
  passage('pengertian', 'Pengertian Cuti Akademik', 'Cuti akademik adalah izin resmi bagi mahasiswa ITB untuk tidak mengikuti kegiatan akademik selama satu semester atau lebih tanpa kehilangan status sebagai mahasiswa.'),
  passage('sumber', 'Sumber Informasi', 'Ketentuan lengkap tentang cuti akademik tercantum dalam Peraturan Akademik ITB.'),
  passage('batasan', 'Batasan dan Konsekuensi', 'Lama cuti akademik dibatasi oleh Peraturan Akademik ITB, baik untuk satu kali pengajuan maupun untuk seluruh masa studi.'),
  passage('masa-studi', 'Masa Studi', 'Mahasiswa yang belum lulus dapat melanjutkan studi sampai batas masa studi maksimum yang ditetapkan dalam Peraturan Akademik ITB.',
    'Syarat Kelulusan dan Predikat Kelulusan', 'knowledge/syarat-kelulusan.md')
]

t.test('how long opens with the sentence stating the duration', async (t) => {
  const asked = [
    { question: 'Berapa lama maksimal cuti akademik?' },
    { question: 'Berapa lama boleh cuti?', previousQuestion: 'Apa itu cuti akademik?' },
    // Chat abbreviations are read as the words they stand for ("brp" is "berapa"): the question asks how long too.
    { question: 'Bisa cuti kuliah brp lama?' }
  ]
  for (const input of asked) {
    const { answer } = answerer.answer({ ...input, passages, found: true })
    t.match(answer, /^Berdasarkan informasi yang tersedia, lama cuti akademik dibatasi oleh Peraturan Akademik ITB/, input.question)
  }
})

t.test('whether it may last so long is answered by how long it may, not by the measure\'s other sentences', async (t) => {
  const calendar = passage('kalender', 'Semester', 'Tahun akademik ITB terdiri atas dua semester reguler, yaitu semester ganjil dan semester genap.',
    'Kalender Akademik ITB', 'knowledge/kalender-akademik.md')
  const { answer } = answerer.answer({ question: 'Apakah boleh cuti dua semester?', passages: [calendar, ...passages], found: true })
  t.match(answer, /^Berdasarkan informasi yang tersedia, lama cuti akademik dibatasi oleh Peraturan Akademik ITB/)
  t.notMatch(answer, /semester reguler/)
})
