// How each group of routes may be cached, through the real app: what a key is answered (a transcript,
// a budget, an answer), probes and metrics are never kept (`no-store`); the OpenAPI document and docs
// are revalidated (`no-cache`); an event stream keeps its own value and every error its `no-store`.
// Before: none of these answers said anything, so a shared cache or a browser's history could keep them.
import * as crypto from 'node:crypto'
import { createHash } from 'node:crypto'
import Fastify from 'fastify'
import t from 'tap'
import { ask } from '../support/helpers/chat.ts'
import { build, TEST_API_KEY } from '../support/helpers/app.ts'

const ORIGIN = 'https://front.example'
const key = { 'x-api-key': TEST_API_KEY }

t.test('answers to an API key: no-store on JSON, 204 and errors; an event stream no-store, no-transform too', async (t) => {
  const { app } = await build(t, { CORS_ORIGINS: ORIGIN })
  const answered = await app.inject({ ...ask('Kapan ITB didirikan?', 'cached-1'), headers: { ...ask('', 'cached-1').headers, origin: ORIGIN } })
  t.equal(answered.statusCode, 200)
  t.equal(answered.headers['cache-control'], 'no-store', 'an answer')
  t.equal(answered.headers['access-control-allow-origin'], ORIGIN, 'a CORS request')
  t.match(answered.headers.vary, /^Origin\b/, 'CORS\'s Vary kept')

  const transcript = await app.inject({ url: '/v1/conversations/cached-1', headers: { ...key, origin: ORIGIN } })
  t.equal(transcript.statusCode, 200)
  t.equal(transcript.headers['cache-control'], 'no-store', 'a transcript')
  t.equal(transcript.headers.vary, 'Origin')

  const budget = await app.inject({ url: '/v1/me', headers: key })
  t.equal(budget.statusCode, 200)
  t.equal(budget.headers['cache-control'], 'no-store', 'a key\'s budget')

  const forgotten = await app.inject({ method: 'DELETE', url: '/v1/conversations/cached-1', headers: key })
  t.equal(forgotten.statusCode, 204)
  t.equal(forgotten.headers['cache-control'], 'no-store', 'a 204')

  const stream = await app.inject({ ...ask('Kapan ITB didirikan?', 'cached-2'), headers: { ...ask('', 'cached-2').headers, accept: 'text/event-stream' } })
  t.match(stream.headers['content-type'], /^text\/event-stream/)
  t.equal(stream.headers['cache-control'], 'no-store, no-transform', 'a stream is an answer too: not kept, not transformed')

  for (const [name, request] of [
    ['no key', { url: '/v1/me' }],
    ['a wrong key', { url: '/v1/me', headers: { 'x-api-key': 'not-the-key-0000000000' } }],
    ['an unknown conversation', { url: '/v1/conversations/nobody', headers: key }]
  ] as const) {
    const refused = await app.inject(request)
    t.ok(refused.statusCode >= 400, name)
    t.equal(refused.headers['cache-control'], 'no-store', `${name}: an error`)
  }
})

t.test('probes and metrics: no-store, on success and on error', async (t) => {
  const { app } = await build(t, { METRICS_TOKEN: 'scrape-secret-123', CORS_ORIGINS: ORIGIN })
  for (const url of ['/health', '/ready']) {
    const probe = await app.inject({ url, headers: { origin: ORIGIN } })
    t.equal(probe.statusCode, 200, url)
    t.equal(probe.headers['cache-control'], 'no-store', url)
    t.equal(probe.headers.vary, 'Origin', `${url}: CORS's Vary kept`)
  }
  const scraped = await app.inject({ url: '/metrics', headers: { authorization: 'Bearer scrape-secret-123' } })
  t.equal(scraped.statusCode, 200)
  t.equal(scraped.headers['cache-control'], 'no-store', '/metrics')
  const refused = await app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong' } })
  t.equal(refused.statusCode, 401)
  t.equal(refused.headers['cache-control'], 'no-store', '/metrics refused')
})

