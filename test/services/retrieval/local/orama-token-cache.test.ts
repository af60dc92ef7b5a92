// Orama's tokenizer caches every token it normalises with no bound; ours holds TOKEN_CACHE_LIMIT (issue 10).
import { test } from 'tap'
import { TOKEN_CACHE_LIMIT, createOramaLexicalIndex } from '../../../../src/services/retrieval/local/orama-lexical.ts'
import type { StoredChunk } from '../../../../src/services/retrieval/local/lexical.ts'

const chunk: StoredChunk = { id: 'tpb', title: 'TPB', section: 'Tahap Persiapan Bersama', text: 'Mahasiswa baru menjalani TPB pada tahun pertama di kampus.', path: 'knowledge/tpb.md', source: 'https://www.itb.ac.id/tpb', position: 0, language: 'id' }

test('distinct words in questions do not grow the tokenizer\'s cache past its bound', async (t) => {
  const index = createOramaLexicalIndex()
  index.insert([chunk])
  const before = index.terms('Apa itu TPB mahasiswa baru?')
  const questions = TOKEN_CACHE_LIMIT + 5000
  for (let i = 0; i < questions; i++) index.terms(`Apa itu TPB? (#${i})`)
  // The search path tokenizes too (orama's own search and matchingWords).
  for (let i = 0; i < 200; i++) await index.search(`Kapan TPB ${questions + i}?`, index.terms(`Kapan TPB ${questions + i}?`), 3)
  t.ok(index.tokenCacheSize <= TOKEN_CACHE_LIMIT, `${index.tokenCacheSize} cached tokens after ${questions + 200} questions with a number of their own`)
  t.same(index.terms('Apa itu TPB mahasiswa baru?'), before, 'the same terms once the cache turned over')
  const found = await index.search('TPB mahasiswa', index.terms('TPB mahasiswa'), 3)
  t.equal(found.hits[0]?.chunk.id, 'tpb')
})

test('a saved index loaded keeps the bound', async (t) => {
  const first = createOramaLexicalIndex()
  first.insert([chunk])
  const loaded = createOramaLexicalIndex(first.save())
  for (let i = 0; i < TOKEN_CACHE_LIMIT + 100; i++) loaded.terms(`kode ${i}`)
  t.ok(loaded.tokenCacheSize <= TOKEN_CACHE_LIMIT)
  t.equal((await loaded.search('TPB', loaded.terms('TPB'), 3)).hits[0]?.chunk.id, 'tpb')
})
