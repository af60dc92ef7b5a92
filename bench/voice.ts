// npm run bench:voice — the voice pipeline against fakes of fixed latency (STT 1 s, emotion 0.5 s,
// model 0.5 s per call, TTS 0.3 s per sentence) with a 10 s espeak-ng recording:
//  end-to-end p50/p95 at 1 and 20 concurrent requests; the pipeline's own overhead (total minus the
//  vendor time on the critical path); time to the first audio event when streaming; espeak-ng
//  synthesis time per sentence.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEspeakTextToSpeech } from '../src/services/speech/espeak-tts.ts'
import { startFakeChat, type ChatRequest, type Reply } from '../test/fakes/openai-chat.ts'
import { startFakeEmotion } from '../test/fakes/emotion.ts'
import { startFakeProsaStt } from '../test/fakes/prosa-stt.ts'
import { startFakeProsaTts } from '../test/fakes/prosa-tts.ts'
import { speak, trimWav } from '../test/helpers/audio-fixtures.ts'
import { call, fmt, percentile, startService } from './helpers.ts'

const STT_S = 1
const EMOTION_S = 0.5
const MODEL_S = 0.5
const TTS_S = 0.3
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10)
const KEY = 'bench-voice-key-0123456789'
const ANSWER = 'ITB didirikan pada tanggal 3 Juli 1920 [1]. Namanya saat itu Technische Hoogeschool te Bandoeng [1]. Kampus utamanya berada di Jalan Ganesa 10 Bandung [1].'
const SENTENCES = 3

const recording = trimWav(await speak(
  'Selamat pagi. Saya ingin bertanya tentang Institut Teknologi Bandung. Kapan sebenarnya ITB didirikan, ' +
  'dan apa nama sekolah itu ketika pertama kali dibuka di kota Bandung? Terima kasih banyak atas jawabannya.',
  { wordsPerMinute: 120 }), 10)

const model = await startFakeChat({
  apiKey: 'llm',
  respond: (request: ChatRequest): Reply => request.toolResults.length === 0
    ? { toolCalls: [{ name: 'fetch_documents', arguments: { search_query: request.lastUserText } }], delayMs: MODEL_S * 1000 }
    : { content: ANSWER, delayMs: MODEL_S * 1000 }
})
const stt = await startFakeProsaStt({ apiKey: 'stt', transcript: 'Kapan ITB didirikan?', delayMs: STT_S * 1000 })
const tts = await startFakeProsaTts({ apiKey: 'tts', delayPerSentenceMs: TTS_S * 1000 })
const emotion = await startFakeEmotion({ mode: 'slow', delayMs: EMOTION_S * 1000, label: 'neutral' })
const dataDir = mkdtempSync(join(tmpdir(), 'itb-bench-voice-'))
const service = await startService({
  API_KEYS: KEY,
  RATE_LIMIT_ENABLED: 'false',
  MAX_EVENT_LOOP_DELAY: '0',
  DATA_DIR: dataDir,
  LLM_BASE_URL: model.baseURL,
  LLM_MODEL: 'fake',
  LLM_API_KEY: 'llm',
  PROSA_STT_API_KEY: 'stt',
  PROSA_STT_URL: stt.url,
  PROSA_TTS_API_KEY: 'tts',
  PROSA_TTS_URL: tts.url,
  EMOTION_ANALYSIS_URL: emotion.url,
  MAX_CONVERSATIONS: '100000'
})

const form = new FormData()
form.append('audio', new Blob([recording], { type: 'audio/wav' }), 'question.wav')
const encoded = new Response(form)
const body = Buffer.from(await encoded.arrayBuffer())
const contentType = encoded.headers.get('content-type') as string
let conversation = 0
const ask = async (accept?: string) => await call(service.port, 'POST', '/v1/audio', {
  'content-type': contentType,
  'x-api-key': KEY,
  'x-conversation-id': `voice-${conversation++}`,
  ...(accept === undefined ? {} : { accept })
}, body as unknown as string, accept === undefined ? undefined : 'event: audio')

