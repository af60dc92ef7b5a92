import { test } from 'tap'
import { isAbortError } from '../../../src/services/errors.ts'
import { createOpenAiSpeechToText } from '../../../src/services/speech/openai-stt.ts'
import { createOpenAiTextToSpeech } from '../../../src/services/speech/openai-tts.ts'
import { parseWav } from '../../../src/services/speech/wav.ts'
import type { SynthesizedSentence } from '../../../src/services/speech/types.ts'
import { startFakeOpenAiAudio } from '../../support/fakes/openai-audio.ts'
import { closedPort, recordCalls, speechWav } from './helpers.ts'

async function collect (source: AsyncIterable<SynthesizedSentence>): Promise<SynthesizedSentence[]> {
  const out: SynthesizedSentence[] = []
  for await (const item of source) out.push(item)
  return out
}

test('OpenAI speech-to-text: multipart upload with file, model, language=id, json response', async (t) => {
  const fake = await startFakeOpenAiAudio({ apiKey: 'sk-test', transcript: '  kapan   ITB didirikan? ' })
  t.teardown(fake.close)
  const { calls, observer } = recordCalls()
  const stt = createOpenAiSpeechToText({ baseURL: `${fake.baseURL}/`, apiKey: 'sk-test', timeoutMs: 5000, observer })
  t.equal(stt.name, 'openai')
  const wav = speechWav(1)
  t.equal(await stt.transcribe(wav), 'kapan ITB didirikan?')
  t.same(fake.violations, [])
  const [request] = fake.transcriptions
  t.equal(request.headers.authorization, 'Bearer sk-test')
  t.same(request.fields, { model: 'whisper-1', language: 'id', response_format: 'json' })
  t.match(request, { fileName: 'audio.wav', fileType: 'audio/wav', fileSize: wav.length, fileIsWav: true })
  t.match(calls, [{ service: 'openai-stt', outcome: 'ok' }])
})

test('a self-hosted whisper server: no API key, another model', async (t) => {
  const fake = await startFakeOpenAiAudio()
  t.teardown(fake.close)
  const stt = createOpenAiSpeechToText({ baseURL: fake.baseURL, model: 'large-v3', timeoutMs: 5000 })
  t.equal(await stt.transcribe(speechWav(0.3)), 'apa saja fakultas di itb')
  t.equal(fake.transcriptions[0].headers.authorization, undefined)
  t.equal(fake.transcriptions[0].fields.model, 'large-v3')
})

test('OpenAI speech-to-text error mapping', async (t) => {
  const fake = await startFakeOpenAiAudio({ apiKey: 'sk-test' })
  t.teardown(fake.close)
  const { calls, observer } = recordCalls()
  const stt = createOpenAiSpeechToText({ baseURL: fake.baseURL, apiKey: 'sk-test', timeoutMs: 5000, observer })
  const wrongKey = createOpenAiSpeechToText({ baseURL: fake.baseURL, apiKey: 'sk-wrong', timeoutMs: 5000 })
  await t.rejects(wrongKey.transcribe(speechWav(0.2)), { kind: 'upstream', code: 'STT_AUTH' })
  fake.failNext(403)
  await t.rejects(stt.transcribe(speechWav(0.2)), { kind: 'upstream', code: 'STT_AUTH' })
  fake.failNext(429, { retryAfter: '7' })
  await t.rejects(stt.transcribe(speechWav(0.2)), { kind: 'rate_limited', code: 'STT_RATE_LIMITED', retryAfter: 7 })
  fake.failNext(429)
  await t.rejects(stt.transcribe(speechWav(0.2)), { kind: 'rate_limited', code: 'STT_RATE_LIMITED', retryAfter: 5 })
  fake.failNext(429, { code: 'insufficient_quota' })
  await t.rejects(stt.transcribe(speechWav(0.2)), { kind: 'unavailable', code: 'STT_QUOTA' })
  fake.failNext(500)
  await t.rejects(stt.transcribe(speechWav(0.2)), { kind: 'upstream', code: 'STT_FAILED', message: /HTTP 500.*Simulated failure/ })
  fake.failNext(503)
  await t.rejects(stt.transcribe(speechWav(0.2)), { kind: 'upstream', code: 'STT_FAILED' })
  t.equal(calls.filter((c) => c.outcome === 'error').length, 6)
  t.equal(await stt.transcribe(speechWav(0.2)), 'apa saja fakultas di itb', 'recovers afterwards')

  const down = createOpenAiSpeechToText({ baseURL: `http://127.0.0.1:${await closedPort()}/v1`, timeoutMs: 5000 })
  await t.rejects(down.transcribe(speechWav(0.2)), { kind: 'unavailable', code: 'STT_UNAVAILABLE' })
  const wrongPath = createOpenAiSpeechToText({ baseURL: `${fake.baseURL}/nope`, apiKey: 'sk-test', timeoutMs: 5000 })
  await t.rejects(wrongPath.transcribe(speechWav(0.2)), { kind: 'upstream', code: 'STT_FAILED', message: /HTTP 404/ })
})

test('OpenAI speech-to-text timeout and abort', async (t) => {
  const fake = await startFakeOpenAiAudio({ delayMs: 60_000 })
  t.teardown(fake.close)
  const { calls, observer } = recordCalls()
  const stt = createOpenAiSpeechToText({ baseURL: fake.baseURL, timeoutMs: 200, observer })
  const started = Date.now()
  await t.rejects(stt.transcribe(speechWav(0.2)), { kind: 'timeout', code: 'STT_TIMEOUT' })
  t.ok(Date.now() - started < 10_000, 'the 200 ms budget, not the minute the server takes')
  t.match(calls, [{ service: 'openai-stt', outcome: 'timeout' }])

  const patient = createOpenAiSpeechToText({ baseURL: fake.baseURL, timeoutMs: 10_000, observer })
  const controller = new AbortController()
  setTimeout(() => controller.abort(), 50)
  const error = await patient.transcribe(speechWav(0.2), { signal: controller.signal }).catch((err: unknown) => err)
  t.ok(isAbortError(error), String(error))
  t.equal(calls.length, 1, 'an abort is not reported')
})

