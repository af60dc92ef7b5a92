import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { build, waitFor } from '../support/helpers/app.ts'
import { startRedis } from '../support/helpers/redis-server.ts'

t.test('/health without Redis: the prototype\'s body (status healthy, version, redis, unix timestamp) plus uptime; /ready has nothing failing', async (t) => {
  const { app } = await build(t)
  const before = Math.floor(Date.now() / 1000)
  const health = await app.inject({ url: '/health' })
  t.equal(health.statusCode, 200)
  t.match(health.json(), { status: 'healthy', version: /^\d+\.\d+\.\d+/, uptime: Number, redis: 'disabled' })
  const { timestamp } = health.json()
  t.ok(Number.isInteger(timestamp) && timestamp >= before && timestamp <= Math.floor(Date.now() / 1000), 'timestamp is the server time in whole Unix seconds')
  const ready = await app.inject({ url: '/ready' })
  t.equal(ready.statusCode, 200)
  t.match(ready.json(), { status: 'ready', checks: { knowledge: 'ok', voice: /speech-to-text not configured/ } }, 'the index is loaded; voice is reported without failing readiness')
})

t.test('/ready follows Redis: 200 up, 503 naming redis when down, 200 when it is back; /health stays 200', async (t) => {
  const redis = await startRedis()
  t.teardown(redis.destroy)
  const { app } = await build(t, { REDIS_URL: redis.url })
  await waitFor(async () => (await app.inject({ url: '/ready' })).statusCode === 200)
  t.match((await app.inject({ url: '/ready' })).json(), { status: 'ready', checks: { redis: 'ok', knowledge: 'ok' } })
  t.equal((await app.inject({ url: '/health' })).json().redis, 'ok')

  await redis.stop()
  await waitFor(async () => (await app.inject({ url: '/ready' })).statusCode === 503 &&
    (await app.inject({ url: '/health' })).json().redis !== 'ok')
  const down = (await app.inject({ url: '/ready' })).json()
  t.equal(down.status, 'unavailable')
  // ioredis's state (connecting, reconnecting…) may change between two probes: the words may not.
  const outage = /^error: not connected \([a-z]+\)$/
  t.match(down.checks.redis, outage)
  const health = await app.inject({ url: '/health' })
  t.equal(health.statusCode, 200, 'liveness does not fail on a dependency outage')
  t.match(health.json().redis, outage, 'both probes describe the outage in the same words')

  await redis.start()
  await waitFor(async () => (await app.inject({ url: '/ready' })).statusCode === 200, 15_000)
  t.pass('ready again once Redis is back, without a restart')
})

t.test('a readiness check never hangs the probe', async (t) => {
  const { app } = await build(t, { READY_CHECK_TIMEOUT: '100' })
  app.readiness.add('stuck', async () => await new Promise(() => {}))
  // The stuck check never settles: an answer at all shows the probe's own bound.
  const response = await app.inject({ url: '/ready' })
  t.equal(response.statusCode, 503)
  t.equal(response.json().checks.stuck, 'timeout')
})

t.test('/ready names the failing check and how, never its error text; the detail is logged when it changes', async (t) => {
  // The reproduction: an empty knowledge folder made /ready print its absolute path. It now says what
  // state the index is in, in fixed words; the path is in the log.
  const knowledgeDir = mkdtempSync(join(tmpdir(), 'itb-empty-knowledge-'))
  const dataDir = mkdtempSync(join(tmpdir(), 'itb-empty-data-'))
  t.teardown(() => { rmSync(knowledgeDir, { recursive: true, force: true }); rmSync(dataDir, { recursive: true, force: true }) })
  const { app, logs } = await build(t, { KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir })
  let failing = 'Pinecone rejected the request: Invalid API key pk-0123456789 at /srv/pinecone/client.py'
  app.readiness.add('vendor', async () => { throw new Error(failing) })

  for (let poll = 0; poll < 3; poll++) {
    const response = await app.inject({ url: '/ready' })
    t.equal(response.statusCode, 503)
    const { status, checks } = response.json()
    t.equal(status, 'unavailable')
    t.same({ knowledge: checks.knowledge, vendor: checks.vendor }, { knowledge: 'error: index empty (no documents found)', vendor: 'error' }, 'which check failed, and how')
    t.match(checks.voice, /speech-to-text not configured/, 'a configuration state the check itself declares public')
    t.notMatch(response.body, new RegExp(`${knowledgeDir}|itb-empty|were found in|Pinecone|pk-0123|/srv/`), 'no error text, path or vendor words in the public body')
  }
  const logged = (text: string) => logs.lines().filter((line) => line.msg === 'readiness check failed' && JSON.stringify(line).includes(text))
  t.equal(logged(knowledgeDir).length, 1, 'a persistent failure is logged once, not on every poll')
  t.match(logged(knowledgeDir)[0], { level: 40, check: 'knowledge', status: 'error: index empty (no documents found)', err: { type: 'KnowledgeBaseError', message: /no documents were found/ } })
  t.equal(logged('Invalid API key').length, 1)

  failing = 'another failure'
  await app.inject({ url: '/ready' })
  t.equal(logged('another failure').length, 1, 'a different failure is logged again')
})

t.test('the app starts while Redis is unreachable and reports it', async (t) => {
  const { app } = await build(t, { REDIS_URL: 'redis://127.0.0.1:1' })
  t.equal((await app.inject({ url: '/health' })).statusCode, 200)
  const ready = await app.inject({ url: '/ready' })
  t.equal(ready.statusCode, 503)
  t.match(ready.json().checks.redis, /^error: not connected \([a-z]+\)$/)
  t.match((await app.inject({ url: '/health' })).json().redis, /^error: not connected \([a-z]+\)$/, 'the same words on both probes')
})
