// A list question about one named thing ("Kampus Jatinangor ada fakultas apa saja?") is not answered
// by a sentence listing that thing among its peers ("… untuk Kampus Ganesha, Kampus Jatinangor, dan
// Kampus Cirebon"), but by one listing what is asked of it.
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { enumeratedItems } from '../../../../src/services/rag/extractive/lists.ts'
import { passage } from '../../../support/helpers/passages.ts'

const answerer = createExtractiveAnswerer()

const passages = [
  passage('cirebon', 'Kampus ITB Cirebon',
    'Kode pilihan diumumkan setiap tahun. Artinya, program studi yang sama atau fakultas yang sama dapat memiliki kode pilihan yang berbeda untuk Kampus Ganesha, Kampus Jatinangor, dan Kampus Cirebon.'),
  passage('jatinangor', 'Kampus ITB Jatinangor',
    'Kampus ITB Jatinangor berada di Kabupaten Sumedang. Contoh program studi yang berkaitan dengan Kampus Jatinangor adalah Rekayasa Hayati dari SITH, Teknik Pangan dari FTI, serta Rekayasa Infrastruktur Lingkungan dari FTSL.')
]

t.test('the items of an enumeration', async (t) => {
  t.equal(enumeratedItems('Ada tiga jalur, yaitu SNBP, SNBT, dan Seleksi Mandiri ITB.'), 'yaitu SNBP, SNBT, dan Seleksi Mandiri ITB.')
  t.equal(enumeratedItems('Kampus Ganesha berada di Bandung.'), '')
})

t.test('a list naming the subject among its peers does not answer what is asked of the subject', async (t) => {
  const result = answerer.answer({ question: 'Kampus Jatinangor ada fakultas apa saja?', passages, found: true })
  t.match(result.answer, /SITH/)
  t.notMatch(result.answer, /kode pilihan/)
})