t.test('the OpenAPI document and docs: revalidated (no-cache); static files keep theirs; errors no-store', async (t) => {
  const { app } = await build(t)
  for (const url of ['/openapi.json', '/docs', '/docs/json']) {
    const page = await app.inject({ url })
    t.equal(page.statusCode, 200, url)
    t.equal(page.headers['cache-control'], 'no-cache', url)
  }
  const asset = await app.inject({ url: '/docs/static/swagger-ui.css' })
  t.equal(asset.statusCode, 200)
  t.equal(asset.headers['cache-control'], 'public, max-age=0', '@fastify/static\'s own, with its validator')
  t.ok(asset.headers.etag)
  const missing = await app.inject({ url: '/docs/static/nothing-here.css' })
  t.equal(missing.statusCode, 404)
  t.equal(missing.headers['cache-control'], 'no-store', 'an error in the docs scope keeps no-store')
  const unknown = await app.inject({ url: '/nowhere' })
  t.equal(unknown.statusCode, 404)
  t.equal(unknown.headers['cache-control'], 'no-store', 'an unknown path')
})

t.test('/openapi.json (GET and HEAD): a strong ETag, the same each time; If-None-Match with it is a 304 with no body, still no-cache', async (t) => {
  const { app } = await build(t)
  const first = await app.inject({ url: '/openapi.json' })
  const etag = String(first.headers.etag)
  t.match(etag, /^"[\w-]+"$/, 'strong: no W/ prefix (was absent: every revalidation downloaded the document again)')
  t.equal((await app.inject({ url: '/openapi.json' })).headers.etag, etag, 'computed once: the same on the next answer')
  t.match(first.json(), { openapi: '3.1.0' })
  t.equal(first.headers['content-type'], 'application/json; charset=utf-8')
  for (const method of ['GET', 'HEAD'] as const) {
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const unchanged = await app.inject({ method, url: '/openapi.json', headers: { 'if-none-match': ifNoneMatch } })
      t.equal(unchanged.statusCode, 304, `${method} ${ifNoneMatch}`)
      t.equal(unchanged.body, '', 'no body')
      t.equal(unchanged.headers.etag, etag, 'with its validator')
      t.equal(unchanged.headers['cache-control'], 'no-cache')
    }
    const changed = await app.inject({ method, url: '/openapi.json', headers: { 'if-none-match': '"an-older-document"' } })
    t.equal(changed.statusCode, 200, `${method}: another validator gets the document`)
    t.equal(changed.headers.etag, etag)
    t.equal(changed.headers['cache-control'], 'no-cache')
  }
  t.equal((await app.inject({ method: 'HEAD', url: '/openapi.json' })).headers['content-length'], String(first.rawPayload.length), 'HEAD says the document\'s length')
})

t.test('Swagger UI\'s page, initializer, /docs/json and /docs/yaml (GET and HEAD): a strong ETag of their bytes; If-None-Match with it is a 304 with no body', async (t) => {
  const { app } = await build(t)
  const pages = ['/docs', '/docs/', '/docs/static/swagger-initializer.js', '/docs/json', '/docs/yaml']
  for (const url of pages) {
    const first = await app.inject({ url })
    t.equal(first.statusCode, 200, url)
    const etag = String(first.headers.etag)
    t.match(etag, /^"[\w-]+"$/, `${url}: strong (was absent: every revalidation downloaded the page again)`)
    t.equal(etag, `"${createHash('sha256').update(first.rawPayload).digest('base64url')}"`, `${url}: the SHA-256 of what was sent`)
    t.equal((await app.inject({ url })).headers.etag, etag, `${url}: the same on the next answer`)
    for (const method of ['GET', 'HEAD'] as const) {
      for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const unchanged = await app.inject({ method, url, headers: { 'if-none-match': ifNoneMatch } })
        t.equal(unchanged.statusCode, 304, `${method} ${url} ${ifNoneMatch}`)
        t.equal(unchanged.body, '', 'no body')
        t.equal(unchanged.headers.etag, etag, 'with its validator')
        t.equal(unchanged.headers['cache-control'], 'no-cache')
        t.ok(unchanged.headers['content-security-policy'], 'and the page\'s CSP')
        t.equal(unchanged.headers['content-length'], method === 'HEAD' ? String(first.rawPayload.length) : undefined, 'no length but the page\'s (RFC 9110 §8.6)')
      }
      const changed = await app.inject({ method, url, headers: { 'if-none-match': '"an-older-page"' } })
      t.equal(changed.statusCode, 200, `${method} ${url}: another validator gets the page`)
      t.equal(changed.headers.etag, etag)
    }
  }
  t.not((await app.inject({ url: '/docs' })).headers.etag, (await app.inject({ url: '/docs/' })).headers.etag, 'the page\'s two addresses differ in their relative links, and so in their tags')
  const asset = await app.inject({ url: '/docs/static/swagger-ui.css' })
  t.match(String(asset.headers.etag), /^W\//, 'a static file keeps @fastify/static\'s own validator')
  const missing = await app.inject({ url: '/docs/static/nothing-here.css', headers: { 'if-none-match': '*' } })
  t.equal(missing.statusCode, 404, 'an error is no 304')
  t.notOk(missing.headers.etag)
})

