// The Pinecone path end to end: the real @pinecone-database/pinecone client, @langchain/pinecone and
// OpenAIEmbeddings, over real sockets, against the fake Pinecone data plane and embeddings server.
import { test } from 'tap'
import type { Test } from 'tap'
import { join } from 'node:path'
import { createKnowledgeBase } from '../../../src/services/retrieval/index.ts'
import type { KnowledgeBaseOptions } from '../../../src/services/retrieval/index.ts'
import { documentKey } from '../../../src/services/retrieval/chunking.ts'
import { startFakePinecone } from '../../fakes/pinecone.ts'
import { startFakeEmbeddings } from '../../fakes/openai-embeddings.ts'
import { SAMPLE_DOCUMENTS, createCorpus, markdownDocument } from './fixtures.ts'

const DIMENSIONS = 128

async function setup (t: Test, extra: Partial<KnowledgeBaseOptions> = {}) {
  const corpus = await createCorpus(SAMPLE_DOCUMENTS)
  const pinecone = await startFakePinecone({ dimension: DIMENSIONS })
  const embeddings = await startFakeEmbeddings()
  t.teardown(async () => {
    await pinecone.close()
    await embeddings.close()
    await corpus.cleanup()
  })
  const options: KnowledgeBaseOptions = {
    store: 'pinecone',
    knowledgeDir: corpus.knowledgeDir,
    dataDir: corpus.dataDir,
    chunkSize: 150,
    chunkOverlap: 20,
    minSimilarity: 0.2,
    timeoutMs: 2000,
    embeddings: { baseURL: embeddings.baseURL, apiKey: embeddings.apiKey, model: 'text-embedding-3-large', dimensions: DIMENSIONS },
    pinecone: { apiKey: pinecone.apiKey, indexName: 'informasi-umum-itb', indexHost: pinecone.host },
    ...extra
  }
  return { corpus, pinecone, embeddings, options }
}

test('ingest then retrieve through Pinecone', async (t) => {
  const { corpus, pinecone, embeddings, options } = await setup(t)
  const kb = await createKnowledgeBase(options)
  t.teardown(kb.close)
  t.equal(kb.store, 'pinecone')
  await kb.check()

  const summary = await kb.ingest([corpus.knowledgeDir])
  t.equal(summary.documents, 3)
  t.same(summary.skipped, [])
  const stored = pinecone.vectors.get('')
  t.equal(stored?.size, summary.chunks, 'one vector per chunk')
  const sample = [...(stored?.values() ?? [])].find((v) => v.metadata?.path === 'knowledge/observatorium.md')
  t.ok(sample, 'metadata carries the path')
  t.equal(sample?.values.length, DIMENSIONS)
  t.match(String(sample?.metadata?.text), /Lembang/, 'chunk text in metadata.text (LangChain textKey)')
  t.equal(sample?.metadata?.source, 'https://bosscha.itb.ac.id/')
  t.ok(sample?.id.startsWith(documentKey('knowledge/observatorium.md') + '-'))

  const upsert = pinecone.requests.find((r) => r.path === '/vectors/upsert')
  t.equal(upsert?.headers['api-key'], pinecone.apiKey)
  t.ok(upsert?.headers['x-pinecone-api-version'], 'SDK sends its API version')
  const embedRequest = embeddings.requests.find((r) => Array.isArray(r.body.input))
  t.equal(embedRequest?.headers.authorization, `Bearer ${embeddings.apiKey}`)
  t.equal(embedRequest?.body.dimensions, DIMENSIONS)
  t.equal(embedRequest?.body.model, 'text-embedding-3-large')

  const result = await kb.retrieve('observatorium Bosscha Lembang astronomi', { k: 3 })
  t.equal(result.found, true)
  t.equal(result.cached, false)
  t.equal(result.passages[0].path, 'knowledge/observatorium.md')
  t.equal(result.passages[0].url, 'https://bosscha.itb.ac.id/')
  t.equal(result.passages[0].title, 'Observatorium Bosscha')
  t.equal(result.passages[0].section, 'Lokasi')
  t.ok(result.passages[0].score >= 0.2 && result.passages[0].score <= 1)
  const query = pinecone.requests.find((r) => r.path === '/query')
  t.equal(query?.body.topK, 3)
  t.equal(query?.body.includeMetadata, true)

  const offTopic = await kb.retrieve('zzz qqq vvv')
  t.equal(offTopic.found, false, 'cosine floor rejects unrelated text')
  t.same(offTopic.passages, [])
})

