// src/wiring/: the configuration becomes each service's narrow options: provider choice, Redis
// target, chat provider order, and the voice and assistant limits (seconds become milliseconds).
import { test } from 'tap'
import { loadConfig } from '../../src/config.ts'
import { assistantSettings } from '../../src/wiring/assistant.ts'
import { chatProviderSettings } from '../../src/wiring/rag.ts'
import { redisOptionsFrom } from '../../src/wiring/redis.ts'
import { createSpeechToText, createTextToSpeech, speechToTextProvider, textToSpeechProvider } from '../../src/wiring/speech.ts'
import { voiceSettings } from '../../src/wiring/voice.ts'

const config = (env: Record<string, string>) => loadConfig({ env: { API_KEYS: 'wiring-test-key', ...env }, dotenvPath: false })

test('speech providers: explicit choice wins, then Prosa keys, then OpenAI-compatible; espeak-ng speaks by default', async (t) => {
  t.equal(speechToTextProvider(config({})), 'none')
  t.equal(createSpeechToText(config({})), null, 'no client without a provider')
  t.equal(speechToTextProvider(config({ OPENAI_API_KEY: 'sk' })), 'openai')
  t.equal(speechToTextProvider(config({ STT_BASE_URL: 'http://127.0.0.1:9/v1' })), 'openai')
  t.equal(speechToTextProvider(config({ PROSA_STT_API_KEY: 'p', OPENAI_API_KEY: 'sk' })), 'prosa')
  t.equal(speechToTextProvider(config({ PROSA_STT_API_KEY: 'p', STT_PROVIDER: 'none' })), 'none')
  t.equal(textToSpeechProvider(config({})), 'espeak')
  t.equal(textToSpeechProvider(config({ OPENAI_API_KEY: 'sk' })), 'espeak', 'a chat key does not switch speech to a vendor')
  t.equal(textToSpeechProvider(config({ TTS_BASE_URL: 'http://127.0.0.1:9/v1' })), 'openai')
  t.equal(textToSpeechProvider(config({ PROSA_TTS_API_KEY: 'p', TTS_BASE_URL: 'http://127.0.0.1:9/v1' })), 'prosa')
  t.equal(createTextToSpeech(config({ TTS_PROVIDER: 'none' })), null)
  t.not(createTextToSpeech(config({})), null, 'espeak-ng client')
})

test('Redis: REDIS_URL wins, REDIS_HOST with its port and database, nothing without either', async (t) => {
  t.equal(redisOptionsFrom(config({})), null)
  const viaUrl = redisOptionsFrom(config({ REDIS_URL: 'redis://127.0.0.1:6390/2', REDIS_HOST: 'ignored' }))
  t.equal(viaUrl?.url, 'redis://127.0.0.1:6390/2')
  t.equal(viaUrl?.options.host, undefined)
  t.match(viaUrl?.options, { lazyConnect: true, enableOfflineQueue: false })
  const viaHost = redisOptionsFrom(config({ REDIS_HOST: 'cache', REDIS_PORT: '6380', REDIS_DB: '3', REDIS_PASSWORD: 'pw' }))
  t.equal(viaHost?.url, undefined)
  t.match(viaHost?.options, { host: 'cache', port: 6380, db: 3, password: 'pw', lazyConnect: true, enableOfflineQueue: false })
})

test('chat providers: every configured one in the default order, or LLM_PROVIDERS', async (t) => {
  const env = { TOGETHER_API_KEY: 'tg', OPENAI_API_KEY: 'sk', LLM_BASE_URL: 'http://127.0.0.1:9/v1', LLM_MODEL: 'local-model' }
  t.same(chatProviderSettings(config(env)).map((provider) => provider.name), ['together', 'openai', 'custom'])
  t.same(chatProviderSettings(config({ ...env, LLM_PROVIDERS: 'custom, openai' })).map((provider) => provider.name), ['custom', 'openai'])
  t.match(chatProviderSettings(config({ LLM_BASE_URL: 'http://127.0.0.1:9/v1', LLM_MODEL: 'm' })), [{ name: 'custom', apiKey: 'not-needed', model: 'm' }])
})

test('voice and assistant limits: seconds become milliseconds, emotion only with its URL', async (t) => {
  const voice = voiceSettings(config({ MAX_AUDIO_SECONDS: '20', MAX_CONTENT_LENGTH: '300000', AUDIO_DECODE_CONCURRENCY: '3', AUDIO_DECODE_QUEUE: '7', AUDIO_UPLOAD_TIMEOUT: '12', EMOTION_TIMEOUT: '2' }))
  t.match(voice, { maxAudioSeconds: 20, maxUploadBytes: 300_000, decodeConcurrency: 3, decodeNiceness: 10, decodeQueue: 7, uploadDeadlineMs: 12_000, emotion: null, emotionTimeoutMs: 2000 })
  t.equal(voiceSettings(config({ AUDIO_DECODE_NICENESS: '0' })).decodeNiceness, 0)
  t.same(voiceSettings(config({ EMOTION_ANALYSIS_URL: 'http://127.0.0.1:9', EMOTION_TIMEOUT: '4' })).emotion, { url: 'http://127.0.0.1:9', timeoutMs: 4000 })
  t.same(assistantSettings(config({ MAX_CONVERSATIONS: '50', CONVERSATION_TTL: '600', RETRIEVAL_K: '4', HISTORY_MESSAGES: '6', LLM_TIMEOUT: '9', MAX_SEARCHES: '2', CONVERSATION_LOCK_WAIT: '5' })), {
    maxConversations: 50, conversationTtlSeconds: 600, retrievalK: 4, historyMessages: 6, llmTimeoutMs: 9000, maxSearches: 2, lockWaitMs: 5000
  })
})
