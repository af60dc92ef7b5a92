// Inline Markdown and HTML removed from a passage: what each kind of markup leaves, closed or not,
// and the time markup nothing closes takes.
import t from 'tap'
import { plainInline } from '../../../src/services/text/inline-markup.ts'
import { ADVERSARIAL_TEXTS, GENEROUS_MS, timed } from '../../support/helpers/adversarial-text.ts'

t.test('plainInline', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['a ![foto](x.png) b', 'a b', 'an image goes'],
    ['a ![foto] (x.png) b ![c](d', 'a ![foto] (x.png) b ![c](d', 'an image not followed by "(", or not closed, stays'],
    ['a ![![b](c) d', 'a d', 'an image from its first "![" to the first "]"'],
    ['a[^1] dan [^catatan panjang] b [^x', 'a dan b [^x', 'footnotes go; an unclosed one stays'],
    ['[tautan](https://a.b/c) dan [x]() [](y) [a](b', 'tautan dan x [](y) [a](b', 'a link becomes its text, which cannot be empty'],
    ['[a [b](c) [d] [e][1] [f][] [g][h', 'a [b [d] e f [g][h', 'the text of a link is from its first "[", and of a reference link'],
    ['<https://www.itb.ac.id/berita> x <http://a b> <http://> <http://a', 'www.itb.ac.id x <a', 'a URL in angle brackets; with a space, a tag'],
    ['Teks <b>HTML</b> <a href="x">tautan</a> <br/> <1> <a', 'Teks HTML tautan <1> <a', 'tags go; an unclosed one stays'],
    ['**tebal** __tebal__ ** a** **a ** **a **b**', 'tebal tebal a a a b', 'strong emphasis closes after a character other than a space'],
    ['***x*** **a __b** c__', 'x a __b c__', 'one kind of mark closes strong emphasis'],
    ['*miring* _miring_ snake_case_name 2*3*4', 'miring miring snake_case_name 2 3 4', 'emphasis with one mark'],
    ['~~coret~~ `kode` ``a`b`` ~~a', 'coret kode ab a', 'strikethrough and code'],
    ['Lihat https://admission.itb.ac.id/daftar?x=1. Lalu', 'Lihat admission.itb.ac.id. Lalu', 'a URL becomes its host name']
  ]
  for (const [text, plain, name] of cases) t.equal(plainInline(text), plain, name)
})

t.test('inline markup nothing closes is removed in time proportional to the passage', async (t) => {
  // Each pattern read from every opening to the closing mark it needs, or to the end: at 50,000
  // characters 0.4–10 s before (the machine loaded), minutes at 300,000.
  const names = ['openImages', 'imagesBeforeBracket', 'openImageTargets', 'openFootnotes', 'openLinkTexts', 'openLinkTargets',
    'openStrong', 'openUnderscores', 'openInlineTags', 'openAutolinks'] as const
  for (const name of names) {
    const text = ADVERSARIAL_TEXTS[name](300_000)
    const { value, ms } = await timed(() => plainInline(text))
    t.ok(value.length > 50_000, `${name}: the markup stays text`) // of "<http://a", "<a" stays
    t.ok(ms < GENEROUS_MS, `${name}: ${ms.toFixed(1)} ms`)
  }
})
