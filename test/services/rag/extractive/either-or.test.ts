// "ITB itu negeri atau swasta?" asks which of two alternatives the subject is: the sentence saying it
// of ITB answers, not one where an alternative qualifies something else ("… yayasan swasta …").
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { alternativesAsked } from '../../../../src/services/rag/extractive/alternatives.ts'
import { passage } from '../../../support/helpers/passages.ts'

const answerer = createExtractiveAnswerer()

const passages = [
  passage('beasiswa', 'Beasiswa untuk Mahasiswa ITB',
    'Banyak perusahaan dan yayasan swasta maupun badan usaha milik negara juga memberikan beasiswa kepada mahasiswa ITB. Beasiswa diberikan setiap tahun.'),
  passage('status', 'Status ITB sebagai PTN-BH',
    'Status badan hukum memberi otonomi yang luas. ITB berstatus Perguruan Tinggi Negeri Badan Hukum, disingkat PTN-BH.')
]

t.test('the alternatives a question closes with', async (t) => {
  t.same(alternativesAsked('ITB itu negeri atau swasta?', 'id'), ['neger', 'swasta'])
  t.equal(alternativesAsked('Bagaimana pendaftaran ITB?', 'id'), undefined)
})

t.test('the sentence saying which alternative the subject is answers', async (t) => {
  for (const question of ['ITB itu negeri atau swasta?', 'Apakah ITB kampus negeri atau swasta?']) {
    const result = answerer.answer({ question, passages, found: true })
    t.match(result.answer, /^Berdasarkan informasi yang tersedia, ITB berstatus Perguruan Tinggi Negeri/, question)
    t.notMatch(result.answer, /swasta/, question)
  }
})
