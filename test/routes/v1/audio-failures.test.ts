// /v1/audio when it cannot answer in full: uploads refused in the common error shape, emotion and
// speech synthesis degrading, speech-to-text and model failures mapped to statuses.
import t from 'tap'
import { startFakeChat } from '../../support/fakes/openai-chat.ts'
import { build, TEST_API_KEY } from '../../support/helpers/app.ts'
import { encode, tone, truncate } from '../../support/helpers/audio-fixtures.ts'
import { question, upload, vendors } from './audio-fixture.ts'

t.test('rejections, all in the common error shape', async (t) => {
  const { env } = await vendors(t)
  const { app } = await build(t, { ...env, MAX_AUDIO_SECONDS: '2', MAX_CONTENT_LENGTH: '300000' })
  const expect = async (file: Buffer, status: number, code: RegExp, options: { field?: string, name?: string, before?: Array<[string, string | Blob]> } = {}, message: RegExp = /./) => {
    const response = await upload(app, file, options)
    t.equal(response.statusCode, status, `${code}: ${response.body.slice(0, 200)}`)
    t.match(response.json(), { statusCode: status, code, message, requestId: String })
  }
  await expect(Buffer.alloc(0), 400, /AUDIO_EMPTY/)
  await expect(Buffer.from('Ini bukan audio, hanya teks biasa yang diganti namanya.\n'.repeat(20)), 400, /AUDIO_UNSUPPORTED/, { name: 'question.mp3' })
  await expect(truncate(await encode(question, 'mp3'), 400), 400, /AUDIO_UNDECODABLE/)
  await expect(tone(3), 400, /AUDIO_TOO_LONG/)
  // A WAV header claiming 4 GHz was a 500: resampling it took the decoder's memory.
  const absurdRate = Buffer.from(question)
  absurdRate.writeUInt32LE(4_000_000_000, 24)
  await expect(absurdRate, 400, /AUDIO_UNDECODABLE/)
  await expect(question, 400, /AUDIO_MISSING/, { field: 'voice' })
  // Another file first: the recording must be the first file (only one is read).
  await expect(question, 400, /AUDIO_MISSING/, { before: [['image', new Blob([Buffer.alloc(100, 1)], { type: 'image/png' })]] }, /first file/)
  // More form fields than the upload allows is said as such, not as a malformed body.
  await expect(question, 400, /AUDIO_TOO_MANY_PARTS/, { before: ['a', 'b', 'c', 'd', 'e'].map((name) => [name, '1']) }, /form fields/)
  // Over the limit, announced by content-length: refused before reading.
  await expect(Buffer.alloc(400_000, 1), 413, /AUDIO_TOO_LARGE/)
  const json = await app.inject({ method: 'POST', url: '/v1/audio', headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'v' }, payload: { audio: 'x' } })
  t.equal(json.statusCode, 400)
  t.match(json.json(), { code: 'AUDIO_MULTIPART_REQUIRED' })

  // Over the limit but within the envelope allowance, so only the stream can tell: stopped while reading.
  const streaming = await build(t, { ...env, MAX_CONTENT_LENGTH: '300000' })
  const response = await upload(streaming.app, tone(10))
  t.equal(response.statusCode, 413)
  t.match(response.json(), { code: 'AUDIO_TOO_LARGE' })
})

t.test('degradation: slow or failing emotion → neutral; failing speech synthesis → text only', async (t) => {
  // The emotion service would answer after ten minutes, well past the test's own timeout: an answer
  // at all shows the budget ended the wait.
  const slow = await vendors(t, { emotion: { mode: 'slow', delayMs: 600_000 } })
  const a = await build(t, { ...slow.env, EMOTION_TIMEOUT: '0.5' })
  const slowBody = (await upload(a.app, question)).json()
  t.equal(slowBody.emotion, 'neutral')
  t.match(slowBody.warnings.join(' '), /emotion analysis unavailable \(no answer within 0.5 s\)/)

  const failing = await vendors(t, { emotion: { mode: 'failing' }, ttsFailOn: 'ITB' })
  const b = await build(t, failing.env)
  const response = await upload(b.app, question)
  t.equal(response.statusCode, 200)
  const body = response.json()
  t.equal(body.emotion, 'neutral')
  t.match(body.answer, /1920/, 'the text answer still returns')
  t.equal(body.audio, null)
  t.equal(body.audio_format, null)
  t.equal(body.sample_rate, null)
  t.match(body.warnings.join(' '), /speech synthesis failed/)
})

