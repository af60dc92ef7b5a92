// Sentry end to end: the real service process, started as `npm start` starts it, reports to a fake
// Sentry ingest server (test/support/fakes/sentry.ts) through the real SDK and its HTTP transport.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { startFakeChat } from '../support/fakes/openai-chat.ts'
import { startFakeSentry, type SentryEvent } from '../support/fakes/sentry.ts'
import { call, startService } from '../support/helpers/service.ts'

const API_KEY = 'sentry-test-api-key-4fj29dk3'
const LLM_KEY = 'llm-vendor-secret-9s8d7f6g'
const QUESTION = 'Kapan ITB didirikan, kata sandi saya zebra-kuning-1920?'
const INSTRUMENT = ['--import', './src/instrument.ts']
// The real start-up path plus one route that fails the way a bug does: an unexpected throw.
const WITH_FAILING_ROUTE = `
import { start } from './src/server.ts'
await start({ extraV1Routes: [async (app) => { app.get('/boom', async () => { throw new TypeError('boom: a bug') }) }] })
`

const headers = (requestId: string): Record<string, string> => ({ 'x-api-key': API_KEY, 'x-request-id': requestId, 'x-conversation-id': `conv-${requestId}`, 'content-type': 'application/json' })
const exceptionOf = (event: SentryEvent): string => event.exception?.values?.map((value) => `${value.type ?? ''}: ${value.value ?? ''}`).join(' | ') ?? ''

// One local index for every service of this file: built by the first, loaded by the others.
const dataDir = mkdtempSync(join(tmpdir(), 'itb-sentry-'))
t.teardown(() => { rmSync(dataDir, { recursive: true, force: true }) })

async function setup (t: { teardown: (fn: () => unknown) => void }, env: Record<string, string>): Promise<{ port: number, stop: () => Promise<void> }> {
  const model = await startFakeChat({
    apiKey: LLM_KEY,
    // The vendor fails and quotes the key it was given, as OpenAI does on a 401.
    respond: () => ({ status: 500, error: `Internal error for key ${LLM_KEY}` })
  })
  t.teardown(model.close)
  const service = await startService({
    API_KEYS: API_KEY, LLM_BASE_URL: model.baseURL, LLM_MODEL: 'fake', LLM_API_KEY: LLM_KEY, DATA_DIR: dataDir, MAX_EVENT_LOOP_DELAY: '0', ...env
  }, WITH_FAILING_ROUTE, INSTRUMENT)
  t.teardown(service.stop)
  return service
}

t.test('Sentry gets a 500 and a handled vendor failure with request id, route and release, nothing secret, and nothing without a DSN', async (t) => {
  const sentry = await startFakeSentry()
  t.teardown(sentry.close)

  // First without a DSN; the events of the service started next show this one had every chance to send.
  const quiet = await setup(t, {})
  t.equal((await call(quiet.port, 'GET', '/v1/boom', headers('req-quiet'))).status, 500)
  t.equal((await call(quiet.port, 'POST', '/v1/chat', headers('req-quiet-chat'), JSON.stringify({ message: QUESTION }))).status, 503)
  await quiet.stop()

  const { port } = await setup(t, { SENTRY_DSN: sentry.dsn, SENTRY_TRACES_SAMPLE_RATE: '1', SENTRY_ENVIRONMENT: 'test' })
  const boom = await call(port, 'GET', '/v1/boom', headers('req-boom-1'))
  t.equal(boom.status, 500)
  t.notMatch(boom.body, /boom: a bug/, 'the client sees no internals')
  const crash = await sentry.waitForItem('event', (event) => event.tags?.request_id === 'req-boom-1')
  t.match(exceptionOf(crash), /TypeError: boom: a bug/)
  t.equal(crash.tags?.route, '/v1/boom')
  t.equal(crash.release, `itb-chatbot@${(JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version}`)
  t.equal(crash.environment, 'test')

  // Voice is not configured: a documented 503, no failure to report (sent before the vendor failure
  // below, whose event arriving shows this one had its chance).
  const { 'content-type': _json, ...voiceHeaders } = headers('req-voice-1')
  t.equal((await call(port, 'POST', '/v1/audio', voiceHeaders)).status, 503)
  const chat = await call(port, 'POST', '/v1/chat', headers('req-vendor-1'), JSON.stringify({ message: QUESTION }))
  t.equal(chat.status, 503, 'the vendor failure is answered with a clear 503')
  const vendor = await sentry.waitForItem('event', (event) => event.tags?.request_id === 'req-vendor-1')
  t.equal(vendor.tags?.route, '/v1/chat')
  t.match(exceptionOf(vendor), /ServiceError: No language model provider could answer/)

  await sentry.waitForTransaction('GET /v1/boom')
  t.pass('tracing on: the request\'s transaction arrives')

  const everything = sentry.envelopes.map((envelope) => envelope.raw).join('\n')
  for (const [what, secret] of [['API key', API_KEY], ['vendor key', LLM_KEY], ['user message', 'zebra-kuning-1920']]) {
    t.notOk(everything.includes(secret), `no ${what} anywhere in what was sent`)
  }
  t.same(sentry.items('event').filter((event) => event.tags?.request_id?.startsWith('req-quiet') === true), [], 'nothing from the service without a DSN')
  t.same(sentry.items('event').filter((event) => event.tags?.request_id === 'req-voice-1').map(exceptionOf), [], 'nothing for voice not configured')
  t.same(sentry.violations, [], 'the SDK spoke the envelope protocol')
})
