// /v1/audio end to end when it answers: real ffmpeg and espeak-ng, fake Prosa STT/TTS, emotion and
// OpenAI audio servers over real sockets. Refusals and failures are in audio-failures.test.ts.
import t from 'tap'
import { Value } from 'typebox/value'
import { VoiceResponse } from '../../../schemas/voice.ts'
import { parseWav } from '../../../src/services/speech/wav.ts'
import { startFakeChat, type ChatRequest, type Reply } from '../../support/fakes/openai-chat.ts'
import { startFakeOpenAiAudio } from '../../support/fakes/openai-audio.ts'
import { build, TEST_API_KEY } from '../../support/helpers/app.ts'
import { encode, ffmpegChildren, waitForFfmpegChildren } from '../../support/helpers/audio-fixtures.ts'
import { schemaSerializer } from '../../support/helpers/schema-serializer.ts'
import { QUESTION, question, upload, vendors } from './audio-fixture.ts'

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
