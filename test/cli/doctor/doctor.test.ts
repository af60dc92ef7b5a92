// `npm run doctor` against the protocol fakes and a private redis-server, over real sockets:
// runDoctor called directly for each scenario, and scripts/doctor.ts spawned as a user runs it.
import t, { type Test } from 'tap'
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { loadConfig, type Config } from '../../../src/config.ts'
import { runDoctor, TEST_PROMPT, TEST_QUESTION, TEST_SENTENCE } from '../../../src/cli/doctor/index.ts'
import type { CheckResult, DoctorOptions, DoctorReport } from '../../../src/cli/doctor/index.ts'
import { startFakeChat, type ChatCompletionBody } from '../../support/fakes/openai-chat.ts'
import { fakeEmbedding, startFakeEmbeddings } from '../../support/fakes/openai-embeddings.ts'
import { startFakeEmotion } from '../../support/fakes/emotion.ts'
import { startFakeOpenAiAudio } from '../../support/fakes/openai-audio.ts'
import { startFakePinecone, type FakePinecone } from '../../support/fakes/pinecone.ts'
import { startFakeProsaStt } from '../../support/fakes/prosa-stt.ts'
import { startFakeProsaTts } from '../../support/fakes/prosa-tts.ts'
import { freePort, startRedis } from '../../support/helpers/redis-server.ts'

const run = promisify(execFile)
const root = resolve(import.meta.dirname, '../../..')
const script = join(root, 'scripts/doctor.ts')
const DIMENSIONS = 64

// Secrets that must never reach the output, each distinctive enough to be searched for.
const SECRETS = {
  together: 'tg-secret-Zq81xWv0',
  openai: 'sk-openai-secret-Hh27pLm4',
  embeddings: 'emb-secret-Kx55rTq9',
  pinecone: 'pc-secret-Nn40yUe3',
  prosaStt: 'prosa-stt-secret-Bb16',
  prosaTts: 'prosa-tts-secret-Cc73',
  audio: 'audio-secret-Dd92'
}

// --- the fakes, shared by every scenario ----------------------------------------------------------

const together = await startFakeChat({ apiKey: SECRETS.together, respond: () => ({ content: 'OK' }) })
const openai = await startFakeChat({ apiKey: SECRETS.openai, respond: () => ({ content: 'OK' }) })
const embeddings = await startFakeEmbeddings({ apiKey: SECRETS.embeddings })
const pinecone = await startFakePinecone({ apiKey: SECRETS.pinecone, dimension: DIMENSIONS })
const pineconeWrongDimension = await startFakePinecone({ apiKey: SECRETS.pinecone, dimension: 32 })
const pineconeEmpty = await startFakePinecone({ apiKey: SECRETS.pinecone, dimension: DIMENSIONS })
const prosaStt = await startFakeProsaStt({ apiKey: SECRETS.prosaStt, transcript: 'halo itb' })
const prosaTts = await startFakeProsaTts({ apiKey: SECRETS.prosaTts })
const emotion = await startFakeEmotion({ label: 'Happy' })
const redis = await startRedis({ appendOnly: true })
t.teardown(async () => {
  await Promise.all([together, openai, embeddings, pinecone, pineconeWrongDimension, pineconeEmpty, prosaStt, prosaTts, emotion]
    .map(async (fake) => { await fake.close() }))
  await redis.destroy()
})

// One passage in the Pinecone fake, stored as LangChain's PineconeStore writes it (text in metadata).
pinecone.vectors.set('', new Map([['knowledge-sejarah-itb-md-0', {
  id: 'knowledge-sejarah-itb-md-0',
  values: fakeEmbedding(TEST_QUESTION, DIMENSIONS),
  metadata: {
    text: 'Institut Teknologi Bandung berakar pada Technische Hoogeschool te Bandoeng yang didirikan pada 3 Juli 1920.',
    title: 'Sejarah Singkat ITB',
    source: 'https://www.itb.ac.id/',
    path: 'knowledge/sejarah-itb.md',
    section: 'Awal Berdiri',
    position: 0,
    language: 'id'
  }
}]]))

// A one-document corpus (a real document of the bundled knowledge base) in a temporary folder.
const work = await mkdtemp(join(tmpdir(), 'itb-doctor-'))
t.teardown(async () => { await rm(work, { recursive: true, force: true }) })
const knowledgeDir = join(work, 'knowledge')
await mkdir(knowledgeDir)
await copyFile(join(root, 'knowledge/sejarah-itb.md'), join(knowledgeDir, 'sejarah-itb.md'))
const emptyKnowledgeDir = join(work, 'empty-knowledge')
await mkdir(emptyKnowledgeDir)

