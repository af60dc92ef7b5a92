// One check per dependency, planned from the configuration the service itself would use: the same
// provider choice (chatProviderSettings, speechToTextProvider, textToSpeechProvider, knowledgeBaseOptions)
// and the same clients, so a green doctor means the service can talk to each of them.
import { HumanMessage } from '@langchain/core/messages'
import type { ChatOpenAI } from '@langchain/openai'
import { Pinecone } from '@pinecone-database/pinecone'
import { Redis, type RedisOptions } from 'ioredis'
import type { Env as Config } from '../../../schemas/env.ts'
import { redisOptionsFrom } from '../redis-options.ts'
import { createSpeechToText, createTextToSpeech, speechToTextProvider, textToSpeechProvider } from '../speech/providers.ts'
import { createEmotionClient } from '../emotion/client.ts'
import { chatProviderSettings, createChatProviders, type ChatProviderSettings } from '../rag/providers.ts'
import { createEmbeddings } from '../retrieval/embeddings.ts'
import { createKnowledgeBase, KnowledgeBaseError } from '../retrieval/knowledge-base.ts'
import { knowledgeBaseOptions, vectorStoreOf } from '../retrieval/options.ts'
import type { RetrievalLogger } from '../retrieval/types.ts'
import { createAudioDecoder, probeFfmpeg, type DecodedAudio, type FfmpegProbe } from '../speech/audio-decoder.ts'
import { brief } from '../speech/call.ts'
import { probeEspeak, type EspeakProbe } from '../speech/espeak-tts.ts'
import type { SpeechToText, TextToSpeech } from '../speech/types.ts'
import { makeWav, parseWav } from '../speech/wav.ts'
import type { CheckOutcome, DoctorTools, PlannedCheck } from './types.ts'

export const TEST_QUESTION = 'Kapan ITB didirikan?'
export const TEST_PROMPT = 'Jawab: OK'
export const TEST_SENTENCE = 'Halo.'
const LLM_MAX_TOKENS = 8

export interface PlanOptions {
  timeoutMs: number
  knowledgeTimeoutMs: number
  pineconeControllerHost?: string
  tools: DoctorTools
}

/** One second of a quiet 440 Hz tone: 16 kHz mono 16-bit, what the voice pipeline sends to speech-to-text. */
export function testClip (): Buffer {
  const sampleRate = 16_000
  const pcm = Buffer.alloc(sampleRate * 2)
  for (let i = 0; i < sampleRate; i++) pcm.writeInt16LE(Math.round(3000 * Math.sin(2 * Math.PI * 440 * i / sampleRate)), i * 2)
  return makeWav(pcm, { sampleRate, channels: 1, bitsPerSample: 16 })
}

function once<T> (make: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined
  return async () => await (promise ??= make())
}

/** host[:port] of a URL, without credentials or path. */
export function hostOf (url: string): string {
  try {
    return new URL(url).host
  } catch {
    return 'the configured address'
  }
}

/** Probes and the decoded test clip, shared by the checks that need them (each done once). */
interface Shared {
  ffmpeg: () => Promise<FfmpegProbe>
  espeak: () => Promise<EspeakProbe>
  decodedClip: () => Promise<DecodedAudio>
}

// Redis ------------------------------------------------------------------------------------------

interface Persistence { aof?: boolean, rdb?: boolean }

async function persistenceOf (redis: Redis): Promise<Persistence> {
  try {
    const appendonly = await redis.call('CONFIG', 'GET', 'appendonly') as string[]
    const save = await redis.call('CONFIG', 'GET', 'save') as string[]
    return { aof: appendonly[1] === 'yes', rdb: (save[1] ?? '').trim() !== '' }
  } catch {
    // Managed Redis (ElastiCache, Upstash, Memorystore...) often disables CONFIG; INFO still tells AOF.
    const info = await redis.info('persistence').catch(() => '')
    const aof = /^aof_enabled:(\d)/m.exec(info)?.[1]
    return { aof: aof === undefined ? undefined : aof === '1' }
  }
}

