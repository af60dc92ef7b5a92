// "Apa yang harus disiapkan agar lolos SNBP?" asks what it takes: what the selection assesses and
// requires ("Penilaian SNBP terutama memakai nilai rapor …", "… yang memenuhi syarat …"), sentence by
// sentence as its document gives it ("Sekolah harus terlebih dahulu mengisi … (PDSS) …" after the
// sentence it goes on from), not the sentence whose name happens to share the stem of "disiapkan"
// ("… menjalani Tahap Persiapan Bersama (TPB) …").
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import type { ExtractivePassage } from '../../../../src/services/rag/extractive.ts'
import { cuesOf } from '../../../../src/services/rag/extractive/question-types.ts'

const answerer = createExtractiveAnswerer()

function passage (id: string, section: string, text: string, title = 'Seleksi Nasional Berdasarkan Prestasi (SNBP) di ITB', path = 'knowledge/jalur-snbp.md'): ExtractivePassage {
  return { id, text, title, section, url: 'https://admission.itb.ac.id/', path, score: 1 }
}

const atItb = passage('itb', 'SNBP di ITB', 'Di ITB, pilihan dalam SNBP umumnya berupa fakultas atau sekolah (misalnya FMIPA, STEI-K, atau FTSL) dengan lokasi kampus tertentu, bukan program studi secara langsung. ' +
  'Siswa yang diterima di ITB melalui SNBP akan menjalani Tahap Persiapan Bersama (TPB) pada tahun pertama sebelum ditempatkan ke program studi.')
const assessed = passage('apa', 'Apa itu SNBP', 'Seleksi Nasional Berdasarkan Prestasi (SNBP) adalah jalur penerimaan mahasiswa baru program sarjana yang didasarkan pada prestasi akademik siswa. ' +
  'Penilaian SNBP terutama memakai nilai rapor, dan dapat mempertimbangkan prestasi lain serta portofolio untuk program studi tertentu. ' +
  'SNBP diselenggarakan secara nasional oleh panitia SNPMB, bukan oleh ITB sendiri.')
const eligible = passage('siapa', 'Siapa yang Dapat Mendaftar', 'Hanya siswa kelas terakhir SMA, MA, atau SMK yang memenuhi syarat yang dapat mendaftar SNBP. ' +
  'Sekolah harus terlebih dahulu mengisi Pangkalan Data Sekolah dan Siswa (PDSS), dan hanya siswa yang dinyatakan eligible oleh sekolahnya yang dapat mendaftar.')

t.test('what to prepare is what the selection assesses and requires', async (t) => {
  const { answer } = answerer.answer({ question: 'Apa yang harus disiapkan agar lolos SNBP?', passages: [atItb, assessed, eligible], found: true })
  t.match(answer, /^Berdasarkan informasi yang tersedia, penilaian SNBP terutama memakai nilai rapor/)
  t.match(answer, /memenuhi syarat/)
  t.notMatch(answer, /Tahap Persiapan Bersama/)
})

t.test('a requirement goes on with the next sentences of its passage that give one too', async (t) => {
  const { answer } = answerer.answer({ question: 'Apa yang perlu dipersiapkan untuk mendaftar SNBP?', passages: [atItb, eligible], found: true })
  t.match(answer, /yang memenuhi syarat yang dapat mendaftar SNBP\. Sekolah harus terlebih dahulu mengisi Pangkalan Data Sekolah dan Siswa \(PDSS\)/)
})

const snbt = (id: string, section: string, text: string): ExtractivePassage =>
  passage(id, section, text, 'Seleksi Nasional Berdasarkan Tes (SNBT) dan UTBK', 'knowledge/jalur-snbt.md')
const snbtAtItb = snbt('snbt-itb', 'SNBT di ITB', 'Di ITB, pilihan dalam SNBT umumnya berupa fakultas atau sekolah dengan lokasi kampus tertentu, bukan program studi secara langsung. ' +
  'Mahasiswa yang diterima di ITB melalui SNBT menjalani Tahap Persiapan Bersama (TPB) pada tahun pertama, lalu ditempatkan ke program studi.')
const utbk = snbt('utbk', 'Materi UTBK', 'UTBK pada SNBT berfokus pada kemampuan bernalar dan literasi, bukan hafalan mata pelajaran. ' +
  'Materi UTBK mencakup Tes Potensi Skolastik (TPS) serta tes literasi dalam bahasa Indonesia, literasi dalam bahasa Inggris, dan penalaran matematika.')

t.test('what to prepare for a selection by test is what its test focuses on and covers (the alias table: SNBT\'s test is UTBK)', async (t) => {
  for (const question of ['Apa yang harus disiapkan untuk SNBT?', 'What do I need to prepare for SNBT?']) {
    const { answer } = answerer.answer({ question, passages: [snbtAtItb, utbk], found: true })
    t.match(answer, /UTBK pada SNBT berfokus pada kemampuan bernalar dan literasi, bukan hafalan mata pelajaran\. Materi UTBK mencakup Tes Potensi Skolastik/, question)
    t.notMatch(answer, /Tahap Persiapan Bersama|pilihan dalam SNBT/, question)
  }
})

t.test('where a test is held is not what it tests: "pusat-pusat tes" does not go on with what to prepare', async (t) => {
  const held = snbt('utbk', 'Materi UTBK', `${utbk.text} UTBK dilaksanakan di pusat-pusat tes di berbagai kota, dan ITB biasanya menjadi salah satu lokasi pelaksanaan UTBK.`)
  for (const question of ['Apa saja yang perlu dipersiapkan untuk SNBT?', 'What do I need to prepare for SNBT?']) {
    const { answer } = answerer.answer({ question, passages: [snbtAtItb, held], found: true })
    t.match(answer, /Materi UTBK mencakup Tes Potensi Skolastik/, question)
    t.notMatch(answer, /pusat-pusat tes/, question)
  }
})

t.test('the preparation words shape the question; they are not what it is about', async (t) => {
  for (const question of ['Apa yang harus disiapkan agar lolos SNBP?', 'Persiapan apa untuk SNBT?', 'What do I need to prepare for the IUP?']) {
    t.ok(cuesOf(question).some((cue) => cue.sequence === true && cue.formWords?.includes('persiapan') === true), question)
  }
  t.notOk(cuesOf('Apa itu Tahap Persiapan Bersama?').some((cue) => cue.sequence === true), 'a name with "Persiapan" asks no preparation')
})