test('re-ingest is idempotent and removes stale chunks from Pinecone', async (t) => {
  const { corpus, pinecone, options } = await setup(t)
  const kb = await createKnowledgeBase(options)
  t.teardown(kb.close)
  const first = await kb.ingest([corpus.knowledgeDir])
  const ids = [...(pinecone.vectors.get('')?.keys() ?? [])].sort()
  const second = await kb.ingest([corpus.knowledgeDir])
  t.same(second, first)
  t.same([...(pinecone.vectors.get('')?.keys() ?? [])].sort(), ids, 'same ids, no duplicates')

  const path = 'knowledge/pendaftaran-mahasiswa.md'
  const before = [...(pinecone.vectors.get('')?.values() ?? [])].filter((v) => v.metadata?.path === path).length
  t.ok(before > 1)
  await corpus.write(path, markdownDocument({ title: 'Cara Mendaftar ke ITB', source: 'https://admission.itb.ac.id/' }, '# Pendaftaran\n\nSemua pendaftaran kini lewat kartu digital.\n'))
  const third = await kb.ingest([join(corpus.knowledgeDir, 'pendaftaran-mahasiswa.md')])
  t.equal(third.chunks, 1)
  t.equal(third.removed, before - 1)
  const after = [...(pinecone.vectors.get('')?.values() ?? [])].filter((v) => v.metadata?.path === path)
  t.equal(after.length, 1)
  t.match(String(after[0].metadata?.text), /kartu digital/)
  t.ok(pinecone.requests.some((r) => r.path === '/vectors/list' && r.query.get('prefix') === `${documentKey(path)}-`))
  t.ok(pinecone.requests.some((r) => r.path === '/vectors/delete'))
})

test('Pinecone failures: a wrong key fails check(); an outage fails retrieve() with a typed error; a failed document is skipped', async (t) => {
  const { corpus, pinecone, embeddings, options } = await setup(t)
  const wrongKey = await createKnowledgeBase({ ...options, pinecone: { ...options.pinecone!, apiKey: 'wrong' } })
  t.teardown(wrongKey.close)
  await t.rejects(wrongKey.check(), { code: 'STORE_UNAVAILABLE', message: /informasi-umum-itb/ })
  t.equal(pinecone.requests.at(-1)?.headers['api-key'], 'wrong')

  const kb = await createKnowledgeBase(options)
  t.teardown(kb.close)
  await kb.ingest([corpus.knowledgeDir])
  pinecone.failNext(500, 1)
  await t.rejects(kb.retrieve('observatorium'), { name: 'KnowledgeBaseError', code: 'STORE_UNAVAILABLE' })

  embeddings.failNext(400, 1)
  const summary = await kb.ingest([join(corpus.knowledgeDir, 'observatorium.md')])
  t.equal(summary.documents, 0)
  t.match(summary.skipped[0]?.reason, /^indexing failed/)

  const mismatch = await createKnowledgeBase({ ...options, embeddings: { ...options.embeddings!, dimensions: 64 } })
  t.teardown(mismatch.close)
  await t.rejects(mismatch.check(), { message: /128 dimensions/ })
})

test('an aborted retrieval rejects with the abort reason', async (t) => {
  const { corpus, options } = await setup(t)
  const kb = await createKnowledgeBase(options)
  t.teardown(kb.close)
  await kb.ingest([corpus.knowledgeDir])
  const controller = new AbortController()
  controller.abort(new Error('client went away'))
  await t.rejects(kb.retrieve('observatorium', { signal: controller.signal }), { message: 'client went away' })
})
