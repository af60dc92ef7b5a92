// A question is up to 5,000 characters of the client's choosing. Reading it (the cues, a comparison,
// a follow-up's search texts, the extractive answer) must take time in proportion to its length: one
// regex that backtracked over a run of spaces held the event loop 37–57 s on such a question, for
// every user of the process. The bound below is generous (a few seconds on a busy machine) and
// exists to catch that kind of blow-up; the figures before and after are in the commit messages.
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { searchTexts } from '../../../../src/services/rag/extractive/follow-up.ts'
import { detectLanguage } from '../../../../src/services/text/language.ts'
import { adversarialQuestions } from '../../../support/helpers/adversarial-text.ts'
import { passage } from '../../../support/helpers/passages.ts'

const LIMIT = 5000
const ADVERSARIAL = adversarialQuestions(LIMIT)

const passages = [
  passage('biaya', 'Biaya Kuliah', 'Besaran UKT diumumkan di admission.itb.ac.id setiap tahun. Biaya kuliah berbeda untuk setiap kelompok.'),
  passage('sejarah', 'Sejarah ITB', 'ITB didirikan pada 3 Juli 1920 di Bandung. Soekarno lulus dari ITB pada 1926.')
]

t.test('a 5,000-character question built to make a regex backtrack is read in time proportional to it', async (t) => {
  const answerer = createExtractiveAnswerer()
  for (const question of ADVERSARIAL) {
    t.ok(question.length <= LIMIT)
    const started = performance.now()
    searchTexts(question, ['Apa saja fakultas di ITB?'])
    answerer.answer({ question, passages, found: true, language: detectLanguage(question), previousQuestion: 'Apa saja fakultas di ITB?' })
    const ms = performance.now() - started
    t.ok(ms < 5000, `${JSON.stringify(question.slice(0, 24))}…: ${ms.toFixed(1)} ms`)
  }
})
