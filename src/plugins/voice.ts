// The voice pipeline: ffmpeg decoding (probed once at boot), speech-to-text, emotion and speech
// synthesis providers chosen by config. Missing pieces degrade voice, never text chat: /ready
// reports them without failing.
import fp from 'fastify-plugin'
import type { Config } from '../config.ts'
import { createEmotionClient } from '../services/emotion/client.ts'
import { createAudioDecoder, probeFfmpeg } from '../services/speech/audio-decoder.ts'
import { createEspeakTextToSpeech, probeEspeak } from '../services/speech/espeak-tts.ts'
import { createOpenAiSpeechToText } from '../services/speech/openai-stt.ts'
import { createOpenAiTextToSpeech } from '../services/speech/openai-tts.ts'
import { createProsaSpeechToText } from '../services/speech/prosa-stt.ts'
import { createProsaTextToSpeech } from '../services/speech/prosa-tts.ts'
import type { CallObserver, SpeechToText, TextToSpeech } from '../services/speech/types.ts'
import { createVoicePipeline, type VoicePipeline } from '../services/voice/pipeline.ts'

declare module 'fastify' {
  interface FastifyInstance {
    voice: VoicePipeline
  }
}

export function speechToTextProvider (config: Config): 'prosa' | 'openai' | 'none' {
  if (config.STT_PROVIDER !== undefined) return config.STT_PROVIDER
  if (config.PROSA_STT_API_KEY !== undefined) return 'prosa'
  if (config.STT_BASE_URL !== undefined || config.OPENAI_API_KEY !== undefined) return 'openai'
  return 'none'
}

export function textToSpeechProvider (config: Config): 'prosa' | 'openai' | 'espeak' | 'none' {
  if (config.TTS_PROVIDER !== undefined) return config.TTS_PROVIDER
  if (config.PROSA_TTS_API_KEY !== undefined) return 'prosa'
  if (config.TTS_BASE_URL !== undefined) return 'openai'
  return 'espeak'
}

function createSpeechToText (config: Config, observer: CallObserver): SpeechToText | null {
  const timeoutMs = config.STT_TIMEOUT * 1000
  switch (speechToTextProvider(config)) {
    case 'prosa':
      return createProsaSpeechToText({ url: config.PROSA_STT_URL, apiKey: config.PROSA_STT_API_KEY as string, model: config.PROSA_STT_MODEL, timeoutMs, observer })
    case 'openai':
      return createOpenAiSpeechToText({ baseURL: config.STT_BASE_URL ?? config.OPENAI_BASE_URL, apiKey: config.STT_API_KEY ?? config.OPENAI_API_KEY, model: config.STT_MODEL, language: 'id', timeoutMs, observer })
    default:
      return null
  }
}

export default fp(async (fastify) => {
  const { config, log, metrics } = fastify
  // Every speech and emotion call: a metric and a log line with its duration.
  const observer: CallObserver = ({ service, durationMs, outcome }) => {
    metrics.externalCall(service, outcome, durationMs / 1000)
    log.info({ service, duration_ms: Math.round(durationMs), outcome }, 'voice call')
  }
  const ffmpeg = await probeFfmpeg()
  if (!ffmpeg.available) {
    log.warn({ reason: ffmpeg.error }, 'ffmpeg not found: /v1/audio is unavailable (text chat works). Install ffmpeg to enable voice.')
  }
  const speechToText = createSpeechToText(config, observer)
  if (speechToText === null) {
    log.warn('No speech-to-text provider configured (PROSA_STT_API_KEY, STT_BASE_URL or OPENAI_API_KEY): /v1/audio answers 503')
  }

  let textToSpeech: TextToSpeech | null = null
  const ttsTimeoutMs = config.TTS_TIMEOUT * 1000
  const ttsProvider = textToSpeechProvider(config)
  if (ttsProvider === 'prosa') {
    textToSpeech = createProsaTextToSpeech({ url: config.PROSA_TTS_URL, apiKey: config.PROSA_TTS_API_KEY as string, model: config.PROSA_TTS_MODEL, sampleRate: config.PROSA_TTS_SAMPLE_RATE, timeoutMs: ttsTimeoutMs, observer })
  } else if (ttsProvider === 'openai') {
    textToSpeech = createOpenAiTextToSpeech({ baseURL: config.TTS_BASE_URL ?? config.OPENAI_BASE_URL, apiKey: config.TTS_API_KEY ?? config.OPENAI_API_KEY, model: config.TTS_MODEL, voice: config.TTS_VOICE, timeoutMs: ttsTimeoutMs, observer })
  } else if (ttsProvider === 'espeak') {
    const espeak = await probeEspeak()
    if (espeak.available) {
      textToSpeech = createEspeakTextToSpeech({ voice: config.ESPEAK_VOICE, timeoutMs: ttsTimeoutMs, observer })
      if (!espeak.hasIndonesian) log.warn('espeak-ng has no Indonesian voice: answers are spoken with the default voice')
    } else {
      log.warn('espeak-ng not found and no speech provider configured: voice answers are text only')
    }
  }

  const pipeline = createVoicePipeline({
    decoder: createAudioDecoder({ maxSeconds: config.MAX_AUDIO_SECONDS }),
    speechToText,
    emotion: config.EMOTION_ANALYSIS_URL === undefined ? null : createEmotionClient({ url: config.EMOTION_ANALYSIS_URL, timeoutMs: config.EMOTION_TIMEOUT * 1000, observer }),
    emotionTimeoutMs: config.EMOTION_TIMEOUT * 1000,
    textToSpeech,
    assistant: fastify.assistant,
    logger: log
  })
  fastify.decorate('voice', pipeline)
  fastify.decorate('voiceUnavailableReason', !ffmpeg.available
    ? 'ffmpeg not found'
    : speechToText === null ? 'speech-to-text not configured' : null)
  fastify.readiness.add('voice', async () => {
    if (!ffmpeg.available) throw new Error('unavailable: ffmpeg not found')
    if (speechToText === null) throw new Error('unavailable: speech-to-text not configured')
  }, { critical: false })
}, { name: 'voice', fastify: '5.x', dependencies: ['config', 'readiness', 'assistant', 'metrics'] })

declare module 'fastify' {
  interface FastifyInstance {
    /** Why /v1/audio cannot serve, or null when it can. */
    voiceUnavailableReason: string | null
  }
}