t.test('speech-to-text errors map to clear statuses; none configured is a 503', async (t) => {
  for (const [code, status, errorCode] of [[4000, 502, 'STT_AUTH'], [4005, 503, 'STT_QUOTA'], [4029, 429, 'STT_RATE_LIMITED']] as const) {
    const { env } = await vendors(t, { sttClose: code })
    const { app } = await build(t, env)
    const response = await upload(app, question)
    t.equal(response.statusCode, status, `close ${code}`)
    t.match(response.json(), { code: errorCode })
  }
  const { app } = await build(t)
  const none = await upload(app, question)
  t.equal(none.statusCode, 503)
  t.match(none.json(), { code: 'VOICE_UNAVAILABLE', message: /speech-to-text not configured/ })
  const ready = await app.inject({ url: '/ready' })
  t.equal(ready.statusCode, 200, 'text chat keeps the instance ready')
  t.match(ready.json().checks.voice, /speech-to-text not configured/)
})

t.test('a vendor asking for a day (retry in 86400 seconds) is passed on as a minute (Retry-After: 60), streamed or not', async (t) => {
  const { env } = await vendors(t, { sttClose: 4029, sttCloseReason: 'rate limited, retry in 86400 seconds' })
  const { app } = await build(t, env)
  // Before: retry-after 86400, and retryAfter 86400 in the event.
  const response = await upload(app, question)
  t.equal(response.statusCode, 429)
  t.equal(response.headers['retry-after'], '60')
  // Asked as a stream, the refusal comes before the stream opens: the same header. (A stream's error
  // event takes the ServiceError's retryAfter as the header does: the cap is where the vendor's value is read.)
  const streamed = await upload(app, question, { conversation: 'rate-limited-sse', accept: 'text/event-stream' })
  t.equal(streamed.statusCode, 429)
  t.equal(streamed.headers['retry-after'], '60')
})

t.test('a model that breaks off after its first sentence went to speech is not followed by another: 503, never a mixed answer', async (t) => {
  const { tts, env } = await vendors(t)
  // Eight SSE chunks: the role and seven words, one full sentence and the start of the next.
  const primary = await startFakeChat({ apiKey: 'primary', respond: () => ({ content: 'Jawaban pertama sudah diucapkan. Kalimat kedua tidak pernah selesai.', interrupt: { afterChunks: 8, mode: 'destroy' } }) })
  const fallback = await startFakeChat({ apiKey: 'fallback', respond: () => ({ content: 'Jawaban cadangan lengkap [1].' }) })
  t.teardown(async () => { await primary.close(); await fallback.close() })
  const { app } = await build(t, { ...env, TOGETHER_API_KEY: 'primary', TOGETHER_BASE_URL: primary.baseURL, OPENAI_API_KEY: 'fallback', OPENAI_BASE_URL: fallback.baseURL, LLM_TIMEOUT: '5' })
  const response = await upload(app, question, { conversation: 'voice-broken' })
  t.equal(response.statusCode, 503, 'the turn fails as a whole')
  t.match(response.json(), { code: 'LLM_UNAVAILABLE' })
  const streamed = await upload(app, question, { conversation: 'voice-broken-sse', accept: 'text/event-stream' })
  const events = streamed.body.trim().split('\n\n').map((block) => block.split('\n')[0]?.replace('event: ', ''))
  t.notOk(events.includes('done'), 'streamed: no done event')
  t.equal(events.at(-1), 'error', 'streamed: an error event ends it')
  t.equal(fallback.requests.length, 0, 'the fallback was never asked to answer after the first model\'s words')
  t.notOk(tts.texts.some((text) => text.includes('cadangan')), 'so no sentence of another answer was spoken after them')
})
