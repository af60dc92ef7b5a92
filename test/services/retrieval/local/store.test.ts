import { test } from 'tap'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createKnowledgeBase, KnowledgeBaseError, LocalStore } from '../../../../src/services/retrieval/index.ts'
import type { KnowledgeBaseOptions } from '../../../../src/services/retrieval/index.ts'
import { splitDocument } from '../../../../src/services/retrieval/chunking.ts'
import { SAMPLE_DOCUMENTS, createCorpus, markdownDocument, minimalDocx, minimalPdf } from '../fixtures.ts'
import type { Corpus } from '../fixtures.ts'

function localOptions (corpus: Corpus, extra: Partial<KnowledgeBaseOptions> = {}): KnowledgeBaseOptions {
  return { store: 'local', knowledgeDir: corpus.knowledgeDir, dataDir: corpus.dataDir, ...extra }
}

async function manifestOf (corpus: Corpus): Promise<{ documents: number, chunks: number, files: Record<string, string> }> {
  return JSON.parse(await readFile(join(corpus.dataDir, 'local-index.manifest.json'), 'utf8'))
}

function recorder (): { events: string[], metrics: KnowledgeBaseOptions['metrics'] } {
  const events: string[] = []
  return { events, metrics: (name, _durationMs, outcome) => { events.push(`${name}:${outcome}`) } }
}

test('every format is ingested, a corrupt file is skipped and the rest continues', async (t) => {
  const corpus = await createCorpus({
    'knowledge/README.md': '# Tentang folder ini',
    'knowledge/sejarah.md': markdownDocument({ title: 'Sejarah ITB', source: 'https://www.itb.ac.id/sejarah' }, '# Sejarah ITB\n\n## Awal\n\nTechnische Hoogeschool te Bandoeng didirikan pada 1920.\n'),
    'knowledge/wisuda.txt': 'Wisuda ITB\n\nUpacara wisuda diadakan di gedung Sabuga tiga kali setahun.',
    'knowledge/fasilitas.html': '<html><head><title>Fasilitas Olahraga</title></head><body><h2>Kolam Renang</h2><p>Kolam renang Saraga terbuka untuk mahasiswa.</p></body></html>',
    'knowledge/beasiswa.pdf': minimalPdf(['Beasiswa Bidikmisi membantu mahasiswa berprestasi.'], 'Panduan Beasiswa'),
    'knowledge/asrama.docx': minimalDocx(['Asrama Mahasiswa', 'Asrama Kidang Pananjung menampung mahasiswa tahun pertama.']),
    'knowledge/rusak.pdf': Buffer.from('%PDF-1.7\n1 0 obj garbage'),
    'knowledge/catatan.xyz': 'unknown format'
  })
  t.teardown(corpus.cleanup)
  const kb = await createKnowledgeBase(localOptions(corpus))
  t.teardown(kb.close)
  const summary = await kb.ingest([corpus.knowledgeDir])
  t.equal(summary.documents, 5)
  t.ok(summary.chunks >= 5)
  t.same(summary.skipped.map((s) => s.path).sort(), ['knowledge/README.md', 'knowledge/catatan.xyz', 'knowledge/rusak.pdf'])
  t.match(summary.skipped.find((s) => s.path === 'knowledge/rusak.pdf')?.reason, /^corrupt pdf/)

  const expectations: Array<[string, string]> = [
    ['kapan Technische Hoogeschool didirikan', 'knowledge/sejarah.md'],
    ['upacara wisuda Sabuga', 'knowledge/wisuda.txt'],
    ['kolam renang Saraga', 'knowledge/fasilitas.html'],
    ['beasiswa Bidikmisi', 'knowledge/beasiswa.pdf'],
    ['asrama Kidang Pananjung', 'knowledge/asrama.docx']
  ]
  for (const [query, path] of expectations) {
    const result = await kb.retrieve(query)
    t.equal(result.found, true, query)
    t.equal(result.passages[0]?.path, path, query)
  }
  const sejarah = (await kb.retrieve('Technische Hoogeschool')).passages[0]
  t.equal(sejarah.url, 'https://www.itb.ac.id/sejarah')
  t.equal(sejarah.title, 'Sejarah ITB')
  t.equal(sejarah.section, 'Awal')
  t.ok(sejarah.score > 0 && sejarah.score <= 1)
  t.equal((await kb.retrieve('kolam renang')).passages[0].title, 'Fasilitas Olahraga')
})

