// POST /v1/chat with conversations in Redis: another instance and a restart, and what a turn answers
// when storage fails (down, hung, its lock lost) or the turn outlives REQUEST_TIMEOUT.
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { build, TEST_API_KEY, waitFor } from '../../support/helpers/app.ts'
import { ask, fakes, honestModel } from '../../support/helpers/chat.ts'
import { startModelPair } from '../../support/helpers/models.ts'
import { startRedis, type TestRedis } from '../../support/helpers/redis-server.ts'

/** An app on a Redis of its own, connected, that has answered one turn of `conversation`. */
async function answeringOnRedis (t: Test, conversation: string): Promise<{ app: Awaited<ReturnType<typeof build>>['app'], redis: TestRedis }> {
  const redis = await startRedis()
  t.teardown(redis.destroy)
  const { app } = await build(t, { REDIS_URL: redis.url })
  await waitFor(() => app.redis?.status === 'ready')
  t.equal((await app.inject(ask('Kapan ITB didirikan?', conversation))).statusCode, 200)
  return { app, redis }
}

t.test('with Redis: another instance continues the conversation, it survives a restart, every key has a TTL', async (t) => {
  const redis = await startRedis()
  t.teardown(redis.destroy)
  const { env } = await fakes(t)
  const config = { ...env, REDIS_URL: redis.url, CONVERSATION_TTL: '600' }
  const a = await build(t, config)
  const b = await build(t, config)
  await waitFor(() => a.app.redis?.status === 'ready' && b.app.redis?.status === 'ready')
  t.equal((await a.app.inject(ask('Kapan ITB didirikan?', 'conv-shared'))).statusCode, 200)
  t.equal((await b.app.inject(ask('Apa motto ITB?', 'conv-shared'))).statusCode, 200)
  await a.app.close()
  const restarted = await build(t, config)
  await waitFor(() => restarted.app.redis?.status === 'ready')
  const turns = (await restarted.app.inject({ url: '/v1/conversations/conv-shared', headers: { 'x-api-key': TEST_API_KEY } })).json().turns
  t.equal(turns.length, 4, 'both turns, whichever instance stored them')

  const client = restarted.app.redis
  const keys = await client?.keys('itb:*') ?? []
  const stateKeys = keys.filter((key) => !key.startsWith('itb:rl:') && !key.startsWith('itb:retrieval:'))
  t.ok(stateKeys.length >= 3, 'checkpoints, blobs and the transcript are stored')
  for (const key of stateKeys) {
    const ttl = await client?.ttl(key) ?? -1
    t.ok(ttl > 0 && ttl <= 600, `${key} expires (${ttl} s)`)
  }
})

t.test('with Redis hung (connection open, nothing answered) a turn is a 503, not a hang', async (t) => {
  const { app, redis } = await answeringOnRedis(t, 'conv-hung')
  redis.pause()
  t.teardown(() => { redis.resume() })
  // Far above the command timeout, far below tap's: without a bound the request never ends.
  let guard: NodeJS.Timeout | undefined
  const hung = new Promise<'hung'>((resolve) => { guard = setTimeout(() => resolve('hung'), 30_000) })
  const response = await Promise.race([app.inject(ask('Apa motto ITB?', 'conv-hung')), hung])
  clearTimeout(guard)
  if (response === 'hung') return t.fail('no answer while Redis hangs')
  t.equal(response.statusCode, 503)
  t.match(response.json(), { code: 'STORAGE_UNAVAILABLE', requestId: String })
  t.equal((await app.inject({ method: 'GET', url: '/ready' })).statusCode, 503, 'not ready while Redis hangs')
  redis.resume()
  await waitFor(async () => (await app.inject(ask('Apa motto ITB?', 'conv-hung'))).statusCode === 200, 15_000)
  t.pass('serves again once Redis answers')
})

