import { test } from 'tap'
import { isAbortError } from '../../../src/services/errors.ts'
import { createProsaTextToSpeech } from '../../../src/services/speech/prosa-tts.ts'
import { parseWav } from '../../../src/services/speech/wav.ts'
import type { SynthesizedSentence } from '../../../src/services/speech/types.ts'
import { startFakeProsaTts } from '../../support/fakes/prosa-tts.ts'
import { closedPort, eventually, recordCalls } from './helpers.ts'

async function collect (source: AsyncIterable<SynthesizedSentence>): Promise<SynthesizedSentence[]> {
  const out: SynthesizedSentence[] = []
  for await (const item of source) out.push(item)
  return out
}

/** An async iterable whose items the test provides one at a time. */
function channel (): { iterable: AsyncIterable<string>, push: (item: string) => void, end: () => void, pulls: () => number } {
  const items: Array<string | undefined> = []
  let wake: (() => void) | undefined
  let pulls = 0
  return {
    iterable: {
      async * [Symbol.asyncIterator] () {
        for (;;) {
          pulls++
          while (items.length === 0) await new Promise<void>((resolve) => { wake = resolve })
          const item = items.shift()
          if (item === undefined) return
          yield item
        }
      }
    },
    push: (item) => { items.push(item); wake?.() },
    end: () => { items.push(undefined); wake?.() },
    pulls: () => pulls
  }
}

test('synthesizes every sentence over one socket, one complete WAV each', async (t) => {
  const fake = await startFakeProsaTts()
  t.teardown(fake.close)
  const { calls, observer } = recordCalls()
  const tts = createProsaTextToSpeech({ url: fake.url, apiKey: fake.apiKey, timeoutMs: 5000, observer })
  t.equal(tts.name, 'prosa')
  const sentences = ['Institut Teknologi Bandung didirikan tahun 1920.', 'Kampus utamanya di Jalan Ganesha.', '  ', 'Terima kasih.']
  const results = await collect(tts.synthesize(sentences))

  t.same(results.map((r) => r.sentence), [sentences[0], sentences[1], sentences[3]], 'blank sentences are skipped')
  t.same(results.map((r) => r.voice), ['tts-ghifari-professional', 'tts-ghifari-professional', 'tts-ghifari-professional'], 'the model is the voice')
  t.equal(fake.sessions.length, 1, 'one socket for the whole answer')
  t.same(fake.texts, [sentences[0], sentences[1], sentences[3]])
  t.same(fake.violations, [])
  t.same(fake.sessions[0].token, fake.apiKey)
  t.same(fake.sessions[0].config, { label: 'itb-chatbot', model: 'tts-ghifari-professional', audio_format: 'wav', sample_rate: 16000 })
  for (const { sentence, wav } of results) {
    const info = parseWav(wav)
    t.equal(info.sampleRate, 16000)
    t.equal(info.dataOffset, 44, 'normalised header (the fake sends a LIST chunk)')
    t.equal(wav.readUInt32LE(4), wav.length - 8)
    t.ok(Math.abs(info.durationSeconds - sentence.length * 0.06) < 0.01, `${info.durationSeconds} s for ${sentence.length} chars`)
  }
  t.ok(await eventually(() => fake.sessions[0].closed))
  t.equal(fake.sessions[0].clientCloseCode, 1000, 'closed with 1000 at the end')
  t.same(calls.map((c) => `${c.service}:${c.outcome}`), ['prosa-tts-connect:ok', 'prosa-tts:ok', 'prosa-tts:ok', 'prosa-tts:ok'])
})

