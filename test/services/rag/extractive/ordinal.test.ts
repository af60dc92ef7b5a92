// An ordinal in a question says which one of a kind it asks about (ordinal.ts): "Siapa rektor
// pertama ITB?" is not answered by the first woman to be rector, and with no sentence naming the
// first rector it is declined; asked about the first woman, that sentence answers.
import t from 'tap'
import { createExtractiveAnswerer, NO_ANSWER } from '../../../../src/services/rag/extractive.ts'
import { askedOrdinal, hasOrdinalOf } from '../../../../src/services/rag/extractive/ordinal.ts'
import { passage } from '../../../support/helpers/passages.ts'

const answerer = createExtractiveAnswerer()

const leaders = passage('struktur-pimpinan-itb', 'Struktur Pimpinan dan Tata Kelola ITB',
  'ITB telah dipimpin oleh banyak rektor sejak 1959. ' +
  'Prof. Reini Wirahadikusumah, yang menjabat sebagai Rektor ITB untuk periode 2020–2025, tercatat sebagai perempuan pertama yang menjadi Rektor ITB. ' +
  'Rektor ITB dipilih oleh Majelis Wali Amanat untuk masa jabatan lima tahun.', { section: 'Pimpinan ITB dari Waktu ke Waktu' })

t.test('the first rector is not the first woman to be rector: declined', async (t) => {
  t.equal(answerer.answer({ question: 'Siapa rektor pertama ITB?', passages: [leaders], found: true }).answer, NO_ANSWER.id)
  t.equal(answerer.answer({ question: 'Who was the first rector of ITB?', passages: [leaders], found: true }).answer, NO_ANSWER.en)
  const woman = answerer.answer({ question: 'Siapa perempuan pertama yang jadi rektor ITB?', passages: [leaders], found: true })
  t.match(woman.answer, /Reini Wirahadikusumah/)
})

t.test('the kind an ordinal qualifies: the word before it in Indonesian, after it in English, hyphenated or one word apart', async (t) => {
  t.same(askedOrdinal('Siapa rektor pertama ITB?', 'id'), { stem: 'tama', kind: ['rektor'] })
  t.same(askedOrdinal('Who was the first rector?', 'en'), { stem: 'first', kind: ['rector'] })
  t.equal(askedOrdinal('Kapan ITB pertama kali dibuka?', 'id'), undefined, 'the institution\'s name is no kind')
  t.equal(askedOrdinal('Kapan wisuda pertama kali diadakan?', 'id'), undefined, '"pertama kali" says when')
  t.equal(askedOrdinal('When did the technical college first open?', 'en'), undefined, 'with no determiner, "first" says when')
  const year = askedOrdinal('Where do the first year students live?', 'en')
  if (year === undefined) throw new Error('no ordinal')
  const isYear = (found: string[]): boolean => found.includes('year')
  t.ok(hasOrdinalOf('Many first-year students live in the dormitories.', year, isYear, 'en'))
  t.notOk(hasOrdinalOf('The first students lived there for a year.', year, isYear, 'en'))
  const rector = { stem: 'tama', kind: ['rektor'] }
  const isRector = (found: string[]): boolean => found.includes('rektor')
  t.ok(hasOrdinalOf('Ia adalah rektor perempuan pertama.', rector, isRector, 'id'))
  t.notOk(hasOrdinalOf('Ia tercatat sebagai perempuan pertama yang menjadi Rektor ITB.', rector, isRector, 'id'))
})