let dataDirs = 0
function configOf (env: Record<string, string | undefined>): Config {
  return loadConfig({ env: { API_KEYS: 'doctor-client-key', KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: join(work, `data-${++dataDirs}`), ...env }, dotenvPath: false })
}

/** Every fake, as the service would be configured to use them. */
function fullEnv (overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    REDIS_URL: redis.url,
    TOGETHER_API_KEY: SECRETS.together,
    TOGETHER_BASE_URL: together.baseURL,
    TOGETHER_MODEL: 'fake-qwen',
    OPENAI_API_KEY: SECRETS.openai,
    OPENAI_BASE_URL: openai.baseURL,
    OPENAI_MODEL: 'fake-gpt',
    EMBEDDINGS_BASE_URL: embeddings.baseURL,
    EMBEDDINGS_API_KEY: SECRETS.embeddings,
    EMBEDDINGS_MODEL: 'fake-embedding',
    EMBEDDINGS_DIMENSIONS: String(DIMENSIONS),
    PINECONE_API_KEY: SECRETS.pinecone,
    PINECONE_INDEX_HOST: pinecone.host,
    PROSA_STT_API_KEY: SECRETS.prosaStt,
    PROSA_STT_URL: prosaStt.url,
    PROSA_TTS_API_KEY: SECRETS.prosaTts,
    PROSA_TTS_URL: prosaTts.url,
    EMOTION_ANALYSIS_URL: emotion.url,
    ...overrides
  }
}

async function doctor (env: Record<string, string | undefined>, options: DoctorOptions = {}): Promise<DoctorReport & { byName: Record<string, CheckResult> }> {
  const report = await runDoctor(configOf(env), options)
  return { ...report, byName: Object.fromEntries(report.results.map((result) => [result.name, result])) }
}

function assertNoSecret (t: Test, text: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) t.notOk(text.includes(secret), `the ${name} secret is not printed`)
}

// --- scenarios ---------------------------------------------------------------------------------------

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

t.test('a wrong key on one provider fails that line with the variable to check, exit code 1', async (t) => {
  const report = await doctor(fullEnv({ OPENAI_API_KEY: 'sk-wrong-key-00000000' }))
  t.equal(report.exitCode, 1)
  t.match(report.byName['llm:openai'], { status: 'fail', code: '401', detail: 'rejected the API key — check OPENAI_API_KEY' })
  t.equal(report.byName['llm:together'].status, 'ok', 'the other provider still passes')
  t.equal(report.results.filter((result) => result.status === 'fail').length, 1)

  const prosa = await doctor(fullEnv({ PROSA_STT_API_KEY: 'wrong-prosa-key', PROSA_TTS_API_KEY: 'wrong-prosa-key' }))
  t.match(prosa.byName['stt:prosa'], { status: 'fail', code: 'auth', detail: 'rejected the API key — check PROSA_STT_API_KEY' })
  t.match(prosa.byName['tts:prosa'], { status: 'fail', code: 'auth', detail: 'rejected the API key — check PROSA_TTS_API_KEY' })

  const keys = await doctor(fullEnv({ EMBEDDINGS_API_KEY: 'wrong-embeddings-key', PINECONE_API_KEY: 'wrong-pinecone-key' }))
  t.match(keys.byName.embeddings, { status: 'fail', code: '401', detail: 'rejected the API key — check EMBEDDINGS_API_KEY' })
  t.match(keys.byName.pinecone, { status: 'fail', code: '401', detail: 'rejected the API key — check PINECONE_API_KEY' })
  t.equal(keys.byName.knowledge.status, 'fail', 'the knowledge base cannot search either')
})