function describePersistence ({ aof, rdb }: Persistence): CheckOutcome {
  if (aof === true) return { status: 'ok', detail: rdb === true ? 'AOF on, RDB snapshots on' : 'AOF on' }
  if (rdb === true) return { status: 'ok', detail: 'RDB snapshots on (AOF off: writes since the last snapshot are lost on a crash)' }
  if (aof === false && rdb === false) {
    return { status: 'warn', detail: 'no persistence (AOF and RDB snapshots off) — conversations are lost when Redis restarts: set appendonly yes' }
  }
  if (aof === false) return { status: 'ok', detail: 'AOF off, snapshots unknown (CONFIG is disabled, as on managed Redis)' }
  return { status: 'ok', detail: 'persistence unknown (CONFIG and INFO are disabled)' }
}

function redisCheck (config: Config): PlannedCheck {
  const settings = redisOptionsFrom(config)
  if (settings === null) return { name: 'redis', skip: 'not configured (REDIS_URL, REDIS_HOST): conversations stay in this process' }
  const viaUrl = settings.url !== undefined
  return {
    name: 'redis',
    hints: {
      key: viaUrl ? 'the password in REDIS_URL' : 'REDIS_PASSWORD',
      credential: 'password',
      url: viaUrl ? 'REDIS_URL' : 'REDIS_HOST and REDIS_PORT',
      host: viaUrl ? hostOf(settings.url as string) : `${config.REDIS_HOST ?? ''}:${config.REDIS_PORT}`
    },
    run: async ({ signal, timeoutMs }) => {
      // No reconnection and no retries: the doctor wants the first answer, good or bad.
      const options: RedisOptions = {
        ...settings.options,
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        connectTimeout: timeoutMs,
        commandTimeout: timeoutMs
      }
      const redis = viaUrl ? new Redis(settings.url as string, options) : new Redis(options)
      let lastError: Error | undefined
      redis.on('error', (error: Error) => { lastError = error })
      const onAbort = (): void => { redis.disconnect() }
      signal.addEventListener('abort', onAbort, { once: true })
      try {
        try {
          await redis.connect()
        } catch (error) {
          // connect() only says "Connection is closed."; the error event has the cause.
          throw lastError ?? error
        }
        const pong = await redis.ping()
        if (pong !== 'PONG') return { status: 'fail', code: 'ping', detail: `unexpected PING reply ${brief(String(pong), 40)}` }
        const version = /^redis_version:(\S+)/m.exec(await redis.info('server').catch(() => ''))?.[1]
        const persistence = describePersistence(await persistenceOf(redis))
        return { ...persistence, detail: `redis ${version ?? '(version unknown)'}, ${persistence.detail}` }
      } finally {
        signal.removeEventListener('abort', onAbort)
        redis.disconnect()
      }
    }
  }
}

// Language models --------------------------------------------------------------------------------

const LLM_VARIABLES: Record<string, { key: string, model: string, url: string }> = {
  together: { key: 'TOGETHER_API_KEY', model: 'TOGETHER_MODEL', url: 'TOGETHER_BASE_URL' },
  openai: { key: 'OPENAI_API_KEY', model: 'OPENAI_MODEL', url: 'OPENAI_BASE_URL' },
  custom: { key: 'LLM_API_KEY', model: 'LLM_MODEL', url: 'LLM_BASE_URL' }
}

/**
 * ChatOpenAI (v1) hands each call to inner Completions/Responses clients built at construction, so the
 * public `maxTokens` alone does not reach the request. The doctor's test asserts max_tokens on the wire.
 */
function limitTokens (chat: ChatOpenAI, maxTokens: number): void {
  chat.maxTokens = maxTokens
  const inner = chat as unknown as { completions?: { maxTokens?: number }, responses?: { maxTokens?: number } }
  if (inner.completions !== undefined) inner.completions.maxTokens = maxTokens
  if (inner.responses !== undefined) inner.responses.maxTokens = maxTokens
}

