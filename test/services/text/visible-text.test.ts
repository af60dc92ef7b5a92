// A question's edges cleared of whitespace and invisible format characters, its inside kept.
import t from 'tap'
import { trimInvisible } from '../../../src/services/text/visible-text.ts'

t.test('whitespace, control and format characters alone are nothing', async (t) => {
  for (const text of ['', '   \n\t', '\u200b', '\u200c\u200d', '\u2060', '\ufeff', '\u00ad', '\u200e\u200f\u202a\u202c\u2066\u2069', ' \u200b \u2060 ', '\u{e0001}\u{e0020}', '\u0000', '\u0001\u001f\u007f', '\u0080\u0085\u009f']) {
    t.equal(trimInvisible(text), '', JSON.stringify(text))
  }
})

t.test('the edges are cleared, the inside is kept as typed', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['\u200b Kapan ITB didirikan?\u2060 \ufeff', 'Kapan ITB didirikan?', 'both edges'],
    ['ITB\u200bdidirikan', 'ITB\u200bdidirikan', 'a zero-width space inside stays'],
    ['Halo 👨\u200d👩\u200d👧', 'Halo 👨\u200d👩\u200d👧', 'an emoji sequence ending in a visible character stays whole'],
    ['x😀\u200b', 'x😀', 'a character outside the BMP at the end is not split'],
    ['\ud83d', '\ud83d', 'a lone surrogate is not invisible'],
    ['\u0000Kapan\u0000ITB?\u0085', 'Kapan\u0000ITB?', 'control characters go from the edges; inside they stay']
  ]
  for (const [text, trimmed, name] of cases) t.equal(trimInvisible(text), trimmed, name)
})

t.test('linear time: a long run of invisible characters before a letter', async (t) => {
  const started = performance.now()
  t.equal(trimInvisible(`${' \u200b'.repeat(50_000)}x${' \u200b'.repeat(50_000)}y`).length, 100_002, 'the leading run goes, the inner one stays')
  t.ok(performance.now() - started < 1000, 'well under a second')
})
