import crypto from 'node:crypto'
import t from 'tap'
import { build, rawRequest, TEST_API_KEY } from '../support/helpers/app.ts'
import { whoami } from '../support/helpers/routes.ts'

t.test('missing key 400, wrong key 401, right key 200 — all in the common error shape', async (t) => {
  const { app } = await build(t, {}, { extraV1Routes: [whoami] })
  const missing = await app.inject({ url: '/v1/whoami' })
  t.equal(missing.statusCode, 400)
  t.match(missing.json(), { statusCode: 400, error: 'Bad Request', code: 'MISSING_API_KEY', message: 'Missing X-API-Key header', requestId: String })

  const wrong = await app.inject({ url: '/v1/whoami', headers: { 'x-api-key': 'nope' } })
  t.equal(wrong.statusCode, 401)
  t.match(wrong.json(), { statusCode: 401, error: 'Unauthorized', code: 'INVALID_API_KEY' })

  const ok = await app.inject({ url: '/v1/whoami', headers: { 'x-api-key': TEST_API_KEY } })
  t.equal(ok.statusCode, 200)
  const { keyId } = ok.json()
  t.match(keyId, /^[A-Za-z0-9_-]{12}$/, 'a short key id')
  t.notOk(TEST_API_KEY.includes(keyId), 'the key id is not a piece of the key')
})

t.test('two X-API-Key headers, or a list in one, are a 400 saying to send one key, even when each key is valid', async (t) => {
  const second = 'second-key-for-rotation-xyz'
  const { app } = await build(t, { API_KEYS: `${TEST_API_KEY},${second}` }, { extraV1Routes: [whoami] })
  // Node joins repeated headers as "k1, k2" (and fetch's Headers.append sends that): were 401 "Invalid API key".
  const cases: Array<[string, string | string[]]> = [
    ['the same key twice', [TEST_API_KEY, TEST_API_KEY]],
    ['two valid keys', [TEST_API_KEY, second]],
    ['a valid key and an empty header', [TEST_API_KEY, '']],
    ['a list in one header', `${TEST_API_KEY}, ${second}`]
  ]
  for (const [name, key] of cases) {
    const response = await app.inject({ url: '/v1/whoami', headers: { 'x-api-key': key } })
    t.equal(response.statusCode, 400, name)
    t.match(response.json(), { statusCode: 400, error: 'Bad Request', code: 'MULTIPLE_API_KEYS', message: /Send one API key in one X-API-Key header/, requestId: String }, name)
  }
  t.equal((await app.inject({ url: '/v1/whoami', headers: { 'x-api-key': [TEST_API_KEY] } })).statusCode, 200, 'one header given as a list of one')
  t.equal((await app.inject({ url: '/v1/whoami', headers: { 'x-api-key': 'nope' } })).statusCode, 401, 'one wrong key is still 401')
})

t.test('the key id is stable across instances and differs between keys', async (t) => {
  const second = 'second-key-for-rotation-xyz'
  const a = await build(t, { API_KEY: TEST_API_KEY, API_KEYS: second }, { extraV1Routes: [whoami] })
  const b = await build(t, { API_KEYS: `${second},${TEST_API_KEY}` }, { extraV1Routes: [whoami] })
  const idOf = async (app: typeof a.app, key: string) => (await app.inject({ url: '/v1/whoami', headers: { 'x-api-key': key } })).json().keyId
  const first = await idOf(a.app, TEST_API_KEY)
  t.equal(await idOf(b.app, TEST_API_KEY), first, 'same key, same id on another instance')
  t.not(await idOf(a.app, second), first, 'rotation: both keys valid, with their own ids')
})

t.test('public routes need no key', async (t) => {
  const { app } = await build(t)
  for (const url of ['/health', '/ready', '/openapi.json', '/docs/']) {
    t.equal((await app.inject({ url })).statusCode, 200, url)
  }
})

