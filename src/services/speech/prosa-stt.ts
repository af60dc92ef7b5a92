// Prosa streaming speech-to-text over a WebSocket: config frame, the WAV in ~16 kB binary frames,
// an empty binary frame to end, then JSON frames until `status: complete` or a 1000 close.
// https://docs2.prosa.ai/speech/stt/streaming — see docs/external-protocols.md §1.
import { WebSocket } from 'ws'
import { ServiceError } from '../errors.ts'
import { brief, timedCall } from '../vendor-call.ts'
import { prosaCloseError, prosaConnectionError } from './prosa-errors.ts'
import { closeSocket, readFrames } from './websocket-frames.ts'
import { looksLikeWav } from './wav.ts'
import type { CallObserver, SpeechToText } from './types.ts'

export interface ProsaSpeechToTextOptions {
  /** e.g. wss://asr-api.prosa.ai/v2/speech/stt/streaming */
  url: string
  apiKey: string
  /** Default stt-general-online (the original app used asr-general-online). */
  model?: string
  /** Shown in Prosa's console next to each job. */
  label?: string
  /** Budget for the whole job: connect, upload, transcription. */
  timeoutMs: number
  /** Binary frame size; Prosa expects about 16,000 bytes. */
  chunkBytes?: number
  observer?: CallObserver
}

/** Prosa's frames are JSON keyed by `type`; unknown types and fields are ignored. */
interface ProsaSttFrame {
  type?: unknown
  status?: unknown
  transcript?: unknown
  message?: unknown
}

export function createProsaSpeechToText (options: ProsaSpeechToTextOptions): SpeechToText {
  const model = options.model ?? 'stt-general-online'
  const chunkBytes = options.chunkBytes ?? 16_000
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) throw new RangeError('chunkBytes must be a positive integer')
  const config = { label: options.label ?? 'itb-chatbot', model, include_partial: false, audio: { format: 'wav' } }

  const transcribeOver = async (wav: Buffer, signal: AbortSignal): Promise<string> => {
    const socket = new WebSocket(options.url, { headers: { 'x-api-key': options.apiKey }, perMessageDeflate: false })
    const frames = readFrames(socket, (error, status) => prosaConnectionError('STT', error, status))
    try {
      await frames.opened(signal)
      // Audio may be sent without waiting for replies; the header rides in the first chunk.
      socket.send(JSON.stringify(config))
      for (let offset = 0; offset < wav.length; offset += chunkBytes) socket.send(wav.subarray(offset, offset + chunkBytes))
      socket.send(Buffer.alloc(0))

      const segments: string[] = []
      for (;;) {
        const frame = await frames.next(signal)
        if (frame.kind === 'closed') {
          if (frame.code === 1000) break
          throw prosaCloseError('STT', frame.code, frame.reason)
        }
        if (frame.kind !== 'text') continue
        let message: ProsaSttFrame
        try {
          message = JSON.parse(frame.text) as ProsaSttFrame
        } catch {
          continue
        }
        if (message === null || typeof message !== 'object') continue
        if (message.type === 'result' && typeof message.transcript === 'string') {
          const transcript = message.transcript.trim()
          if (transcript !== '') segments.push(transcript)
        } else if (message.type === 'status' && message.status === 'complete') {
          break
        } else if (message.type === 'status' && message.status === 'failed') {
          throw new ServiceError('upstream', 'STT_FAILED', 'Speech-to-text failed to transcribe the audio')
        } else if (message.type === 'error') {
          const reason = typeof message.message === 'string' ? `: ${brief(message.message)}` : ''
          throw new ServiceError('upstream', 'STT_FAILED', `Speech-to-text reported an error${reason}`, { publicMessage: 'Speech-to-text reported an error' })
        }
      }
      return segments.join(' ').replace(/\s+/g, ' ')
    } finally {
      closeSocket(socket)
    }
  }

  return {
    name: 'prosa',
    async transcribe (wav, callOptions = {}) {
      if (!looksLikeWav(wav)) throw new ServiceError('bad_request', 'STT_BAD_AUDIO', 'The audio to transcribe is not a WAV file')
      return await timedCall({
        service: 'prosa-stt',
        timeoutMs: options.timeoutMs,
        signal: callOptions.signal,
        observer: options.observer,
        timeoutError: () => new ServiceError('timeout', 'STT_TIMEOUT', 'Speech-to-text did not answer in time')
      }, async (signal) => await transcribeOver(wav, signal))
    }
  }
}
