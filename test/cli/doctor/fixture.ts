// What `npm run doctor` is checked against in doctor*.test.ts, over real sockets: each dependency's
// protocol fake (each with its own secret), a private redis-server, a one-document corpus in a
// temporary folder, and runDoctor on the configuration an environment gives.
import type { Test } from 'tap'
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { loadConfig, type Config } from '../../../src/config.ts'
import { runDoctor, TEST_QUESTION } from '../../../src/cli/doctor/index.ts'
import type { CheckResult, DoctorOptions, DoctorReport } from '../../../src/cli/doctor/index.ts'
import { startFakeChat } from '../../support/fakes/openai-chat.ts'
import { fakeEmbedding, startFakeEmbeddings } from '../../support/fakes/openai-embeddings.ts'
import { startFakeEmotion } from '../../support/fakes/emotion.ts'
import { startFakePinecone } from '../../support/fakes/pinecone.ts'
import { startFakeProsaStt } from '../../support/fakes/prosa-stt.ts'
import { startFakeProsaTts } from '../../support/fakes/prosa-tts.ts'
import { startRedis } from '../../support/helpers/redis-server.ts'

export const root = resolve(import.meta.dirname, '../../..')
export const DIMENSIONS = 64

// Secrets that must never reach the output, each distinctive enough to be searched for.
export const SECRETS = {
  together: 'tg-secret-Zq81xWv0',
  openai: 'sk-openai-secret-Hh27pLm4',
  embeddings: 'emb-secret-Kx55rTq9',
  pinecone: 'pc-secret-Nn40yUe3',
  prosaStt: 'prosa-stt-secret-Bb16',
  prosaTts: 'prosa-tts-secret-Cc73',
  audio: 'audio-secret-Dd92'
}

export function assertNoSecret (t: Test, text: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) t.notOk(text.includes(secret), `the ${name} secret is not printed`)
}

/** The fakes and folders for a whole test file, released when it ends. */
export async function startDoctorFixture (t: Test) {
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

  return {
    together,
    openai,
    embeddings,
    pinecone,
    pineconeWrongDimension,
    pineconeEmpty,
    prosaStt,
    prosaTts,
    emotion,
    work,
    knowledgeDir,
    emptyKnowledgeDir,
    fullEnv,
    doctor,
    /** The DATA_DIR of the latest doctor run. */
    lastDataDir: () => join(work, `data-${dataDirs}`)
  }
}