test('re-ingesting is idempotent; a changed document replaces its chunks and stale ones are deleted', async (t) => {
  const corpus = await createCorpus(SAMPLE_DOCUMENTS)
  t.teardown(corpus.cleanup)
  const kb = await createKnowledgeBase(localOptions(corpus, { chunkSize: 120, chunkOverlap: 20 }))
  t.teardown(kb.close)
  const first = await kb.ingest([corpus.knowledgeDir])
  const afterFirst = await manifestOf(corpus)
  const second = await kb.ingest([corpus.knowledgeDir])
  const afterSecond = await manifestOf(corpus)
  t.same(second, first, 'same summary')
  t.equal(afterSecond.chunks, afterFirst.chunks, 'no duplicate chunks')
  t.equal(first.removed, 0)

  const before = await kb.retrieve('mendaftar seleksi', { k: 20 })
  const ids = before.passages.map((p) => p.id)
  t.equal(new Set(ids).size, ids.length, 'no duplicate passages')

  // Shrink one document to a single short section: its extra chunks must go.
  const path = 'knowledge/pendaftaran-mahasiswa.md'
  const oldChunks = await splitDocument({ title: '', source: '', path, language: 'id', format: 'markdown', content: SAMPLE_DOCUMENTS[path].split('---\n')[2] }, { chunkSize: 120, chunkOverlap: 20 })
  t.ok(oldChunks.length > 1)
  await corpus.write(path, markdownDocument({ title: 'Cara Mendaftar ke ITB', source: 'https://admission.itb.ac.id/' }, '# Cara Mendaftar ke ITB\n\nPendaftaran kini memakai kartu digital terpadu.\n'))
  const third = await kb.ingest([join(corpus.knowledgeDir, 'pendaftaran-mahasiswa.md')])
  t.equal(third.documents, 1)
  t.equal(third.chunks, 1)
  t.equal(third.removed, oldChunks.length - 1)
  t.equal((await manifestOf(corpus)).chunks, afterFirst.chunks - (oldChunks.length - 1))
  const changed = await kb.retrieve('kartu digital terpadu')
  t.equal(changed.passages[0].path, path)
  const stale = await kb.retrieve('berkas rapor kartu identitas diunggah')
  t.notOk(stale.passages.some((p) => p.path === path && /rapor/.test(p.text)), 'old text is gone')

  // A file deleted from an ingested folder leaves the index on the next folder ingest.
  await corpus.remove('knowledge/perpustakaan.md')
  const fourth = await kb.ingest([corpus.knowledgeDir])
  t.ok(fourth.removed >= 1)
  t.notOk((await kb.retrieve('koleksi buku jurnal perpustakaan')).passages.some((p) => p.path === 'knowledge/perpustakaan.md'))
})

test('Indonesian stemming: "pendaftaran" finds a passage that only says "mendaftar"', async (t) => {
  const corpus = await createCorpus(SAMPLE_DOCUMENTS)
  t.teardown(corpus.cleanup)
  const kb = await createKnowledgeBase(localOptions(corpus))
  t.teardown(kb.close)
  const result = await kb.retrieve('pendaftaran')
  t.equal(result.found, true)
  t.equal(result.passages[0].path, 'knowledge/pendaftaran-mahasiswa.md')
  t.match(result.passages[0].text, /mendaftar/)
  t.notMatch(result.passages[0].text, /pendaftaran/i)
})

test('a passage with the question\'s own phrase has what the alias table expands it to', async (t) => {
  // "tahun pertama" brings "tpb tahap persiapan bersama" along: the TPB passage matched five words of
  // the query and outranked the dormitories', which has the question's own phrase and "asrama".
  const corpus = await createCorpus({
    'knowledge/tpb.md': markdownDocument({ title: 'Tahap Persiapan Bersama' }, '# Tahap Persiapan Bersama\n\nTahap Persiapan Bersama (TPB) adalah program tahun pertama bagi mahasiswa baru.\n'),
    'knowledge/asrama.md': markdownDocument({ title: 'Asrama Mahasiswa' }, '# Asrama Mahasiswa\n\nAsrama tersedia bagi mahasiswa tahun pertama.\n'),
    ...Object.fromEntries(['Perpustakaan', 'Kantin', 'Masjid', 'Laboratorium', 'Wisuda'].map((place) =>
      [`knowledge/${place.toLowerCase()}.md`, markdownDocument({ title: place }, `# ${place}\n\nGedung ${place.toLowerCase()} ITB buka setiap hari.\n`)]))
  })
  t.teardown(corpus.cleanup)
  const kb = await createKnowledgeBase(localOptions(corpus))
  t.teardown(kb.close)
  const result = await kb.retrieve('Apakah ada asrama untuk mahasiswa tahun pertama?')
  t.equal(result.passages[0].path, 'knowledge/asrama.md')
  // The expansion still finds what it stands for.
  t.equal((await kb.retrieve('Apa itu tahun pertama?')).passages[0].path, 'knowledge/tpb.md')
})

