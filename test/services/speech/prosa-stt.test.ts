import { test } from 'tap'
import { ServiceError, isAbortError } from '../../../src/services/errors.ts'
import { createProsaSpeechToText } from '../../../src/services/speech/prosa-stt.ts'
import { startFakeProsaStt } from '../../support/fakes/prosa-stt.ts'
import { closedPort, eventually, recordCalls, speechWav } from './helpers.ts'

test('streams a 2-second WAV in ≤16 kB frames, ends with an empty frame, returns the transcript', async (t) => {
  const fake = await startFakeProsaStt({ transcript: (audio) => `terima ${audio.length} byte`, expectModel: 'stt-general-online' })
  t.teardown(fake.close)
  const { calls, observer } = recordCalls()
  const stt = createProsaSpeechToText({ url: fake.url, apiKey: fake.apiKey, timeoutMs: 5000, observer })
  const wav = speechWav(2)
  t.equal(stt.name, 'prosa')

  t.equal(await stt.transcribe(wav), `terima ${wav.length} byte`)
  t.same(fake.violations, [])
  t.equal(fake.sessions.length, 1)
  const [session] = fake.sessions
  t.equal(session.headers['x-api-key'], fake.apiKey)
  t.same(session.config, { label: 'itb-chatbot', model: 'stt-general-online', include_partial: false, audio: { format: 'wav' } })
  t.ok(session.chunkSizes.length >= 3, `${session.chunkSizes.length} frames`)
  t.equal(session.chunkSizes.at(-1), 0, 'the last frame is empty')
  t.ok(session.chunkSizes.slice(0, -1).every((size) => size > 0 && size <= 16000), session.chunkSizes.join(','))
  t.equal(session.chunkSizes[0], 16000)
  t.equal(session.totalBytes, wav.length, 'every byte arrived')
  t.ok(session.ended)
  t.ok(await eventually(() => session.closed), 'the socket is closed')
  t.equal(calls.length, 1)
  t.match(calls[0], { service: 'prosa-stt', outcome: 'ok' })
  t.ok(calls[0].durationMs > 0)
})

test('joins every result segment in order and skips empty ones; honours model and chunk size', async (t) => {
  const fake = await startFakeProsaStt({ segments: ['apa saja', '', '  fakultas di  ', 'itb'], expectModel: 'asr-general-online' })
  t.teardown(fake.close)
  const stt = createProsaSpeechToText({ url: fake.url, apiKey: fake.apiKey, model: 'asr-general-online', chunkBytes: 4000, timeoutMs: 5000 })
  t.equal(await stt.transcribe(speechWav(0.5)), 'apa saja fakultas di itb')
  t.same(fake.violations, [])
  t.equal(fake.sessions[0].chunkSizes.length, Math.ceil((16044) / 4000) + 1)
  t.same(await createProsaSpeechToText({ url: fake.url, apiKey: fake.apiKey, model: 'asr-general-online', timeoutMs: 5000 }).transcribe(speechWav(0.1)), 'apa saja fakultas di itb')
  t.throws(() => createProsaSpeechToText({ url: fake.url, apiKey: 'k', timeoutMs: 1, chunkBytes: 0 }), RangeError)
})

test('an empty recording gives an empty transcript', async (t) => {
  const fake = await startFakeProsaStt({ segments: [''] })
  t.teardown(fake.close)
  const stt = createProsaSpeechToText({ url: fake.url, apiKey: fake.apiKey, timeoutMs: 5000 })
  t.equal(await stt.transcribe(speechWav(0.2)), '')
})

test('every Prosa close code maps to a clear domain error', async (t) => {
  const cases: Array<{ closeWith: number, closeReason?: string, kind: string, code: string, retryAfter?: number }> = [
    { closeWith: 4001, kind: 'upstream', code: 'STT_CONFIG' },
    { closeWith: 4002, kind: 'upstream', code: 'STT_CONFIG' },
    { closeWith: 4005, kind: 'unavailable', code: 'STT_QUOTA' },
    { closeWith: 4029, kind: 'rate_limited', code: 'STT_RATE_LIMITED', retryAfter: 5 },
    { closeWith: 4029, closeReason: 'rate limited, retry in 12 seconds', kind: 'rate_limited', code: 'STT_RATE_LIMITED', retryAfter: 12 },
    { closeWith: 1011, closeReason: 'internal error', kind: 'upstream', code: 'STT_FAILED' },
    { closeWith: 4999, kind: 'upstream', code: 'STT_FAILED' }
  ]
  for (const expected of cases) {
    const fake = await startFakeProsaStt({ closeWith: expected.closeWith, closeReason: expected.closeReason })
    const { calls, observer } = recordCalls()
    const stt = createProsaSpeechToText({ url: fake.url, apiKey: fake.apiKey, timeoutMs: 5000, observer })
    const error = await stt.transcribe(speechWav(0.2)).catch((err: unknown) => err)
    t.ok(error instanceof ServiceError, `close ${expected.closeWith}`)
    t.match(error, { kind: expected.kind, code: expected.code }, `close ${expected.closeWith}`)
    if (expected.retryAfter !== undefined) t.equal((error as ServiceError).retryAfter, expected.retryAfter)
    t.match(calls, [{ service: 'prosa-stt', outcome: 'error' }])
    await fake.close()
  }
})

