// /v1/audio when a vendor fails with its own words (a Python traceback, an echo of our key): the
// client gets a fixed message or warning, the vendor's text goes to the log once, with configured
// secrets blanked. Fake vendors over real sockets, as in audio.test.ts.
import t, { type Test } from 'tap'
import { startFakeEmotion } from '../../support/fakes/emotion.ts'
import { startFakeOpenAiAudio } from '../../support/fakes/openai-audio.ts'
import { startFakeProsaStt, type FakeProsaSttOptions } from '../../support/fakes/prosa-stt.ts'
import { startFakeProsaTts, type FakeProsaTtsOptions } from '../../support/fakes/prosa-tts.ts'
import { build, TEST_API_KEY, type LogCapture } from '../../support/helpers/app.ts'
import { speak } from '../../support/helpers/audio-fixtures.ts'

const QUESTION = 'Kapan ITB didirikan?'
const question = await speak(QUESTION)
const STT_KEY = 'stt-key-vendor-errors'

const TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/srv/emotion/app.py", line 42, in predict',
  '    label = model.predict(audio)',
  'RuntimeError: CUDA out of memory'
].join('\n')
/** A WebSocket close reason holds at most 123 bytes. */
const SHORT_TRACEBACK = 'Traceback: File "/srv/emotion/app.py": CUDA out of memory'
/** What no client may see of a vendor's failure. */
const VENDOR_TEXT = /Traceback|\/srv\/emotion|app\.py|CUDA|stt-key/

async function upload (app: Awaited<ReturnType<typeof build>>['app']) {
  const form = new FormData()
  form.append('audio', new Blob([question], { type: 'audio/wav' }), 'question.wav')
  const encoded = new Response(form)
  return await app.inject({
    method: 'POST',
    url: '/v1/audio',
    headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'vendor-errors', 'content-type': encoded.headers.get('content-type') as string },
    payload: Buffer.from(await encoded.arrayBuffer())
  })
}

async function vendors (t: Test, options: { stt?: FakeProsaSttOptions, tts?: FakeProsaTtsOptions, emotionFailure?: string } = {}) {
  const stt = await startFakeProsaStt({ apiKey: STT_KEY, transcript: QUESTION, ...options.stt })
  const tts = await startFakeProsaTts({ apiKey: 'tts-key', ...options.tts })
  const emotion = await startFakeEmotion(options.emotionFailure === undefined ? {} : { mode: 'failing', failureBody: options.emotionFailure })
  t.teardown(async () => { await stt.close(); await tts.close(); await emotion.close() })
  return {
    PROSA_STT_API_KEY: STT_KEY,
    PROSA_STT_URL: stt.url,
    PROSA_TTS_API_KEY: 'tts-key',
    PROSA_TTS_URL: tts.url,
    EMOTION_ANALYSIS_URL: emotion.url,
    EMOTION_TIMEOUT: '30'
  }
}

/** The log lines that carry the vendor's text. */
const vendorLines = (logs: LogCapture): Array<Record<string, unknown>> => logs.lines().filter((line) => JSON.stringify(line).includes('CUDA out of memory'))

t.test('emotion answering 500 with a traceback: a fixed warning for the client, the traceback in one warn log line', async (t) => {
  const { app, logs } = await build(t, await vendors(t, { emotionFailure: TRACEBACK }))
  const response = await upload(app)
  t.equal(response.statusCode, 200)
  const body = response.json()
  t.equal(body.emotion, 'neutral')
  t.same(body.warnings, ['emotion analysis unavailable (service error): neutral tone assumed'])
  t.notMatch(response.body, VENDOR_TEXT, 'no vendor text in the response')
  const lines = vendorLines(logs)
  t.equal(lines.length, 1, 'the vendor detail is logged once')
  t.match(lines[0], { level: 40, msg: 'emotion analysis failed: neutral assumed', err: { code: 'EMOTION_FAILED', message: /Traceback \(most recent call last\)/ }, request_id: String })
})

t.test('speech synthesis refused with a traceback: a fixed warning, text answer, the detail in one warn log line', async (t) => {
  const { app, logs } = await build(t, await vendors(t, { tts: { rejectJob: TRACEBACK } }))
  const response = await upload(app)
  t.equal(response.statusCode, 200)
  const body = response.json()
  t.equal(body.audio, null)
  t.same(body.warnings, ['speech synthesis failed (service error): text answer only'])
  t.notMatch(response.body, VENDOR_TEXT)
  const lines = vendorLines(logs)
  t.equal(lines.length, 1)
  t.match(lines[0], { level: 40, msg: 'speech synthesis failed: text only', err: { code: 'TTS_FAILED', message: /refused the job/ }, request_id: String })
})

t.test('speech-to-text failing in its own words: 502 with a fixed message; the detail logged once, our key blanked', async (t) => {
  const cases: Array<[string, FakeProsaSttOptions, string]> = [
    ['an error frame', { errorMessage: `request of ${STT_KEY} failed\n${TRACEBACK}` }, 'Speech-to-text reported an error'],
    ['a close reason', { closeWith: 1011, closeReason: `${STT_KEY}: ${SHORT_TRACEBACK}` }, 'Speech-to-text closed the connection unexpectedly (code 1011)'],
    ['a config rejection', { closeWith: 4001, closeReason: `${STT_KEY}: ${SHORT_TRACEBACK}` }, 'Speech-to-text rejected the stream configuration']
  ]
  for (const [name, sttOptions, message] of cases) {
    const { app, logs } = await build(t, await vendors(t, { stt: sttOptions }))
    const response = await upload(app)
    t.equal(response.statusCode, 502, name)
    t.same(Object.keys(response.json()).sort(), ['code', 'error', 'message', 'requestId', 'statusCode'], name)
    t.match(response.json(), { code: /^STT_/ }, name)
    t.equal(response.json().message, message, name)
    t.notMatch(response.body, VENDOR_TEXT, `${name}: no vendor text in the response`)
    const lines = vendorLines(logs)
    t.equal(lines.length, 1, `${name}: logged once`)
    t.match(lines[0], { level: 50, err: { message: /CUDA out of memory/ } }, name)
    t.notOk(logs.text().includes(STT_KEY), `${name}: the key the vendor echoed is not logged`)
    t.match(JSON.stringify(lines[0]), /\[redacted\]/, name)
  }

  const openai = await startFakeOpenAiAudio({ apiKey: 'oa-key-vendor-errors', transcript: QUESTION })
  t.teardown(openai.close)
  const { app, logs } = await build(t, { STT_BASE_URL: openai.baseURL, STT_API_KEY: 'oa-key-vendor-errors', TTS_PROVIDER: 'none' })
  openai.failNext(500, { message: TRACEBACK })
  const response = await upload(app)
  t.equal(response.statusCode, 502)
  t.equal(response.json().code, 'STT_FAILED')
  t.equal(response.json().message, 'Speech-to-text failed (HTTP 500)')
  t.notMatch(response.body, VENDOR_TEXT)
  t.equal(vendorLines(logs).length, 1, 'OpenAI-compatible: logged once')
})
