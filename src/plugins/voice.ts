// The voice pipeline: in-process decoding (worker threads) with ffmpeg as the fallback for other
// formats (probed once at boot), speech-to-text, emotion and speech synthesis providers chosen by
// config. Missing pieces degrade voice, never text chat: /ready reports them without failing.
import fp from 'fastify-plugin'
import { createEmotionClient } from '../services/emotion/client.ts'
import { createAudioDecoder, probeFfmpeg } from '../services/speech/audio-decoder.ts'
import { createPooledAudioDecoder } from '../services/speech/audio-pool-decoder.ts'
import { probeEspeak, usableEspeakVoices } from '../services/speech/espeak-tts.ts'
import type { CallObserver } from '../services/speech/types.ts'
import { createVoicePipeline, type VoicePipeline } from '../services/voice/pipeline.ts'
import { createUploadBudget } from '../services/voice/upload.ts'
import { createWorkQueue } from '../services/voice/work-queue.ts'
import { createSpeechToText, createTextToSpeech, textToSpeechProvider, voiceServiceHosts } from '../wiring/speech.ts'
import { voiceSettings, type VoiceSettings } from '../wiring/voice.ts'
import { ReadinessFailure } from './readiness.ts'

declare module 'fastify' {
  interface FastifyInstance {
    voice: VoicePipeline
  }
}

export default fp(async (fastify) => {
  const { config, log, metrics } = fastify
  const settings = voiceSettings(config)
  // Every speech and emotion call: a metric and a log line with its duration; a failed one names the
  // vendor's host, so a wrong address (PROSA_STT_URL at a web server) shows in the line itself.
  const hosts = voiceServiceHosts(config)
  const observer: CallObserver = ({ service, durationMs, outcome }) => {
    metrics.externalCall(service, outcome, durationMs / 1000)
    log.info({ service, duration_ms: Math.round(durationMs), outcome, ...(outcome === 'ok' ? {} : { host: hosts[service] }) }, 'voice call')
  }
  const ffmpeg = await probeFfmpeg()
  if (!ffmpeg.available) {
    log.warn({ reason: ffmpeg.error }, 'ffmpeg not found: /v1/audio refuses M4A/AAC and other formats not decoded in-process (503). Install ffmpeg for them.')
  }
  const speechToText = createSpeechToText(config, { observer })
  if (speechToText === null) {
    log.warn('No speech-to-text provider configured (PROSA_STT_API_KEY, STT_BASE_URL or OPENAI_API_KEY): /v1/audio answers 503')
  }

  let textToSpeech = createTextToSpeech(config, { observer })
  if (textToSpeechProvider(config) === 'espeak') {
    const espeak = await probeEspeak()
    if (!espeak.available) {
      textToSpeech = null
      log.warn('espeak-ng not found and no speech provider configured: voice answers are text only')
    } else {
      // A voice espeak-ng refuses would fail every sentence, and with it the answer's whole audio.
      const { voices, refused } = await usableEspeakVoices({ voice: config.ESPEAK_VOICE, englishVoice: config.ESPEAK_VOICE_EN })
      if (voices === null) {
        textToSpeech = null
        log.warn({ voice: config.ESPEAK_VOICE }, 'espeak-ng speaks neither with ESPEAK_VOICE nor with its default voice: voice answers are text only')
      } else if (refused.length > 0) {
        textToSpeech = createTextToSpeech(config, { observer, espeakVoices: voices })
        const fallback = voices.voice === null ? 'espeak-ng\'s default voice (English)' : 'ESPEAK_VOICE'
        if (voices.voice === null) log.warn({ voice: config.ESPEAK_VOICE }, `espeak-ng has no such voice (ESPEAK_VOICE): Indonesian sentences are spoken with ${fallback}`)
        if (refused.includes(config.ESPEAK_VOICE_EN) && config.ESPEAK_VOICE_EN !== config.ESPEAK_VOICE) log.warn({ voice: config.ESPEAK_VOICE_EN }, `espeak-ng has no such voice (ESPEAK_VOICE_EN): English sentences are spoken with ${fallback}`)
      }
    }
  }

  // Common formats decode in worker threads; the rest in ffmpeg (Safari records MP4/AAC), whose next
  // process waits ready when voice can serve (its start costs more than a decode).
  const decoder = createPooledAudioDecoder({
    maxSeconds: settings.maxAudioSeconds,
    threads: settings.decodeConcurrency,
    warm: speechToText !== null,
    niceness: settings.decodeNiceness,
    fallback: createAudioDecoder({ maxSeconds: settings.maxAudioSeconds, command: ffmpeg.command, prestart: ffmpeg.available && speechToText !== null, niceness: settings.decodeNiceness })
  })
  fastify.addHook('onClose', async () => { await decoder.close() })
  const pipeline = createVoicePipeline({
    decoder,
    upload: { budget: createUploadBudget(settings.uploadMemoryBytes), deadlineMs: settings.uploadDeadlineMs },
    decodeQueue: createWorkQueue({
      concurrency: settings.decodeConcurrency,
      maxWaiting: settings.decodeQueue,
      busyCode: 'AUDIO_BUSY',
      busyMessage: 'Too many recordings are being decoded right now. Retry shortly.'
    }),
    speechToText,
    emotion: settings.emotion === null ? null : createEmotionClient({ ...settings.emotion, observer }),
    emotionTimeoutMs: settings.emotionTimeoutMs,
    textToSpeech,
    assistant: fastify.assistant,
    logger: log
  })
  fastify.decorate('voice', pipeline)
  fastify.decorate('voiceLimits', { maxAudioSeconds: settings.maxAudioSeconds, maxUploadBytes: settings.maxUploadBytes })
  fastify.decorate('voiceUnavailableReason', speechToText === null ? 'speech-to-text not configured' : null)
  fastify.readiness.add('voice', async () => {
    if (speechToText === null) throw new ReadinessFailure('unavailable: speech-to-text not configured')
    if (!ffmpeg.available) throw new ReadinessFailure('degraded: ffmpeg not found (M4A/AAC refused)')
  }, { critical: false })
}, { name: 'voice', fastify: '5.x', dependencies: ['config', 'readiness', 'assistant', 'metrics'] })

declare module 'fastify' {
  interface FastifyInstance {
    /** Why /v1/audio cannot serve, or null when it can. */
    voiceUnavailableReason: string | null
    /** What /v1/audio accepts: its own checks and what GET /v1/me tells a client before it records. */
    voiceLimits: Pick<VoiceSettings, 'maxAudioSeconds' | 'maxUploadBytes'>
  }
}
