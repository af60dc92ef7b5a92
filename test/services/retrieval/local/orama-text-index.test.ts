// The faster full-text search and the LangChain surface of the local store, on generated corpora.
import { test } from 'tap'
import { Document } from '@langchain/core/documents'
import { LocalStore } from '../../../../src/services/retrieval/index.ts'
import { chunkId } from '../../../../src/services/retrieval/chunking.ts'
import type { Chunk } from '../../../../src/services/retrieval/types.ts'
import { fakeEmbedding } from '../../../support/fakes/openai-embeddings.ts'

function chunk (path: string, position: number, text: string, title = 'Dokumen Uji'): Chunk {
  return { id: chunkId(path, position), text, metadata: { source: `https://www.itb.ac.id/${path}`, path, title, section: '', position, language: 'id' } }
}

test('many matches: the best are returned in order, common terms do not swamp rare ones', async (t) => {
  const store = new LocalStore()
  // 300 chunks share "kampus"; only a few mention "planetarium", one of them twice with "teleskop".
  for (let d = 0; d < 30; d++) {
    const path = `knowledge/dokumen-${d}.md`
    store.replaceDocument(path, Array.from({ length: 10 }, (_, p) => chunk(path, p, `Kegiatan kampus nomor ${d * 10 + p} berlangsung di gedung ${p}.`)))
  }
  store.replaceDocument('knowledge/planetarium.md', [
    chunk('knowledge/planetarium.md', 0, 'Planetarium kampus memakai teleskop refraktor untuk pengamatan.', 'Planetarium'),
    chunk('knowledge/planetarium.md', 1, 'Jadwal kunjungan planetarium diumumkan setiap bulan.', 'Planetarium')
  ])
  t.equal(store.chunkCount, 302)
  const hits = await store.searchPassages('teleskop planetarium kampus', { k: 10, minScore: 0 })
  t.equal(hits[0].chunk.metadata.path, 'knowledge/planetarium.md')
  t.equal(hits[0].chunk.metadata.position, 0, 'the chunk with both rare terms first')
  t.equal(hits[1].chunk.metadata.path, 'knowledge/planetarium.md')
  t.ok(hits[0].coverage > hits[1].coverage)
  t.equal(hits.length, 2, 'a term in every chunk does not make every chunk a candidate when rarer terms match')

  // More matches than the index search keeps (200): the best still come back, in order.
  const common = await store.searchPassages('kegiatan kampus gedung', { k: 5, minScore: 0 })
  t.equal(common.length, 5, 'a query of only common terms still finds candidates')
  t.ok(common.every((hit) => hit.coverage === 1), 'each covers all three terms')
})

test('prefix matching: an inflected or foreign form finds the indexed word it extends', async (t) => {
  const store = new LocalStore()
  store.replaceDocument('knowledge/fmipa.md', [chunk('knowledge/fmipa.md', 0, 'Program studi Aktuaria mempelajari risiko dan asuransi.', 'FMIPA')])
  store.replaceDocument('knowledge/lain.md', [chunk('knowledge/lain.md', 0, 'Perpustakaan menyimpan jurnal ilmiah.', 'Perpustakaan')])
  const hits = await store.searchPassages('aktuaris', { k: 3 })
  t.equal(hits[0]?.chunk.metadata.path, 'knowledge/fmipa.md')
  t.ok(hits[0].coverage < 1 && hits[0].coverage > 0.5, 'a prefix match counts, but less than an exact one')
  t.same(await store.searchPassages('akt', { k: 3 }), [], 'short terms are not expanded')
})

test('LangChain surface: addDocuments, vector search, filters, delete', async (t) => {
  const embeddings = {
    embedDocuments: async (texts: string[]) => texts.map((text) => fakeEmbedding(text, 64)),
    embedQuery: async (text: string) => fakeEmbedding(text, 64)
  }
  const store = new LocalStore({ embeddings })
  const ids = await store.addDocuments([
    new Document({ pageContent: 'Observatorium Bosscha terletak di Lembang.', metadata: { path: 'knowledge/bosscha.md', title: 'Observatorium Bosscha', position: 0 } }),
    new Document({ pageContent: 'Masjid Salman berada di seberang kampus Ganesha.', metadata: { source: 'https://salmanitb.com/', title: 'Masjid Salman' } })
  ], { ids: ['bosscha-0', 'salman-0'] })
  t.same(ids, ['bosscha-0', 'salman-0'])
  t.equal(store.vectorCount, 2)

  const [[nearest, similarity]] = await store.similaritySearchVectorWithScore(fakeEmbedding('Observatorium Bosscha Lembang', 64), 1)
  t.equal(nearest.id, 'bosscha-0')
  t.ok(similarity > 0.5)
  t.equal(nearest.metadata.source, 'knowledge/bosscha.md', 'source falls back to the path')

  const filtered = await store.similaritySearchVectorWithScore(fakeEmbedding('Observatorium Bosscha Lembang', 64), 1, (doc) => doc.metadata.title === 'Masjid Salman')
  t.equal(filtered[0][0].id, 'salman-0')
  const salman = await store.similaritySearch('masjid dekat kampus', 1, (doc) => doc.metadata.path === 'https://salmanitb.com/')
  t.equal(salman[0]?.id, 'salman-0', 'a document without a path is filed under its source')

  const [[hybrid, score]] = await store.similaritySearchWithScore('Bosscha Lembang', 1)
  t.equal(hybrid.id, 'bosscha-0')
  t.ok(score > 0 && score <= 1)

  await store.addVectors([fakeEmbedding('Bosscha baru', 64)], [new Document({ pageContent: 'Bosscha kini punya teleskop baru.', metadata: { path: 'knowledge/bosscha.md', position: 0 } })], { ids: ['bosscha-0'] })
  t.equal(store.chunkCount, 2, 'same id replaces, no duplicate')
  t.match((await store.similaritySearch('teleskop', 1))[0]?.pageContent, /teleskop baru/)

  await store.delete({ ids: ['bosscha-0', 'missing'] })
  t.equal(store.chunkCount, 1)
  t.same(store.documentPaths(), ['https://salmanitb.com/'])
  t.throws(() => store.replaceDocument('knowledge/x.md', [chunk('knowledge/x.md', 0, 'x')], new Map([[chunkId('knowledge/x.md', 0), [1, 2, 3]]])), /dimensions/)

  const lexical = new LocalStore()
  await t.rejects(lexical.similaritySearchVectorWithScore([1, 0], 1).then(async () => await lexical.embeddings.embedQuery('x')), /no embeddings model/)
})
