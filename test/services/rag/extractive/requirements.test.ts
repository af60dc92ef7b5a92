// "What are the graduation requirements for a bachelor's degree?" asks for the requirements, which the
// documents give one sentence each: the answer starts where the best sentence's passage starts giving
// them ("… minimal 144 SKS. Selain jumlah SKS, … IPK … 2,00.") and goes on from it, not with the best
// one alone ("… juga wajib menyelesaikan tugas akhir …"); a sentence opening as the best does says it
// of another item ("Persyaratan umum penerimaan program doktor …" after "… program magister …").
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import type { ExtractivePassage } from '../../../../src/services/rag/extractive.ts'

const answerer = createExtractiveAnswerer()

function passage (id: string, title: string, section: string, text: string): ExtractivePassage {
  return { id, text, title, section, url: 'https://www.itb.ac.id/', path: `knowledge/${id}.md`, score: 1 }
}

const graduation = passage('syarat-kelulusan', 'Syarat Kelulusan dan Predikat Kelulusan', 'Syarat Lulus Program Sarjana',
  'Mahasiswa program sarjana (S1) ITB dinyatakan lulus apabila telah menyelesaikan seluruh mata kuliah wajib dan pilihan sesuai kurikulum program studinya dengan jumlah minimal 144 SKS. ' +
  'Selain jumlah SKS, mahasiswa sarjana harus mencapai Indeks Prestasi Kumulatif (IPK) minimal sesuai peraturan akademik, yang umumnya adalah 2,00. ' +
  'Mahasiswa sarjana juga wajib menyelesaikan tugas akhir, yang biasanya berupa penelitian atau perancangan, dan mempertahankannya dalam sidang atau seminar sesuai ketentuan program studi. ' +
  'Peraturan akademik juga dapat membatasi jumlah nilai D dan melarang adanya nilai E pada mata kuliah yang dihitung untuk kelulusan.')
const postgraduate = passage('pascasarjana', 'Penerimaan Mahasiswa Pascasarjana (S2 dan S3)', 'Persyaratan Umum',
  'Persyaratan umum penerimaan program magister ITB meliputi ijazah sarjana dan transkrip nilai, bukti kemampuan bahasa Inggris, bukti potensi akademik, serta dokumen pendukung seperti surat rekomendasi. ' +
  'Persyaratan umum penerimaan program doktor ITB meliputi ijazah magister, proposal atau rencana penelitian, serta bukti kemampuan bahasa Inggris.')

t.test('requirements given one sentence each are answered from the first', async (t) => {
  const { answer } = answerer.answer({ question: 'What are the graduation requirements for a bachelor\'s degree?', passages: [graduation], found: true, language: 'en' })
  t.match(answer, /^According to the available information \(in Indonesian\), mahasiswa program sarjana \(S1\) ITB dinyatakan lulus .* minimal 144 SKS\. Selain jumlah SKS, .* 2,00\. Mahasiswa sarjana juga wajib menyelesaikan tugas akhir/)
})

t.test('a sentence opening as the best one is about another item', async (t) => {
  const { answer } = answerer.answer({ question: 'Apa saja syarat pendaftaran program magister ITB?', passages: [postgraduate], found: true })
  t.match(answer, /program magister ITB meliputi ijazah sarjana/)
  t.notMatch(answer, /program doktor/)
})

t.test('another list is no list of the requirements, and they go on from the best before other sentences', async (t) => {
  const predicates = passage('syarat-kelulusan', 'Syarat Kelulusan dan Predikat Kelulusan', 'Predikat Kelulusan',
    'Lulusan ITB memperoleh predikat kelulusan berdasarkan IPK dan syarat lain seperti masa studi. ' +
    'Secara umum, predikat kelulusan program sarjana di Indonesia terdiri atas Memuaskan, Sangat Memuaskan, dan Dengan Pujian (cum laude).')
  const after = passage('syarat-kelulusan', 'Syarat Kelulusan dan Predikat Kelulusan', 'Setelah Dinyatakan Lulus',
    'Setelah dinyatakan lulus, mahasiswa melengkapi persyaratan administrasi, seperti mengunggah karya tugas akhir ke perpustakaan digital ITB, lalu mendaftar wisuda. ' +
    'Lulusan program sarjana menerima ijazah dan transkrip akademik sebagai bukti kelulusan.')
  const { answer } = answerer.answer({ question: 'Apa saja syarat lulus program sarjana ITB?', passages: [graduation, predicates, after], found: true })
  t.match(answer, /minimal 144 SKS\. Selain jumlah SKS, .* 2,00\. Mahasiswa sarjana juga wajib menyelesaikan tugas akhir/)
  t.notMatch(answer, /terdiri atas Memuaskan/)
})

t.test('the requirements to get it, not what one who has it must do to keep it', async (t) => {
  const kip = (section: string, text: string): ExtractivePassage => passage('kip-kuliah', 'KIP Kuliah di ITB', section, text)
  const passages = [
    kip('Kewajiban Penerima', 'Mahasiswa penerima KIP Kuliah wajib menjaga prestasi akademik sesuai ketentuan agar bantuannya tetap berlanjut. ' +
      'Bantuan KIP Kuliah dapat dievaluasi setiap semester dan dapat dihentikan apabila penerima tidak lagi memenuhi syarat.'),
    kip('Syarat dan Cara Mendaftar', 'Calon penerima KIP Kuliah umumnya adalah lulusan SMA, MA, SMK, atau sederajat yang memiliki keterbatasan ekonomi. ' +
      'Pendaftaran KIP Kuliah dilakukan melalui laman resmi KIP Kuliah dari kementerian yang menangani pendidikan tinggi.')
  ]
  for (const question of ['Apa syarat KIP Kuliah?', 'Syaratnya apa buat dapet KIP Kuliah?']) {
    const { answer } = answerer.answer({ question, passages, found: true })
    t.match(answer, /^Berdasarkan informasi yang tersedia, calon penerima KIP Kuliah umumnya adalah lulusan SMA/, question)
    t.notMatch(answer, /tidak lagi memenuhi syarat|tetap berlanjut/, question)
  }
})