test('OpenAI text-to-speech: one POST per sentence, WAV with exact sizes', async (t) => {
  const fake = await startFakeOpenAiAudio({ apiKey: 'sk-test' })
  t.teardown(fake.close)
  const { calls, observer } = recordCalls()
  const tts = createOpenAiTextToSpeech({ baseURL: fake.baseURL, apiKey: 'sk-test', timeoutMs: 5000, observer })
  t.equal(tts.name, 'openai')
  const results = await collect(tts.synthesize(['Selamat datang di ITB.', 'Ada yang bisa dibantu?']))
  t.same(results.map((r) => r.sentence), ['Selamat datang di ITB.', 'Ada yang bisa dibantu?'])
  t.same(results.map((r) => r.voice), ['alloy', 'alloy'], 'the voice that spoke each')
  t.same(fake.speeches.map((s) => s.body), [
    { model: 'gpt-4o-mini-tts', input: 'Selamat datang di ITB.', voice: 'alloy', response_format: 'wav' },
    { model: 'gpt-4o-mini-tts', input: 'Ada yang bisa dibantu?', voice: 'alloy', response_format: 'wav' }
  ])
  t.equal(fake.speeches[0].headers.authorization, 'Bearer sk-test')
  t.same(fake.violations, [])
  for (const { sentence, wav } of results) {
    t.equal(wav.readUInt32LE(4), wav.length - 8, 'the 0xffffffff placeholder was replaced')
    t.equal(wav.readUInt32LE(40), wav.length - 44)
    const info = parseWav(wav)
    t.equal(info.sampleRate, 24000)
    t.ok(Math.abs(info.durationSeconds - sentence.length * 0.06) < 0.01)
  }
  t.same(calls.map((c) => `${c.service}:${c.outcome}`), ['openai-tts:ok', 'openai-tts:ok'])

  const custom = createOpenAiTextToSpeech({ baseURL: fake.baseURL, apiKey: 'sk-test', model: 'tts-1', voice: 'nova', timeoutMs: 5000 })
  t.same((await collect(custom.synthesize('Satu kalimat saja.'))).map((r) => r.voice), ['nova'])
  t.same(fake.speeches.at(-1)?.body, { model: 'tts-1', input: 'Satu kalimat saja.', voice: 'nova', response_format: 'wav' }, 'a string is one sentence')
})

test('OpenAI text-to-speech error mapping, timeout and abort', async (t) => {
  const fake = await startFakeOpenAiAudio({ apiKey: 'sk-test' })
  t.teardown(fake.close)
  const tts = createOpenAiTextToSpeech({ baseURL: fake.baseURL, apiKey: 'sk-test', timeoutMs: 5000 })
  await t.rejects(collect(createOpenAiTextToSpeech({ baseURL: fake.baseURL, timeoutMs: 5000 }).synthesize(['Halo.'])), { kind: 'upstream', code: 'TTS_AUTH' })
  fake.failNext(429, { retryAfter: '2' })
  await t.rejects(collect(tts.synthesize(['Halo.'])), { kind: 'rate_limited', code: 'TTS_RATE_LIMITED', retryAfter: 2 })
  fake.failNext(500)
  const seen: string[] = []
  await t.rejects((async () => {
    for await (const { sentence } of tts.synthesize(['Satu.', 'Dua.'])) {
      seen.push(sentence)
      fake.failNext(502)
    }
  })(), { kind: 'upstream', code: 'TTS_FAILED' })
  t.same(seen, [], 'the first sentence already failed')
  await t.rejects(collect(tts.synthesize(['x'.repeat(5000)])), { kind: 'upstream', code: 'TTS_FAILED', message: /4096/ })

  const slow = await startFakeOpenAiAudio({ delayMs: 5000 })
  t.teardown(slow.close)
  const { calls, observer } = recordCalls()
  await t.rejects(collect(createOpenAiTextToSpeech({ baseURL: slow.baseURL, timeoutMs: 200, observer }).synthesize(['Halo.'])), { kind: 'timeout', code: 'TTS_TIMEOUT' })
  t.match(calls, [{ service: 'openai-tts', outcome: 'timeout' }])
  const controller = new AbortController()
  setTimeout(() => controller.abort(), 50)
  await t.rejects(collect(createOpenAiTextToSpeech({ baseURL: slow.baseURL, timeoutMs: 10_000 }).synthesize(['Halo.'], { signal: controller.signal })), { name: 'AbortError' })
})

test('OpenAI text-to-speech rejects audio that is not a WAV', async (t) => {
  const { createServer } = await import('node:http')
  const server = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(Buffer.from('ID3 this is an mp3')) })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const { port } = server.address() as { port: number }
  const tts = createOpenAiTextToSpeech({ baseURL: `http://127.0.0.1:${port}/v1`, timeoutMs: 5000 })
  await t.rejects(collect(tts.synthesize(['Halo.'])), { kind: 'upstream', code: 'TTS_FAILED', message: /not a WAV/ })
  const stt = createOpenAiSpeechToText({ baseURL: `http://127.0.0.1:${port}/v1`, timeoutMs: 5000 })
  await t.rejects(stt.transcribe(speechWav(0.1)), { kind: 'upstream', code: 'STT_FAILED' }, 'a body that is not JSON')
})