t.test('zero-config: a random key is generated, logged once with a warning, and required', async (t) => {
  const { app, logs } = await build(t, { API_KEYS: undefined }, { extraV1Routes: [whoami] })
  const warnings = logs.lines().filter((line) => typeof line.generatedApiKey === 'string')
  t.equal(warnings.length, 1)
  t.equal(warnings[0]?.level, 40, 'a warning')
  const generated = warnings[0]?.generatedApiKey as string
  t.ok(generated.length >= 32)
  t.equal((await app.inject({ url: '/v1/whoami' })).statusCode, 400, 'never runs open')
  t.equal((await app.inject({ url: '/v1/whoami', headers: { 'x-api-key': generated } })).statusCode, 200)
  const other = await build(t, { API_KEYS: undefined })
  const otherKey = other.logs.lines().find((line) => typeof line.generatedApiKey === 'string')?.generatedApiKey
  t.not(otherKey, generated, 'random per start')
})

t.test('a configured key short enough to guess is warned about at start, without printing it', async (t) => {
  const { logs } = await build(t, { API_KEYS: 'a, k2-long-enough-0123456789' })
  const warnings = logs.lines().filter((line) => line.msg?.toString().includes('shorter than 16'))
  t.equal(warnings.length, 1)
  t.equal(warnings[0]?.level, 40)
  t.match(warnings[0], { shortKeys: 1 })
  t.notMatch(JSON.stringify(warnings[0]), /"a"|k2-long/, 'no key in the log')
  const quiet = await build(t, { API_KEYS: 'k2-long-enough-0123456789' })
  t.equal(quiet.logs.lines().filter((line) => line.msg?.toString().includes('shorter than 16')).length, 0)
})

t.test('a configured key with characters past ASCII works as clients send it (UTF-8), and is warned about at start', async (t) => {
  const key = 'kunci-rahasia-éé-€-123456'
  const { app, logs } = await build(t, { API_KEYS: `${key}, k2-long-enough-0123456789` }, { extraV1Routes: [whoami] })
  await app.listen({ port: 0, host: '127.0.0.1' })
  // Node reads a header's bytes as Latin-1: curl, Python and Node's own clients send UTF-8. Was 401.
  // rawRequest writes its text as UTF-8.
  const sent = async (candidate: string) => (await rawRequest(app, `GET /v1/whoami HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-API-Key: ${candidate}\r\n\r\n`)).split('\r\n')[0]
  t.equal(await sent(key), 'HTTP/1.1 200 OK', 'sent as UTF-8')
  t.equal(await sent('kunci-rahasia-éé-€-123457'), 'HTTP/1.1 401 Unauthorized', 'another key is still refused')
  const warnings = logs.lines().filter((line) => line.msg?.toString().includes('printable ASCII'))
  t.match(warnings, [{ level: 40, unusualKeys: 1 }])
  t.notMatch(JSON.stringify(warnings), /kunci|k2-long/, 'no key in the log')
})

t.test('keys are compared in constant time over hashes of equal length', async (t) => {
  const calls: Array<[number, number]> = []
  const { createApiKeyVerifier } = await t.mockImport<typeof import('../../src/plugins/auth.ts')>('../../src/plugins/auth.ts', {
    'node:crypto': {
      ...crypto,
      timingSafeEqual: (a: Buffer, b: Buffer) => { calls.push([a.length, b.length]); return crypto.timingSafeEqual(a, b) }
    }
  })
  const verifier = createApiKeyVerifier(['first-key', 'second-key-which-is-longer'])
  t.type(verifier.identify('second-key-which-is-longer'), 'string')
  t.equal(verifier.identify('x'), null)
  t.equal(verifier.identify('x'.repeat(10_000)), null)
  t.equal(calls.length, 6, 'every key compared on every call, match or not')
  t.ok(calls.every(([a, b]) => a === 32 && b === 32), 'equal-length digests')
})
