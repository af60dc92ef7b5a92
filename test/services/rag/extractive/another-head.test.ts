// "Kapan UKT harus dibayar?" asks when the fee is paid: a sentence whose subject is another head with
// its own qualifier before the question's word ("Pengajuan penyesuaian UKT dilakukan … sebelum batas
// akhir pembayaran semester") gives the date of that, the fee-reduction request, and is no further
// answer, as "Pendaftaran wisuda … sesuai jadwal …" is none for "Kapan wisuda ITB?".
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { passage } from '../../../support/helpers/passages.ts'

const answerer = createExtractiveAnswerer()

const payment = passage('pembayaran-biaya-kuliah', 'Pembayaran Biaya Kuliah dan Registrasi Semester',
  'Mahasiswa ITB wajib membayar biaya kuliah, misalnya Uang Kuliah Tunggal (UKT), setiap semester sebelum batas waktu yang ditetapkan.', { section: 'Kewajiban Setiap Semester' })
const adjustment = passage('penyesuaian-ukt', 'Penyesuaian dan Keringanan UKT',
  'Pengajuan penyesuaian UKT dilakukan melalui mekanisme yang ditetapkan ITB, biasanya secara daring pada periode tertentu sebelum batas akhir pembayaran semester.',
  { section: 'Cara Mengajukan', score: 0.9 })

t.test('when a fee is paid is not when its reduction is requested', async (t) => {
  const { answer } = answerer.answer({ question: 'Kapan UKT harus dibayar?', passages: [payment, adjustment], found: true })
  t.match(answer, /^Berdasarkan informasi yang tersedia, mahasiswa ITB wajib membayar biaya kuliah/)
  t.notMatch(answer, /Pengajuan penyesuaian UKT/)
})
