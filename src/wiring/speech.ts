// Which speech providers the configuration selects, and the clients for them. Shared by the voice
// plugin and `npm run doctor`, so both always talk to the same services. A new speech provider: its
// client in src/services/speech/ (a factory taking narrow options), its variables in schemas/env.ts,
// and a case here.
import type { Env } from '../../schemas/env.ts'
import { hostOf } from '../services/address.ts'
import { createEspeakTextToSpeech, type EspeakVoices } from '../services/speech/espeak-tts.ts'
import { createOpenAiSpeechToText } from '../services/speech/openai-stt.ts'
import { createOpenAiTextToSpeech } from '../services/speech/openai-tts.ts'
import { createProsaSpeechToText } from '../services/speech/prosa-stt.ts'
import { createProsaTextToSpeech } from '../services/speech/prosa-tts.ts'
import type { CallObserver, SpeechToText, TextToSpeech } from '../services/speech/types.ts'

export type SpeechToTextProvider = 'prosa' | 'openai' | 'none'
export type TextToSpeechProvider = 'prosa' | 'openai' | 'espeak' | 'none'

export function speechToTextProvider (config: Env): SpeechToTextProvider {
  if (config.STT_PROVIDER !== undefined) return config.STT_PROVIDER
  if (config.PROSA_STT_API_KEY !== undefined) return 'prosa'
  if (config.STT_BASE_URL !== undefined || config.OPENAI_API_KEY !== undefined) return 'openai'
  return 'none'
}

export function textToSpeechProvider (config: Env): TextToSpeechProvider {
  if (config.TTS_PROVIDER !== undefined) return config.TTS_PROVIDER
  if (config.PROSA_TTS_API_KEY !== undefined) return 'prosa'
  if (config.TTS_BASE_URL !== undefined) return 'openai'
  return 'espeak'
}

export interface SpeechClientOptions {
  observer?: CallObserver
  /** Overrides the configured STT_TIMEOUT/TTS_TIMEOUT (the doctor's own budget). */
  timeoutMs?: number
  /** The espeak-ng voices found usable at boot (usableEspeakVoices), in place of ESPEAK_VOICE / ESPEAK_VOICE_EN. */
  espeakVoices?: EspeakVoices
}

/** The configured speech-to-text client, or null when none is configured. */
export function createSpeechToText (config: Env, options: SpeechClientOptions = {}): SpeechToText | null {
  const timeoutMs = options.timeoutMs ?? config.STT_TIMEOUT * 1000
  const { observer } = options
  switch (speechToTextProvider(config)) {
    case 'prosa':
      return createProsaSpeechToText({ url: config.PROSA_STT_URL, apiKey: config.PROSA_STT_API_KEY as string, model: config.PROSA_STT_MODEL, timeoutMs, observer })
    case 'openai':
      return createOpenAiSpeechToText({ baseURL: config.STT_BASE_URL ?? config.OPENAI_BASE_URL, apiKey: config.STT_API_KEY ?? config.OPENAI_API_KEY, model: config.STT_MODEL, language: 'id', timeoutMs, observer })
    default:
      return null
  }
}

/** The configured speech synthesis client (espeak-ng when no vendor is), or null when switched off. */
export function createTextToSpeech (config: Env, options: SpeechClientOptions = {}): TextToSpeech | null {
  const timeoutMs = options.timeoutMs ?? config.TTS_TIMEOUT * 1000
  const { observer } = options
  switch (textToSpeechProvider(config)) {
    case 'prosa':
      return createProsaTextToSpeech({ url: config.PROSA_TTS_URL, apiKey: config.PROSA_TTS_API_KEY as string, model: config.PROSA_TTS_MODEL, sampleRate: config.PROSA_TTS_SAMPLE_RATE, timeoutMs, observer })
    case 'openai':
      return createOpenAiTextToSpeech({ baseURL: config.TTS_BASE_URL ?? config.OPENAI_BASE_URL, apiKey: config.TTS_API_KEY ?? config.OPENAI_API_KEY, model: config.TTS_MODEL, voice: config.TTS_VOICE, timeoutMs, observer })
    case 'espeak':
      return createEspeakTextToSpeech({ voice: config.ESPEAK_VOICE, englishVoice: config.ESPEAK_VOICE_EN, ...options.espeakVoices, timeoutMs, observer })
    default:
      return null
  }
}

/**
 * Where each configured voice vendor is, host[:port] only (never the URL: credentials), keyed by the
 * service name its calls report (prosa-stt, openai-tts, emotion…): what a failed call's log line names.
 */
export function voiceServiceHosts (config: Env): Record<string, string> {
  const hosts: Record<string, string> = {}
  const stt = speechToTextProvider(config)
  if (stt === 'prosa') hosts['prosa-stt'] = hostOf(config.PROSA_STT_URL)
  if (stt === 'openai') hosts['openai-stt'] = hostOf(config.STT_BASE_URL ?? config.OPENAI_BASE_URL)
  const tts = textToSpeechProvider(config)
  if (tts === 'prosa') hosts['prosa-tts'] = hosts['prosa-tts-connect'] = hostOf(config.PROSA_TTS_URL)
  if (tts === 'openai') hosts['openai-tts'] = hostOf(config.TTS_BASE_URL ?? config.OPENAI_BASE_URL)
  if (config.EMOTION_ANALYSIS_URL !== undefined) hosts.emotion = hostOf(config.EMOTION_ANALYSIS_URL)
  return hosts
}