function llmCheck (settings: ChatProviderSettings): PlannedCheck {
  const variables = LLM_VARIABLES[settings.name] ?? LLM_VARIABLES.custom
  return {
    name: `llm:${settings.name}`,
    hints: {
      key: variables.key,
      model: `${variables.model} and ${variables.url}`,
      what: `model "${settings.model}"`,
      url: variables.url,
      host: hostOf(settings.baseURL)
    },
    run: async ({ signal }) => {
      const [provider] = createChatProviders([settings])
      limitTokens(provider.chat, LLM_MAX_TOKENS)
      const reply = await provider.chat.invoke([new HumanMessage(TEST_PROMPT)], { signal })
      const text = reply.text.replace(/\s+/g, ' ').trim()
      return { status: 'ok', detail: `${settings.model} answered ${text === '' ? '(an empty reply)' : `"${brief(text, 40)}"`}` }
    }
  }
}

// Embeddings and Pinecone ------------------------------------------------------------------------

function embeddingsHints (config: Config): { key: string, url: string } {
  return {
    key: config.EMBEDDINGS_API_KEY !== undefined || config.OPENAI_API_KEY === undefined ? 'EMBEDDINGS_API_KEY' : 'OPENAI_API_KEY',
    url: config.EMBEDDINGS_BASE_URL !== undefined ? 'EMBEDDINGS_BASE_URL' : 'OPENAI_BASE_URL'
  }
}

function embeddingsCheck (config: Config): PlannedCheck {
  const options = knowledgeBaseOptions(config).embeddings
  if (options === undefined) return { name: 'embeddings', skip: 'not configured (EMBEDDINGS_BASE_URL, EMBEDDINGS_API_KEY): lexical search only' }
  const { key, url } = embeddingsHints(config)
  return {
    name: 'embeddings',
    hints: { key, url, model: 'EMBEDDINGS_MODEL', what: `model "${options.model}"`, host: hostOf(options.baseURL ?? config.OPENAI_BASE_URL) },
    run: async ({ timeoutMs }) => {
      const embeddings = createEmbeddings(options, { timeoutMs })
      const vector = await embeddings.embedQuery(TEST_QUESTION)
      if (vector.length !== config.EMBEDDINGS_DIMENSIONS) {
        return {
          status: 'fail',
          code: 'mismatch',
          detail: `${options.model} returned ${vector.length} dimensions but EMBEDDINGS_DIMENSIONS is ${config.EMBEDDINGS_DIMENSIONS} — the server ignores "dimensions": set EMBEDDINGS_DIMENSIONS=${vector.length} (and a Pinecone index to match)`
        }
      }
      return { status: 'ok', detail: `${options.model}: ${vector.length} dimensions` }
    }
  }
}

function pineconeCheck (config: Config, controllerHostUrl: string | undefined): PlannedCheck {
  const store = vectorStoreOf(config)
  if (store !== 'pinecone' || config.PINECONE_API_KEY === undefined) return { name: 'pinecone', skip: `not configured (VECTOR_STORE resolves to ${store})` }
  const apiKey = config.PINECONE_API_KEY
  const indexName = config.PINECONE_INDEX_NAME
  const namespace = config.PINECONE_NAMESPACE
  return {
    name: 'pinecone',
    hints: {
      key: 'PINECONE_API_KEY',
      model: config.PINECONE_INDEX_HOST === undefined ? 'PINECONE_INDEX_NAME' : 'PINECONE_INDEX_HOST and PINECONE_INDEX_NAME',
      what: `index "${indexName}"`,
      url: config.PINECONE_INDEX_HOST === undefined ? undefined : 'PINECONE_INDEX_HOST',
      host: config.PINECONE_INDEX_HOST === undefined ? 'Pinecone' : hostOf(config.PINECONE_INDEX_HOST)
    },
    run: async ({ signal }) => {
      const fetchApi: typeof fetch = async (input, init) =>
        await fetch(input, { ...init, signal: init?.signal != null ? AbortSignal.any([init.signal, signal]) : signal })
      const client = new Pinecone({ apiKey, fetchApi, maxRetries: 0, ...(controllerHostUrl === undefined ? {} : { controllerHostUrl }) })
      const warnings: string[] = []
      let host = config.PINECONE_INDEX_HOST
      let dimension: number | undefined
      if (host === undefined) {
        // The control plane knows the index's host, dimension, metric and state.
        const model = await client.describeIndex(indexName)
        host = model.host
        dimension = model.dimension ?? undefined
        if (model.status?.ready === false) warnings.push(`the index is not ready (${model.status.state})`)
        if (model.metric !== undefined && model.metric !== 'cosine') warnings.push(`its metric is ${model.metric}, the service expects cosine`)
      }
      const stats = await client.index(indexName, host).describeIndexStats()
      if (stats.dimension !== undefined && stats.dimension > 0) dimension = stats.dimension
      if (dimension !== undefined && dimension !== config.EMBEDDINGS_DIMENSIONS) {
        return {
          status: 'fail',
          code: 'mismatch',
          detail: `index "${indexName}" has ${dimension} dimensions but EMBEDDINGS_DIMENSIONS is ${config.EMBEDDINGS_DIMENSIONS} — use an index of ${config.EMBEDDINGS_DIMENSIONS} dimensions, or set EMBEDDINGS_DIMENSIONS (and EMBEDDINGS_MODEL) to match the index`
        }
      }
      const total = stats.totalRecordCount ?? 0
      const count = namespace === undefined ? total : stats.namespaces?.[namespace]?.recordCount ?? 0
      const where = namespace === undefined ? '' : ` in namespace "${namespace}"`
      let detail = `index "${indexName}": ${dimension ?? 'unknown'} dimensions, ${count} vector${count === 1 ? '' : 's'}${where}`
      if (count === 0) warnings.push('it is empty: run npm run ingest')
      if (warnings.length > 0) detail += ` — ${warnings.join('; ')}`
      return { status: warnings.length > 0 ? 'warn' : 'ok', detail }
    }
  }
}