test('a wrong API key closes with 4000: STT_AUTH', async (t) => {
  const fake = await startFakeProsaStt()
  t.teardown(fake.close)
  const stt = createProsaSpeechToText({ url: fake.url, apiKey: 'wrong-key', timeoutMs: 5000 })
  await t.rejects(stt.transcribe(speechWav(0.2)), { name: 'ServiceError', kind: 'upstream', code: 'STT_AUTH', message: 'Speech-to-text rejected the API key' })
  t.same(fake.violations, [])
})

test('an error frame fails the transcription', async (t) => {
  const fake = await startFakeProsaStt({ errorMessage: 'decoder crashed' })
  t.teardown(fake.close)
  const stt = createProsaSpeechToText({ url: fake.url, apiKey: fake.apiKey, timeoutMs: 5000 })
  await t.rejects(stt.transcribe(speechWav(0.2)), { kind: 'upstream', code: 'STT_FAILED', message: /decoder crashed/ })
})

test('a server that stalls: STT_TIMEOUT within the budget, and the socket is closed', async (t) => {
  const fake = await startFakeProsaStt({ delayMs: 60_000 })
  t.teardown(fake.close)
  const { calls, observer } = recordCalls()
  const stt = createProsaSpeechToText({ url: fake.url, apiKey: fake.apiKey, timeoutMs: 300, observer })
  const started = Date.now()
  await t.rejects(stt.transcribe(speechWav(0.5)), { kind: 'timeout', code: 'STT_TIMEOUT' })
  // Timed out (not answered) well before the server's minute: the 300 ms budget, with room for a busy machine.
  t.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`)
  t.match(calls, [{ service: 'prosa-stt', outcome: 'timeout' }])
  t.ok(await eventually(() => fake.sessions[0].closed), 'the client closed the socket')
  t.equal(fake.sessions[0].clientCloseCode, 1000)
})

test('the caller can abort: AbortError, not reported as a provider failure', async (t) => {
  const fake = await startFakeProsaStt({ delayMs: 60_000 })
  t.teardown(fake.close)
  const { calls, observer } = recordCalls()
  const stt = createProsaSpeechToText({ url: fake.url, apiKey: fake.apiKey, timeoutMs: 5000, observer })
  const controller = new AbortController()
  setTimeout(() => controller.abort(), 100)
  const error = await stt.transcribe(speechWav(0.5), { signal: controller.signal }).catch((err: unknown) => err)
  t.ok(isAbortError(error), String(error))
  t.same(calls, [])
  t.ok(await eventually(() => fake.sessions[0].closed), 'the client closed the socket')

  const aborted = AbortSignal.abort()
  await t.rejects(stt.transcribe(speechWav(0.5), { signal: aborted }), { name: 'AbortError' })
  t.equal(fake.sessions.length, 1, 'an aborted call does not connect')
})

test('nothing listening: STT_UNAVAILABLE; an HTTP answer instead of an upgrade is mapped too', async (t) => {
  const stt = createProsaSpeechToText({ url: `ws://127.0.0.1:${await closedPort()}/`, apiKey: 'k', timeoutMs: 5000 })
  await t.rejects(stt.transcribe(speechWav(0.2)), { kind: 'unavailable', code: 'STT_UNAVAILABLE' })

  const { createServer } = await import('node:http')
  for (const [status, kind, code] of [[401, 'upstream', 'STT_AUTH'], [429, 'rate_limited', 'STT_RATE_LIMITED'], [502, 'upstream', 'STT_FAILED']] as const) {
    const server = createServer((_req, res) => { res.writeHead(status).end('no') })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    const http = createProsaSpeechToText({ url: `ws://127.0.0.1:${port}/`, apiKey: 'k', timeoutMs: 5000 })
    await t.rejects(http.transcribe(speechWav(0.2)), { kind, code }, `HTTP ${status}`)
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
})

test('refuses audio that is not a WAV before connecting', async (t) => {
  const fake = await startFakeProsaStt()
  t.teardown(fake.close)
  const stt = createProsaSpeechToText({ url: fake.url, apiKey: fake.apiKey, timeoutMs: 5000 })
  await t.rejects(stt.transcribe(Buffer.from('fLaC not a wav')), { kind: 'bad_request', code: 'STT_BAD_AUDIO' })
  t.equal(fake.sessions.length, 0)
})

test('the fake catches protocol mistakes (so the zero-violation checks above mean something)', async (t) => {
  const fake = await startFakeProsaStt()
  t.teardown(fake.close)
  const { WebSocket } = await import('ws')
  const run = async (frames: Array<string | Buffer>, headers: Record<string, string> = { 'x-api-key': fake.apiKey }): Promise<number> => {
    const socket = new WebSocket(fake.url, { headers })
    await new Promise((resolve) => socket.once('open', resolve))
    for (const frame of frames) socket.send(frame)
    return await new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)))
  }
  t.equal(await run([Buffer.from('audio first')]), 4001)
  t.equal(await run(['{"token":"nope"}'], {}), 4000)
  t.equal(await run([JSON.stringify({ token: fake.apiKey }), JSON.stringify({ model: 'm' }), Buffer.alloc(20_000), Buffer.alloc(0)], {}), 1000)
  t.same(fake.violations, [
    'first frame is not a JSON config with a model',
    'binary frame of 20000 bytes (max 16384)',
    'audio does not start with a RIFF/WAVE header'
  ])
})
