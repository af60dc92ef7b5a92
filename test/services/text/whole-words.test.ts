import t from 'tap'
import { wholeWords } from '../../../src/services/text/whole-words.ts'

t.test('a phrase is found as whole words only, its characters taken literally', async (t) => {
  t.ok(wholeWords('fee').test('the fee is due'))
  t.notOk(wholeWords('fee').test('coffee and tea'), 'not inside a longer word')
  t.notOk(wholeWords('IP', 'iu').test('IPK minimal 2,00'), 'not before a letter')
  t.ok(wholeWords('ip', 'iu').test('Perbedaan IP dan IPK'), 'any case with the i flag')
  t.ok(wholeWords('tahun pertama').test('mahasiswa tahun pertama.'), 'a phrase of several words')
  t.ok(wholeWords('a.b').test('see a.b here'))
  t.notOk(wholeWords('a.b').test('see axb here'), 'a dot is a dot')
})
