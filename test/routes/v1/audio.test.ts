// /v1/audio end to end: real ffmpeg and espeak-ng, fake Prosa STT/TTS, emotion and OpenAI audio
// servers over real sockets.
import t, { type Test } from 'tap'
import { Value } from 'typebox/value'
import { VoiceResponse } from '../../../schemas/voice.ts'
import { parseWav } from '../../../src/services/speech/wav.ts'
import { startFakeChat, type ChatRequest, type Reply } from '../../support/fakes/openai-chat.ts'
import { startFakeEmotion } from '../../support/fakes/emotion.ts'
import { startFakeOpenAiAudio } from '../../support/fakes/openai-audio.ts'
import { startFakeProsaStt } from '../../support/fakes/prosa-stt.ts'
import { startFakeProsaTts } from '../../support/fakes/prosa-tts.ts'
import { build, TEST_API_KEY } from '../../support/helpers/app.ts'
import { encode, ffmpegChildren, speak, tone, truncate, waitForFfmpegChildren } from '../../support/helpers/audio-fixtures.ts'
import { schemaSerializer } from '../../support/helpers/schema-serializer.ts'

const QUESTION = 'Kapan ITB didirikan?'
const question = await speak(QUESTION)

async function multipart (file: Buffer, options: { field?: string, name?: string, type?: string, before?: Array<[string, string | Blob]> } = {}): Promise<{ payload: Buffer, contentType: string }> {
  const form = new FormData()
  for (const [name, value] of options.before ?? []) form.append(name, value)
  form.append(options.field ?? 'audio', new Blob([file], { type: options.type ?? 'audio/wav' }), options.name ?? 'question.wav')
  const encoded = new Response(form)
  return { payload: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type') as string }
}

async function upload (app: Awaited<ReturnType<typeof build>>['app'], file: Buffer, options: { field?: string, name?: string, accept?: string, conversation?: string, before?: Array<[string, string | Blob]> } = {}) {
  const { payload, contentType } = await multipart(file, options)
  return await app.inject({
    method: 'POST',
    url: '/v1/audio',
    headers: {
      'x-api-key': TEST_API_KEY,
      'x-conversation-id': options.conversation ?? 'voice-1',
      'content-type': contentType,
      ...(options.accept === undefined ? {} : { accept: options.accept })
    },
    payload
  })
}

async function vendors (t: Test, options: { emotion?: Parameters<typeof startFakeEmotion>[0], sttClose?: number, ttsFailOn?: string, ttsDelayMs?: number } = {}) {
  const stt = await startFakeProsaStt({ apiKey: 'stt-key', transcript: QUESTION, closeWith: options.sttClose })
  const tts = await startFakeProsaTts({ apiKey: 'tts-key', failOnText: options.ttsFailOn, delayPerSentenceMs: options.ttsDelayMs })
  const emotion = await startFakeEmotion({ label: 'happy', ...options.emotion })
  t.teardown(async () => { await stt.close(); await tts.close(); await emotion.close() })
  return {
    stt,
    tts,
    emotion,
    env: {
      PROSA_STT_API_KEY: 'stt-key',
      PROSA_STT_URL: stt.url,
      PROSA_TTS_API_KEY: 'tts-key',
      PROSA_TTS_URL: tts.url,
      EMOTION_ANALYSIS_URL: emotion.url,
      // A busy machine can take over a second to answer even a fake: the budget is only short in the
      // test about it, against a service that would never answer in time.
      EMOTION_TIMEOUT: '30'
    }
  }
}

t.test('a spoken question goes through Prosa STT, emotion, the agent and Prosa TTS', async (t) => {
  const { stt, tts, emotion, env } = await vendors(t)
  const { app } = await build(t, env)
  const response = await upload(app, question)
  t.equal(response.statusCode, 200, response.body.slice(0, 300))
  const body = response.json()
  t.equal(body.transcript, QUESTION)
  t.equal(body.emotion, 'happy')
  t.match(body.answer, /1920/)
  t.ok(body.sources.length > 0)
  t.equal(body.mode, 'extractive')
  t.same(body.warnings, [])
  t.equal(body.audio_format, 'wav')
  const wav = Buffer.from(body.audio, 'base64')
  const info = parseWav(wav)
  t.equal(info.sampleRate, 8000, 'PROSA_TTS_SAMPLE_RATE')
  t.equal(body.sample_rate, 8000)
  // The fake speaks ~60 ms per character: the joined WAV holds every sentence.
  t.ok(info.durationSeconds > body.answer.length * 0.05 && info.durationSeconds < 60, `duration ${info.durationSeconds} s`)
  for (const stage of ['decode', 'stt', 'emotion', 'rag', 'tts', 'total']) t.type(body.exec_time[stage], 'number', stage)
  t.ok(body.exec_time.total >= body.exec_time.stt)

  t.same(stt.violations, [], 'the STT protocol was followed')
  const session = stt.sessions[0]
  t.equal(session?.headers['x-api-key'], 'stt-key')
  t.match(session?.config, { model: 'asr-general-online' })
  t.ok((session?.chunkSizes.length ?? 0) >= 2, 'the audio went in several chunks')
  t.ok(session?.chunkSizes.every((size) => size <= 16_384))
  t.ok(session?.ended, 'ended with the empty frame')
  t.same(tts.violations, [])
  t.equal(tts.sessions.length, 1, 'every sentence over one socket')
  t.ok((tts.sessions[0]?.texts.length ?? 0) >= 1)
  t.equal(emotion.requests[0]?.text, QUESTION)
  t.equal(emotion.requests[0]?.fileHead?.subarray(0, 4).toString('latin1'), 'fLaC', 'the emotion service gets FLAC')

  // The body is built around the base64 audio (routes/v1/audio-body.ts): the schema serializer's bytes.
  t.ok(Value.Check(VoiceResponse, body), 'the answer fits the response schema')
  t.equal(response.headers['content-type'], 'application/json; charset=utf-8')
  t.equal(Number(response.headers['content-length']), response.rawPayload.length)
  t.ok(response.rawPayload.equals(Buffer.from((await schemaSerializer(VoiceResponse))(body))), 'the bytes the schema serializer writes')
})

t.test('exec_time.tts counts every sentence\'s synthesis, the first one included', async (t) => {
  const { env, tts } = await vendors(t, { ttsDelayMs: 400 })
  const { app } = await build(t, env)
  const response = await upload(app, question)
  t.equal(response.statusCode, 200, response.body.slice(0, 200))
  const body = response.json()
  // The fake answers the sentences in order, each 400 ms after it arrived: at least that per sentence.
  const sentences = tts.texts.length
  t.ok(sentences >= 1)
  t.ok(body.exec_time.tts >= 0.39 * sentences, `tts ${body.exec_time.tts} s for ${sentences} sentence(s) of 0.4 s each`)
  t.ok(body.exec_time.total >= body.exec_time.tts)
})

t.test('every accepted container is checked by content and decoded; the field may be called "file"', async (t) => {
  const { env } = await vendors(t)
  const { app } = await build(t, env)
  for (const format of ['mp3', 'flac', 'ogg', 'm4a', 'webm'] as const) {
    const response = await upload(app, await encode(question, format), { name: 'recording.bin', conversation: `fmt-${format}` })
    t.equal(response.statusCode, 200, `${format}: ${response.body.slice(0, 200)}`)
  }
  t.equal((await upload(app, question, { field: 'file', conversation: 'field-file' })).statusCode, 200)
})

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

t.test('the next ffmpeg (the fallback decoder) waits ready while voice can serve, and goes with the app', async (t) => {
  const { env } = await vendors(t)
  const { app } = await build(t, env)
  const [waiting] = await waitForFfmpegChildren(1)
  t.ok(waiting, 'one ffmpeg started ahead')
  t.equal((await upload(app, question)).statusCode, 200)
  t.same(await ffmpegChildren(), [waiting], 'a WAV is decoded in-process: the waiting ffmpeg is left alone')
  t.equal((await upload(app, await encode(question, 'm4a'))).statusCode, 200)
  const [next] = await waitForFfmpegChildren(1)
  t.not(next, waiting, 'an M4A upload took it; another waits')
  await app.close()
  t.same(await ffmpegChildren(), [], 'closing the app kills the waiting ffmpeg and reaps it')

  const { app: unconfigured } = await build(t)
  await unconfigured.ready()
  await new Promise((resolve) => setTimeout(resolve, 100))
  t.same(await ffmpegChildren(), [], 'none is started when voice cannot serve')
})

t.test('OpenAI-compatible speech-to-text and speech, and espeak-ng as the local default', async (t) => {
  const openai = await startFakeOpenAiAudio({ apiKey: 'oa-key', transcript: QUESTION })
  t.teardown(openai.close)
  const { app } = await build(t, { STT_BASE_URL: openai.baseURL, STT_API_KEY: 'oa-key', TTS_BASE_URL: openai.baseURL, TTS_API_KEY: 'oa-key' })
  const body = (await upload(app, question)).json()
  t.equal(body.transcript, QUESTION)
  t.equal(openai.transcriptions[0]?.fields.language, 'id')
  t.ok(openai.speeches.length >= 1)
  t.ok(parseWav(Buffer.from(body.audio, 'base64')).durationSeconds > 0)
  t.same(openai.violations, [])

  const local = await build(t, { STT_BASE_URL: openai.baseURL, STT_API_KEY: 'oa-key' })
  const spoken = (await upload(local.app, question)).json()
  const info = parseWav(Buffer.from(spoken.audio, 'base64'))
  t.equal(info.sampleRate, 22050, 'espeak-ng output')
  t.ok(info.durationSeconds > 2, `espeak-ng spoke the answer (${info.durationSeconds} s)`)
})

t.test('SSE: transcript, emotion, tokens with audio per sentence while the answer is written, then done', async (t) => {
  const { env } = await vendors(t)
  const chat = await startFakeChat({
    apiKey: 'llm',
    respond: (request: ChatRequest): Reply => request.toolResults.length === 0
      ? { toolCalls: [{ name: 'fetch_documents', arguments: { search_query: request.lastUserText } }] }
      : { content: 'ITB didirikan pada tanggal 3 Juli 1920 [1]. Namanya dahulu Technische Hoogeschool te Bandoeng [1]. Kampusnya di Jalan Ganesa [1].', chunkDelayMs: 40 }
  })
  t.teardown(chat.close)
  const { app } = await build(t, { ...env, LLM_BASE_URL: chat.baseURL, LLM_MODEL: 'fake', LLM_API_KEY: 'llm' })
  // Each concern listening to the response for itself once put 11 'close' listeners on it, and
  // Node warned of a possible leak on every streamed voice answer.
  const warnings: string[] = []
  const onWarning = (warning: Error): void => { warnings.push(`${warning.name}: ${warning.message}`) }
  process.on('warning', onWarning)
  t.teardown(() => { process.off('warning', onWarning) })
  const response = await upload(app, question, { accept: 'text/event-stream' })
  t.equal(response.statusCode, 200)
  await new Promise((resolve) => setImmediate(resolve))
  t.same(warnings.filter((warning) => warning.startsWith('MaxListenersExceededWarning')), [], 'no listener-leak warning')
  const events = response.body.trim().split('\n\n').map((block) => block.split('\n')[0]?.replace('event: ', ''))
  t.equal(events[0], 'transcript')
  t.equal(events[1], 'emotion')
  t.same(events.slice(-2), ['sources', 'done'])
  const firstAudio = events.indexOf('audio')
  const lastToken = events.lastIndexOf('token')
  t.ok(firstAudio > 1 && firstAudio < lastToken, 'the first sentence is spoken before the answer is finished')
  t.equal(events.filter((event) => event === 'audio').length, 3, 'one audio event per sentence')
  const done = JSON.parse(response.body.trim().split('\n\n').pop()?.split('data: ')[1] ?? '{}')
  t.match(done, { transcript: QUESTION, mode: 'generative', audio_format: 'wav', emotion: 'happy' })
  const spoken = parseWav(Buffer.from(String(done.audio), 'base64'))
  t.ok(spoken.sampleRate === done.sample_rate && spoken.durationSeconds > 1, 'the whole answer spoken, as one WAV')
  const answerCall = chat.requests.at(-1)?.body as { messages: Array<{ role: string, content: string }> }
  t.match(answerCall.messages[0]?.content, /Emosi pengguna \(dari analisis suara\): happy/, 'the emotion reaches the agent as a tone hint')
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

t.test('over a real socket the upload is streamed and the answer is not cancelled once the body is read', async (t) => {
  const { env } = await vendors(t)
  const { app } = await build(t, env)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const form = new FormData()
  form.append('audio', new Blob([question], { type: 'audio/wav' }), 'question.wav')
  const response = await fetch(`http://127.0.0.1:${port}/v1/audio`, { method: 'POST', headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'socket-1' }, body: form })
  t.equal(response.status, 200)
  const body = await response.json() as { transcript: string, audio: string | null }
  t.equal(body.transcript, QUESTION)
  t.type(body.audio, 'string')
})
