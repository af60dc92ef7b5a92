import t from 'tap'
import { contentBalance } from '../../../src/services/text/language-content.ts'
import { ADVERSARIAL_TEXTS, GENEROUS_MS, timed } from '../../support/helpers/adversarial-text.ts'

t.test('listed content words count 1 for their language', async (t) => {
  t.equal(contentBalance('tuition fee'), 2)
  t.equal(contentBalance('biaya kuliah'), -2)
  t.equal(contentBalance('syarat admission'), 0, 'one each: a tie')
})

t.test('spellings and plurals one language does not use count ½', async (t) => {
  t.equal(contentBalance('thing'), 0.5, '"th"')
  t.equal(contentBalance('statements'), 0.5, 'a plural after a consonant')
  t.equal(contentBalance('status kelas'), 0, 'Indonesian words end in -as, -us')
  t.equal(contentBalance('ngoding'), -0.5, '"ng" opening a word')
  t.equal(contentBalance('nyaman'), -0.5, '"ny"')
  t.equal(contentBalance('Ganesha'), 0, 'not in a capitalised word: a name spells as it likes')
  t.equal(contentBalance('Hello'), 1, 'a listed word counts capitalised')
})

t.test('names count for neither', async (t) => {
  t.equal(contentBalance('SNBT requirements?'), 1, 'an acronym')
  t.equal(contentBalance('PhD'), 0, 'a capital inside a word')
  t.equal(contentBalance('lokasi Campus Center?'), -1, 'a capitalised word inside a sentence')
  t.equal(contentBalance('International Undergraduate Program'), 0, 'a sentence opening a name')
  t.equal(contentBalance('International students'), 1.5, 'a sentence opening on a word')
  t.equal(contentBalance('Halo. Campus'), 0, 'after a full stop, an opening again')
  t.equal(contentBalance("master's"), 0, 'a word with an apostrophe')
})

t.test('a word the caller has counted already is skipped', async (t) => {
  t.equal(contentBalance('the campus'), 1.5)
  t.equal(contentBalance('the campus', (word) => word === 'the'), 1)
})

t.test('only the first 40 words are read', async (t) => {
  t.equal(contentBalance(`${'x '.repeat(40)}campus`), 0)
  t.equal(contentBalance(`${'x '.repeat(39)}campus`), 1)
})

t.test('a long run of apostrophes or names is read in time proportional to it', async (t) => {
  for (const text of [ADVERSARIAL_TEXTS.apostropheWord(150_000), ADVERSARIAL_TEXTS.nameRun(150_000)]) {
    const { value, ms } = await timed(() => contentBalance(text))
    t.equal(typeof value, 'number')
    t.ok(ms < GENEROUS_MS, `${ms.toFixed(1)} ms`)
  }
})
