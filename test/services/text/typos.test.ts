import t from 'tap'
import { oneEditApart, typoDistance } from '../../../src/services/text/typos.ts'

t.test('words one edit apart: a letter left out, added, replaced, or two neighbours swapped', async (t) => {
  t.ok(oneEditApart('beasiwa', 'beasiswa'), 'left out')
  t.ok(oneEditApart('beasiswaa', 'beasiswa'), 'added')
  t.ok(oneEditApart('beasisea', 'beasiswa'), 'replaced')
  t.ok(oneEditApart('baesiswa', 'beasiswa'), 'swapped')
  t.ok(oneEditApart('beasiswx', 'beasiswa'), 'the last letter')
  t.notOk(oneEditApart('beasiswa', 'beasiswa'), 'the same word')
  t.notOk(oneEditApart('basiwa', 'beasiswa'), 'two letters left out')
  t.notOk(oneEditApart('abesiswa', 'beasiwsa'), 'two swaps')
  t.notOk(oneEditApart('asrama', 'agama'), 'two edits')
})

t.test('the edits between two words, a swap of neighbours counting as one', async (t) => {
  t.equal(typoDistance('REDIS_URL', 'REDIS_URL'), 0, 'the same word')
  t.equal(typoDistance('REDIS_ULR', 'REDIS_URL'), 1, 'swapped')
  t.equal(typoDistance('REDIS_UR', 'REDIS_URL'), 1, 'left out')
  t.equal(typoDistance('PORTT', 'PORT'), 1, 'added')
  t.equal(typoDistance('LOG_LEVLE', 'LOG_LEVEL'), 1, 'swapped at the end')
  t.equal(typoDistance('OPENAI_KEY', 'OPENAI_API_KEY'), 4, 'four left out')
  t.equal(typoDistance('', 'HOST'), 4, 'from nothing')
  t.equal(typoDistance('HOME', 'HOST'), 2, 'two replaced')
})