test('the question\'s own phrase counts as whole words only', async (t) => {
  // "fee" expands to "biaya": the canteen's "coffee" must not earn it, its cleaning fee does.
  const bodies: Record<string, string> = { kopi: 'Kantin menjual coffee dan teh.', iuran: 'Kantin memungut biaya kebersihan.' }
  const names = ['kopi', 'iuran', 'perpustakaan', 'masjid', 'laboratorium', 'wisuda', 'aula', 'kolam', 'taman', 'parkir']
  const corpus = await createCorpus(Object.fromEntries(names.map((name) =>
    [`knowledge/${name}.md`, markdownDocument({ title: name }, `# ${name}\n\n${bodies[name] ?? `Gedung ${name} buka setiap hari.`}\n`)])))
  t.teardown(corpus.cleanup)
  const kb = await createKnowledgeBase(localOptions(corpus))
  t.teardown(kb.close)
  t.same((await kb.retrieve('kantin fee')).passages.map((passage) => passage.path), ['knowledge/iuran.md'])
})

test('the saved index is loaded without rebuilding, and still stems', async (t) => {
  const corpus = await createCorpus(SAMPLE_DOCUMENTS)
  t.teardown(corpus.cleanup)
  const firstRun = recorder()
  const first = await createKnowledgeBase(localOptions(corpus, { metrics: firstRun.metrics }))
  await first.close()
  t.ok(firstRun.events.includes('index_build:ok'), 'first start builds')
  const indexFile = join(corpus.dataDir, 'local-index.json')
  const savedAt = (await stat(indexFile)).mtimeMs

  const secondRun = recorder()
  const started = performance.now()
  const second = await createKnowledgeBase(localOptions(corpus, { metrics: secondRun.metrics }))
  const startupMs = performance.now() - started
  t.teardown(second.close)
  t.ok(secondRun.events.includes('index_load:ok'), 'second start loads')
  t.notOk(secondRun.events.includes('index_build:ok'), 'second start does not rebuild')
  t.notOk(secondRun.events.includes('ingest:ok'), 'nothing was ingested')
  t.equal((await stat(indexFile)).mtimeMs, savedAt, 'index file untouched')
  t.ok(startupMs < 2000, `start-up took ${startupMs.toFixed(0)} ms`)
  await second.check()
  const result = await second.retrieve('pendaftaran')
  t.equal(result.passages[0]?.path, 'knowledge/pendaftaran-mahasiswa.md', 'stemming survives the round trip')
})

test('the index is rebuilt when the corpus or the chunk settings change, or the saved file is broken', async (t) => {
  const corpus = await createCorpus(SAMPLE_DOCUMENTS)
  t.teardown(corpus.cleanup)
  await (await createKnowledgeBase(localOptions(corpus))).close()

  await corpus.write('knowledge/kantin.md', markdownDocument({ title: 'Kantin Kampus', source: 'https://www.itb.ac.id/kantin' }, '# Kantin\n\n## Menu\n\nKantin Salman menjual nasi goreng dan soto.\n'))
  const changed = recorder()
  const kb = await createKnowledgeBase(localOptions(corpus, { metrics: changed.metrics }))
  t.ok(changed.events.includes('index_build:ok'), 'new file → rebuild')
  t.equal((await kb.retrieve('nasi goreng soto')).passages[0]?.path, 'knowledge/kantin.md')
  await kb.close()

  const settings = recorder()
  await (await createKnowledgeBase(localOptions(corpus, { chunkSize: 500, metrics: settings.metrics }))).close()
  t.ok(settings.events.includes('index_build:ok'), 'chunk size change → rebuild')

  await writeFile(join(corpus.dataDir, 'local-index.json'), '{ broken')
  const warnings: string[] = []
  const broken = recorder()
  const logger = { info: () => {}, warn: (_obj: object, msg?: string) => { warnings.push(msg ?? '') }, error: () => {} }
  const repaired = await createKnowledgeBase(localOptions(corpus, { chunkSize: 500, metrics: broken.metrics, logger }))
  t.teardown(repaired.close)
  t.ok(broken.events.includes('index_build:ok'), 'unreadable index → rebuild')
  t.match(warnings.join('\n'), /unreadable/)
  t.equal((await repaired.retrieve('observatorium Lembang')).passages[0]?.path, 'knowledge/observatorium.md')
})

