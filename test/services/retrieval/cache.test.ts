import { test, type Test } from 'tap'
import { createHash } from 'node:crypto'
import { Redis } from 'ioredis'
import { startRedis } from '../../support/helpers/redis-server.ts'
import { CACHE_PREFIX, cacheKey, createKnowledgeBase, normalizeQuery } from '../../../src/services/retrieval/index.ts'
import { createMemoCache } from '../../../src/services/retrieval/cache.ts'
import type { KnowledgeBaseOptions, RedisLike } from '../../../src/services/retrieval/index.ts'
import { SAMPLE_DOCUMENTS, createCorpus } from './fixtures.ts'

test('cache keys: normalised query, store and k', async (t) => {
  t.equal(normalizeQuery('  Pendaftaran \n  MAHASISWA\tbaru '), 'pendaftaran mahasiswa baru')
  const key = cacheKey('Pendaftaran  ITB', 'local', 10)
  t.equal(key, CACHE_PREFIX + createHash('sha256').update('pendaftaran itb\nlocal\n10\n').digest('hex'))
  t.not(cacheKey('pendaftaran itb', 'local', 10, 'v2'), key, 'the content version is part of the key')
  t.equal(cacheKey(' pendaftaran itb ', 'local', 10), key)
  t.not(cacheKey('pendaftaran itb', 'pinecone', 10), key)
  t.not(cacheKey('pendaftaran itb', 'local', 5), key)
})

/** A local knowledge base over the sample corpus that records its metric events. */
async function sampleKnowledgeBase (t: Test, options: Partial<KnowledgeBaseOptions> = {}) {
  const corpus = await createCorpus(SAMPLE_DOCUMENTS)
  t.teardown(corpus.cleanup)
  const events: string[] = []
  const kb = await createKnowledgeBase({
    store: 'local',
    knowledgeDir: corpus.knowledgeDir,
    dataDir: corpus.dataDir,
    metrics: (name, _ms, outcome) => { events.push(`${name}:${outcome}`) },
    ...options
  })
  t.teardown(kb.close)
  return { corpus, events, kb }
}

test('a second identical query is served from Redis without touching the store', async (t) => {
  const redisServer = await startRedis()
  t.teardown(redisServer.destroy)
  const redis = new Redis(redisServer.url)
  t.teardown(() => redis.disconnect())
  // The Redis tier on its own.
  const { corpus, events, kb } = await sampleKnowledgeBase(t, { cache: { redis, ttlSeconds: 60 }, memoEntries: 0 })

  const first = await kb.retrieve('Pendaftaran mahasiswa')
  t.equal(first.cached, false)
  t.equal(first.found, true)
  const second = await kb.retrieve('  pendaftaran   MAHASISWA ')
  t.equal(second.cached, true)
  t.same(second.passages, first.passages)
  t.equal(second.found, first.found)
  t.equal(events.filter((e) => e === 'retrieve:ok').length, 1, 'the store answered once')
  t.ok(events.includes('cache_get:hit'))

  const [key] = await redis.keys(`${CACHE_PREFIX}*`)
  t.ok(key !== undefined, 'one cached entry')
  if (key === undefined) return
  const ttl = await redis.ttl(key)
  t.ok(ttl > 0 && ttl <= 60, `ttl ${ttl}`)
  t.same(JSON.parse(await redis.get(key) ?? '{}').passages, first.passages)

  const otherK = await kb.retrieve('pendaftaran mahasiswa', { k: 1 })
  t.equal(otherK.cached, false, 'k is part of the key')
  t.equal(otherK.passages.length, 1)

  const notFound = await kb.retrieve('xyzzy qwerty')
  const notFoundAgain = await kb.retrieve('xyzzy qwerty')
  t.same([notFound.found, notFound.cached, notFoundAgain.found, notFoundAgain.cached], [false, false, false, true], 'misses are cached too')

  // New content: results cached before the ingest are not served after it.
  const file = await corpus.write('knowledge/xyzzy.md', '---\ntitle: Kata Sandi Xyzzy\n---\n# Xyzzy\n\nXyzzy qwerty adalah kata sandi uji yang sekarang ada di basis pengetahuan.\n')
  await kb.ingest([file])
  const afterIngest = await kb.retrieve('xyzzy qwerty')
  t.same([afterIngest.cached, afterIngest.found], [false, true], 'the cache follows the indexed content')
})

