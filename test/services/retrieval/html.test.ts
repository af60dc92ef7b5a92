import { test } from 'tap'
import { htmlCanonicalUrl, htmlLanguage, htmlTitle, htmlToMarkdown } from '../../../src/services/retrieval/html.ts'

test('htmlToMarkdown keeps headings as Markdown and decodes entities', async (t) => {
  t.equal(htmlToMarkdown('<h1>Judul</h1><p>A &lt; B &#38; C &#x41;</p>'), '# Judul\n\nA < B & C A')
  t.equal(htmlToMarkdown('<H2 class="a\n">Biaya <b>UKT</b></h2 ><h3></h3><p>Isi<br/>baris</p>'), '## Biaya UKT\n\nIsi\nbaris')
})

test('an element ends at the first closing tag of its name, whatever opens inside it', async (t) => {
  t.equal(htmlToMarkdown('<script>document.write("<h1>x</h1>")</script ><p>Teks</p>'), 'Teks')
  t.equal(htmlToMarkdown('<style><script></style>Teks</script>'), 'Teks')
  t.equal(htmlToMarkdown('<!-- <p>a --> Teks <!-- b -->'), 'Teks')
  t.equal(htmlToMarkdown('<h1>A <h2>B</h1> C</h2>'), '# A B\n\nC')
})

test('an element nothing closes keeps its text, and a later one of another name is still read', async (t) => {
  t.equal(htmlToMarkdown('<script>x <style>y</style> Teks'), 'x Teks')
  t.equal(htmlToMarkdown('<h1>Tanpa penutup <h2>Judul</h2> <!-- terbuka'), 'Tanpa penutup\n\n## Judul\n\n<!-- terbuka')
  t.equal(htmlToMarkdown('a < b <p>c'), 'a < b\nc')
  t.equal(htmlToMarkdown('<p class="x'), '<p class="x')
})

test('title, canonical URL and language', async (t) => {
  t.equal(htmlTitle('<title lang="id">Kampus <b>ITB</b> &amp; Sabuga</title><title>Kedua</title>'), 'Kampus ITB & Sabuga')
  t.equal(htmlTitle('<title>Tanpa penutup'), undefined)
  t.equal(htmlTitle('<title></title>'), undefined)
  t.equal(htmlCanonicalUrl('<link rel="stylesheet" href="https://a.id/s.css"><link href="https://www.itb.ac.id/x" rel=canonical>'), 'https://www.itb.ac.id/x')
  t.equal(htmlCanonicalUrl('<link rel="canonical" href="/relatif"><meta property="og:url" content="https://www.itb.ac.id/og">'), 'https://www.itb.ac.id/og')
  t.equal(htmlCanonicalUrl('<link <link rel="canonical" href="https://a.id/">'), 'https://a.id/', 'a tag with a stray "<" in it')
  t.equal(htmlCanonicalUrl('<link rel="canonical" href="https://a.id/"'), undefined, 'not closed')
  t.equal(htmlLanguage('<html lang="id" xml:lang="en">'), 'id')
  t.equal(htmlLanguage('<HTML data-a=1 lang=EN-us lang="fr">'), 'fr', 'the last lang')
  t.equal(htmlLanguage('<html><body lang="en">'), undefined)
  t.equal(htmlLanguage('<html lang="jv"'), 'jv', 'not closed')
})
