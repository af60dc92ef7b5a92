// The voice pipeline: decode → speech-to-text → the answering agent → speech synthesis, sentence by
// sentence while the answer is still being written (synthesis.ts). Emotion analysis (a tone hint
// with a tight budget) runs alongside the search; only the model call that writes the answer waits for it.
// It degrades instead of failing: no emotion → neutral, no speech → the text answer with audio null.
// `warnings` name what degraded in fixed words; the vendor's own (tracebacks, paths) go to the log.
import type { Readable } from 'node:stream'
import type { Assistant } from '../rag/assistant.ts'
import type { AnswerMode, Source } from '../rag/graph.ts'
import type { Language } from '../text/language.ts'
import { linkedSignal } from '../abort.ts'
import { ServiceError } from '../errors.ts'
import type { AudioDecoder, DecodedAudio } from '../speech/audio-decoder.ts'
import { trimInvisible } from '../text/visible-text.ts'
import type { EmotionClient, SpeechToText, TextToSpeech } from '../speech/types.ts'
import { joinedWavPieces, parseWav } from '../speech/wav.ts'
import { readUpload, type UploadBudget } from './upload.ts'
import { startSynthesis, tokenChannel, type SynthesisResult } from './synthesis.ts'
import type { WorkQueue } from './work-queue.ts'

export interface VoicePipelineDeps {
  decoder: AudioDecoder
  /** Uploads are read whole, within this budget and deadline, before a decoder is taken. */
  upload: { budget: UploadBudget, deadlineMs: number }
  /** Bounds the decodes running and waiting at once. */
  decodeQueue: WorkQueue
  /** null: no speech-to-text provider configured (the route answers 503). */
  speechToText: SpeechToText | null
  /** null: no emotion service configured (neutral, with a warning). */
  emotion: EmotionClient | null
  emotionTimeoutMs: number
  /** null: no speech synthesis available (text only, with a warning). */
  textToSpeech: TextToSpeech | null
  assistant: Assistant
  /** Used when a turn brings no logger of its own. */
  logger?: VoiceLogger
}

export interface VoiceLogger { warn: (obj: object, msg: string) => void }

export interface VoiceTurnInput {
  keyId: string
  conversationId: string
  audio: Readable | Buffer
  signal?: AbortSignal
  /** The request's logger (with its request id): a degraded stage is logged there, with the vendor's detail. */
  log?: VoiceLogger
  /** Streaming: receives `transcript`, `emotion`, `token` and `audio` events as they happen. */
  onEvent?: (event: 'transcript' | 'emotion' | 'token' | 'audio', data: unknown) => void
  /**
   * Streaming: a promise while the receiver of the events cannot take more (its client stopped
   * reading). The answer's model call and the next sentence's synthesis wait for it.
   */
  ready?: () => Promise<void> | undefined
}

export interface VoiceTurnResult {
  transcript: string
  emotion: string
  answer: string
  /** The language the answer is written in (see ChatTurnResult). */
  language: Language
  sources: Source[]
  mode: AnswerMode
  /**
   * The spoken answer, one WAV as consecutive pieces (header, each sentence's samples, the pauses):
   * the route writes them base64 as one; null when synthesis failed or is unavailable.
   */
  audio: Buffer[] | null
  audio_format: 'wav' | null
  sample_rate: number | null
  /** Seconds per stage; `tts` overlaps `rag` (synthesis starts with the first sentence). */
  exec_time: { decode: number, stt: number, emotion: number, rag: number, tts: number, total: number }
  warnings: string[]
}

const seconds = (ms: number): number => Math.round(ms) / 1000

/** What a warning says of a failed call: a fixed category, never the error's message. */
function failureCategory (error: unknown): string {
  if (!(error instanceof ServiceError)) return 'internal error'
  switch (error.kind) {
    case 'timeout': return 'no answer in time'
    case 'unavailable': return 'service unavailable'
    case 'rate_limited': return 'rate limited'
    default: return 'service error'
  }
}

