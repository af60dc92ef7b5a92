import t from 'tap'
import { parsePrefer, prefersMinimalReturn } from '../../src/routes/prefer.ts'

t.test('preferences: names lower-cased, values unquoted, parameters dropped, the first of a name counts', async (t) => {
  t.same([...parsePrefer('Return=minimal; foo="bar", wait=10, respond-async')], [['return', 'minimal'], ['wait', '10'], ['respond-async', '']])
  t.same([...parsePrefer('return="minimal", return=representation')], [['return', 'minimal']])
  t.same([...parsePrefer(['wait=5', 'return=minimal'])], [['wait', '5'], ['return', 'minimal']], 'several headers')
  t.same([...parsePrefer(undefined)], [])
  t.same([...parsePrefer(' , ;x=1, =3')], [])
})

t.test('return=minimal, in any case and among other preferences; nothing else', async (t) => {
  for (const header of ['return=minimal', 'RETURN=Minimal', 'wait=10, return="minimal"', 'return=minimal; x=y']) t.ok(prefersMinimalReturn(header), header)
  for (const header of [undefined, '', 'return=representation', 'return', 'minimal', 'return=minimalist', 'return=representation, return=minimal']) {
    t.notOk(prefersMinimalReturn(header), String(header))
  }
})