t.test('provider failures: server error, timeout, unreachable, unknown model; a key echoed by a server is masked', async (t) => {
  const closedPort = await freePort()
  t.teardown(() => { together.setRespond(() => ({ content: 'OK' })) })

  together.setRespond(() => ({ status: 503 }))
  const overloaded = await doctor({ TOGETHER_API_KEY: SECRETS.together, TOGETHER_BASE_URL: together.baseURL })
  t.match(overloaded.byName['llm:together'], { status: 'fail', code: '503', detail: /^server error \(HTTP 503\)/ })

  together.setRespond(() => ({ status: 404 }))
  const missing = await doctor({ TOGETHER_API_KEY: SECRETS.together, TOGETHER_BASE_URL: together.baseURL, TOGETHER_MODEL: 'no-such-model' })
  t.match(missing.byName['llm:together'], { code: '404', detail: 'model "no-such-model" not found — check TOGETHER_MODEL and TOGETHER_BASE_URL' })

  together.setRespond(() => ({ status: 400, error: `bad request from key ${SECRETS.together}` }))
  const echoed = await doctor({ TOGETHER_API_KEY: SECRETS.together, TOGETHER_BASE_URL: together.baseURL })
  t.match(echoed.byName['llm:together'], { code: '400', detail: /bad request from key \*\*\*/ })
  assertNoSecret(t, JSON.stringify(echoed.results))

  together.setRespond(() => ({ hang: true }))
  const slow = await doctor({ TOGETHER_API_KEY: SECRETS.together, TOGETHER_BASE_URL: together.baseURL }, { timeoutMs: 1500 })
  t.match(slow.byName['llm:together'], { status: 'fail', code: 'timeout', detail: `no answer within 1.5 s from 127.0.0.1:${together.port}` })
  t.ok((slow.byName['llm:together'].durationMs ?? 0) < 3000, 'the budget is kept')

  const unreachable = await doctor({ LLM_BASE_URL: `http://127.0.0.1:${closedPort}/v1`, LLM_MODEL: 'local-model' })
  t.match(unreachable.byName['llm:custom'], { status: 'fail', code: 'unreachable', detail: `cannot reach 127.0.0.1:${closedPort} — check LLM_BASE_URL` })
  t.equal(unreachable.exitCode, 1)
})

t.test('Pinecone: a dimension mismatch fails clearly; an empty index warns; the control plane is used without a host', async (t) => {
  const mismatch = await doctor(fullEnv({ PINECONE_INDEX_HOST: pineconeWrongDimension.host }))
  t.match(mismatch.byName.pinecone, {
    status: 'fail',
    code: 'mismatch',
    detail: `index "informasi-umum-itb" has 32 dimensions but EMBEDDINGS_DIMENSIONS is ${DIMENSIONS} — use an index of ${DIMENSIONS} dimensions, or set EMBEDDINGS_DIMENSIONS (and EMBEDDINGS_MODEL) to match the index`
  })
  t.equal(mismatch.exitCode, 1)

  const empty = await doctor(fullEnv({ PINECONE_INDEX_HOST: pineconeEmpty.host, PINECONE_NAMESPACE: 'itb' }))
  t.match(empty.byName.pinecone, { status: 'warn', detail: `index "informasi-umum-itb": ${DIMENSIONS} dimensions, 0 vectors in namespace "itb" — it is empty: run npm run ingest` })
  t.match(empty.byName.knowledge, { status: 'warn', detail: /no passage passed the relevance floor — the corpus may not cover it$/ })
  t.equal(empty.exitCode, 0, 'warnings do not fail the run')

  const control = await startControlPlane({ 'informasi-umum-itb': { host: pinecone, dimension: DIMENSIONS }, 'not-ready': { host: pineconeEmpty, dimension: DIMENSIONS, ready: false, metric: 'dotproduct' } })
  t.teardown(async () => { await new Promise((resolve) => control.close(resolve)) })
  const controllerHost = `http://127.0.0.1:${(control.address() as AddressInfo).port}`
  const described = await doctor(fullEnv({ PINECONE_INDEX_HOST: undefined }), { pineconeControllerHost: controllerHost })
  t.match(described.byName.pinecone, { status: 'ok', detail: `index "informasi-umum-itb": ${DIMENSIONS} dimensions, 1 vector` })

  const notReady = await doctor(fullEnv({ PINECONE_INDEX_HOST: undefined, PINECONE_INDEX_NAME: 'not-ready' }), { pineconeControllerHost: controllerHost })
  t.match(notReady.byName.pinecone, { status: 'warn', detail: /the index is not ready \(Initializing\); its metric is dotproduct, the service expects cosine; it is empty/ })

  const unknown = await doctor(fullEnv({ PINECONE_INDEX_HOST: undefined, PINECONE_INDEX_NAME: 'no-such-index' }), { pineconeControllerHost: controllerHost })
  t.match(unknown.byName.pinecone, { status: 'fail', code: '404', detail: 'index "no-such-index" not found — check PINECONE_INDEX_NAME' })
})