export function createVoicePipeline (deps: VoicePipelineDeps) {
  const emotionOf = async (audio: DecodedAudio, transcript: string, signal: AbortSignal | undefined, warnings: string[], log: VoiceLogger | undefined): Promise<string> => {
    if (deps.emotion === null) {
      warnings.push('emotion analysis not configured: neutral tone assumed')
      return 'neutral'
    }
    const budget = linkedSignal([signal], deps.emotionTimeoutMs)
    try {
      return await deps.emotion.analyze(audio.flac, transcript, { signal: budget.signal })
    } catch (error) {
      if (signal?.aborted === true) throw error
      const reason = budget.timedOut() ? `no answer within ${deps.emotionTimeoutMs / 1000} s` : failureCategory(error)
      warnings.push(`emotion analysis unavailable (${reason}): neutral tone assumed`)
      log?.warn({ err: error }, 'emotion analysis failed: neutral assumed')
      return 'neutral'
    } finally {
      budget.dispose()
    }
  }

  /**
   * The emotion label, started now; `ms` is its duration once the label has come. The label rejects
   * only when `signal` aborts: emotionOf makes every other failure 'neutral'. The `emotion` event is
   * sent beside it, before the answer's model call reads the label; a receiver that throws is the
   * receiver's failure, logged, not the analysis's: the label stands.
   */
  const startEmotion = (audio: DecodedAudio, transcript: string, signal: AbortSignal, warnings: string[], input: VoiceTurnInput): { label: Promise<string>, ms: () => number } => {
    const started = performance.now()
    let ms = 0
    const log = input.log ?? deps.logger
    const label = emotionOf(audio, transcript, signal, warnings, log)
    label.then((label) => {
      ms = performance.now() - started
      try {
        input.onEvent?.('emotion', { label })
      } catch (error) {
        log?.warn({ err: error }, 'emotion event not sent: its receiver failed')
      }
    }, () => {
      // Awaited after the answer; if the answer fails first, its rejection (an abort) must not go unhandled.
    })
    return { label, ms: () => ms }
  }

  /** The answer's audio as WAV pieces, or null with the warning saying why it is text only. */
  const spokenAudio = (synthesis: SynthesisResult | null, warnings: string[], log: VoiceLogger | undefined, stopped: boolean): Buffer[] | null => {
    if (synthesis === null) {
      warnings.push('speech synthesis not available: text answer only')
    } else if (synthesis.error !== undefined && stopped) {
      // Cut by the request's own signal after the answer was stored (its deadline, the shutdown's):
      // no vendor failed.
      warnings.push('speech synthesis stopped with the request: text answer only')
    } else if (synthesis.error !== undefined) {
      warnings.push(`speech synthesis failed (${failureCategory(synthesis.error)}): text answer only`)
      log?.warn({ err: synthesis.error }, 'speech synthesis failed: text only')
    } else if (synthesis.wavs.length === 0) {
      warnings.push('speech synthesis failed (no audio produced): text answer only')
      log?.warn({}, 'speech synthesis produced no audio: text only')
    } else {
      try {
        return joinedWavPieces(synthesis.wavs)
      } catch (error) {
        warnings.push('speech synthesis produced unusable audio: text answer only')
        log?.warn({ err: error }, 'speech synthesis produced unusable audio: text only')
      }
    }
    return null
  }

  /** The upload read and decoded, within the decode queue's bounds. */
  const decoded = async (input: VoiceTurnInput): Promise<DecodedAudio> => {
    const upload = Buffer.isBuffer(input.audio)
      ? { data: input.audio, release: () => {} }
      : await readUpload(input.audio, { ...deps.upload, signal: input.signal })
    try {
      return await deps.decodeQueue.run(async () => await deps.decoder.decode(upload.data, { signal: input.signal }), input.signal)
    } finally {
      upload.release()
    }
  }

  return {
    get speechToTextConfigured (): boolean { return deps.speechToText !== null },

    async run (input: VoiceTurnInput): Promise<VoiceTurnResult> {
      const started = performance.now()
      const { signal } = input
      const log = input.log ?? deps.logger
      const warnings: string[] = []
      const stt = deps.speechToText
      if (stt === null) {
        throw new ServiceError('unavailable', 'STT_NOT_CONFIGURED', 'Speech-to-text not configured: set PROSA_STT_API_KEY, STT_BASE_URL or OPENAI_API_KEY (see README, "Voice: configuring speech")')
      }

      let mark = performance.now()
      const audio = await decoded(input)
      const decodeMs = performance.now() - mark

      // The work started for the answer (emotion, speech synthesis) stops when the client goes away,
      // or at once when the answer fails (below): a kept-alive client may never go away.
      const stopWork = new AbortController()
      const work = linkedSignal([signal, stopWork.signal])
      const channel = tokenChannel()
      const tts = deps.textToSpeech
      let synthesis: Promise<SynthesisResult | null> = Promise.resolve(null)
      let emotion = { label: Promise.resolve('neutral'), ms: () => 0 }
      let transcript = ''
      let sttMs = 0

      let answer
      try {
        // Transcribed with the conversation's lock held: a storage outage (or a busy conversation)
        // fails the turn here, before the speech-to-text vendor is paid; the lock is released as soon
        // as the answer is written, while its last sentences may still be synthesized.
        answer = await deps.assistant.withTurn({ keyId: input.keyId, conversationId: input.conversationId, signal }, async (ask) => {
          mark = performance.now()
          transcript = trimInvisible(await stt.transcribe(audio.wav, { signal }))
          sttMs = performance.now() - mark
          if (transcript === '') throw new ServiceError('bad_request', 'AUDIO_NO_SPEECH', 'No speech was recognised in the audio')
          input.onEvent?.('transcript', { text: transcript })

          emotion = startEmotion(audio, transcript, work.signal, warnings, input)
          // Synthesis runs alongside the answer: each finished sentence goes to TTS at once.
          if (tts !== null) {
            const onAudio = (data: object): void => { input.onEvent?.('audio', data) }
            synthesis = startSynthesis(tts, channel.tokens, { signal: work.signal, onAudio, ready: input.ready })
          }

          mark = performance.now()
          return await ask({
            message: transcript,
            emotion: emotion.label,
            channel: 'voice',
            ready: input.ready,
            onToken: (text) => {
              channel.push(text)
              input.onEvent?.('token', { text })
            }
          })
        })
      } catch (error) {
        // Nobody will hear the rest: abort the sentence being synthesized (the vendor's socket, the
        // espeak-ng process) and the ones buffered behind it, and let them wind down before answering.
        stopWork.abort(error)
        channel.end()
        await synthesis
        work.dispose()
        throw error
      }
      channel.end()
      const ragMs = performance.now() - mark
      const spoken = await synthesis
      // The answer is stored by now, so it is answered: an analysis the request's signal cut short
      // after it (an extractive answer does not wait for the tone) leaves the tone unknown, no more.
      // Nothing else rejects the label (startEmotion): `work` aborted, and not by stopWork, which
      // aborts only when the answer failed, so by the request's own signal.
      const emotionLabel = await emotion.label.catch(() => {
        warnings.push('emotion analysis stopped with the request: neutral tone assumed')
        return 'neutral'
      })
      work.dispose()

      const joined = spokenAudio(spoken, warnings, log, signal?.aborted === true)
      const ttsMs = spoken?.started !== undefined ? spoken.ended - spoken.started : 0
      return {
        transcript,
        emotion: emotionLabel,
        answer: answer.answer,
        language: answer.language,
        sources: answer.sources,
        mode: answer.mode,
        audio: joined,
        audio_format: joined === null ? null : 'wav',
        sample_rate: joined === null ? null : parseWav(spoken?.wavs[0] as Buffer).sampleRate, // all share it, or the join threw
        exec_time: {
          decode: seconds(decodeMs),
          stt: seconds(sttMs),
          emotion: seconds(emotion.ms()),
          rag: seconds(ragMs),
          tts: seconds(ttsMs),
          total: seconds(performance.now() - started)
        },
        warnings
      }
    }
  }
}

export type VoicePipeline = ReturnType<typeof createVoicePipeline>
