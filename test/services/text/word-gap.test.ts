import t from 'tap'
import { OPENS_SENTENCE, SPACES_ONLY, wordGap } from '../../../src/services/text/word-gap.ts'

t.test('what the gap between two words says', async (t) => {
  t.equal(wordGap('Master of', 6, 7), SPACES_ONLY, 'a space')
  t.equal(wordGap('a \t b', 1, 4), SPACES_ONLY, 'spaces and a tab')
  t.equal(wordGap('a. B', 1, 3), OPENS_SENTENCE, 'a full stop')
  t.equal(wordGap('a\nB', 1, 2), OPENS_SENTENCE, 'a line break')
  t.equal(wordGap('a, b', 1, 3), 0, 'a comma: neither')
  t.equal(wordGap('ab', 1, 1), 0, 'nothing between: not spaces only')
  for (const mark of ['!', '?', ':', ';']) t.equal(wordGap(`a${mark} b`, 1, 3), OPENS_SENTENCE, mark)
})