// Critical path of the vendors: STT, then the search call and the answer call (emotion overlaps the
// search), then the sentences one after another over the TTS socket.
const vendorS = STT_S + Math.max(MODEL_S, EMOTION_S) + MODEL_S + SENTENCES * TTS_S
const firstAudioBudgetS = STT_S + Math.max(MODEL_S, EMOTION_S) + MODEL_S + TTS_S + 0.1

const rows: string[][] = []
for (const concurrency of [1, 20]) {
  const totals: number[] = []
  let errors = 0
  const rounds = concurrency === 1 ? ROUNDS : Math.max(2, Math.round(ROUNDS / 5))
  for (let round = 0; round < rounds; round++) {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      const response = await ask()
      if (response.status !== 200 || JSON.parse(response.body).audio === null) errors++
      else totals.push(response.totalMs / 1000)
    }))
  }
  const overhead = totals.map((total) => (total - vendorS) * 1000)
  rows.push([`end to end, ${concurrency} concurrent`, `p50 ${fmt(percentile(totals, 50), 2)} s, p95 ${fmt(percentile(totals, 95), 2)} s`,
    `overhead p50 ${fmt(percentile(overhead, 50), 0)} ms, p95 ${fmt(percentile(overhead, 95), 0)} ms (vendor path ${vendorS} s); ${totals.length} ok, ${errors} errors`, 'overhead ≤ 250 ms'])
}

const firstAudio: number[] = []
for (let round = 0; round < ROUNDS; round++) {
  const response = await ask('text/event-stream')
  if (response.firstEventMs !== undefined) firstAudio.push(response.firstEventMs / 1000)
}
rows.push(['first audio event (SSE)', `p50 ${fmt(percentile(firstAudio, 50), 2)} s, p95 ${fmt(percentile(firstAudio, 95), 2)} s`,
  `budget STT + first model sentence + first TTS + 0.1 = ${fmt(firstAudioBudgetS, 2)} s`, `≤ ${fmt(firstAudioBudgetS, 2)} s`])

const espeak = createEspeakTextToSpeech({ voice: 'id', timeoutMs: 30_000 })
const sentences = ['Institut Teknologi Bandung didirikan pada tanggal tiga Juli seribu sembilan ratus dua puluh.',
  'Kampus utamanya berada di Jalan Ganesa nomor sepuluh, Bandung.', 'Mahasiswa baru mengikuti Tahap Persiapan Bersama pada tahun pertama.']
const espeakMs: number[] = []
for (let round = 0; round < 5; round++) {
  for (const sentence of sentences) {
    const started = performance.now()
    let wavs = 0
    for await (const spoken of espeak.synthesize([sentence])) wavs += spoken.wav.length > 44 ? 1 : 0
    if (wavs !== 1) throw new Error('espeak-ng produced no audio')
    espeakMs.push(performance.now() - started)
  }
}
rows.push(['espeak-ng synthesis per sentence', `p50 ${fmt(percentile(espeakMs, 50), 0)} ms, p95 ${fmt(percentile(espeakMs, 95), 0)} ms`, `${espeakMs.length} sentences of ~10 words`, '—'])

await service.stop()
await Promise.all([model.close(), stt.close(), tts.close(), emotion.close()])
rmSync(dataDir, { recursive: true, force: true })

console.log(`\nbench:voice — Node ${process.version}; fakes: STT ${STT_S} s, emotion ${EMOTION_S} s, model ${MODEL_S} s/call, TTS ${TTS_S} s/sentence; 10 s recording; ${SENTENCES}-sentence answer\n`)
console.log('| measure | result | detail | target |')
console.log('| --- | --- | --- | --- |')
for (const row of rows) console.log(`| ${row.join(' | ')} |`)
process.exit(0)
