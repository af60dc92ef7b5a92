// One stop-word list: the index drops Orama's and the informal words; the answerer also the
// question words, which the index must keep (its saved form depends on its tokenizer).
import t from 'tap'
import { ANSWER_STOPWORDS, INFORMAL_STOPWORDS, QUESTION_STOPWORDS, STOPWORDS } from '../../../src/services/text/stopwords.ts'

t.test('the index and the answerer share the stop words; question words are the answerer\'s', async (t) => {
  for (const word of ['yang', 'dan', 'the', 'of', 'sih', 'gimana', 'udah', 'tolong']) {
    t.ok(STOPWORDS.has(word), word)
    t.ok(ANSWER_STOPWORDS.has(word), word)
  }
  for (const word of ['sebutkan', 'jelaskan', 'tell', 'saja']) {
    t.ok(ANSWER_STOPWORDS.has(word), word)
  }
  t.notOk(STOPWORDS.has('sebutkan'), 'the index keeps request words')
  for (const word of [...INFORMAL_STOPWORDS, ...QUESTION_STOPWORDS]) t.equal(word, word.toLowerCase().trim(), 'lowercase')
  for (const word of ['kampus', 'biaya', 'fakultas', 'campus']) t.notOk(ANSWER_STOPWORDS.has(word), `${word} is a topic`)
})

t.test('function words Orama lacks are the answerer\'s only: the index keeps its tokenizer', async (t) => {
  for (const word of ['untuk', 'secara', 'near', 'nearby', 'terus', 'trus', 'lantas']) {
    t.ok(ANSWER_STOPWORDS.has(word), word)
    t.notOk(STOPWORDS.has(word), `${word}: the saved index's tokenizer is unchanged`)
  }
})
