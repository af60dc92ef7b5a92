// npm run bench:voice — the voice pipeline with a 10 s espeak-ng recording:
//  1. instant vendors (fake STT/TTS/emotion answering at once, extractive answer): the service's own
//     time one at a time and 20 at once (next to a bare multipart route and the same question asked by
//     text in the same run, and on WORKERS=2), RSS and heap around the burst, its worst event-loop
//     delay, decode cost per format (bench/voice-instant.ts);
//  2. fakes of fixed latency (STT 1 s, emotion 0.5 s, model 0.5 s per call, TTS 0.3 s per sentence):
//     end-to-end p50/p95 at 1 and 20 concurrent requests, the pipeline's own overhead (total minus
//     the vendor time on the critical path), time to the first audio event when streaming;
//  3. espeak-ng synthesis time per sentence, with the Indonesian and with the English voice.
// BENCH_VOICE_PARTS=1 runs part 1 only (default 1,2,3); BENCH_VOICE_FORMATS=0 skips the decode cost
// per format; BENCH_VOICE_ENV='MALLOC_ARENA_MAX=2 …' adds environment variables to the services of
// parts 1 and 2 (allocator settings for the RSS figures, AUDIO_DECODE_NICENESS …); BENCH_CPU_PROF=<dir>
// runs part 1's service under --cpu-prof (written when it stops); BENCH_VOICE_NODE_ARGS='--trace-gc …'
// are more Node flags for it, and BENCH_VOICE_LOG=<file> receives its output.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEspeakTextToSpeech } from '../src/services/speech/espeak-tts.ts'
import { detectLanguage, type Language } from '../src/services/text/language.ts'
import { startFakeChat, type ChatRequest, type Reply } from '../test/support/fakes/openai-chat.ts'
import { startFakeEmotion } from '../test/support/fakes/emotion.ts'
import { startFakeProsaStt } from '../test/support/fakes/prosa-stt.ts'
import { startFakeProsaTts } from '../test/support/fakes/prosa-tts.ts'
import { speak, trimWav } from '../test/support/helpers/audio-fixtures.ts'
import { call, envPairs, fmt, loadAverage, percentile, startService } from './helpers.ts'
import { multipartBody } from './loadtest/toolkit.ts'
import { instantVendors } from './voice-instant.ts'