test('relevance floor: nonsense and off-topic queries are not found', async (t) => {
  const corpus = await createCorpus(SAMPLE_DOCUMENTS)
  t.teardown(corpus.cleanup)
  const kb = await createKnowledgeBase(localOptions(corpus))
  t.teardown(kb.close)
  for (const query of ['xyzzy plugh qwerty', 'resep rendang yang empuk dan gurih', 'apa itu?', '   ']) {
    const result = await kb.retrieve(query)
    t.equal(result.found, false, query)
    t.same(result.passages, [], query)
  }
  // The same store answers an on-topic query, so the floor is what rejects the others.
  t.equal((await kb.retrieve('penelitian astronomi di Lembang')).found, true)
  // A stricter floor rejects a partial match that the default accepts.
  const strict = await createKnowledgeBase(localOptions(corpus, { minScore: 0.95 }))
  t.teardown(strict.close)
  t.equal((await kb.retrieve('observatorium di Jakarta')).found, true)
  t.equal((await strict.retrieve('observatorium di Jakarta')).found, false)
})

test('check() fails clearly when the index is empty; a closed knowledge base refuses work', async (t) => {
  const corpus = await createCorpus()
  t.teardown(corpus.cleanup)
  const kb = await createKnowledgeBase(localOptions(corpus))
  await t.rejects(kb.check(), { code: 'INDEX_NOT_READY', message: /empty/ })
  await kb.close()
  await t.rejects(kb.retrieve('apa saja'), KnowledgeBaseError)
  await t.rejects(createKnowledgeBase(localOptions(corpus, { chunkSize: 100, chunkOverlap: 100 })), { code: 'INVALID_OPTIONS' })
})

test('LocalStore works as a LangChain retriever', async (t) => {
  const store = new LocalStore()
  const path = 'knowledge/pendaftaran-mahasiswa.md'
  const chunks = await splitDocument({ title: 'Cara Mendaftar ke ITB', source: 'https://admission.itb.ac.id/', path, language: 'id', format: 'markdown', content: SAMPLE_DOCUMENTS[path].split('---\n')[2] })
  store.replaceDocument(path, chunks)
  const docs = await store.asRetriever({ k: 2 }).invoke('pendaftaran mahasiswa')
  t.ok(docs.length > 0)
  t.equal(docs[0].metadata.path, path)
  t.match(docs[0].pageContent, /mendaftar/)
  await store.delete({ ids: chunks.map((c) => c.id) })
  t.same(await store.similaritySearch('pendaftaran'), [])
  t.equal(store.documentCount, 0)
})

test('a snapshot restores the same search, document lists and removals', async (t) => {
  const store = new LocalStore()
  for (const [path, text] of Object.entries(SAMPLE_DOCUMENTS)) {
    const content = text.split('---\n')[2] ?? text
    store.replaceDocument(path, await splitDocument({ title: path, source: `https://www.itb.ac.id/${path}`, path, language: 'id', format: 'markdown', content }))
  }
  const removed = store.documentPaths()[0]
  store.removeDocument(removed)
  const restored = new LocalStore({}, JSON.parse(JSON.stringify(store.toSnapshot())))
  t.equal(restored.chunkCount, store.chunkCount)
  t.same(restored.documentPaths().sort(), store.documentPaths().sort())
  t.notOk(restored.documentPaths().includes(removed))
  for (const query of ['pendaftaran mahasiswa', 'observatorium Lembang', 'asrama']) {
    const before = await store.searchPassages(query, { k: 5, minScore: 0 })
    const after = await restored.searchPassages(query, { k: 5, minScore: 0 })
    t.same(after.map((hit) => [hit.chunk.id, hit.coverage]), before.map((hit) => [hit.chunk.id, hit.coverage]), query)
  }
  // The restored index keeps working: a replaced document leaves no stale chunk behind.
  const [path] = restored.documentPaths()
  restored.replaceDocument(path, [])
  t.equal(restored.chunkIds(path).length, 0)
  t.equal(restored.chunkCount, store.chunkCount - store.chunkIds(path).length)
})
