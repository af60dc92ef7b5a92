import { test } from 'tap'
import { chunkId, documentKey, markdownSections, splitDocument } from '../../../src/services/retrieval/chunking.ts'
import type { LoadedDocument } from '../../../src/services/retrieval/loaders.ts'

function document (content: string, format: LoadedDocument['format'] = 'markdown'): LoadedDocument {
  return { title: 'Judul Dokumen', source: 'https://www.itb.ac.id/x', path: 'knowledge/x.md', language: 'id', format, content }
}

test('markdownSections follows headings outside code fences and keeps the parent of deep headings', async (t) => {
  const sections = markdownSections([
    '# Judul Dokumen',
    'Pengantar.',
    '## Sejarah',
    'Teks sejarah.',
    '### Masa Awal',
    'Teks masa awal.',
    '```',
    '# bukan heading',
    '```',
    '## Kosong',
    '## Lokasi',
    'Teks lokasi.'
  ].join('\n'))
  t.same(sections.map((s) => s.heading), ['Judul Dokumen', 'Sejarah', 'Sejarah › Masa Awal', 'Lokasi'])
  t.match(sections[2].body, /# bukan heading/)
})

test('chunks carry metadata, positions and stable ids', async (t) => {
  const chunks = await splitDocument(document('# Judul Dokumen\n\n## Satu\n\nAlpha beta.\n\n## Dua\n\nGamma delta.\n'))
  t.equal(chunks.length, 2)
  t.same(chunks.map((c) => c.metadata.section), ['Satu', 'Dua'])
  t.same(chunks.map((c) => c.metadata.position), [0, 1])
  t.same(chunks[0].metadata, { source: 'https://www.itb.ac.id/x', path: 'knowledge/x.md', title: 'Judul Dokumen', section: 'Satu', position: 0, language: 'id' })
  t.equal(chunks[1].id, chunkId('knowledge/x.md', 1))
  t.ok(chunks[1].id.startsWith(documentKey('knowledge/x.md') + '-'))
  const again = await splitDocument(document('# Judul Dokumen\n\n## Satu\n\nAlpha beta.\n\n## Dua\n\nGamma delta.\n'))
  t.same(again.map((c) => c.id), chunks.map((c) => c.id), 'same input, same ids')
  t.not(chunkId('knowledge/y.md', 1), chunks[1].id, 'ids differ between documents')
})

test('long sections are split within chunkSize with overlap', async (t) => {
  const sentences = Array.from({ length: 60 }, (_, i) => `Kalimat nomor ${i} membahas kampus ITB di Bandung.`)
  const chunks = await splitDocument(document(`## Panjang\n\n${sentences.join(' ')}`), { chunkSize: 300, chunkOverlap: 60 })
  t.ok(chunks.length > 5, `${chunks.length} chunks`)
  for (const chunk of chunks) {
    t.ok(chunk.text.length <= 300, `chunk of ${chunk.text.length} characters`)
    t.equal(chunk.metadata.section, 'Panjang')
  }
  const firstWords = chunks[1].text.split(' ').slice(0, 3).join(' ')
  t.ok(chunks[0].text.includes(firstWords), 'consecutive chunks overlap')
})

test('non-Markdown text is one section', async (t) => {
  const chunks = await splitDocument(document('# tidak dianggap heading di teks biasa\nIsi.', 'text'))
  t.equal(chunks.length, 1)
  t.equal(chunks[0].metadata.section, '')
})
