import { test } from 'tap'
import { join } from 'node:path'
import { collectFiles, loadDocument, parseFrontMatter } from '../../../src/services/retrieval/loaders.ts'
import { ADVERSARIAL_TEXTS, GENEROUS_MS, timed } from '../../support/helpers/adversarial-text.ts'
import { createCorpus, markdownDocument, minimalDocx, minimalPdf } from './fixtures.ts'

test('markdown: front matter gives title, source, language; body excludes it', async (t) => {
  const corpus = await createCorpus({
    'knowledge/sejarah.md': markdownDocument({ title: 'Sejarah Singkat ITB', source: 'https://www.itb.ac.id/sejarah', language: 'id' }, '# Sejarah\n\nITB berdiri pada 1920.\n')
  })
  t.teardown(corpus.cleanup)
  const result = await loadDocument(join(corpus.knowledgeDir, 'sejarah.md'), 'knowledge/sejarah.md')
  t.ok(result.ok)
  if (!result.ok) return
  t.equal(result.document.title, 'Sejarah Singkat ITB')
  t.equal(result.document.source, 'https://www.itb.ac.id/sejarah')
  t.equal(result.document.language, 'id')
  t.equal(result.document.updated, '2026-01-15')
  t.equal(result.document.format, 'markdown')
  t.notMatch(result.document.content, /title:/)
  t.match(result.document.content, /ITB berdiri pada 1920/)
})

test('markdown without front matter: title from the first heading, source falls back to the path', async (t) => {
  const corpus = await createCorpus({ 'knowledge/catatan.md': '# Catatan Kampus\r\n\r\nIsi catatan.\r\n' })
  t.teardown(corpus.cleanup)
  const result = await loadDocument(join(corpus.knowledgeDir, 'catatan.md'), 'knowledge/catatan.md')
  t.ok(result.ok)
  if (!result.ok) return
  t.equal(result.document.title, 'Catatan Kampus')
  t.equal(result.document.source, 'knowledge/catatan.md')
  t.equal(result.document.language, 'id')
})

test('parseFrontMatter handles quotes, comments and CRLF', async (t) => {
  const { data, body } = parseFrontMatter('---\r\ntitle: "Judul: Dengan Titik Dua"\r\nsource: https://x.id/a#b # comment\r\nempty:\r\n---\r\nbody')
  t.same(data, { title: 'Judul: Dengan Titik Dua', source: 'https://x.id/a#b' })
  t.equal(body, 'body')
  t.same(parseFrontMatter('no front matter').data, {})
})

test('plain text, HTML, PDF and DOCX are read', async (t) => {
  const corpus = await createCorpus({
    'docs/jadwal.txt': 'Jadwal Wisuda\n\nWisuda ITB diadakan tiga kali setahun di Sabuga.',
    'docs/halaman.html': '<!doctype html><html lang="id"><head><title>Kampus &amp; Fasilitas</title>' +
      '<link rel="canonical" href="https://www.itb.ac.id/fasilitas"><style>body{color:red}</style>' +
      '<script>var secret = "tidak boleh muncul"</script></head><body><nav>Menu</nav>' +
      '<h2>Perpustakaan</h2><p>Perpustakaan buka&nbsp;setiap hari.<br>Lantai empat.</p><!-- komentar --></body></html>',
    'docs/panduan.pdf': minimalPdf(['Beasiswa untuk mahasiswa ITB tersedia setiap tahun.', 'Pendaftaran dibuka bulan Agustus.'], 'Panduan Beasiswa'),
    'docs/asrama.docx': minimalDocx(['Asrama Mahasiswa', 'Asrama tersedia bagi mahasiswa tahun pertama di Jatinangor.'])
  })
  t.teardown(corpus.cleanup)

  const text = await loadDocument(join(corpus.root, 'docs/jadwal.txt'), 'docs/jadwal.txt')
  t.ok(text.ok && text.document.format === 'text' && text.document.title === 'Jadwal Wisuda' && /Sabuga/.test(text.document.content), 'text')

  const html = await loadDocument(join(corpus.root, 'docs/halaman.html'), 'docs/halaman.html')
  t.ok(html.ok, 'html loads')
  if (html.ok) {
    t.equal(html.document.title, 'Kampus & Fasilitas')
    t.equal(html.document.source, 'https://www.itb.ac.id/fasilitas')
    t.match(html.document.content, /## Perpustakaan/)
    t.match(html.document.content, /Perpustakaan buka setiap hari\.\nLantai empat\./)
    t.notMatch(html.document.content, /secret|color:red|komentar|<p>/)
  }

  const pdf = await loadDocument(join(corpus.root, 'docs/panduan.pdf'), 'docs/panduan.pdf')
  t.ok(pdf.ok, 'pdf loads')
  if (pdf.ok) {
    t.equal(pdf.document.title, 'Panduan Beasiswa')
    t.match(pdf.document.content, /Beasiswa untuk mahasiswa ITB tersedia setiap tahun/)
    t.match(pdf.document.content, /Agustus/)
  }

  const docx = await loadDocument(join(corpus.root, 'docs/asrama.docx'), 'docs/asrama.docx')
  t.ok(docx.ok, 'docx loads')
  if (docx.ok) {
    t.equal(docx.document.title, 'Asrama Mahasiswa')
    t.match(docx.document.content, /tahun pertama di Jatinangor/)
  }
})

test('bad files are reported, never thrown', async (t) => {
  const corpus = await createCorpus({
    'docs/README.md': '# Read me',
    'docs/data.csv': 'a,b',
    'docs/rusak.pdf': Buffer.from('%PDF-1.4\nthis is not really a pdf'),
    'docs/rusak.docx': Buffer.from('PK\u0003\u0004 broken zip'),
    'docs/kosong.md': '---\ntitle: Kosong\n---\n\n   \n',
    'docs/biner.txt': Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x00])
  })
  t.teardown(corpus.cleanup)
  const reasons: Record<string, string> = {}
  for (const name of ['README.md', 'data.csv', 'rusak.pdf', 'rusak.docx', 'kosong.md', 'biner.txt']) {
    const result = await loadDocument(join(corpus.root, 'docs', name), `docs/${name}`)
    t.notOk(result.ok, `${name} is skipped`)
    if (!result.ok) {
      t.equal(result.skipped.path, `docs/${name}`)
      reasons[name] = result.skipped.reason
    }
  }
  t.equal(reasons['README.md'], 'readme')
  t.match(reasons['data.csv'], /unsupported file type ".csv"/)
  t.match(reasons['rusak.pdf'], /^corrupt pdf/)
  t.match(reasons['rusak.docx'], /^corrupt docx/)
  t.equal(reasons['kosong.md'], 'no extractable text')
  t.match(reasons['biner.txt'], /^corrupt text/)
})

