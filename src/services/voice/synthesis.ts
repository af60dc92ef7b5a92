// Speech synthesis of an answer while it is still being written: the answer's tokens go into a
// channel, finished sentences come out of it to the synthesizer one by one, and each spoken sentence
// is handed on at once. It never fails: what went wrong is in the result, for the pipeline to degrade.
import { detectLanguage } from '../text/language.ts'
import { sentenceStream } from '../text/spoken-sentences.ts'
import type { TextToSpeech } from '../speech/types.ts'

/** An async queue of sentences fed by the token stream, consumed by speech synthesis. */
export function tokenChannel (): { push: (text: string) => void, end: () => void, tokens: AsyncIterable<string> } {
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

export interface SynthesisResult {
  /** Each sentence's WAV, in the answer's order. */
  wavs: Buffer[]
  /** performance.now() when the first sentence was handed to synthesis (not when its audio came back). */
  started?: number
  ended: number
  /** Set when synthesis failed; the sentences before it are in `wavs`. */
  error?: unknown
}

export interface SynthesisOptions {
  signal: AbortSignal
  /** Receives each spoken sentence as the `audio` event of a streamed answer. */
  onAudio?: (data: object) => void
  /** A promise while the receiver of the events cannot take more: the next sentence waits for it. */
  ready?: () => Promise<void> | undefined
}

/** Synthesizes the sentences of `tokens` as they finish; resolves (never rejects) once they end or it fails. */
export async function startSynthesis (tts: TextToSpeech, tokens: AsyncIterable<string>, options: SynthesisOptions): Promise<SynthesisResult> {
  const result: Omit<SynthesisResult, 'ended'> = { wavs: [] }
  const sentences = async function * (): AsyncGenerator<string> {
    for await (const sentence of sentenceStream(tokens)) {
      result.started ??= performance.now()
      yield sentence
    }
  }
  try {
    for await (const spoken of tts.synthesize(sentences(), { signal: options.signal })) {
      result.wavs.push(spoken.wav)
      // The sentence's language (espeak-ng's voice follows it), and the voice that spoke it.
      options.onAudio?.({
        index: result.wavs.length - 1,
        sentence: spoken.sentence,
        language: detectLanguage(spoken.sentence),
        ...(spoken.voice !== undefined ? { voice: spoken.voice } : {}),
        audio: spoken.wav.toString('base64'),
        audio_format: 'wav'
      })
      await options.ready?.()
    }
  } catch (error) {
    // The answer is not held up: pushing tokens never waits for synthesis.
    result.error = error
  }
  return { ...result, ended: performance.now() }
}