// Speech -----------------------------------------------------------------------------------------

async function synthesizeCheck (tts: TextToSpeech, signal: AbortSignal): Promise<CheckOutcome> {
  const sentences = tts.synthesize([TEST_SENTENCE], { signal })[Symbol.asyncIterator]()
  try {
    const first = await sentences.next()
    if (first.done === true) return { status: 'fail', code: 'empty', detail: 'no audio came back' }
    const info = parseWav(first.value.wav)
    return { status: 'ok', detail: `"${TEST_SENTENCE}" → WAV of ${info.durationSeconds.toFixed(1)} s at ${info.sampleRate} Hz` }
  } finally {
    // Closes the provider's connection (Prosa keeps one WebSocket per answer).
    await sentences.return?.()
  }
}

function sttCheck (config: Config): PlannedCheck {
  const provider = speechToTextProvider(config)
  if (provider === 'none') return { name: 'stt', skip: 'not configured (PROSA_STT_API_KEY, STT_BASE_URL or OPENAI_API_KEY): /v1/audio answers 503' }
  const prosa = provider === 'prosa'
  const baseURL = config.STT_BASE_URL ?? config.OPENAI_BASE_URL
  return {
    name: `stt:${provider}`,
    hints: prosa
      ? { key: 'PROSA_STT_API_KEY', model: 'PROSA_STT_MODEL', url: 'PROSA_STT_URL', host: hostOf(config.PROSA_STT_URL) }
      : {
          key: config.STT_API_KEY !== undefined || config.OPENAI_API_KEY === undefined ? 'STT_API_KEY' : 'OPENAI_API_KEY',
          model: config.STT_BASE_URL === undefined ? 'STT_MODEL and OPENAI_BASE_URL' : 'STT_MODEL and STT_BASE_URL',
          what: `model "${config.STT_MODEL}" (or the /audio/transcriptions route)`,
          url: config.STT_BASE_URL === undefined ? 'OPENAI_BASE_URL' : 'STT_BASE_URL',
          host: hostOf(baseURL)
        },
    run: async ({ signal, timeoutMs }) => {
      const stt = createSpeechToText(config, { timeoutMs }) as SpeechToText
      const transcript = await stt.transcribe(testClip(), { signal })
      return { status: 'ok', detail: `transcribed a 1 s test tone: ${transcript === '' ? 'empty transcript (expected for a tone)' : `"${brief(transcript, 40)}"`}` }
    }
  }
}

