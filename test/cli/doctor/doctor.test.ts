// `npm run doctor` against the protocol fakes and a private redis-server, over real sockets (the
// fakes in fixture.ts): runDoctor called directly, here for whole runs (every dependency up, nothing
// configured, local tools missing, OpenAI-compatible speech). Providers failing are in
// doctor-providers.test.ts, Pinecone and Redis in doctor-stores.test.ts, scripts/doctor.ts in doctor-cli.test.ts.
import t from 'tap'
import { loadConfig } from '../../../src/config.ts'
import { runDoctor, TEST_PROMPT, TEST_QUESTION, TEST_SENTENCE } from '../../../src/cli/doctor/index.ts'
import type { ChatCompletionBody } from '../../support/fakes/openai-chat.ts'
import { startFakeOpenAiAudio } from '../../support/fakes/openai-audio.ts'
import { DIMENSIONS, SECRETS, assertNoSecret, startDoctorFixture } from './fixture.ts'

const { together, embeddings, prosaStt, prosaTts, emotion, knowledgeDir, emptyKnowledgeDir, fullEnv, doctor, lastDataDir } = await startDoctorFixture(t)

t.test('every fake up: one correct line per dependency, exit code 0', async (t) => {
  together.reset()
  const seen: string[] = []
  const report = await doctor(fullEnv(), { onResult: (result) => { seen.push(result.name) } })
  const { byName } = report

  t.same(report.results.map((result) => result.name), [
    'redis', 'llm:together', 'llm:openai', 'embeddings', 'pinecone', 'stt:prosa', 'tts:prosa', 'emotion', 'ffmpeg', 'espeak-ng', 'knowledge'
  ], 'the fixed order: configured providers in LLM order')
  t.same(seen, report.results.map((result) => result.name), 'onResult sees every result, in order')
  for (const result of report.results) {
    t.equal(result.status, 'ok', `${result.name}: ${result.detail}`)
    t.type(result.durationMs, 'number')
  }
  t.equal(report.exitCode, 0)

  t.match(byName.redis.detail, /^redis \d+\.\d+\.\d+, AOF on$/)
  t.equal(byName['llm:together'].detail, 'fake-qwen answered "OK"')
  t.equal(byName['llm:openai'].detail, 'fake-gpt answered "OK"')
  t.equal(byName.embeddings.detail, `fake-embedding: ${DIMENSIONS} dimensions`)
  t.equal(byName.pinecone.detail, `index "informasi-umum-itb": ${DIMENSIONS} dimensions, 1 vector`)
  t.equal(byName['stt:prosa'].detail, 'transcribed a 1 s test tone: "halo itb"')
  t.equal(byName['tts:prosa'].detail, `"${TEST_SENTENCE}" → WAV of 0.3 s at 8000 Hz`)
  t.equal(byName.emotion.detail, 'labelled a 1 s test clip (FLAC) "happy"')
  t.match(byName.ffmpeg.detail, /^ffmpeg \S+: decoded a WAV to 16 kHz WAV and FLAC$/)
  t.match(byName['espeak-ng'].detail, /^espeak-ng \S+, Indonesian voice present \(not used: speech synthesis is prosa\)$/)
  t.equal(byName.knowledge.detail, `pinecone index "informasi-umum-itb"; "${TEST_QUESTION}" → 1 passage (top: Sejarah Singkat ITB)`)

  // What went over the wire: one tiny completion, a real WAV to Prosa, a FLAC to the emotion service.
  const body = together.requests[0].body as ChatCompletionBody
  t.equal(together.requests.length, 1)
  t.equal(body.max_tokens, 8)
  t.same(body.messages, [{ role: 'user', content: TEST_PROMPT }])
  t.same(prosaStt.violations, [])
  t.equal(prosaStt.sessions.at(-1)?.totalBytes, 44 + 32_000, 'one second of 16 kHz 16-bit mono')
  t.same(prosaTts.violations, [])
  t.same(prosaTts.sessions.at(-1)?.texts, [TEST_SENTENCE])
  t.same(emotion.violations, [])
  t.equal(emotion.requests.at(-1)?.fileHead?.toString('latin1', 0, 4), 'fLaC')
  assertNoSecret(t, JSON.stringify(report.results))
})