test('a Redis that is down, failing or slow only costs a warning', async (t) => {
  const corpus = await createCorpus(SAMPLE_DOCUMENTS)
  t.teardown(corpus.cleanup)
  const base = { store: 'local', knowledgeDir: corpus.knowledgeDir, dataDir: corpus.dataDir } satisfies KnowledgeBaseOptions

  const redisServer = await startRedis()
  const down = new Redis(redisServer.url, { maxRetriesPerRequest: 1 })
  down.on('error', () => {}) // connection refusals are the point of this test
  t.teardown(() => down.disconnect())
  await down.ping()
  await redisServer.destroy()

  const throwing: RedisLike = {
    get: async () => { throw new Error('READONLY You can\'t write against a read only replica.') },
    set: async () => { throw new Error('READONLY You can\'t write against a read only replica.') }
  }
  const hanging: RedisLike = { get: async () => await new Promise<string | null>(() => {}), set: async () => await new Promise(() => {}) }

  for (const [name, redis] of [['stopped server', down], ['throwing client', throwing], ['hanging client', hanging]] as const) {
    const warnings: string[] = []
    const events: string[] = []
    const kb = await createKnowledgeBase({
      ...base,
      cache: { redis, ttlSeconds: 60 },
      logger: { info: () => {}, warn: (_obj, msg) => { warnings.push(msg ?? '') }, error: () => {} },
      metrics: (metric, _ms, outcome) => { events.push(`${metric}:${outcome}`) }
    })
    const started = performance.now()
    const result = await kb.retrieve('observatorium Lembang')
    const elapsed = performance.now() - started
    await kb.retrieve('sejarah ITB')
    await kb.close()
    t.equal(result.found, true, `${name}: still answers`)
    t.equal(result.cached, false, name)
    t.equal(result.passages[0]?.path, 'knowledge/observatorium.md', name)
    t.same(warnings, ['retrieval cache unavailable: querying the store directly'], `${name}: the outage is logged once`)
    t.equal(events.filter((event) => /^cache_get:(error|timeout)$/.test(event)).length, 2, `${name}: every failed read is counted`)
    t.ok(events.some((event) => /^cache_set:(error|timeout)$/.test(event)), `${name}: failed writes are counted`)
    t.ok(elapsed < 1000, `${name}: took ${elapsed.toFixed(0)} ms`)
    if (name === 'hanging client') t.ok(events.includes('cache_get:timeout'), 'slow Redis counts as a timeout')
  }
})

test('the in-process tier: most recently used results, bounded, expiring', async (t) => {
  let clock = 0
  const memo = createMemoCache({ maxEntries: 2, ttlMs: 1000, now: () => clock })
  const value = (n: number) => ({ passages: [], found: n > 0 })
  memo.set('a', value(1))
  memo.set('b', value(2))
  t.same(memo.get('a'), value(1), 'a read makes "a" the most recently used')
  memo.set('c', value(3))
  t.equal(memo.get('b'), undefined, 'the least recently used entry left at the bound')
  t.same([memo.get('a'), memo.get('c')], [value(1), value(3)])
  clock = 999
  t.same(memo.get('a'), value(1), 'alive until its time is up')
  clock = 1000
  t.equal(memo.get('a'), undefined, 'expired')
  const off = createMemoCache({ maxEntries: 0, ttlMs: 1000 })
  off.set('a', value(1))
  t.equal(off.get('a'), undefined, '0 entries: off')
})

test('without Redis a repeated query is answered from process memory, following ingests', async (t) => {
  const { corpus, events, kb } = await sampleKnowledgeBase(t)
  const first = await kb.retrieve('Pendaftaran mahasiswa')
  const second = await kb.retrieve('pendaftaran  mahasiswa')
  t.same([first.cached, second.cached], [false, true])
  t.same(second.passages, first.passages)
  t.equal(events.filter((e) => e === 'retrieve:ok').length, 1, 'the store answered once')
  t.same(events.filter((e) => e.startsWith('memo_get')), ['memo_get:miss', 'memo_get:hit'])

  const notFound = await kb.retrieve('xyzzy qwerty')
  t.same([notFound.found, (await kb.retrieve('xyzzy qwerty')).cached], [false, true], 'misses are remembered too')
  const file = await corpus.write('knowledge/xyzzy.md', '---\ntitle: Kata Sandi Xyzzy\n---\n# Xyzzy\n\nXyzzy qwerty adalah kata sandi uji yang sekarang ada di basis pengetahuan.\n')
  await kb.ingest([file])
  const afterIngest = await kb.retrieve('xyzzy qwerty')
  t.same([afterIngest.cached, afterIngest.found], [false, true], 'an ingest is seen at once')
})