function ttsCheck (config: Config, shared: Shared): PlannedCheck {
  const provider = textToSpeechProvider(config)
  if (provider === 'none') return { name: 'tts', skip: 'disabled (TTS_PROVIDER=none): voice answers are text only' }
  const name = `tts:${provider}`
  if (provider === 'espeak') {
    return {
      name,
      run: async ({ signal, timeoutMs }) => {
        if (!(await shared.espeak()).available) return { status: 'skip', detail: 'not checked: espeak-ng is not installed (see espeak-ng)' }
        return await synthesizeCheck(createTextToSpeech(config, { timeoutMs }) as TextToSpeech, signal)
      }
    }
  }
  const prosa = provider === 'prosa'
  const baseURL = config.TTS_BASE_URL ?? config.OPENAI_BASE_URL
  return {
    name,
    hints: prosa
      ? { key: 'PROSA_TTS_API_KEY', model: 'PROSA_TTS_MODEL', url: 'PROSA_TTS_URL', host: hostOf(config.PROSA_TTS_URL) }
      : {
          key: config.TTS_API_KEY !== undefined || config.OPENAI_API_KEY === undefined ? 'TTS_API_KEY' : 'OPENAI_API_KEY',
          model: config.TTS_BASE_URL === undefined ? 'TTS_MODEL and OPENAI_BASE_URL' : 'TTS_MODEL and TTS_BASE_URL',
          what: `model "${config.TTS_MODEL}" (or the /audio/speech route)`,
          url: config.TTS_BASE_URL === undefined ? 'OPENAI_BASE_URL' : 'TTS_BASE_URL',
          host: hostOf(baseURL)
        },
    run: async ({ signal, timeoutMs }) => {
      return await synthesizeCheck(createTextToSpeech(config, { timeoutMs }) as TextToSpeech, signal)
    }
  }
}

function emotionCheck (config: Config, shared: Shared): PlannedCheck {
  const url = config.EMOTION_ANALYSIS_URL
  if (url === undefined) return { name: 'emotion', skip: 'not configured (EMOTION_ANALYSIS_URL): answers use a neutral tone' }
  return {
    name: 'emotion',
    hints: { url: 'EMOTION_ANALYSIS_URL', what: 'POST /predict', model: 'EMOTION_ANALYSIS_URL', host: hostOf(url) },
    run: async ({ signal, timeoutMs }) => {
      if (!(await shared.ffmpeg()).available) return { status: 'skip', detail: 'not checked: ffmpeg is needed to encode the FLAC test clip' }
      const { flac } = await shared.decodedClip()
      const label = await createEmotionClient({ url, timeoutMs }).analyze(flac, 'halo', { signal })
      return { status: 'ok', detail: `labelled a 1 s test clip (FLAC) "${label}"` }
    }
  }
}

function ffmpegCheck (config: Config, shared: Shared): PlannedCheck {
  return {
    name: 'ffmpeg',
    run: async () => {
      const probe = await shared.ffmpeg()
      if (!probe.available) {
        // Without ffmpeg no upload can be decoded: fatal for voice when voice is configured.
        const voiceConfigured = speechToTextProvider(config) !== 'none'
        return {
          status: voiceConfigured ? 'fail' : 'warn',
          code: 'missing',
          detail: `not found: /v1/audio is unavailable${voiceConfigured ? '' : ' (text chat works)'} — install ffmpeg`
        }
      }
      const decoded = await shared.decodedClip()
      return { status: 'ok', detail: `ffmpeg ${probe.version ?? '(version unknown)'}: decoded a WAV to ${decoded.sampleRate / 1000} kHz WAV and FLAC` }
    }
  }
}