t.test('the CORS preflight\'s 204: no-store, its caching left to Access-Control-Max-Age', async (t) => {
  const { app } = await build(t, { CORS_ORIGINS: ORIGIN })
  const preflight = await app.inject({ method: 'OPTIONS', url: '/v1/chat', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } })
  t.equal(preflight.statusCode, 204)
  t.equal(preflight.headers['cache-control'], 'no-store', 'was absent')
  t.equal(preflight.headers['access-control-max-age'], '600', 'the browser\'s preflight cache keeps it 10 minutes')
  const other = await app.inject({ method: 'OPTIONS', url: '/v1/chat', headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' } })
  t.equal(other.statusCode, 405)
  t.equal(other.headers['cache-control'], 'no-store', 'another origin\'s: an error')
})

t.test('the demo: every answer revalidated (no-cache), the 301 from /demo to /demo/ and a 304 included', async (t) => {
  const { app } = await build(t)
  const redirect = await app.inject({ url: '/demo' })
  t.equal(redirect.statusCode, 301)
  t.equal(redirect.headers.location, '/demo/')
  t.equal(redirect.headers['cache-control'], 'no-cache', 'was absent: a browser would keep the redirect as long as it likes')
  const page = await app.inject({ url: '/demo/' })
  t.equal(page.statusCode, 200)
  t.equal(page.headers['cache-control'], 'no-cache')
  t.ok(page.headers.etag, 'revalidated with its validator')
  const unchanged = await app.inject({ url: '/demo/', headers: { 'if-none-match': String(page.headers.etag) } })
  t.equal(unchanged.statusCode, 304)
  t.equal(unchanged.headers['cache-control'], 'no-cache')
  const missing = await app.inject({ url: '/demo/nothing.js' })
  t.equal(missing.statusCode, 404)
  t.equal(missing.headers['cache-control'], 'no-store', 'an error')
})

t.test('a page sent again with the same bytes keeps its ETag without being hashed again (Swagger UI serializes /docs/json afresh each time)', async (t) => {
  let hashed = 0
  const { validatedByContent } = await t.mockImport<typeof import('../../src/plugins/cache-control.ts')>('../../src/plugins/cache-control.ts', {
    'node:crypto': { ...crypto, createHash: (algorithm: string) => { hashed += 1; return crypto.createHash(algorithm) } }
  })
  const app = Fastify()
  t.teardown(async () => { await app.close() })
  app.addHook('onSend', validatedByContent)
  const document = { openapi: '3.1.0', paths: { '/v1/chat': { post: { summary: 'Ask a question' } } } }
  // A new string each time, as a serializer writes it, and a Buffer (hashed each time: one may be refilled).
  app.get('/json', async (_request, reply) => await reply.type('application/json').send(JSON.stringify(document)))
  app.get('/other', async (_request, reply) => await reply.type('text/plain').send(`other ${'page'}`))
  app.get('/buffer', async (_request, reply) => await reply.type('text/plain').send(Buffer.from('bytes')))
  const sha = (body: Buffer): string => `"${createHash('sha256').update(body).digest('base64url')}"`
  const first = await app.inject({ url: '/json' })
  t.equal(first.headers.etag, sha(first.rawPayload), 'the SHA-256 of what was sent')
  t.equal(hashed, 1)
  const again = await app.inject({ url: '/json' })
  t.equal(again.headers.etag, first.headers.etag, 'the same ETag')
  t.equal(hashed, 1, 'not hashed again')
  t.equal((await app.inject({ url: '/json', headers: { 'if-none-match': String(first.headers.etag) } })).statusCode, 304, 'a revalidation is still a 304')
  t.equal(hashed, 1, 'nor for the 304')
  const other = await app.inject({ url: '/other' })
  t.equal(other.headers.etag, sha(other.rawPayload), 'another body has its own tag')
  t.equal(hashed, 2)
  await app.inject({ url: '/buffer' })
  t.equal((await app.inject({ url: '/buffer' })).headers.etag, sha(Buffer.from('bytes')))
  t.equal(hashed, 4, 'a Buffer is hashed each time')
})
