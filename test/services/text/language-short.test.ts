import t from 'tap'
import { detectLanguage, languageScores } from '../../../src/services/text/language.ts'
import { SHORT_QUESTIONS } from '../../support/helpers/short-questions.ts'

t.test('short questions are detected in the language they are asked in', async (t) => {
  // Before, the 25 English ones without a function word or an English suffix ("SNBT requirements?",
  // "PhD admission requirements?", "Hello") scored 0 to 0 and the tie went to Indonesian.
  const wrong = SHORT_QUESTIONS.filter(([question, language]) => detectLanguage(question) !== language)
  t.same(wrong, [])
  t.equal(SHORT_QUESTIONS.filter(([, language]) => language === 'en').length, 42)
  t.equal(SHORT_QUESTIONS.filter(([, language]) => language === 'id').length, 42)
})

t.test('the reported questions were ties at nothing, not Indonesian evidence', async (t) => {
  for (const question of ['SNBT requirements?', 'Undergraduate admission requirements?', 'PhD admission requirements?']) {
    t.same(languageScores(question), { id: 0, en: 0 }, question)
    t.equal(detectLanguage(question), 'en', question)
  }
})

t.test('Indonesian questions with English words stay Indonesian', async (t) => {
  for (const question of ['Apa itu IUP program?', 'Kapan deadline SNBP?', 'Berapa UKT untuk S1?', 'Info beasiswa dong', 'Syarat admission S2?', 'Fee kuliah IUP brp?']) {
    t.equal(detectLanguage(question), 'id', question)
  }
})

t.test('content words only settle a tie', async (t) => {
  // One English function word outweighs any number of Indonesian content words, as before.
  t.equal(detectLanguage('the biaya kuliah jadwal asrama'), 'en')
  t.equal(detectLanguage('yang tuition fees requirements'), 'id')
  t.equal(detectLanguage('ITB the yang'), 'id', 'a tie with no content word is still Indonesian')
})
