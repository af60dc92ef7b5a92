// "Berapa lama maksimal cuti akademik?", "Berapa lama boleh cuti?" ask how long: the sentence stating
// the duration as its subject's own ("Lama cuti akademik dibatasi oleh Peraturan Akademik ITB …")
// opens the answer, before the definition that mentions a duration in passing ("… selama satu
// semester atau lebih …") and the general pointer to the regulations.
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
    { question: 'Berapa lama boleh cuti?', previousQuestion: 'Apa itu cuti akademik?' }
  ]
  for (const input of asked) {
    const { answer } = answerer.answer({ ...input, passages, found: true })
    t.match(answer, /^Berdasarkan informasi yang tersedia, lama cuti akademik dibatasi oleh Peraturan Akademik ITB/, input.question)
  }
})
