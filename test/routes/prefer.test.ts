import t from 'tap'
import { parsePrefer, prefersMinimalReturn, withVary } from '../../src/routes/prefer.ts'

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

t.test('commas and semicolons inside a quoted value separate nothing (RFC 9110 §5.6.4)', async (t) => {
  // Before: split at every comma, so the quoted text's 'return=minimal' counted as a preference of its own.
  t.notOk(prefersMinimalReturn('foo="a,return=minimal,b"'))
  t.same([...parsePrefer('foo="a,return=minimal,b", wait=3')], [['foo', 'a,return=minimal,b'], ['wait', '3']])
  t.same([...parsePrefer('handling=lenient; note="x;return=minimal,y", return=minimal')], [['handling', 'lenient'], ['return', 'minimal']])
  t.same([...parsePrefer('foo="say \\"hi\\", then go", return=minimal')], [['foo', 'say "hi", then go'], ['return', 'minimal']], 'escaped quotes')
  t.ok(prefersMinimalReturn('foo="unclosed, return=minimal') === false, 'an unclosed quote runs to the end')
})

t.test('a long header is read in time linear in it', async (t) => {
  const started = performance.now()
  parsePrefer('x="' + '\\",'.repeat(100_000))
  parsePrefer(',;"'.repeat(100_000))
  t.ok(performance.now() - started < 1000)
})

t.test('Vary: the name added once to what is there, in any case; * stays alone', async (t) => {
  t.equal(withVary(undefined, 'Prefer'), 'Prefer')
  t.equal(withVary('Origin', 'Prefer'), 'Origin, Prefer')
  t.equal(withVary(['Origin', 'Accept-Encoding'], 'Prefer'), 'Origin, Accept-Encoding, Prefer')
  t.equal(withVary('origin, prefer', 'Prefer'), 'origin, prefer')
  t.equal(withVary('*', 'Prefer'), '*')
})
