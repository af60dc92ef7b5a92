// A yes/no question asks whether an action may be taken ("Apakah bisa pindah program studi setelah
// penjurusan?"): a sentence with the action's stem in another sense ("… memindahkan lokasi
// penyelenggaraannya …", someone moves something; "… perpindahan panas …") does not say it, and with
// no sentence saying it the question is declined, not answered with what the passages say about its
// other words. One that has it as asked ("… tidak dapat mengikuti SNBT") answers.
import t from 'tap'
import { createExtractiveAnswerer, NO_ANSWER } from '../../../../src/services/rag/extractive.ts'
import { passage } from '../../../support/helpers/passages.ts'

const answerer = createExtractiveAnswerer()

const passages = [
  passage('daftar-fakultas', 'Daftar Fakultas dan Sekolah di ITB',
    'ITB dapat membuka program studi baru, mengganti nama program studi, atau memindahkan lokasi penyelenggaraannya ke Kampus Jatinangor atau Kampus Cirebon.'),
  passage('penjurusan', 'Penjurusan dari Fakultas ke Program Studi',
    'Penempatan mahasiswa dari fakultas ke program studi disebut penjurusan. ' +
    'Dalam proses penjurusan, mahasiswa mengisi urutan pilihan program studi di dalam fakultasnya, lalu penempatan dilakukan berdasarkan pilihan mahasiswa.'),
  passage('fakultas-ftmd', 'Fakultas Teknik Mesin dan Dirgantara (FTMD)',
    'Program Studi Teknik Mesin mempelajari perancangan dan analisis mesin, termasuk konversi energi, perpindahan panas, dan sistem otomotif.')
]

t.test('an action the passages only have in another sense is declined', async (t) => {
  const { answer } = answerer.answer({ question: 'Apakah bisa pindah program studi setelah penjurusan?', passages, found: true })
  t.equal(answer, NO_ANSWER.id)
})

t.test('an action a sentence has as asked is answered', async (t) => {
  const snbt = passage('jalur-snbt', 'Seleksi Nasional Berdasarkan Tes (SNBT) dan UTBK',
    'SNBT terbuka bagi lulusan SMA, MA, SMK, atau sederajat. Siswa yang sudah diterima melalui SNBP pada tahun yang sama tidak dapat mengikuti SNBT.')
  const { answer } = answerer.answer({ question: 'Kalau sudah lolos SNBP, boleh ikut SNBT juga?', passages: [snbt], found: true })
  t.match(answer, /tidak dapat mengikuti SNBT/)
})
