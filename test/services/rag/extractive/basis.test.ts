// "Bagaimana UKT mahasiswa baru ditentukan?", "How is the UKT determined?" ask what it is decided on:
// the sentence naming its basis ("… ditentukan berdasarkan kemampuan ekonomi keluarga …") opens the
// answer, not one that only shares the stem of "ditentukan" ("… sesuai ketentuan pemerintah …"), nor
// one pointing back at its basis ("… berdasarkan data tersebut": the sentence before says which).
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { passage } from '../../../support/helpers/passages.ts'

const answerer = createExtractiveAnswerer()

const ukt = { title: 'Uang Kuliah Tunggal (UKT) di ITB', path: 'knowledge/uang-kuliah-tunggal.md' }
const amount = passage('besaran', 'Besaran UKT', 'Besaran UKT setiap kelompok ditetapkan oleh ITB sesuai ketentuan pemerintah dan dapat berbeda antarprogram studi serta berubah dari tahun ke tahun.',
  { ...ukt, section: 'Besaran UKT' })
const adjusted = passage('penyesuaian-ukt', 'Penyesuaian dan Keringanan UKT', 'Keputusan penyesuaian UKT berlaku sesuai ketentuan yang ditetapkan, misalnya untuk semester tertentu.',
  { section: 'Hasil Pengajuan' })
const newStudents = passage('penetapan', 'Penetapan UKT Mahasiswa Baru', 'Mahasiswa baru ITB mengisi data ekonomi keluarga dan mengunggah dokumen pendukung setelah dinyatakan diterima. ' +
  'ITB kemudian menetapkan kelompok UKT masing-masing mahasiswa berdasarkan data tersebut.', { ...ukt, section: 'Penetapan UKT Mahasiswa Baru' })
const groups = passage('kelompok', 'Kelompok UKT Berdasarkan Kemampuan Ekonomi', 'UKT dibagi menjadi beberapa kelompok atau tingkatan. ' +
  'Besaran UKT yang harus dibayar setiap mahasiswa ditentukan berdasarkan kemampuan ekonomi keluarga mahasiswa, misalnya penghasilan orang tua.',
{ ...ukt, section: 'Kelompok UKT Berdasarkan Kemampuan Ekonomi' })

t.test('how it is decided opens with what it is based on', async (t) => {
  for (const question of ['Bagaimana UKT mahasiswa baru ditentukan?', 'UKT ditentukan berdasarkan apa?']) {
    const { answer } = answerer.answer({ question, passages: [amount, adjusted, newStudents, groups], found: true })
    t.match(answer, /^Berdasarkan informasi yang tersedia, besaran UKT yang harus dibayar setiap mahasiswa ditentukan berdasarkan kemampuan ekonomi keluarga/, question)
    t.notMatch(answer, /sesuai ketentuan/, question)
  }
})