test('collectFiles expands folders, skips dot-files, reports missing inputs', async (t) => {
  const corpus = await createCorpus({
    'knowledge/a.md': '# A',
    'knowledge/sub/b.txt': 'B',
    'knowledge/.hidden.md': '# hidden',
    'knowledge/.git/config': 'x'
  })
  t.teardown(corpus.cleanup)
  const { files, missing } = await collectFiles([corpus.knowledgeDir, join(corpus.knowledgeDir, 'a.md'), join(corpus.root, 'nope')])
  t.same(files.map((f) => f.absolutePath), [join(corpus.knowledgeDir, 'a.md'), join(corpus.knowledgeDir, 'sub', 'b.txt')])
  t.equal(files[0].root, corpus.knowledgeDir)
  t.same(missing.map((m) => m.reason), ['not found'])
})

test('a heading with a run of spaces, and its closing hashes', async (t) => {
  const corpus = await createCorpus({
    'knowledge/tutup.md': '## Jadwal Wisuda ##  \n\nIsi.', 'knowledge/c.md': '# C# #\n\nIsi.', 'knowledge/panjang.md': ADVERSARIAL_TEXTS.heading(3000)
  })
  t.teardown(corpus.cleanup)
  const title = async (name: string): Promise<string | undefined> => {
    const result = await loadDocument(join(corpus.knowledgeDir, name), `knowledge/${name}`)
    return result.ok ? result.document.title : undefined
  }
  t.equal(await title('tutup.md'), 'Jadwal Wisuda')
  t.equal(await title('c.md'), 'C#', 'a hash inside the heading stays')
  // "(.+?)\s*#*\s*$" tried the closing spaces and hashes after each character: time cubic in the
  // run, 17 s for 3,000 spaces before.
  const { value, ms } = await timed(() => title('panjang.md'))
  t.equal(value, `a${' '.repeat(3000)}b`)
  t.ok(ms < GENEROUS_MS, `${ms.toFixed(1)} ms`)
})

test('a front matter value with a long run of tabs is read in time proportional to it', async (t) => {
  // "\s+#.*$" (a trailing comment) read the run from each of its tabs: 35 s for 150,000 characters before.
  const { value, ms } = await timed(() => parseFrontMatter(ADVERSARIAL_TEXTS.frontMatter(150_000)))
  t.equal(value.data.title, `x${'\t'.repeat(150_000)}x`)
  t.equal(parseFrontMatter('---\ntitle: Judul \t # catatan\n---\n').data.title, 'Judul')
  t.ok(ms < GENEROUS_MS, `${ms.toFixed(1)} ms`)
})

test('HTML that nothing closes is read in time proportional to it', async (t) => {
  // Each tag pattern read from every opening to the end of the file. At 300,000 characters before
  // (82d2968), from 7 s (headings) to 80 s (a tag); the figures are in docs/benchmarks.md.
  const names = ['openAngles', 'openComments', 'openScripts', 'openHeadings', 'openBlockTags', 'openTitles', 'openLinks', 'openMetas', 'openHtmlTags'] as const
  const corpus = await createCorpus(Object.fromEntries(names.map((name) => [`knowledge/${name}.html`, ADVERSARIAL_TEXTS[name](300_000)])))
  t.teardown(corpus.cleanup)
  for (const name of names) {
    const { value, ms } = await timed(() => loadDocument(join(corpus.knowledgeDir, `${name}.html`), `knowledge/${name}.html`))
    // What is not closed stays text; the "<h1>"s are tags, and leave only the last, cut short.
    const expected = name === 'openHeadings' ? '<h1' : ADVERSARIAL_TEXTS[name](300_000).trim()
    t.equal(value.ok ? value.document.content : value.skipped.reason, expected, name)
    t.ok(ms < GENEROUS_MS, `${name}: ${ms.toFixed(1)} ms`)
  }
})
