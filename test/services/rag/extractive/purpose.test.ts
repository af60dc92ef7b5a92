// "Berapa IPK minimal agar tidak di-DO?": what the value asked is for must be in the answering
// document; the IPK needed to graduate is no drop-out threshold. Only a value asked for has such a
// purpose: "Bagaimana cara mendaftar KIP Kuliah supaya bisa kuliah gratis?" asks how to register.
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { purposeTerms } from '../../../../src/services/rag/extractive/terms.ts'
import { passage } from '../../../support/helpers/passages.ts'

const answerer = createExtractiveAnswerer()

const passages = [
  passage('lulus', 'Syarat Kelulusan',
    'Mahasiswa sarjana dinyatakan lulus setelah menyelesaikan 144 SKS. Mahasiswa sarjana harus mencapai IPK minimal yang umumnya adalah 2,00.'),
  passage('cuti', 'Cuti Akademik',
    'Cuti akademik adalah izin resmi untuk tidak kuliah tanpa kehilangan status sebagai mahasiswa.'),
  passage('kip', 'KIP Kuliah',
    'KIP Kuliah adalah program bantuan biaya pendidikan dari pemerintah. Pendaftaran KIP Kuliah dilakukan melalui laman resmi KIP Kuliah dari kementerian, bersamaan dengan pendaftaran SNBP atau SNBT.')
]

t.test('the terms of a purpose clause', async (t) => {
  t.same(purposeTerms('Berapa IPK minimal agar tidak di-DO?', 'id'), ['di-do'])
  t.same(purposeTerms('Berapa IPK minimal ITB?', 'id'), [])
})

t.test('a value for a purpose its document does not mention is declined', async (t) => {
  t.match(answerer.answer({ question: 'Berapa IPK minimal agar tidak di-DO?', passages, found: true }).answer, /^Maaf/)
  // "di DO" written apart is "di-DO" (the alias table): the same purpose, informal as students type it.
  t.match(answerer.answer({ question: 'IPK berapa biar ga di DO?', passages, found: true }).answer, /^Maaf/)
  t.match(answerer.answer({ question: 'Berapa IPK minimal agar lulus?', passages, found: true }).answer, /2,00/)
})

t.test('a purpose clause of a question asking no value is no reason to decline', async (t) => {
  const question = 'Bagaimana cara mendaftar KIP Kuliah supaya bisa kuliah gratis?'
  t.match(answerer.answer({ question, passages, found: true }).answer, /laman resmi KIP Kuliah/)
})