function espeakCheck (config: Config, shared: Shared): PlannedCheck {
  return {
    name: 'espeak-ng',
    run: async () => {
      const probe = await shared.espeak()
      const provider = textToSpeechProvider(config)
      if (!probe.available) {
        return provider === 'espeak'
          ? { status: 'warn', code: 'missing', detail: 'not installed: spoken answers are text only — install espeak-ng (or configure PROSA_TTS_API_KEY or TTS_BASE_URL)' }
          : { status: 'skip', detail: `not installed (not used: speech synthesis is ${provider})` }
      }
      const version = `espeak-ng ${probe.version ?? '(version unknown)'}`
      if (!probe.hasIndonesian) {
        return provider === 'espeak'
          ? { status: 'warn', detail: `${version}: no Indonesian voice — answers are spoken with the default voice` }
          : { status: 'ok', detail: `${version}, no Indonesian voice (not used: speech synthesis is ${provider})` }
      }
      return { status: 'ok', detail: `${version}, Indonesian voice present${provider === 'espeak' ? '' : ` (not used: speech synthesis is ${provider})`}` }
    }
  }
}

// Knowledge base ---------------------------------------------------------------------------------

function knowledgeCheck (config: Config, options: PlanOptions): PlannedCheck {
  const base = knowledgeBaseOptions(config)
  const pinecone = base.store === 'pinecone'
  return {
    name: 'knowledge',
    timeoutMs: options.knowledgeTimeoutMs,
    hints: pinecone ? { key: 'PINECONE_API_KEY', model: 'PINECONE_INDEX_NAME', what: `index "${config.PINECONE_INDEX_NAME}"` } : {},
    run: async ({ signal }) => {
      const notes: string[] = []
      const warnings: string[] = []
      const logger: RetrievalLogger = {
        info: (obj, message) => {
          if (message === 'local index loaded' || message === 'local index rebuilt') {
            const { documents, chunks } = obj as { documents?: number, chunks?: number }
            notes.push(`${message} (${documents ?? 0} documents, ${chunks ?? 0} chunks)`)
          }
        },
        warn: (_obj, message) => { if (message !== undefined) warnings.push(message) },
        error: () => {}
      }
      const kb = await createKnowledgeBase({ ...base, logger, timeoutMs: options.timeoutMs })
      try {
        try {
          await kb.check()
        } catch (error) {
          if (error instanceof KnowledgeBaseError && error.code === 'INDEX_NOT_READY') {
            return { status: 'fail', code: 'empty', detail: `${error.message} — check KNOWLEDGE_DIR` }
          }
          throw error
        }
        const result = await kb.retrieve(TEST_QUESTION, { signal })
        const where = pinecone ? `pinecone index "${config.PINECONE_INDEX_NAME}"` : (notes.join('; ') || 'local index')
        const top = result.passages[0]
        const found = top === undefined
          ? 'no passage passed the relevance floor'
          : `${result.passages.length} passage${result.passages.length === 1 ? '' : 's'} (top: ${brief(top.title, 60)})`
        if (top === undefined) warnings.push('the corpus may not cover it')
        const detail = `${where}; "${TEST_QUESTION}" → ${found}`
        return warnings.length > 0 ? { status: 'warn', detail: `${detail} — ${warnings.join('; ')}` } : { status: 'ok', detail }
      } finally {
        await kb.close()
      }
    }
  }
}

// The plan ---------------------------------------------------------------------------------------

export const defaultTools: DoctorTools = {
  probeFfmpeg: async () => await probeFfmpeg(),
  probeEspeak: async () => await probeEspeak()
}

/** Every check, in output order; unconfigured dependencies come back as checks to skip. */
export function planChecks (config: Config, options: PlanOptions): PlannedCheck[] {
  const shared: Shared = {
    ffmpeg: once(options.tools.probeFfmpeg),
    espeak: once(options.tools.probeEspeak),
    decodedClip: once(async () => await createAudioDecoder({ maxSeconds: 5 }).decode(testClip()))
  }
  const providers = chatProviderSettings(config)
  return [
    redisCheck(config),
    ...(providers.length === 0
      ? [{ name: 'llm', skip: 'not configured (TOGETHER_API_KEY, OPENAI_API_KEY or LLM_BASE_URL): answers are extractive' }]
      : providers.map(llmCheck)),
    embeddingsCheck(config),
    pineconeCheck(config, options.pineconeControllerHost),
    sttCheck(config),
    ttsCheck(config, shared),
    emotionCheck(config, shared),
    ffmpegCheck(config, shared),
    espeakCheck(config, shared),
    knowledgeCheck(config, options)
  ]
}
