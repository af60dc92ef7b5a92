// The fake dependencies of a load-test run, all on 127.0.0.1: primary and fallback models, Prosa
// speech-to-text and text-to-speech, emotion (each healthy and failing, emotion also slow), switchable
// proxies in front of the speech and emotion fakes, a private redis-server with AOF, and the service
// environment pointing at them.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startFakeEmotion } from '../../test/support/fakes/emotion.ts'
import { startFakeChat, type ChatRequest, type FakeChat, type Reply } from '../../test/support/fakes/openai-chat.ts'
import { startFakeProsaStt } from '../../test/support/fakes/prosa-stt.ts'
import { startFakeProsaTts } from '../../test/support/fakes/prosa-tts.ts'
import { startRedis } from '../../test/support/helpers/redis-server.ts'
import { ANSWER, CHUNK_MS, EMOTION_MS, KEY, LLM_MS, LLM_TIMEOUT_S, STT_MS, TRANSCRIPT, TTS_SENTENCE_MS } from './config.ts'
import { startSwitchProxy } from './toolkit.ts'

const words = (ANSWER.match(/\s*\S+/g) ?? []).length
/**
 * The models' behaviour: search first when no passages came with the question, then answer, each call
 * taking `callMs` in all (a stream word by word, `chunkMs` apart).
 */
export const modelTaking = (callMs: number, chunkMs: number) => (request: ChatRequest): Reply => request.toolResults.length === 0
  ? { toolCalls: [{ name: 'fetch_documents', arguments: { search_query: request.lastUserText } }], delayMs: callMs }
  : request.stream
    ? { content: ANSWER, delayMs: Math.max(0, callMs - words * chunkMs), chunkDelayMs: chunkMs }
    : { content: ANSWER, delayMs: callMs }
/** The load test's: 0.5 s a call, a stream word by word. */
export const model = modelTaking(LLM_MS, CHUNK_MS)

export const portOf = (url: string): number => Number(new URL(url.replace(/^ws/, 'http')).port)

export type Vendors = Awaited<ReturnType<typeof startVendors>>
export type Proxy = Awaited<ReturnType<typeof startSwitchProxy>>

export async function startVendors () {
  const primary = await startFakeChat({ apiKey: 'primary-llm-key', respond: model })
  const fallback = await startFakeChat({ apiKey: 'fallback-llm-key', respond: model })
  const sttOk = await startFakeProsaStt({ apiKey: 'stt-key', transcript: TRANSCRIPT, delayMs: STT_MS })
  const sttFailing = await startFakeProsaStt({ apiKey: 'stt-key', closeWith: 1011, closeReason: 'internal error' })
  const ttsOk = await startFakeProsaTts({ apiKey: 'tts-key', delayPerSentenceMs: TTS_SENTENCE_MS })
  const ttsFailing = await startFakeProsaTts({ apiKey: 'tts-key', closeWith: 1011, closeReason: 'internal error' })
  const emotionOk = await startFakeEmotion({ mode: 'slow', delayMs: EMOTION_MS, label: 'happy' })
  const emotionFailing = await startFakeEmotion({ mode: 'failing' })
  const emotionSlow = await startFakeEmotion({ mode: 'slow', delayMs: 5000 })
  const sttProxy = await startSwitchProxy(portOf(sttOk.url))
  const ttsProxy = await startSwitchProxy(portOf(ttsOk.url))
  const emotionProxy = await startSwitchProxy(portOf(emotionOk.url))

  const redis = await startRedis({ appendOnly: true })
  const dataDir = mkdtempSync(join(tmpdir(), 'itb-loadtest-'))
  // Both instances load the index built here, so they start alike (when A built it at its own start,
  // A began tens of MB higher than B, which loaded it: RSS slopes of unequal starts).
  const ingest = spawnSync(process.execPath, ['scripts/ingest.ts'], { env: { PATH: process.env.PATH, DATA_DIR: dataDir }, encoding: 'utf8' })
  if (ingest.status !== 0) throw new Error(`building the local index failed: ${ingest.stdout}${ingest.stderr}`)
  const env: Record<string, string> = {
    API_KEYS: KEY,
    REDIS_URL: redis.url,
    RATE_LIMIT_ENABLED: 'false',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    LLM_PROVIDERS: 'together,openai',
    TOGETHER_API_KEY: 'primary-llm-key',
    TOGETHER_BASE_URL: primary.baseURL,
    OPENAI_API_KEY: 'fallback-llm-key',
    OPENAI_BASE_URL: fallback.baseURL,
    LLM_TIMEOUT: String(LLM_TIMEOUT_S),
    PROSA_STT_API_KEY: sttOk.apiKey,
    PROSA_STT_URL: `ws://127.0.0.1:${sttProxy.port}/v2/speech/stt/streaming`,
    PROSA_TTS_API_KEY: ttsOk.apiKey,
    PROSA_TTS_URL: `ws://127.0.0.1:${ttsProxy.port}/v2/speech/tts/streaming`,
    EMOTION_ANALYSIS_URL: `http://127.0.0.1:${emotionProxy.port}`,
    // Diagnostics only, e.g. LOADTEST_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" (profiles written at exit).
    ...(process.env.LOADTEST_NODE_OPTIONS === undefined ? {} : { NODE_OPTIONS: process.env.LOADTEST_NODE_OPTIONS })
  }
  return { primary, fallback, sttOk, sttFailing, ttsOk, ttsFailing, emotionOk, emotionFailing, emotionSlow, sttProxy, ttsProxy, emotionProxy, redis, dataDir, env }
}

/** The fakes forget what they recorded (it would grow for the whole run). */
export function drainFakes (vendors: Vendors): void {
  for (const fake of [vendors.primary, vendors.fallback] as FakeChat[]) fake.reset()
  for (const fake of [vendors.sttOk, vendors.sttFailing]) fake.sessions.length = 0
  for (const fake of [vendors.ttsOk, vendors.ttsFailing]) { fake.sessions.length = 0; fake.texts.length = 0 }
  for (const fake of [vendors.emotionOk, vendors.emotionFailing, vendors.emotionSlow]) fake.requests.length = 0
}

export function protocolViolations (vendors: Vendors): number {
  const { sttOk, sttFailing, ttsOk, ttsFailing, emotionOk, emotionFailing, emotionSlow } = vendors
  return [sttOk, sttFailing, ttsOk, ttsFailing, emotionOk, emotionFailing, emotionSlow].reduce((sum, fake) => sum + fake.violations.length, 0)
}

export async function stopVendors (vendors: Vendors): Promise<void> {
  const { primary, fallback, sttOk, sttFailing, ttsOk, ttsFailing, emotionOk, emotionFailing, emotionSlow } = vendors
  for (const fake of [primary, fallback, sttOk, sttFailing, ttsOk, ttsFailing, emotionOk, emotionFailing, emotionSlow]) await fake.close()
  for (const proxy of [vendors.sttProxy, vendors.ttsProxy, vendors.emotionProxy]) await proxy.close()
  await vendors.redis.destroy()
  rmSync(vendors.dataDir, { recursive: true, force: true })
}
