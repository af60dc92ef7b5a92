// /v1/chat and /v1/audio answer JSON or an event stream by the Accept header: every answer of theirs
// says `Vary: Accept`, merged with CORS's `Origin` and /v1/audio's `Prefer`, each name once. Before:
// only `Origin` (and `Prefer` on audio streams), so a cache could give a stream to a client that asked
// for JSON, or the reverse.
import t from 'tap'
import { ask } from '../../support/helpers/chat.ts'
import { build, TEST_API_KEY } from '../../support/helpers/app.ts'
import { question, upload, vendors } from './audio-fixture.ts'

const ORIGIN = 'https://front.example'
const STREAM = 'text/event-stream'

/** The names of a Vary header, as listed. */
const namesOf = (vary: unknown): string[] => String(vary ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '')

t.test('/v1/chat: Vary: Origin, Accept on JSON, on a stream and on an error, for a CORS request', async (t) => {
  const { app } = await build(t, { CORS_ORIGINS: ORIGIN })
  const chat = (conversationId: string, headers: Record<string, string>, message = 'Kapan ITB didirikan?') => {
    const request = ask(message, conversationId)
    return { ...request, headers: { ...request.headers, origin: ORIGIN, ...headers } }
  }
  const json = await app.inject(chat('vary-json', {}))
  t.equal(json.statusCode, 200)
  t.match(json.headers['content-type'], /^application\/json/)
  t.equal(json.headers.vary, 'Origin, Accept')
  t.equal(json.headers['access-control-allow-origin'], ORIGIN)

  const stream = await app.inject(chat('vary-stream', { accept: STREAM }))
  t.match(stream.headers['content-type'], /^text\/event-stream/)
  t.equal(stream.headers.vary, 'Origin, Accept')

  const refused = await app.inject(chat('vary-error', { accept: STREAM }, ''))
  t.equal(refused.statusCode, 400)
  t.equal(refused.headers.vary, 'Origin, Accept', 'an error of the route too')

  const elsewhere = await app.inject({ url: '/v1/me', headers: { 'x-api-key': TEST_API_KEY, origin: ORIGIN } })
  t.equal(elsewhere.headers.vary, 'Origin', 'a route that does not negotiate does not name Accept')
})

t.test('/v1/audio: a CORS stream with Prefer varies by Origin, Prefer and Accept, each once; its JSON by Origin and Accept', async (t) => {
  const { env } = await vendors(t)
  const { app } = await build(t, { ...env, CORS_ORIGINS: ORIGIN })
  const minimal = await upload(app, question, { accept: STREAM, conversation: 'vary-minimal', headers: { prefer: 'return=minimal', origin: ORIGIN } })
  t.equal(minimal.statusCode, 200)
  t.equal(minimal.headers['preference-applied'], 'return=minimal')
  t.equal(minimal.headers['access-control-allow-origin'], ORIGIN)
  const names = namesOf(minimal.headers.vary)
  t.same([...names].sort(), ['Accept', 'Origin', 'Prefer'], `every name once: ${String(minimal.headers.vary)}`)
  t.equal(typeof minimal.headers.vary, 'string', 'one Vary header')

  const json = await upload(app, question, { conversation: 'vary-json', headers: { prefer: 'return=minimal', origin: ORIGIN } })
  t.equal(json.statusCode, 200)
  t.equal(json.headers.vary, 'Origin, Accept', 'a JSON answer does not vary by Prefer')
  t.equal(json.headers['cache-control'], 'no-store')
})