test('sentences are consumed lazily: the first WAV comes before the second sentence exists', async (t) => {
  const fake = await startFakeProsaTts()
  t.teardown(fake.close)
  const tts = createProsaTextToSpeech({ url: fake.url, apiKey: fake.apiKey, model: 'tts-dimas-formal', sampleRate: 8000, timeoutMs: 5000 })
  const input = channel()
  const output = tts.synthesize(input.iterable)[Symbol.asyncIterator]()

  const firstPending = output.next()
  input.push('Halo.')
  const first = await firstPending
  t.equal(first.done, false)
  t.equal((first.value as SynthesizedSentence).sentence, 'Halo.')
  t.equal(parseWav((first.value as SynthesizedSentence).wav).sampleRate, 8000)
  t.same(fake.texts, ['Halo.'], 'the second sentence was not provided yet')

  const secondPending = output.next()
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.same(fake.texts, ['Halo.'])
  input.push('Apa kabar?')
  t.equal(((await secondPending).value as SynthesizedSentence).sentence, 'Apa kabar?')
  input.end()
  t.same(await output.next(), { done: true, value: undefined })
  t.equal(fake.sessions.length, 1)
  t.same(fake.sessions[0].config, { label: 'itb-chatbot', model: 'tts-dimas-formal', audio_format: 'wav', sample_rate: 8000 })
  t.ok(await eventually(() => fake.sessions[0].clientCloseCode === 1000))
})

test('a text reply to a sentence is an error, and the socket is closed', async (t) => {
  const fake = await startFakeProsaTts({ failOnText: 'GAGAL' })
  t.teardown(fake.close)
  const tts = createProsaTextToSpeech({ url: fake.url, apiKey: fake.apiKey, timeoutMs: 5000 })
  const seen: string[] = []
  await t.rejects((async () => {
    for await (const { sentence } of tts.synthesize(['Satu.', 'Ini GAGAL.', 'Tiga.'])) seen.push(sentence)
  })(), { name: 'ServiceError', kind: 'upstream', code: 'TTS_FAILED', message: /text instead of audio/ })
  t.same(seen, ['Satu.'])
  t.same(fake.texts, ['Satu.', 'Ini GAGAL.'], 'nothing sent after the failure')
  t.ok(await eventually(() => fake.sessions[0].clientCloseCode === 1000))
})

test('a wrong token (4000) and the other close codes map to domain errors', async (t) => {
  const fake = await startFakeProsaTts()
  const tts = createProsaTextToSpeech({ url: fake.url, apiKey: 'wrong', timeoutMs: 5000 })
  await t.rejects(collect(tts.synthesize(['Halo.'])), { kind: 'upstream', code: 'TTS_AUTH', message: 'Text-to-speech rejected the API key' })
  t.same(fake.violations, [])
  await fake.close()

  for (const [closeWith, kind, code] of [[4001, 'upstream', 'TTS_CONFIG'], [4002, 'upstream', 'TTS_CONFIG'], [4005, 'unavailable', 'TTS_QUOTA'], [4029, 'rate_limited', 'TTS_RATE_LIMITED'], [1011, 'upstream', 'TTS_FAILED']] as const) {
    const closing = await startFakeProsaTts({ closeWith })
    const client = createProsaTextToSpeech({ url: closing.url, apiKey: closing.apiKey, timeoutMs: 5000 })
    await t.rejects(collect(client.synthesize(['Halo.'])), { kind, code }, `close ${closeWith}`)
    await closing.close()
  }
})

test('a refused job and a hang-up mid-answer are upstream failures', async (t) => {
  const refusing = await startFakeProsaTts({ rejectJob: 'model overloaded' })
  t.teardown(refusing.close)
  const { calls, observer } = recordCalls()
  await t.rejects(collect(createProsaTextToSpeech({ url: refusing.url, apiKey: refusing.apiKey, timeoutMs: 5000, observer }).synthesize(['Halo.'])),
    { kind: 'upstream', code: 'TTS_FAILED', message: /refused the job.*model overloaded/ })
  t.same(refusing.texts, [], 'no sentence sent to a refused job')
  t.match(calls, [{ service: 'prosa-tts-connect', outcome: 'error' }])

  const hangingUp = await startFakeProsaTts({ hangUpOnText: 'dua' })
  t.teardown(hangingUp.close)
  const seen: string[] = []
  await t.rejects((async () => {
    for await (const { sentence } of createProsaTextToSpeech({ url: hangingUp.url, apiKey: hangingUp.apiKey, timeoutMs: 5000 }).synthesize(['Satu.', 'Ini dua.'])) seen.push(sentence)
  })(), { kind: 'upstream', code: 'TTS_FAILED', message: /closed the connection before sending the audio/ })
  t.same(seen, ['Satu.'])
})