t.test('Redis: unreachable fails, no persistence warns, CONFIG disabled is tolerated, a wrong password names the variable', async (t) => {
  const closedPort = await freePort()
  const down = await doctor({ REDIS_URL: `redis://:hunter2-secret@127.0.0.1:${closedPort}/0` })
  t.match(down.byName.redis, { status: 'fail', code: 'unreachable', detail: `cannot reach 127.0.0.1:${closedPort} — check REDIS_URL` })
  t.equal(down.exitCode, 1)
  t.notOk(JSON.stringify(down.results).includes('hunter2'), 'the password in REDIS_URL is not printed')

  const volatile = await startRedis()
  t.teardown(volatile.destroy)
  const noPersistence = await doctor({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(volatile.port) })
  t.match(noPersistence.byName.redis, { status: 'warn', detail: /^redis [\d.]+, no persistence \(AOF and RDB snapshots off\) — conversations are lost when Redis restarts/ })
  t.equal(noPersistence.exitCode, 0)

  const managed = await spawnRedis(['--appendonly', 'yes', '--rename-command', 'CONFIG', '', '--requirepass', 'redis-secret-pass'])
  t.teardown(managed.stop)
  const noConfig = await doctor({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(managed.port), REDIS_PASSWORD: 'redis-secret-pass' })
  t.match(noConfig.byName.redis, { status: 'ok', detail: /^redis [\d.]+, AOF on$/ })

  const snapshots = await spawnRedis(['--appendonly', 'no', '--save', '3600 1'])
  t.teardown(snapshots.stop)
  const rdb = await doctor({ REDIS_URL: `redis://127.0.0.1:${snapshots.port}` })
  t.match(rdb.byName.redis, { status: 'ok', detail: /RDB snapshots on \(AOF off/ })

  const wrongPassword = await doctor({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(managed.port), REDIS_PASSWORD: 'not-the-password' })
  t.match(wrongPassword.byName.redis, { status: 'fail', code: 'auth', detail: 'rejected the password — check REDIS_PASSWORD' })
  const noPassword = await doctor({ REDIS_URL: `redis://127.0.0.1:${managed.port}` })
  t.match(noPassword.byName.redis, { status: 'fail', code: 'auth', detail: 'rejected the password — check the password in REDIS_URL' })
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

  const again = await runDoctor(loadConfig({ env: { KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: join(work, `data-${dataDirs}`) }, dotenvPath: false }))
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
  const espeak = await doctor({}, { tools: noIndonesian })
  t.match(espeak.byName['espeak-ng'], { status: 'warn', detail: 'espeak-ng 1.51: no Indonesian voice — answers are spoken with the default voice' })
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

t.test('emotion service errors', async (t) => {
  const failing = await startFakeEmotion({ mode: 'failing' })
  t.teardown(failing.close)
  const report = await doctor({ EMOTION_ANALYSIS_URL: failing.url })
  t.match(report.byName.emotion, { status: 'fail', code: '500', detail: /^server error \(HTTP 500\)/ })

  const closedPort = await freePort()
  const down = await doctor({ EMOTION_ANALYSIS_URL: `http://127.0.0.1:${closedPort}` })
  t.match(down.byName.emotion, { status: 'fail', code: 'unreachable', detail: `cannot reach 127.0.0.1:${closedPort} — check EMOTION_ANALYSIS_URL` })
})

t.test('scripts/doctor.ts as a user runs it: output, exit code and no secret', async (t) => {
  const env = fullEnv({ API_KEYS: 'doctor-client-key', OPENAI_API_KEY: 'sk-wrong-key-for-the-cli', KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: join(work, 'cli-data') })
  const result = await cli(env, [])
  t.equal(result.code, 1, result.stderr)
  t.equal(result.stderr, '')
  const lines = result.stdout.trimEnd().split('\n')
  t.equal(lines.length, 13, result.stdout)
  t.match(lines[0], /^ok {3}redis {12}(?:\d+ ms|\d+\.\d s) +redis \d+\.\d+\.\d+, AOF on$/)
  t.match(lines[1], /^ok {3}llm:together {5}(?:\d+ ms|\d+\.\d s) +fake-qwen answered "OK"$/)
  t.equal(lines[2], 'FAIL llm:openai       401      rejected the API key - check OPENAI_API_KEY')
  t.match(lines[3], /^ok {3}embeddings {7}(?:\d+ ms|\d+\.\d s) +fake-embedding: 64 dimensions$/)
  t.match(lines[4], /^ok {3}pinecone {9}(?:\d+ ms|\d+\.\d s) +index "informasi-umum-itb": 64 dimensions, 1 vector$/)
  t.match(lines[5], /^ok {3}stt:prosa .* transcribed a 1 s test tone: "halo itb"$/)
  t.match(lines[6], /^ok {3}tts:prosa .* "Halo\." -> WAV of 0\.3 s at 8000 Hz$/)
  t.match(lines[7], /^ok {3}emotion .* labelled a 1 s test clip \(FLAC\) "happy"$/)
  t.match(lines[8], /^ok {3}ffmpeg /)
  t.match(lines[9], /^ok {3}espeak-ng /)
  t.match(lines[10], /^ok {3}knowledge .* "Kapan ITB didirikan\?" -> 1 passage \(top: Sejarah Singkat ITB\)$/)
  t.equal(lines[11], '')
  t.equal(lines[12], '10 ok, 1 failed')
  t.match(result.stdout, /^[\x20-\x7e\n]*$/, 'plain ASCII when not a terminal')
  assertNoSecret(t, result.stdout + result.stderr)
  t.notOk(result.stdout.includes('sk-wrong-key-for-the-cli'), 'not even the wrong key')

  const json = await cli({ KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: join(work, 'cli-data-2'), TTS_PROVIDER: 'none' }, ['--json', '--timeout', '5'])
  t.equal(json.code, 0, json.stderr)
  const parsed = JSON.parse(json.stdout) as DoctorReport
  t.equal(parsed.exitCode, 0)
  t.equal(parsed.results.find((r) => r.name === 'knowledge')?.status, 'ok')

  const misconfigured = await cli({ VECTOR_STORE: 'chroma', PINECONE_API_KEY: SECRETS.pinecone, REDIS_PORT: 'not-a-port' }, [])
  t.equal(misconfigured.code, 2)
  t.equal(misconfigured.stdout, '')
  t.match(misconfigured.stderr, /Invalid configuration/)
  t.match(misconfigured.stderr, /VECTOR_STORE/)
  t.match(misconfigured.stderr, /REDIS_PORT/)
  assertNoSecret(t, misconfigured.stderr)

  const badTimeout = await cli({}, ['--timeout', 'soon'])
  t.equal(badTimeout.code, 2)
  t.match(badTimeout.stderr, /--timeout must be a number of seconds/)
  const unknownFlag = await cli({}, ['--verbose'])
  t.equal(unknownFlag.code, 2)
  t.match(unknownFlag.stderr, /Unknown option '--verbose'[\s\S]*usage: node scripts\/doctor\.ts/)
  const help = await cli({}, ['--help'])
  t.equal(help.code, 0)
  t.equal(help.stdout, 'usage: node scripts/doctor.ts [--json] [--timeout <seconds>]\n')
})

// --- helpers -----------------------------------------------------------------------------------------

async function cli (env: Record<string, string | undefined>, args: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  const defined = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined))
  try {
    // Run from an empty folder so that no .env of the repository is read.
    const { stdout, stderr } = await run(process.execPath, [script, ...args], { cwd: work, env: { PATH: process.env.PATH ?? '', ...defined }, timeout: 60_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number, stdout: string, stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

/** A redis-server with extra arguments (a renamed CONFIG, a password) that startRedis does not offer. */
async function spawnRedis (args: string[]): Promise<{ port: number, stop: () => Promise<void> }> {
  const port = await freePort()
  const dir = await mkdtemp(join(tmpdir(), 'itb-doctor-redis-'))
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...args], { stdio: 'ignore' })
  const deadline = Date.now() + 10_000
  for (;;) {
    const listening = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => { socket.end(); resolve(true) })
      socket.once('error', () => { resolve(false) })
    })
    if (listening) break
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return {
    port,
    stop: async () => {
      if (child.exitCode === null) await new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM') })
      await rm(dir, { recursive: true, force: true })
    }
  }
}

interface ControlPlaneIndex { host: FakePinecone, dimension: number, ready?: boolean, metric?: string }

/** The Pinecone control plane's GET /indexes/{name} (API 2025-01), pointing at the data-plane fakes. */
async function startControlPlane (indexes: Record<string, ControlPlaneIndex>): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (req.headers['api-key'] !== SECRETS.pinecone) return send(401, { error: { code: 'UNAUTHENTICATED', message: 'Invalid API Key' }, status: 401 })
    const name = decodeURIComponent((req.url ?? '').replace(/^\/indexes\//, '').split('?')[0])
    const index = indexes[name]
    if (req.method !== 'GET' || index === undefined) return send(404, { error: { code: 'NOT_FOUND', message: `Resource ${name} not found` }, status: 404 })
    send(200, {
      name,
      dimension: index.dimension,
      metric: index.metric ?? 'cosine',
      host: index.host.host,
      deletion_protection: 'disabled',
      spec: { serverless: { cloud: 'aws', region: 'us-east-1' } },
      status: index.ready === false ? { ready: false, state: 'Initializing' } : { ready: true, state: 'Ready' },
      vector_type: 'dense'
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server
}
