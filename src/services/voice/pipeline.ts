// The voice pipeline: decode → speech-to-text → the answering agent → speech synthesis, sentence
// by sentence while the answer is still being written. Emotion analysis (a tone hint with a tight
// budget) runs alongside the search; only the model call that writes the answer waits for it.
// It degrades instead of failing: no emotion → neutral, no speech → the text answer with audio null.
// `warnings` name what degraded in fixed words; the vendor's own (tracebacks, paths) go to the log.
import type { Readable } from 'node:stream'
import type { Assistant } from '../rag/assistant.ts'
import type { AnswerMode, Source } from '../rag/graph.ts'
import { detectLanguage, type Language } from '../text/language.ts'
import { linkedSignal } from '../abort.ts'
import { ServiceError } from '../errors.ts'
import type { AudioDecoder, DecodedAudio } from '../speech/audio-decoder.ts'
import { sentenceStream } from '../text/spoken-sentences.ts'
import { trimInvisible } from '../text/visible-text.ts'
import type { EmotionClient, SpeechToText, TextToSpeech } from '../speech/types.ts'
import { joinedWavPieces, parseWav } from '../speech/wav.ts'
import { readUpload, type UploadBudget } from './upload.ts'
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

/** An async queue of sentences fed by the token stream, consumed by speech synthesis. */
function tokenChannel (): { push: (text: string) => void, end: () => void, tokens: AsyncIterable<string> } {
  const buffered: string[] = []
  let ended = false
  let wake: (() => void) | undefined
  return {
    push (text) { buffered.push(text); wake?.() },
    end () { ended = true; wake?.() },
    tokens: {
      async * [Symbol.asyncIterator] () {
        while (true) {
          if (buffered.length > 0) { yield buffered.shift() as string; continue }
          if (ended) return
          await new Promise<void>((resolve) => { wake = resolve })
          wake = undefined
        }
      }
    }
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

      const upload = Buffer.isBuffer(input.audio)
        ? { data: input.audio, release: () => {} }
        : await readUpload(input.audio, { ...deps.upload, signal })
      let mark = performance.now()
      let audio: DecodedAudio
      try {
        audio = await deps.decodeQueue.run(async () => await deps.decoder.decode(upload.data, { signal }), signal)
      } finally {
        upload.release()
      }
      const decodeMs = performance.now() - mark

      // The work started for the answer (emotion, speech synthesis) stops when the client goes away,
      // or at once when the answer fails (below): a kept-alive client may never go away.
      const stopWork = new AbortController()
      const work = linkedSignal([signal, stopWork.signal])
      const channel = tokenChannel()
      const wavs: Buffer[] = []
      let ttsStarted: number | undefined
      let ttsEnded: number | undefined
      let ttsError: unknown
      const tts = deps.textToSpeech
      let synthesis = Promise.resolve()
      let emotionPromise = Promise.resolve('neutral')
      let emotionMs = 0
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

          const emotionStarted = performance.now()
          emotionPromise = emotionOf(audio, transcript, work.signal, warnings, log).then((label) => {
            emotionMs = performance.now() - emotionStarted
            input.onEvent?.('emotion', { label })
            return label
          })
          // Awaited below; if the answer fails first, its rejection (an abort) must not go unhandled.
          emotionPromise.catch(() => {})

          // Synthesis runs alongside the answer: each finished sentence goes to TTS at once.
          if (tts !== null) {
            synthesis = (async () => {
              try {
                // Timed from the first sentence handed to synthesis, not from its audio coming back.
                const sentences = async function * (): AsyncGenerator<string> {
                  for await (const sentence of sentenceStream(channel.tokens)) {
                    ttsStarted ??= performance.now()
                    yield sentence
                  }
                }
                for await (const spoken of tts.synthesize(sentences(), { signal: work.signal })) {
                  wavs.push(spoken.wav)
                  // The sentence's language (espeak-ng's voice follows it), and the voice that spoke it.
                  input.onEvent?.('audio', {
                    index: wavs.length - 1,
                    sentence: spoken.sentence,
                    language: detectLanguage(spoken.sentence),
                    ...(spoken.voice !== undefined ? { voice: spoken.voice } : {}),
                    audio: spoken.wav.toString('base64'),
                    audio_format: 'wav'
                  })
                  await input.ready?.()
                }
              } catch (error) {
                // The answer is not held up: pushing tokens never waits for synthesis.
                ttsError = error
              } finally {
                ttsEnded = performance.now()
              }
            })()
          }

          mark = performance.now()
          return await ask({
            message: transcript,
            emotion: emotionPromise,
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
      await synthesis
      const emotion = await emotionPromise
      work.dispose()

      let joined: Buffer[] | null = null
      if (tts === null) {
        warnings.push('speech synthesis not available: text answer only')
      } else if (ttsError !== undefined) {
        warnings.push(`speech synthesis failed (${failureCategory(ttsError)}): text answer only`)
        log?.warn({ err: ttsError }, 'speech synthesis failed: text only')
      } else if (wavs.length === 0) {
        warnings.push('speech synthesis failed (no audio produced): text answer only')
        log?.warn({}, 'speech synthesis produced no audio: text only')
      } else {
        try {
          joined = joinedWavPieces(wavs)
        } catch (error) {
          warnings.push('speech synthesis produced unusable audio: text answer only')
          log?.warn({ err: error }, 'speech synthesis produced unusable audio: text only')
        }
      }
      const ttsMs = ttsEnded !== undefined && ttsStarted !== undefined ? ttsEnded - ttsStarted : 0
      return {
        transcript,
        emotion,
        answer: answer.answer,
        language: answer.language,
        sources: answer.sources,
        mode: answer.mode,
        audio: joined,
        audio_format: joined === null ? null : 'wav',
        sample_rate: joined === null ? null : parseWav(wavs[0] as Buffer).sampleRate, // all share it, or the join threw
        exec_time: {
          decode: seconds(decodeMs),
          stt: seconds(sttMs),
          emotion: seconds(emotionMs),
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