const STT_S = 1
const EMOTION_S = 0.5
const MODEL_S = 0.5
const TTS_S = 0.3
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10)
const KEY = 'bench-voice-key-0123456789'
const ANSWER = 'ITB didirikan pada tanggal 3 Juli 1920 [1]. Namanya saat itu Technische Hoogeschool te Bandoeng [1]. Kampus utamanya berada di Jalan Ganesa 10 Bandung [1].'
const SENTENCES = 3
const PARTS = new Set((process.env.BENCH_VOICE_PARTS ?? '1,2,3').split(',').map((part) => part.trim()))
const FORMATS = process.env.BENCH_VOICE_FORMATS !== '0'
const SERVICE_ENV = envPairs(process.env.BENCH_VOICE_ENV)
const CPU_PROF = process.env.BENCH_CPU_PROF
const NODE_ARGS = [...(CPU_PROF === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`]), ...(process.env.BENCH_VOICE_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg !== '')]

const recording = trimWav(await speak(
  'Selamat pagi. Saya ingin bertanya tentang Institut Teknologi Bandung. Kapan sebenarnya ITB didirikan, ' +
  'dan apa nama sekolah itu ketika pertama kali dibuka di kota Bandung? Terima kasih banyak atas jawabannya.',
  { wordsPerMinute: 120 }), 10)

const dataDir = mkdtempSync(join(tmpdir(), 'itb-bench-voice-'))
const rows: string[][] = []

// 1. Instant vendors: what the service itself costs.
console.log(`load average at the start ${loadAverage()}`)
if (PARTS.has('1')) {
  rows.push(...await instantVendors({ recording, key: KEY, dataDir, rounds: ROUNDS, formats: FORMATS, serviceEnv: SERVICE_ENV, envLabel: process.env.BENCH_VOICE_ENV ?? '', nodeArgs: NODE_ARGS, log: process.env.BENCH_VOICE_LOG }))
}

// 2. Vendors of fixed latency.
if (PARTS.has('2')) {
  const model = await startFakeChat({
    apiKey: 'llm',
    respond: (request: ChatRequest): Reply => request.toolResults.length === 0
      ? { toolCalls: [{ name: 'fetch_documents', arguments: { search_query: request.lastUserText } }], delayMs: MODEL_S * 1000 }
      : { content: ANSWER, delayMs: MODEL_S * 1000 }
  })
  const stt = await startFakeProsaStt({ apiKey: 'stt', transcript: 'Kapan ITB didirikan?', delayMs: STT_S * 1000 })
  const tts = await startFakeProsaTts({ apiKey: 'tts', delayPerSentenceMs: TTS_S * 1000 })
  const emotion = await startFakeEmotion({ mode: 'slow', delayMs: EMOTION_S * 1000, label: 'neutral' })
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
    MAX_CONVERSATIONS: '100000',
    ...SERVICE_ENV
  })

  const { body, contentType } = multipartBody('audio', 'question.wav', 'audio/wav', recording)
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

  // Warm-up, as in part 1: the first requests of a fresh process compile the code they run (a p95 of
  // ten requests would otherwise be the first one's).
  for (let i = 0; i < 3; i++) await ask()
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
    rows.push([`(2) end to end, ${concurrency} concurrent`, `p50 ${fmt(percentile(totals, 50), 2)} s, p95 ${fmt(percentile(totals, 95), 2)} s`,
      `overhead p50 ${fmt(percentile(overhead, 50), 0)} ms, p95 ${fmt(percentile(overhead, 95), 0)} ms (vendor path ${vendorS} s); ${totals.length} ok, ${errors} errors`, 'overhead ≤ 250 ms'])
  }

  const firstAudio: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const response = await ask('text/event-stream')
    if (response.firstEventMs !== undefined) firstAudio.push(response.firstEventMs / 1000)
  }
  rows.push(['(2) first audio event (SSE)', `p50 ${fmt(percentile(firstAudio, 50), 2)} s, p95 ${fmt(percentile(firstAudio, 95), 2)} s`,
    `budget STT + first model sentence + first TTS + 0.1 = ${fmt(firstAudioBudgetS, 2)} s`, `≤ ${fmt(firstAudioBudgetS, 2)} s`])

  await service.stop()
  await Promise.all([model.close(), stt.close(), tts.close(), emotion.close()])
}

// 3. espeak-ng, per voice: each sentence goes to the voice of its language (Indonesian, English).
if (PARTS.has('3')) {
  const espeak = createEspeakTextToSpeech({ voice: 'id', englishVoice: 'en', timeoutMs: 30_000 })
  const sentences: Record<Language, string[]> = {
    id: ['Institut Teknologi Bandung didirikan pada tanggal tiga Juli seribu sembilan ratus dua puluh.',
      'Kampus utamanya berada di Jalan Ganesa nomor sepuluh, Bandung.', 'Mahasiswa baru mengikuti Tahap Persiapan Bersama pada tahun pertama.'],
    en: ['The Bandung Institute of Technology was founded on the third of July, nineteen twenty.',
      'Its main campus is on Ganesa Street, number ten, in Bandung.', 'New students follow the Common First Year program in their first year.']
  }
  const espeakMs: Record<Language, number[]> = { id: [], en: [] }
  // Rounds alternate the voices, so a change of load on the machine weighs on both alike.
  for (let round = 0; round < 5; round++) {
    for (const language of ['id', 'en'] as const) {
      for (const sentence of sentences[language]) {
        if (detectLanguage(sentence) !== language) throw new Error(`not detected as ${language}: ${sentence}`)
        const started = performance.now()
        let wavs = 0
        for await (const spoken of espeak.synthesize([sentence])) wavs += spoken.wav.length > 44 ? 1 : 0
        if (wavs !== 1) throw new Error('espeak-ng produced no audio')
        espeakMs[language].push(performance.now() - started)
      }
    }
  }
  for (const [language, label] of [['id', 'Indonesian voice (id)'], ['en', 'English voice (en)']] as const) {
    const times = espeakMs[language]
    rows.push([`(3) espeak-ng synthesis per sentence, ${label}`, `p50 ${fmt(percentile(times, 50), 0)} ms, p95 ${fmt(percentile(times, 95), 0)} ms`, `${times.length} sentences of ~10 words`, '—'])
  }
}
rmSync(dataDir, { recursive: true, force: true })

console.log(`\nbench:voice — Node ${process.version}, load average ${loadAverage()}; (2) fakes: STT ${STT_S} s, emotion ${EMOTION_S} s, model ${MODEL_S} s/call, TTS ${TTS_S} s/sentence; 10 s recording; ${SENTENCES}-sentence answer${Object.keys(SERVICE_ENV).length === 0 ? '' : `; service environment ${process.env.BENCH_VOICE_ENV ?? ''}`}\n`)
console.log('| measure | result | detail | target |')
console.log('| --- | --- | --- | --- |')
for (const row of rows) console.log(`| ${row.join(' | ')} |`)
process.exit(0)
