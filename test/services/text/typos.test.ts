import t from 'tap'
import { oneEditApart } from '../../../src/services/text/typos.ts'

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
