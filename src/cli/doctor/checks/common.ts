// What the doctor's checks share: the test inputs, the plan's budgets, probes done once.
import { hostOf } from '../../../services/address.ts'
import type { DecodedAudio, FfmpegProbe } from '../../../services/speech/audio-decoder.ts'
import type { EspeakProbe } from '../../../services/speech/espeak-tts.ts'
import { makeWav } from '../../../services/speech/wav.ts'
import type { Env as Config } from '../../../../schemas/env.ts'
import type { DoctorTools, ErrorHints } from '../types.ts'

export const TEST_QUESTION = 'Kapan ITB didirikan?'
export const TEST_PROMPT = 'Jawab: OK'
export const TEST_SENTENCE = 'Halo.'

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

export { hostOf }

export function once<T> (make: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined
  return async () => await (promise ??= make())
}

/** Probes and the decoded test clip, shared by the checks that need them (each done once). */
export interface Shared {
  ffmpeg: () => Promise<FfmpegProbe>
  espeak: () => Promise<EspeakProbe>
  decodedClip: () => Promise<DecodedAudio>
}

/**
 * What a failing speech check points at: Prosa's own variables, or an OpenAI-compatible audio
 * endpoint's STT_* / TTS_* ones (falling back to OPENAI_*).
 */
export function speechHints (config: Config, kind: 'STT' | 'TTS', provider: string, route: string): ErrorHints {
  if (provider === 'prosa') {
    const url = config[`PROSA_${kind}_URL`]
    return { key: `PROSA_${kind}_API_KEY`, model: `PROSA_${kind}_MODEL`, url: `PROSA_${kind}_URL`, host: hostOf(url) }
  }
  const ownUrl = config[`${kind}_BASE_URL`]
  const urlVariable = ownUrl === undefined ? 'OPENAI_BASE_URL' : `${kind}_BASE_URL`
  return {
    key: config[`${kind}_API_KEY`] !== undefined || config.OPENAI_API_KEY === undefined ? `${kind}_API_KEY` : 'OPENAI_API_KEY',
    model: `${kind}_MODEL and ${urlVariable}`,
    what: `model "${config[`${kind}_MODEL`]}" (or the ${route} route)`,
    url: urlVariable,
    host: hostOf(ownUrl ?? config.OPENAI_BASE_URL)
  }
}
