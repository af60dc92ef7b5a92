// Where the configuration becomes the voice pipeline's limits and its emotion client settings. The
// speech clients themselves are chosen in ./speech.ts; the voice plugin builds the pipeline.
import type { Env } from '../../schemas/env.ts'

export interface VoiceSettings {
  /** Longest recording accepted, in seconds (decoders stop past it). */
  maxAudioSeconds: number
  /** Largest recording upload accepted, in bytes (MAX_CONTENT_LENGTH). */
  maxUploadBytes: number
  /** Decoder worker threads, and decodes running at once. */
  decodeConcurrency: number
  /** Nice levels the decoder threads and ffmpeg processes run below the service. */
  decodeNiceness: number
  /** Decodes waiting beyond those before AUDIO_BUSY. */
  decodeQueue: number
  /** Bytes of uploads held in memory at once across requests. */
  uploadMemoryBytes: number
  uploadDeadlineMs: number
  /** null: no emotion analysis (answers use a neutral tone). */
  emotion: { url: string, timeoutMs: number } | null
  emotionTimeoutMs: number
}

export function voiceSettings (config: Env): VoiceSettings {
  const emotionTimeoutMs = config.EMOTION_TIMEOUT * 1000
  return {
    maxAudioSeconds: config.MAX_AUDIO_SECONDS,
    maxUploadBytes: config.MAX_CONTENT_LENGTH,
    decodeConcurrency: config.AUDIO_DECODE_CONCURRENCY,
    decodeNiceness: config.AUDIO_DECODE_NICENESS,
    decodeQueue: config.AUDIO_DECODE_QUEUE,
    uploadMemoryBytes: config.AUDIO_UPLOAD_MEMORY,
    uploadDeadlineMs: config.AUDIO_UPLOAD_TIMEOUT * 1000,
    emotion: config.EMOTION_ANALYSIS_URL === undefined ? null : { url: config.EMOTION_ANALYSIS_URL, timeoutMs: emotionTimeoutMs },
    emotionTimeoutMs
  }
}
