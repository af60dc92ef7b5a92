// The Pinecone path end to end: the real @pinecone-database/pinecone client, @langchain/pinecone and
// OpenAIEmbeddings, over real sockets, against the fake Pinecone data plane and embeddings server.
import { test } from 'tap'
import type { Test } from 'tap'
import { execFile } from 'node:child_process'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { createKnowledgeBase } from '../../../../src/services/retrieval/index.ts'
import type { KnowledgeBaseOptions } from '../../../../src/services/retrieval/index.ts'
import { documentKey } from '../../../../src/services/retrieval/chunking.ts'
import { startFakePinecone } from '../../../support/fakes/pinecone.ts'
import type { FakePinecone, StoredVector } from '../../../support/fakes/pinecone.ts'
import { startFakeEmbeddings } from '../../../support/fakes/openai-embeddings.ts'
import { SAMPLE_DOCUMENTS, createCorpus, markdownDocument } from '../fixtures.ts'

const DIMENSIONS = 128
const run = promisify(execFile)

async function setup (t: Test, extra: Partial<KnowledgeBaseOptions> = {}, files: Record<string, string> = SAMPLE_DOCUMENTS) {
  const corpus = await createCorpus(files)
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

const FACULTY_DOCUMENTS: Record<string, string> = {
  ...SAMPLE_DOCUMENTS,
  'knowledge/fakultas/fmipa.md': markdownDocument({ title: 'FMIPA' }, '# FMIPA\n\nFakultas Matematika dan Ilmu Pengetahuan Alam menaungi program studi astronomi, fisika, dan kimia.\n'),
  'knowledge/fakultas/ftsl.md': markdownDocument({ title: 'FTSL' }, '# FTSL\n\nFakultas Teknik Sipil dan Lingkungan mendidik insinyur sipil, lingkungan, kelautan, dan geodesi.\n'),
  'knowledge/fakultas/sbm.md': markdownDocument({ title: 'SBM' }, '# SBM\n\nSekolah Bisnis dan Manajemen menyelenggarakan program sarjana dan magister bidang manajemen.\n'),
  // Shares the folder's name as a prefix but is not inside it.
  'knowledge/fakultas-lama.md': markdownDocument({ title: 'Fakultas Lama' }, '# Fakultas Lama\n\nDaftar fakultas sebelum pemekaran tahun 2006.\n')
}

const idsOf = (pinecone: FakePinecone, path: string): string[] =>
  [...(pinecone.vectors.get('')?.values() ?? [])].filter((v) => v.metadata?.path === path).map((v) => v.id).sort()

/** Vectors another process put in the namespace: 60 documents outside the knowledge folder, and strays. */
function seedForeignVectors (pinecone: FakePinecone): StoredVector[] {
  const values = Array.from({ length: DIMENSIONS }, (_, i) => (i % 7) + 1)
  const seeded: StoredVector[] = []
  for (let n = 0; n < 60; n++) {
    const path = `arsip/dokumen-${n}.md`
    for (const position of [0, 1]) seeded.push({ id: `${documentKey(path)}-${position}`, values, metadata: { path, text: 'arsip' } })
  }
  const inside = 'knowledge/fakultas/tanpa-path.md'
  seeded.push({ id: `${documentKey(inside)}-0`, values, metadata: { text: 'no path in the metadata' } })
  seeded.push({ id: 'manual', values, metadata: { path: 'knowledge/fakultas/manual.md', text: 'id not made by the ingest' } })
  seeded.push({ id: `${documentKey('elsewhere')}-0`, values, metadata: { path: 'knowledge/fakultas/mismatch.md', text: 'key of another path' } })
  let ns = pinecone.vectors.get('')
  if (ns === undefined) {
    ns = new Map()
    pinecone.vectors.set('', ns)
  }
  for (const vector of seeded) ns.set(vector.id, vector)
  return seeded
}

test('re-ingesting a folder deletes the vectors of its documents that vanished from disk, and only those', async (t) => {
  const { corpus, pinecone, options } = await setup(t, {}, FACULTY_DOCUMENTS)
  const kb = await createKnowledgeBase(options)
  t.teardown(kb.close)
  const first = await kb.ingest([corpus.knowledgeDir])
  t.equal(first.documents, 7)
  t.equal(first.removed, 0, 'nothing vanished yet')
  const seeded = seedForeignVectors(pinecone)
  const total = pinecone.vectors.get('')?.size ?? 0
  t.ok(total > 100, 'more ids than one list page')

  const gone = 'knowledge/fakultas/ftsl.md'
  const goneIds = idsOf(pinecone, gone)
  t.ok(goneIds.length > 0)
  const kept = ['knowledge/fakultas/fmipa.md', 'knowledge/fakultas/sbm.md', 'knowledge/observatorium.md', 'knowledge/fakultas-lama.md']
  const keptIds = kept.map((path) => idsOf(pinecone, path))
  await corpus.remove(gone)
  // Vanished too, but outside the folder re-ingested next: they must stay.
  await corpus.remove('knowledge/observatorium.md')
  await corpus.remove('knowledge/fakultas-lama.md')

  pinecone.requests.length = 0
  const second = await kb.ingest([join(corpus.knowledgeDir, 'fakultas')])
  t.equal(second.documents, 2)
  t.equal(second.removed, goneIds.length, 'removed counts the deleted chunks, as the local store does')
  t.same(idsOf(pinecone, gone), [], 'the vanished document is gone')
  t.same(kept.map((path) => idsOf(pinecone, path)), keptIds, 'the others, inside and outside the folder, remain')
  for (const vector of seeded) t.ok(pinecone.vectors.get('')?.has(vector.id), `foreign vector ${vector.id} untouched`)
  t.equal(pinecone.vectors.get('')?.size, total - goneIds.length)

  const lists = pinecone.requests.filter((r) => r.path === '/vectors/list' && !r.query.has('prefix'))
  t.ok(lists.length >= 2, 'the whole namespace is listed page by page')
  t.ok(lists.slice(1).every((r) => r.query.has('paginationToken')))
  const fetches = pinecone.requests.filter((r) => r.path === '/vectors/fetch')
  t.ok(fetches.length >= 2, 'one vector of each unseen document, fetched in batches')
  t.ok(fetches.every((r) => r.query.getAll('ids').length <= 50))
  const deletes = pinecone.requests.filter((r) => r.path === '/vectors/delete')
  t.same(deletes.map((r) => (r.body.ids as string[]).sort()), [goneIds])

  const third = await kb.ingest([corpus.knowledgeDir])
  t.equal(third.removed, keptIds[2].length + keptIds[3].length, 'the whole knowledge folder: the two outside documents go now')
  t.same(idsOf(pinecone, 'knowledge/observatorium.md'), [])
  t.same(idsOf(pinecone, 'knowledge/fakultas-lama.md'), [])
  for (const vector of seeded) t.ok(pinecone.vectors.get('')?.has(vector.id), `foreign vector ${vector.id} still untouched`)

  const again = await kb.ingest([corpus.knowledgeDir])
  t.equal(again.removed, 0, 'nothing more to remove')
})

test('npm run ingest -- <folder> against Pinecone reports the vanished documents it removed', async (t) => {
  const { corpus, pinecone, embeddings } = await setup(t)
  const env = {
    PATH: process.env.PATH ?? '',
    VECTOR_STORE: 'pinecone',
    KNOWLEDGE_DIR: corpus.knowledgeDir,
    DATA_DIR: corpus.dataDir,
    EMBEDDINGS_BASE_URL: embeddings.baseURL,
    EMBEDDINGS_API_KEY: embeddings.apiKey,
    EMBEDDINGS_DIMENSIONS: String(DIMENSIONS),
    PINECONE_API_KEY: pinecone.apiKey,
    PINECONE_INDEX_HOST: pinecone.host
  }
  const script = resolve(import.meta.dirname, '../../../../scripts/ingest.ts')
  const ingest = async (): Promise<string> => (await run(process.execPath, [script, corpus.knowledgeDir], { env, cwd: corpus.root })).stdout
  t.match(await ingest(), /store: +pinecone\ndocuments: 3\n[^]*removed: +0\n/)
  const gone = idsOf(pinecone, 'knowledge/perpustakaan.md')
  await corpus.remove('knowledge/perpustakaan.md')
  t.match(await ingest(), new RegExp(`documents: 2\\n[^]*removed: +${gone.length}\\n`))
  t.same(idsOf(pinecone, 'knowledge/perpustakaan.md'), [])
  t.ok(idsOf(pinecone, 'knowledge/observatorium.md').length > 0)
})