t.test('nothing configured: only the local checks run, exit code 0', async (t) => {
  const report = await doctor({})
  const statuses = Object.fromEntries(report.results.map((result) => [result.name, result.status]))
  t.same(statuses, {
    redis: 'skip',
    llm: 'skip',
    embeddings: 'skip',
    pinecone: 'skip',
    stt: 'skip',
    'tts:espeak': 'ok',
    emotion: 'skip',
    ffmpeg: 'ok',
    'espeak-ng': 'ok',
    knowledge: 'ok'
  })
  t.equal(report.exitCode, 0)
  t.match(report.byName['tts:espeak'].detail, /^"Halo\." → WAV of [\d.]+ s at 22050 Hz$/)
  t.match(report.byName['espeak-ng'].detail, /^espeak-ng [\d.]+, Indonesian voice present$/)
  t.equal(report.byName.knowledge.detail, `local index rebuilt (1 documents, ${report.byName.knowledge.detail.match(/(\d+) chunks/)?.[1]} chunks); "${TEST_QUESTION}" → ${report.byName.knowledge.detail.match(/→ (\d+) passage/)?.[1]} passages (top: Sejarah Singkat ITB)`)
  t.equal(report.byName.redis.detail, 'not configured (REDIS_URL, REDIS_HOST): conversations stay in this process')
  t.match(report.byName.llm.detail, /answers are extractive/)

  const again = await runDoctor(loadConfig({ env: { KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: lastDataDir() }, dotenvPath: false }))
  t.match(again.results.at(-1)?.detail, /^local index loaded \(1 documents/, 'a second run loads the saved index')

  const disabled = await doctor({ TTS_PROVIDER: 'none' })
  t.match(disabled.byName.tts, { status: 'skip', detail: /TTS_PROVIDER=none/ })
})

t.test('an empty knowledge folder fails the knowledge check', async (t) => {
  const report = await doctor({ KNOWLEDGE_DIR: emptyKnowledgeDir })
  t.match(report.byName.knowledge, { status: 'fail', code: 'empty', detail: /the local index is empty: no documents were found in .* — check KNOWLEDGE_DIR$/ })
  t.equal(report.exitCode, 1)
})

t.test('missing local tools: ffmpeg fails only when voice is configured; espeak-ng warns; dependent checks are skipped with a note', async (t) => {
  const tools = {
    probeFfmpeg: async () => ({ available: false, error: 'not found' }),
    probeEspeak: async () => ({ available: false, hasIndonesian: false })
  }
  const textOnly = await doctor({ EMOTION_ANALYSIS_URL: emotion.url }, { tools })
  t.match(textOnly.byName.ffmpeg, { status: 'warn', code: 'missing', detail: 'not found: /v1/audio is unavailable (text chat works) — install ffmpeg' })
  t.match(textOnly.byName['espeak-ng'], { status: 'warn', code: 'missing', detail: /^not installed: spoken answers are text only/ })
  t.match(textOnly.byName['tts:espeak'], { status: 'skip', detail: 'not checked: espeak-ng is not installed (see espeak-ng)' })
  t.match(textOnly.byName.emotion, { status: 'skip', detail: 'not checked: ffmpeg is needed to encode the FLAC test clip' })
  t.equal(textOnly.exitCode, 0)

  const voice = await doctor({ PROSA_STT_API_KEY: SECRETS.prosaStt, PROSA_STT_URL: prosaStt.url, PROSA_TTS_API_KEY: SECRETS.prosaTts, PROSA_TTS_URL: prosaTts.url }, { tools })
  t.match(voice.byName.ffmpeg, { status: 'fail', code: 'missing', detail: 'not found: /v1/audio is unavailable — install ffmpeg' })
  t.match(voice.byName['espeak-ng'], { status: 'skip', detail: 'not installed (not used: speech synthesis is prosa)' })
  t.equal(voice.exitCode, 1)

  const noIndonesian = { probeEspeak: async () => ({ available: true, version: '1.51', hasIndonesian: false }) }
  const local = await doctor({ TTS_PROVIDER: 'none' }, { tools: noIndonesian })
  t.match(local.byName['espeak-ng'], { status: 'ok', detail: 'espeak-ng 1.51, no Indonesian voice (not used: speech synthesis is none)' })
  // The real espeak-ng, asked for an Indonesian voice it does not have: it falls back to its default voice.
  const noVoice = await doctor({ ESPEAK_VOICE: 'zz' })
  t.match(noVoice.byName['espeak-ng'], { status: 'warn', code: 'voice', detail: /^espeak-ng [\d.]+: no voice "zz" \(ESPEAK_VOICE\) — Indonesian sentences are spoken with espeak-ng's default voice \(English\)$/ })
  t.equal(noVoice.exitCode, 0, 'a warning: the voice answers still have audio')

  // The real espeak-ng, asked for an English voice it does not have.
  const noEnglish = await doctor({ ESPEAK_VOICE_EN: 'zz' })
  t.match(noEnglish.byName['espeak-ng'], { status: 'warn', code: 'voice', detail: /^espeak-ng [\d.]+: no voice "zz" \(ESPEAK_VOICE_EN\) — English sentences are spoken with ESPEAK_VOICE "id"$/ })
  t.equal(noEnglish.exitCode, 0, 'a warning: the voice answers still have audio')
})

t.test('OpenAI-compatible speech, a custom model server and a hybrid local index', async (t) => {
  const audio = await startFakeOpenAiAudio({ apiKey: SECRETS.audio, transcript: 'kapan itb didirikan' })
  t.teardown(audio.close)
  const env = {
    LLM_BASE_URL: together.baseURL,
    LLM_API_KEY: SECRETS.together,
    LLM_MODEL: 'self-hosted',
    STT_BASE_URL: audio.baseURL,
    STT_API_KEY: SECRETS.audio,
    TTS_BASE_URL: audio.baseURL,
    TTS_API_KEY: SECRETS.audio,
    EMBEDDINGS_BASE_URL: embeddings.baseURL,
    EMBEDDINGS_API_KEY: SECRETS.embeddings,
    EMBEDDINGS_DIMENSIONS: String(DIMENSIONS)
  }
  const report = await doctor(env)
  t.equal(report.exitCode, 0, JSON.stringify(report.results, null, 1))
  t.equal(report.byName['llm:custom'].detail, 'self-hosted answered "OK"')
  t.equal(report.byName['stt:openai'].detail, 'transcribed a 1 s test tone: "kapan itb didirikan"')
  t.equal(report.byName['tts:openai'].detail, `"${TEST_SENTENCE}" → WAV of 0.3 s at 24000 Hz`)
  t.equal(report.byName.embeddings.status, 'ok')
  t.equal(report.byName.pinecone.detail, 'not configured (VECTOR_STORE resolves to local)')
  t.match(report.byName.knowledge, { status: 'ok', detail: /^local index rebuilt \(1 documents, \d+ chunks\); "Kapan ITB didirikan\?" → \d+ passages? \(top: Sejarah Singkat ITB\)$/ })
  t.same(audio.violations, [])

  const wrong = await doctor({ ...env, STT_API_KEY: 'wrong-audio-key', TTS_API_KEY: undefined, OPENAI_API_KEY: 'sk-also-wrong' })
  t.match(wrong.byName['stt:openai'], { status: 'fail', code: '401', detail: 'rejected the API key — check STT_API_KEY' })
  t.match(wrong.byName['tts:openai'], { status: 'fail', code: '401', detail: 'rejected the API key — check OPENAI_API_KEY' })

  embeddings.failNext(500, 100)
  t.teardown(() => { embeddings.failNext(500, 0) })
  const embeddingsDown = await doctor(env)
  t.match(embeddingsDown.byName.embeddings, { status: 'fail', code: '500' })
  t.match(embeddingsDown.byName.knowledge, { status: 'fail' }, 'the hybrid index cannot be built without embeddings')
})
