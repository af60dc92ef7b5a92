// The OpenAPI document against real answers: every status, media type, error code and header a
// route really sends is documented on that route, and an error example with a fixed message is the
// message the route really writes. (test/openapi.test.ts checks the document is the generated one.)
import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { build, TEST_API_KEY } from './support/helpers/app.ts'
import { ask } from './support/helpers/chat.ts'
import { startModelPair } from './support/helpers/models.ts'
import { question, upload, vendors } from './routes/v1/audio-fixture.ts'

interface Documented { description: string, headers?: Record<string, unknown>, content?: Record<string, { description?: string, schema?: { description?: string }, examples?: Record<string, { value: Record<string, unknown> }> }> }
type Injected = Awaited<ReturnType<FastifyInstance['inject']>>

const document = JSON.parse(readFileSync(new URL('../schemas/openapi.json', import.meta.url), 'utf8'))
const WATCHED_HEADERS = ['x-request-id', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after', 'preference-applied', 'cache-control', 'vary']

interface HeaderDoc { $ref?: string, schema?: { enum?: string[] } }

/** A response header's documentation, its $ref to components.headers followed. */
function headerDoc (documented: unknown): HeaderDoc | undefined {
  const header = documented as HeaderDoc | undefined
  const name = header?.$ref?.replace('#/components/headers/', '')
  return name === undefined ? header : document.components.headers[name] as HeaderDoc | undefined
}

/** Checks one real response against its route's documentation; `exact`: the example must be this very body. */
function conforms (t: Test, method: string, path: string, response: Injected, options: { exact?: boolean } = {}): void {
  const where = `${method.toUpperCase()} ${path} ${response.statusCode}`
  const documented = document.paths[path]?.[method]?.responses?.[String(response.statusCode)] as Documented | undefined
  if (!t.ok(documented, `${where} is documented`) || documented === undefined) return
  const type = String(response.headers['content-type'] ?? '').split(';')[0] as string
  const media = documented.content?.[type]
  if (type !== '') t.ok(media, `${where} documents ${type}`)
  for (const header of WATCHED_HEADERS) {
    const sent = response.headers[header]
    if (sent === undefined) continue
    t.ok(documented.headers?.[header], `${where} documents the ${header} header it sends`)
    // A header documented with its values (Cache-Control, Vary) sends one of them.
    const values = headerDoc(documented.headers?.[header])?.schema?.enum
    if (values !== undefined) t.ok(values.includes(String(sent)), `${where} ${header}: ${String(sent)} is one of ${values.join(' | ')}`)
  }
  if (response.statusCode < 400 || type !== 'application/json') return
  const { requestId, ...body } = response.json()
  const examples = Object.values(media?.examples ?? {}).map((example) => example.value)
  const example = examples.find((value) => value.code === body.code)
  t.ok(example, `${where} shows an example of ${body.code} (shown: ${examples.map((value) => value.code).join(', ')})`)
  if (options.exact === true && example !== undefined) t.same({ ...example, requestId: undefined }, { ...body, requestId: undefined }, `${where} ${body.code}: the example is the real body`)
  t.ok(typeof requestId === 'string')
}

t.test('the probes, the conversations routes and /v1/chat answer as documented', async (t) => {
  const { app } = await build(t)
  const key = { 'x-api-key': TEST_API_KEY }
  conforms(t, 'get', '/health', await app.inject({ url: '/health' }))
  conforms(t, 'get', '/ready', await app.inject({ url: '/ready' }))

  const chat = (overrides: Record<string, unknown>) => app.inject({ ...ask('Kapan ITB didirikan?', 'conv-contract'), ...overrides })
  conforms(t, 'post', '/v1/chat', await chat({}))
  conforms(t, 'post', '/v1/chat', await chat({ headers: { 'x-conversation-id': 'conv-contract' } }), { exact: true })
  conforms(t, 'post', '/v1/chat', await chat({ headers: { 'x-api-key': 'wrong-key-0123456789', 'x-conversation-id': 'conv-contract' } }), { exact: true })
  conforms(t, 'post', '/v1/chat', await chat({ payload: { message: '   ' } }), { exact: true })
  conforms(t, 'post', '/v1/chat', await chat({ headers: { ...key, 'x-conversation-id': 'conv-contract', 'content-type': 'text/plain' }, payload: 'Kapan?' }), { exact: true })

  const conversation = (method: 'GET' | 'DELETE', id: string) => app.inject({ method, url: `/v1/conversations/${id}`, headers: key })
  for (const method of ['GET', 'DELETE'] as const) {
    const path = '/v1/conversations/{id}'
    const verb = method === 'GET' ? 'get' : 'delete'
    conforms(t, verb, path, await conversation(method, 'never-started'), { exact: true })
    conforms(t, verb, path, await conversation(method, 'not.an.id'), { exact: true })
    conforms(t, verb, path, await conversation(method, 'x'.repeat(257)), { exact: true })
  }
  conforms(t, 'get', '/v1/conversations/{id}', await conversation('GET', 'conv-contract'))
  conforms(t, 'delete', '/v1/conversations/{id}', await conversation('DELETE', 'conv-contract'))
  // A body the DELETE does not read (it takes none, but a body that is there is parsed).
  conforms(t, 'delete', '/v1/conversations/{id}', await app.inject({ method: 'DELETE', url: '/v1/conversations/conv-contract', headers: { ...key, 'content-type': 'application/xml' }, payload: '<forget/>' }), { exact: true })

  // Voice is not configured here: 503 VOICE_UNAVAILABLE.
  conforms(t, 'post', '/v1/audio', await app.inject({ method: 'POST', url: '/v1/audio', headers: { ...key, 'x-conversation-id': 'conv-contract' } }))
})

t.test('a streamed answer is a documented media type, and each event it sends is documented', async (t) => {
  const { app } = await build(t)
  const response = await app.inject({ ...ask('Kapan ITB didirikan?', 'conv-contract-sse'), headers: { ...ask('Kapan ITB didirikan?', 'conv-contract-sse').headers, accept: 'text/event-stream' } })
  t.match(response.headers['content-type'], /^text\/event-stream/)
  conforms(t, 'post', '/v1/chat', response)
  const media = document.paths['/v1/chat'].post.responses['200'].content?.['text/event-stream']
  const documentation = JSON.stringify(media ?? {})
  const events = new Set([...response.body.matchAll(/^event: (\w+)$/gm)].map((match) => match[1] as string))
  t.ok(events.size >= 3, [...events].join(', '))
  for (const event of events) t.match(documentation, new RegExp(`\`${event}\``), `the ${event} event is documented`)
  const audio = JSON.stringify(document.paths['/v1/audio'].post.responses['200'].content?.['text/event-stream'] ?? {})
  for (const event of ['transcript', 'emotion', 'token', 'audio', 'sources', 'done', 'error']) t.match(audio, new RegExp(`\`${event}\``), `/v1/audio documents its ${event} event`)
})

t.test('the rate limit and the answer deadline answer as documented', async (t) => {
  const { env } = await startModelPair(t, { primary: () => ({ hang: true }), llmTimeout: '60' })
  const { app } = await build(t, { ...env, REQUEST_TIMEOUT: '1', RATE_LIMIT_PER_HOUR: '2' })
  conforms(t, 'post', '/v1/chat', await app.inject(ask('Kapan ITB didirikan?', 'conv-contract-deadline')))
  conforms(t, 'get', '/v1/conversations/{id}', await app.inject({ url: '/v1/conversations/conv-contract-deadline', headers: { 'x-api-key': TEST_API_KEY } }))
  const limited = await app.inject({ url: '/v1/conversations/conv-contract-deadline', headers: { 'x-api-key': TEST_API_KEY } })
  t.equal(limited.statusCode, 429)
  conforms(t, 'get', '/v1/conversations/{id}', limited)
})

t.test('a voice answer streamed with Prefer: return=minimal documents the Preference-Applied header it sends', async (t) => {
  const { env } = await vendors(t)
  const { app } = await build(t, env)
  const response = await upload(app, question, { accept: 'text/event-stream', headers: { prefer: 'return=minimal' }, conversation: 'conv-contract-voice' })
  t.equal(response.headers['preference-applied'], 'return=minimal')
  // Before: the 200 listed x-request-id and x-ratelimit-* only.
  conforms(t, 'post', '/v1/audio', response)
})
