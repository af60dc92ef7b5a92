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

t.test('a ceremony of the event is the event; its guests\' families are another head', async (t) => {
  const graduation = [
    passage('sabuga-dan-wisuda', 'Sabuga dan Pelaksanaan Wisuda ITB',
      'Upacara wisuda ITB diselenggarakan di Sabuga. ' +
      'Wisuda ITB diadakan beberapa kali dalam setahun, sehingga mahasiswa yang telah menyelesaikan studinya tidak perlu menunggu satu tahun penuh untuk diwisuda.', { section: 'Wisuda ITB di Sabuga' }),
    passage('sabuga-dan-wisuda', 'Sabuga dan Pelaksanaan Wisuda ITB',
      'Jumlah undangan untuk keluarga wisudawan di dalam gedung Sabuga biasanya dibatasi. ' +
      'Keluarga wisudawan disarankan datang lebih awal karena kawasan Tamansari dan Ganesha cenderung sangat ramai pada hari wisuda.', { section: 'Tips bagi Keluarga Wisudawan' })
  ]
  for (const question of ['Wisudanya dimana?', 'Wisuda dimana?']) {
    const { answer } = answerer.answer({ question, previousQuestion: 'Kapan wisuda ITB?', passages: graduation, found: true })
    t.match(answer, /^Berdasarkan informasi yang tersedia, upacara wisuda ITB diselenggarakan di Sabuga\./, question)
    t.notMatch(answer, /kawasan Tamansari/, question)
  }
})