t.test('a turn whose conversation lock is lost (expired in an outage, taken over) is a 503 to retry, not a 500', async (t) => {
  const redis = await startRedis()
  t.teardown(redis.destroy)
  const { primary, env } = await startModelPair(t, { primary: () => ({ hang: true }), llmTimeout: '60' })
  const { app } = await build(t, { ...env, REDIS_URL: redis.url })
  await waitFor(() => app.redis?.status === 'ready')
  const pending = app.inject(ask('Kapan ITB didirikan?', 'conv-lost'))
  await waitFor(() => primary.requests.length === 1)
  const locks = await app.redis?.keys('*lock*') ?? []
  t.equal(locks.length, 1, 'the turn holds its conversation lock')
  await app.redis?.del(...locks)
  const response = await pending
  t.equal(response.statusCode, 503)
  t.match(response.json(), { code: 'STORAGE_UNAVAILABLE', requestId: String })
  t.notMatch(response.body, /lock of conversation/, 'the internal reason stays in the log')
  t.equal(response.headers['retry-after'], '2')
})

t.test('a turn longer than REQUEST_TIMEOUT is answered 504 before the connection is given up, as JSON and as a stream', async (t) => {
  const { primary, env } = await startModelPair(t, { primary: () => ({ hang: true }), llmTimeout: '60' })
  const { app } = await build(t, { ...env, REQUEST_TIMEOUT: '2' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const post = async (accept: string): Promise<{ status: number, body: string }> => await new Promise((resolve, reject) => {
    const request = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/v1/chat', headers: { ...ask('Kapan ITB didirikan?', `conv-deadline-${accept.length}`).headers, accept, 'content-type': 'application/json' } }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => { body += chunk })
      response.on('end', () => { resolve({ status: response.statusCode ?? 0, body }) })
      response.on('error', reject)
    })
    request.on('error', reject)
    request.end(JSON.stringify({ message: 'Kapan ITB didirikan?' }))
  })
  const json = await post('application/json')
  t.equal(json.status, 504, json.body)
  t.match(JSON.parse(json.body), { code: 'ANSWER_TIMEOUT', requestId: String })
  t.equal(JSON.parse(json.body).message, 'The answer took longer than this server allows (2 s). Try again.', 'the deadline in seconds, no setting\'s name')
  const stream = await post('text/event-stream')
  t.match(stream.body, /"code":"ANSWER_TIMEOUT"/, 'the stream ends with an error event, or is a 504 if nothing was sent')
  t.equal(primary.requests.length, 2, 'one model call per turn')
  await waitFor(() => primary.requests.every((request) => request.aborted), 5000)
  t.pass('the model calls were cancelled')
})

t.test('with Redis down a turn is a 503 to retry, not a 500', async (t) => {
  const { app, redis } = await answeringOnRedis(t, 'conv-outage')
  await redis.stop()
  await waitFor(() => app.redis?.status !== 'ready')
  const response = await app.inject(ask('Apa motto ITB?', 'conv-outage'))
  t.equal(response.statusCode, 503)
  t.match(response.json(), { code: 'STORAGE_UNAVAILABLE', requestId: String })
  t.equal(response.headers['retry-after'], '2')
  await redis.start()
  await waitFor(async () => (await app.inject(ask('Apa motto ITB?', 'conv-outage'))).statusCode === 200, 15_000)
  t.pass('serves again once Redis is back')
})

t.test('with Redis down when a streamed answer is stored: an error event, and no error line per stream (the outage is logged once)', async (t) => {
  const redis = await startRedis()
  t.teardown(redis.destroy)
  const { primary, env } = await fakes(t)
  const { app, logs } = await build(t, { ...env, REDIS_URL: redis.url })
  await waitFor(() => app.redis?.status === 'ready')
  // Redis goes away after the conversation was read, while the model writes: the tokens go out, storing fails.
  let stopped = false
  primary.setRespond(async (request) => {
    if (!stopped) {
      stopped = true
      await redis.stop()
    }
    return honestModel(request)
  })
  const response = await app.inject({ ...ask('Kapan ITB didirikan?', 'conv-stream-outage'), headers: { ...ask('Kapan ITB didirikan?', 'conv-stream-outage').headers, accept: 'text/event-stream' } })
  t.equal(response.statusCode, 200)
  const last = response.body.trim().split('\n\n').pop() ?? ''
  t.match(last, /^event: error\ndata: /)
  t.match(JSON.parse(last.split('data: ')[1] ?? '{}'), { statusCode: 503, code: 'STORAGE_UNAVAILABLE' })
  t.same(logs.lines().filter((line) => Number(line.level) >= 50).map((line) => line.msg), [], 'nothing at error level')
})
