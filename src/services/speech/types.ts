export interface SpeechCallOptions {
  signal?: AbortSignal
}

export interface SpeechToText {
  /** A short provider name for logs and metrics: prosa, openai. */
  readonly name: string
  /** `wav` is a 16 kHz mono s16le WAV file. Resolves to the joined transcript ('' when nothing was heard). */
  transcribe: (wav: Buffer, options?: SpeechCallOptions) => Promise<string>
}

export interface SynthesizedSentence {
  sentence: string
  /** A complete WAV file with exact RIFF/data sizes (normalised, whatever the provider sent). */
  wav: Buffer
  /**
   * The configured voice that spoke it (espeak-ng's `-v` voice for the sentence's language, the
   * OpenAI-compatible voice, Prosa's model); absent for espeak-ng's own default voice.
   */
  voice?: string
}

export interface TextToSpeech {
  readonly name: string
  /**
   * Synthesizes sentence by sentence, pulling the next sentence only after the previous one was
   * yielded, so sentences can be fed while the language model is still writing.
   */
  synthesize: (sentences: AsyncIterable<string> | Iterable<string>, options?: SpeechCallOptions) => AsyncIterable<SynthesizedSentence>
}

export interface EmotionClient {
  /** `audio` is FLAC. Resolves to a normalised label ([a-z-], ≤ 32 chars); throws a ServiceError on any failure. */
  analyze: (audio: Buffer, transcript: string, options?: SpeechCallOptions) => Promise<string>
}

export type { CallObserver } from '../vendor-call.ts'
