// A misspelt word of the question ("beasiwa"), in no sentence, is had by a sentence with a word of the
// question's language one edit away (matching.ts, typos.ts); not by a word of the other language.
import t from 'tap'
import { createExtractiveAnswerer, NO_ANSWER } from '../../../../src/services/rag/extractive.ts'
import { passage } from '../../../support/helpers/passages.ts'
import { ask } from '../offline-answers-fixture.ts'

const answerer = createExtractiveAnswerer()

t.test('a one-edit typo of a word the passages have is read as that word', async (t) => {
  // It was a key word in no passage: the question was declined.
  const passages = [passage('beasiswa-itb', 'Beasiswa untuk Mahasiswa ITB', 'Mahasiswa ITB dapat memperoleh beasiswa dari berbagai sumber, antara lain pemerintah, alumni, dan perusahaan.')]
  for (const question of ['Ada beasiwa di ITB?', 'Apa itu beaisswa?']) {
    t.match(answerer.answer({ question, passages, found: true }).answer, /memperoleh beasiswa dari berbagai sumber/, question)
  }
  t.equal(answerer.answer({ question: 'Ada asuransi di ITB?', passages, found: true }).answer, NO_ANSWER.id, 'a word with no neighbour is still missing')
})

t.test('end to end: the local store finds the documents of the misspelt word, the answerer reads it', async (t) => {
  t.match((await ask('Ada beasiwa di ITB?')).answer, /beasiswa/)
  t.match((await ask('Di mana perpusatkaan ITB?')).answer, /Perpustakaan Pusat ITB/i)
})

t.test('a word one edit from a word of the other language is no typo', async (t) => {
  // "computer" (comput) and "komputer" (komput): read as a typo, "… Teknik Informatika mempelajari ilmu komputer …" answered, without the faculty asked for.
  t.match((await ask('Which faculty teaches computer science?')).answer, /STEI/)
})
