// Prosa streaming text-to-speech: one WebSocket per answer; `{token}`, then the config, then one
// `{text}` per sentence, each answered by one binary frame holding a complete WAV. No public spec:
// this follows the original app's client, see docs/external-protocols.md §2.
import { WebSocket } from 'ws'
import { ServiceError } from '../errors.ts'
import { brief, timedCall } from '../vendor-call.ts'
import { prosaCloseError, prosaConnectionError } from './prosa-errors.ts'
import { readSentences } from './sentence-source.ts'
import { closeSocket, readFrames } from './websocket-frames.ts'
import type { WebSocketFrames } from './websocket-frames.ts'
import { normalizeWav } from './wav.ts'
import type { CallObserver, TextToSpeech } from './types.ts'

export interface ProsaTextToSpeechOptions {
  /** e.g. wss://tts-api.prosa.ai/v2/speech/tts/streaming */
  url: string
  apiKey: string
  /** Default tts-ghifari-professional (the original app's voice). */
  model?: string
  label?: string
  /**
   * Default 16000: the original app asked for 8000 (telephone quality, audibly muffled in a browser);
   * 16 kHz is the speech models' native rate, matches our speech-to-text input and stays small
   * (32 kB per second). Set 8000 if the vendor ever rejects it.
   */
  sampleRate?: number
  audioFormat?: 'wav'
  /** Budget for the connection handshake, and for each sentence's audio. */
  timeoutMs: number
  observer?: CallObserver
}

interface ProsaTtsReply {
  id?: unknown
  status?: unknown
  error?: unknown
  message?: unknown
}

function parseReply (text: string): ProsaTtsReply | undefined {
  try {
    const reply = JSON.parse(text) as unknown
    return reply !== null && typeof reply === 'object' ? reply as ProsaTtsReply : undefined
  } catch {
    return undefined
  }
}

/** `message` may quote the vendor's frames: it is for the log. */
function failed (message: string, cause?: unknown): ServiceError {
  return new ServiceError('upstream', 'TTS_FAILED', message, { cause, publicMessage: 'Text-to-speech failed' })
}

export function createProsaTextToSpeech (options: ProsaTextToSpeechOptions): TextToSpeech {
  const config = {
    label: options.label ?? 'itb-chatbot',
    model: options.model ?? 'tts-ghifari-professional',
    audio_format: options.audioFormat ?? 'wav',
    sample_rate: options.sampleRate ?? 16_000
  }
  const timeoutError = (): ServiceError => new ServiceError('timeout', 'TTS_TIMEOUT', 'Text-to-speech did not answer in time')

  const handshake = async (socket: WebSocket, frames: WebSocketFrames, signal: AbortSignal): Promise<void> => {
    await frames.opened(signal)
    socket.send(JSON.stringify({ token: options.apiKey }))
    socket.send(JSON.stringify(config))
    for (;;) {
      const frame = await frames.next(signal)
      if (frame.kind === 'closed') throw prosaCloseError('TTS', frame.code, frame.reason)
      if (frame.kind === 'binary') throw failed('Text-to-speech sent audio before accepting the job')
      const reply = parseReply(frame.text)
      if (reply === undefined) continue
      if (reply.id !== undefined && reply.id !== null) return
      if (reply.error !== undefined || reply.status === 'failed') {
        throw failed(`Text-to-speech refused the job: ${brief(frame.text)}`)
      }
      // Anything else (a status, a notice) is tolerated until the job id arrives.
    }
  }

  const speak = async (socket: WebSocket, frames: WebSocketFrames, sentence: string, signal: AbortSignal): Promise<Buffer> => {
    socket.send(JSON.stringify({ text: sentence }))
    const frame = await frames.next(signal)
    if (frame.kind === 'closed') {
      if (frame.code === 1000) throw failed('Text-to-speech closed the connection before sending the audio')
      throw prosaCloseError('TTS', frame.code, frame.reason)
    }
    if (frame.kind === 'text') throw failed(`Text-to-speech answered a sentence with text instead of audio: ${brief(frame.text)}`)
    try {
      return normalizeWav(frame.data, { inPlace: true })
    } catch (error) {
      throw failed('Text-to-speech sent audio that is not a WAV file', error)
    }
  }

  return {
    name: 'prosa',
    async * synthesize (sentences, callOptions = {}) {
      const { signal } = callOptions
      signal?.throwIfAborted()
      const socket = new WebSocket(options.url, { perMessageDeflate: false })
      const frames = readFrames(socket, (error, status) => prosaConnectionError('TTS', error, status))
      // The handshake runs while the first sentence is still being written.
      const ready = timedCall({ service: 'prosa-tts-connect', timeoutMs: options.timeoutMs, signal, observer: options.observer, timeoutError },
        async (callSignal) => await handshake(socket, frames, callSignal))
      ready.catch(() => {}) // surfaced when the first sentence needs it
      try {
        for await (const sentence of readSentences(sentences, signal)) {
          await ready
          const wav = await timedCall({ service: 'prosa-tts', timeoutMs: options.timeoutMs, signal, observer: options.observer, timeoutError },
            async (callSignal) => await speak(socket, frames, sentence, callSignal))
          yield { sentence, wav, voice: config.model }
        }
      } finally {
        closeSocket(socket)
      }
    }
  }
}
