// "IPK berapa supaya dapat predikat sangat memuaskan?" names one of the items a passage lists
// ("… terdiri atas Memuaskan, Sangat Memuaskan, dan Dengan Pujian (cum laude)."): the figure for a
// peer ("Predikat Dengan Pujian (cum laude) … IPK di atas 3,50 …") answers for another item; where the
// documents give none for the one asked, the sentence saying the regulations set it answers ("Batas
// IPK … untuk setiap predikat … ditetapkan dalam Peraturan Akademik ITB …").
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { passage } from '../../../support/helpers/passages.ts'

const answerer = createExtractiveAnswerer()

const predicates = passage('syarat-kelulusan-dan-predikat', 'Syarat Kelulusan dan Predikat Kelulusan',
  'Lulusan ITB memperoleh predikat kelulusan berdasarkan IPK dan syarat lain seperti masa studi. ' +
  'Secara umum, predikat kelulusan program sarjana di Indonesia terdiri atas Memuaskan, Sangat Memuaskan, dan Dengan Pujian (cum laude). ' +
  'Predikat Dengan Pujian (cum laude) umumnya diberikan kepada lulusan dengan IPK di atas 3,50 yang juga memenuhi syarat tambahan, misalnya menyelesaikan studi tepat waktu. ' +
  'Batas IPK dan syarat tambahan yang tepat untuk setiap predikat di ITB ditetapkan dalam Peraturan Akademik ITB, sehingga mahasiswa sebaiknya memeriksa ketentuan terbaru.',
  { section: 'Predikat Kelulusan' })

t.test('the figure of a peer is no answer for the item asked', async (t) => {
  const { answer } = answerer.answer({ question: 'IPK berapa supaya dapat predikat sangat memuaskan?', passages: [predicates], found: true })
  t.match(answer, /^Berdasarkan informasi yang tersedia, batas IPK dan syarat tambahan yang tepat untuk setiap predikat di ITB ditetapkan dalam Peraturan Akademik ITB/)
  t.notMatch(answer, /3,50/)
})

t.test('the figure of the item asked answers', async (t) => {
  const { answer } = answerer.answer({ question: 'IPK berapa supaya dapat predikat cum laude?', passages: [predicates], found: true })
  t.match(answer, /IPK di atas 3,50/)
})
