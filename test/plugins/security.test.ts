import t from 'tap'
import { build } from '../support/helpers/app.ts'

const preflight = (origin: string) => ({
  method: 'OPTIONS' as const,
  url: '/v1/chat',
  headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key,x-conversation-id' }
})

t.test('CORS preflight: an allowed origin gets the headers, another origin does not', async (t) => {
  const { app } = await build(t, { CORS_ORIGINS: 'https://chat.itb.ac.id, https://m.itb.ac.id' })
  const allowed = await app.inject(preflight('https://chat.itb.ac.id'))
  t.equal(allowed.statusCode, 204)
  t.equal(allowed.headers['access-control-allow-origin'], 'https://chat.itb.ac.id')
  t.match(String(allowed.headers['access-control-allow-headers']), /X-API-Key/)
  t.match(String(allowed.headers['access-control-allow-headers']), /X-Conversation-Id/)
  t.match(String(allowed.headers['access-control-allow-headers']), /Prefer/, 'a browser may ask /v1/audio for a minimal done event')
  t.match(String(allowed.headers['access-control-expose-headers'] ?? ''), /Preference-Applied/)
  const denied = await app.inject(preflight('https://evil.example'))
  t.equal(denied.headers['access-control-allow-origin'], undefined)
})

t.test('the CORS preflight carries the security headers of every other answer', async (t) => {
  const { app } = await build(t, { CORS_ORIGINS: 'https://chat.itb.ac.id' })
  // Were missing: the CORS hook answered the preflight before helmet's ran.
  // Another origin's preflight gets the 405 a server without CORS gives (it was a 204 without Access-Control-Allow-Origin).
  for (const [origin, status] of [['https://chat.itb.ac.id', 204], ['https://evil.example', 405]] as const) {
    const response = await app.inject(preflight(origin))
    t.equal(response.statusCode, status, origin)
    t.match(response.headers, {
      'content-security-policy': /default-src 'none'/,
      'strict-transport-security': /max-age=\d+/,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer'
    }, origin)
  }
})

t.test('CORS on: an OPTIONS request that is no preflight (no Origin or no Access-Control-Request-Method) gets the 405 a server without CORS gives, in the common error shape', async (t) => {
  const { app } = await build(t, { CORS_ORIGINS: 'https://chat.itb.ac.id' })
  const plain = [{}, { origin: 'https://chat.itb.ac.id' }, { 'access-control-request-method': 'POST' }]
  for (const headers of plain) {
    const response = await app.inject({ method: 'OPTIONS', url: '/v1/chat', headers })
    t.equal(response.statusCode, 405, JSON.stringify(headers))
    t.equal(response.headers.allow, 'POST')
    t.match(response.headers['content-type'], /^application\/json/)
    t.match(response.json(), { statusCode: 405, code: 'METHOD_NOT_ALLOWED', requestId: String })
  }
  const unknown = await app.inject({ method: 'OPTIONS', url: '/nowhere' })
  t.equal(unknown.statusCode, 404)
  t.match(unknown.json(), { code: 'NOT_FOUND' })
  // A real preflight is still answered by CORS.
  t.equal((await app.inject(preflight('https://chat.itb.ac.id'))).statusCode, 204)
})

t.test('CORS: empty list allows no cross-origin access; "*" only when written', async (t) => {
  const closed = await build(t, { CORS_ORIGINS: '' })
  const none = await closed.app.inject({ url: '/health', headers: { origin: 'https://chat.itb.ac.id' } })
  t.equal(none.headers['access-control-allow-origin'], undefined)
  const open = await build(t, { CORS_ORIGINS: '*' })
  const any = await open.app.inject({ url: '/health', headers: { origin: 'https://anything.example' } })
  t.equal(any.headers['access-control-allow-origin'], '*')
})

t.test('security headers on every response, a relaxed CSP only for /docs', async (t) => {
  const { app } = await build(t)
  for (const url of ['/health', '/nowhere']) {
    const response = await app.inject({ url })
    t.match(response.headers['strict-transport-security'], /max-age=\d+/, `${url} HSTS`)
    t.equal(response.headers['x-content-type-options'], 'nosniff', `${url} nosniff`)
    t.equal(response.headers['x-frame-options'], 'DENY', `${url} frame denial`)
    t.equal(response.headers['referrer-policy'], 'no-referrer', `${url} referrer policy`)
    t.match(response.headers['content-security-policy'], /default-src 'none'/, `${url} strict CSP`)
  }
  const docs = await app.inject({ url: '/docs/' })
  t.equal(docs.statusCode, 200)
  const csp = String(docs.headers['content-security-policy'])
  t.match(csp, /script-src 'self'(;|$)/)
  t.match(csp, /style-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/, "Swagger UI's inline style allowed by hash")
  t.notMatch(csp, /unsafe-inline|unsafe-eval/)
  t.notMatch(csp, /default-src 'none'/)
  t.notMatch(csp, /upgrade-insecure-requests/, 'plain HTTP: no upgrade (it would blank the page on any non-localhost host)')
})

t.test('/docs asks for the upgrade to https only when the request came over TLS', async (t) => {
  const { app } = await build(t, { TRUST_PROXY: '1' })
  const viaTls = await app.inject({ url: '/docs/', headers: { 'x-forwarded-proto': 'https' } })
  t.match(viaTls.headers['content-security-policy'], /upgrade-insecure-requests/)
  const plain = await app.inject({ url: '/docs/', headers: { 'x-forwarded-proto': 'http' } })
  t.notMatch(plain.headers['content-security-policy'], /upgrade-insecure-requests/)
  const untrusted = await build(t)
  const spoofed = await untrusted.app.inject({ url: '/docs/', headers: { 'x-forwarded-proto': 'https' } })
  t.notMatch(spoofed.headers['content-security-policy'], /upgrade-insecure-requests/, 'X-Forwarded-Proto counts only behind a trusted proxy')
})