test('per-sentence timeout: TTS_TIMEOUT, socket closed', async (t) => {
  const fake = await startFakeProsaTts({ delayPerSentenceMs: 60_000 })
  t.teardown(fake.close)
  const { calls, observer } = recordCalls()
  const tts = createProsaTextToSpeech({ url: fake.url, apiKey: fake.apiKey, timeoutMs: 300, observer })
  const started = Date.now()
  await t.rejects(collect(tts.synthesize(['Lambat sekali.'])), { kind: 'timeout', code: 'TTS_TIMEOUT' })
  t.ok(Date.now() - started < 10_000, 'the 300 ms budget, not the minute the server takes')
  t.same(calls.map((c) => `${c.service}:${c.outcome}`), ['prosa-tts-connect:ok', 'prosa-tts:timeout'])
  t.ok(await eventually(() => fake.sessions[0].clientCloseCode === 1000))
})

test('the timeout is per sentence, not per answer', async (t) => {
  const fake = await startFakeProsaTts({ delayPerSentenceMs: 150 })
  t.teardown(fake.close)
  const tts = createProsaTextToSpeech({ url: fake.url, apiKey: fake.apiKey, timeoutMs: 400 })
  const results = await collect(tts.synthesize(['Satu.', 'Dua.', 'Tiga.', 'Empat.']))
  t.equal(results.length, 4, 'four sentences take longer than one timeout in total')
})

test('abort while waiting for the next sentence or for audio: AbortError, socket closed', async (t) => {
  const fake = await startFakeProsaTts()
  t.teardown(fake.close)
  const tts = createProsaTextToSpeech({ url: fake.url, apiKey: fake.apiKey, timeoutMs: 5000 })
  const input = channel()
  const controller = new AbortController()
  const output = tts.synthesize(input.iterable, { signal: controller.signal })[Symbol.asyncIterator]()
  input.push('Satu.')
  t.equal(((await output.next()).value as SynthesizedSentence).sentence, 'Satu.')
  const waiting = output.next() // the model is still writing the next sentence
  setTimeout(() => controller.abort(), 50)
  const error = await waiting.catch((err: unknown) => err)
  t.ok(isAbortError(error), String(error))
  t.ok(await eventually(() => fake.sessions[0].clientCloseCode === 1000), 'closed with 1000 on abort')

  const slow = await startFakeProsaTts({ delayPerSentenceMs: 60_000 })
  t.teardown(slow.close)
  const slowTts = createProsaTextToSpeech({ url: slow.url, apiKey: slow.apiKey, timeoutMs: 10_000 })
  const midAudio = new AbortController()
  setTimeout(() => midAudio.abort(), 100)
  const started = Date.now()
  await t.rejects(collect(slowTts.synthesize(['Halo.'], { signal: midAudio.signal })), { name: 'AbortError' })
  t.ok(Date.now() - started < 10_000, 'the abort, not the minute the server takes')
  t.ok(await eventually(() => slow.sessions[0].closed))
})

test('stopping early (break) closes the socket; no sentences opens and closes it cleanly', async (t) => {
  const fake = await startFakeProsaTts()
  t.teardown(fake.close)
  const tts = createProsaTextToSpeech({ url: fake.url, apiKey: fake.apiKey, timeoutMs: 5000 })
  const heard: string[] = []
  for await (const { sentence } of tts.synthesize(['Satu.', 'Dua.', 'Tiga.'])) {
    heard.push(sentence)
    if (heard.length === 1) break
  }
  t.same(heard, ['Satu.'])
  t.same(fake.texts, ['Satu.'])
  t.ok(await eventually(() => fake.sessions[0].clientCloseCode === 1000))
  t.same(await collect(tts.synthesize([])), [])
})

test('nothing listening: TTS_UNAVAILABLE', async (t) => {
  const tts = createProsaTextToSpeech({ url: `ws://127.0.0.1:${await closedPort()}/`, apiKey: 'k', timeoutMs: 5000 })
  await t.rejects(collect(tts.synthesize(['Halo.'])), { kind: 'unavailable', code: 'TTS_UNAVAILABLE' })
})
