// "Kalau gak lulus mata kuliah gimana?" negates passing: while a sentence negates it too ("Mahasiswa
// yang tidak lulus dapat mengulang …"), one with "lulus" only un-negated ("… dinyatakan lulus mata
// kuliah apabila …") says the opposite and counts less, though it has more of the question's words.
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { scoreQuestion } from '../../../../src/services/rag/extractive/score.ts'
import { passage } from '../../../support/helpers/passages.ts'

const answerer = createExtractiveAnswerer()

const passages = [
  passage('lulus', 'Kelulusan Mata Kuliah', 'Mahasiswa dinyatakan lulus mata kuliah apabila memperoleh nilai akhir minimal D.'),
  passage('ulang', 'Semester Pendek', 'Mahasiswa yang tidak lulus dapat mengulang mata kuliah pada semester pendek.')
]

t.test('the sentence negating what the question negates, before the one saying the opposite', async (t) => {
  for (const question of ['Kalau gak lulus mata kuliah gimana?', 'Apa yang harus dilakukan kalau tidak lulus mata kuliah?']) {
    const scored = scoreQuestion({ question, passages, found: true }, 'id', 0.1)
    t.match(scored?.best.text, /tidak lulus dapat mengulang/, question)
    t.match(answerer.answer({ question, passages, found: true }).answer, /^[^.]*tidak lulus dapat mengulang/, question)
  }
})
