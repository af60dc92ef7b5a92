// The local store with an embeddings model: BM25 and cosine similarity fused, over the fake
// OpenAI-compatible embeddings server.
import { test } from 'tap'
import { createKnowledgeBase } from '../../../src/services/retrieval/index.ts'
import { startFakeEmbeddings } from '../../support/fakes/openai-embeddings.ts'
import { SAMPLE_DOCUMENTS, createCorpus } from './fixtures.ts'

test('hybrid local store: embeds changed chunks only, finds by vector, degrades to lexical', async (t) => {
  const embeddings = await startFakeEmbeddings()
  t.teardown(embeddings.close)
  const corpus = await createCorpus(SAMPLE_DOCUMENTS)
  t.teardown(corpus.cleanup)
  const warnings: string[] = []
  const options = {
    store: 'local' as const,
    knowledgeDir: corpus.knowledgeDir,
    dataDir: corpus.dataDir,
    minSimilarity: 0.25,
    embeddings: { baseURL: embeddings.baseURL, apiKey: embeddings.apiKey, model: 'fake-embed', dimensions: 128 },
    logger: { info: () => {}, warn: (_obj: object, msg?: string) => { warnings.push(msg ?? '') }, error: () => {} }
  }
  const kb = await createKnowledgeBase(options)
  t.teardown(kb.close)
  const documentRequests = embeddings.requests.filter((r) => Array.isArray(r.body.input))
  t.equal(documentRequests.length, 3, 'one embeddings call per document at build time')
  t.ok(documentRequests.every((r) => r.body.dimensions === 128))

  await kb.ingest([corpus.knowledgeDir])
  t.equal(embeddings.requests.filter((r) => Array.isArray(r.body.input)).length, 3, 'unchanged chunks are not embedded again')

  // Words misspelt twice match no index term (lexical search finds nothing; one typo it reads, see
  // radix-typos.ts), but share most character trigrams with the right passage, which the fake's vectors capture.
  const misspelt = 'Obsrvatorim Bosca di Lembbangg'
  const lexicalOnly = await createKnowledgeBase({ ...options, embeddings: undefined, dataDir: corpus.dataDir + '-lexical' })
  t.teardown(lexicalOnly.close)
  t.equal((await lexicalOnly.retrieve(misspelt)).found, false, 'lexical search alone misses it')
  const result = await kb.retrieve(misspelt)
  t.equal(result.found, true)
  t.equal(result.passages[0].path, 'knowledge/observatorium.md')
  t.ok(embeddings.requests.some((r) => r.body.input === misspelt), 'the query was embedded')

  // A restart with the same model loads the saved vectors instead of embedding everything again.
  const before = embeddings.requests.length
  const reopened = await createKnowledgeBase(options)
  t.teardown(reopened.close)
  t.equal(embeddings.requests.filter((r) => Array.isArray(r.body.input)).length, 3)
  t.equal((await reopened.retrieve(misspelt)).passages[0]?.path, 'knowledge/observatorium.md')
  t.equal(embeddings.requests.length, before + 1, 'only the query was embedded')

  embeddings.failNext(500, 10)
  const degraded = await reopened.retrieve('observatorium Bosscha Lembang')
  t.equal(degraded.found, true, 'lexical search still answers')
  t.match(warnings.join('\n'), /query embedding failed/)
})
