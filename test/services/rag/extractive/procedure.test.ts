// "Bagaimana cara cuti akademik?" asks for the procedure: the sentences under a heading naming it
// ("Prosedur Pengajuan") are its steps, given from the first, rather than the definition; a heading
// whose passage names the channel ("Cara Membayar": "… melalui bank mitra …") opens with the channel,
// and a heading about who may take part ("Siapa yang Dapat Mendaftar") names no procedure; one about
// joining ("Bergabung dengan Unit") names how to join.
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import type { ExtractivePassage } from '../../../../src/services/rag/extractive.ts'

const answerer = createExtractiveAnswerer()

function passage (id: string, title: string, section: string, text: string): ExtractivePassage {
  return { id, text, title, section, url: 'https://www.itb.ac.id/', path: `knowledge/${title}.md`, score: 1 }
}

const cuti = [
  passage('cuti-1', 'Cuti Akademik', 'Pengertian Cuti Akademik',
    'Cuti akademik adalah izin resmi bagi mahasiswa untuk tidak kuliah selama satu semester. Cuti akademik berbeda dengan tidak aktif tanpa izin, karena cuti akademik diajukan secara resmi.'),
  passage('cuti-2', 'Cuti Akademik', 'Prosedur Pengajuan',
    'Permohonan cuti akademik diajukan oleh mahasiswa sebelum semester dimulai. Permohonan cuti akademik perlu mendapat persetujuan dosen wali. Mahasiswa sebaiknya berdiskusi dengan dosen wali sebelum mengajukan cuti akademik.')
]

t.test('a how-to question is answered with the steps under a heading naming the procedure, from the first', async (t) => {
  for (const question of ['Bagaimana cara cuti akademik?', 'Kalau mau cuti akademik, bagaimana caranya?', 'Bagaimana prosedur mengajukan cuti akademik?']) {
    const { answer } = answerer.answer({ question, passages: cuti, found: true })
    t.match(answer, /^Berdasarkan informasi yang tersedia, permohonan cuti akademik diajukan oleh mahasiswa/, question)
    t.match(answer, /persetujuan dosen wali\. Mahasiswa sebaiknya berdiskusi/, question)
  }
})

const units = [
  passage('ukm-1', 'Unit Kegiatan Mahasiswa (UKM) ITB', 'Contoh Unit di ITB',
    'Beberapa contoh unit kegiatan mahasiswa ITB yang cukup dikenal adalah Paduan Suara Mahasiswa (PSM) ITB dan Liga Film Mahasiswa (LFM) ITB.'),
  passage('ukm-2', 'Unit Kegiatan Mahasiswa (UKM) ITB', 'Bergabung dengan Unit',
    'Mahasiswa baru biasanya dapat mengenal berbagai unit melalui acara pengenalan unit yang sering disebut Open House Unit. ' +
    'Mahasiswa dapat bergabung dengan lebih dari satu unit, tetapi disarankan menyeimbangkan kegiatan unit dengan kewajiban akademik.')
]

t.test('joining is a procedure too: the sentences under "Bergabung dengan …" are how to join, from the first', async (t) => {
  for (const question of ['Bagaimana cara bergabung dengan unit kegiatan mahasiswa?', 'How do I join a student club at ITB?']) {
    const { answer } = answerer.answer({ question, passages: units, found: true })
    t.match(answer, /mahasiswa baru biasanya dapat mengenal berbagai unit melalui acara pengenalan unit .*Open House Unit\. Mahasiswa dapat bergabung/, question)
  }
})

t.test('the channel named under such a heading opens the answer', async (t) => {
  const passages = [
    passage('bayar', 'Pembayaran Biaya Kuliah', 'Cara Membayar',
      'Biaya kuliah dibayar setiap semester. Pembayaran biaya kuliah dilakukan melalui bank mitra yang ditunjuk ITB.')
  ]
  t.match(answerer.answer({ question: 'Bagaimana cara membayar biaya kuliah?', passages, found: true }).answer,
    /^Berdasarkan informasi yang tersedia, pembayaran biaya kuliah dilakukan melalui bank mitra/)
})

t.test('a heading about who may take part names no procedure', async (t) => {
  const passages = [
    passage('snbp-1', 'Jalur SNBP', 'Siapa yang Dapat Mendaftar',
      'Siswa kelas dua belas dapat mendaftar SNBP.'),
    passage('snbp-2', 'Jalur SNBP', 'Pendaftaran',
      'Pendaftaran SNBP dilakukan oleh siswa yang eligible setelah sekolah mengisi data nilai rapor semua siswanya. Siswa memilih program studi saat pendaftaran SNBP.')
  ]
  t.match(answerer.answer({ question: 'Bagaimana cara mendaftar SNBP?', passages, found: true }).answer,
    /^Berdasarkan informasi yang tersedia, pendaftaran SNBP dilakukan oleh siswa yang eligible/)
})
