// Text-to-speech through the OpenAI speech API (or a compatible server), one request per sentence.
// https://platform.openai.com/docs/api-reference/audio/createSpeech
import { ServiceError } from '../errors.ts'
import { authorization, fetchError, httpError, trimBaseURL } from './openai-http.ts'
import { synthesizeEach } from './sentence-source.ts'
import { normalizeWav } from './wav.ts'
import type { CallObserver, TextToSpeech } from './types.ts'

export interface OpenAiTextToSpeechOptions {
  baseURL: string
  apiKey?: string
  /** Default gpt-4o-mini-tts. */
  model?: string
  /** Default alloy. */
  voice?: string
  /** Per sentence. */
  timeoutMs: number
  observer?: CallObserver
}

export function createOpenAiTextToSpeech (options: OpenAiTextToSpeechOptions): TextToSpeech {
  const url = `${trimBaseURL(options.baseURL)}/audio/speech`
  const model = options.model ?? 'gpt-4o-mini-tts'
  const voice = options.voice ?? 'alloy'

  const speak = async (sentence: string, signal: AbortSignal): Promise<Buffer> => {
    let audio: Buffer
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authorization(options.apiKey) },
        body: JSON.stringify({ model, input: sentence, voice, response_format: 'wav' }),
        signal
      })
      if (!response.ok) throw await httpError('TTS', response)
      audio = Buffer.from(await response.arrayBuffer())
    } catch (error) {
      throw fetchError('TTS', error, signal)
    }
    try {
      // OpenAI streams its WAV, so the header carries placeholder sizes: rewrite them.
      return normalizeWav(audio, { inPlace: true })
    } catch (error) {
      throw new ServiceError('upstream', 'TTS_FAILED', 'Text-to-speech answered with something that is not a WAV file', { cause: error })
    }
  }

  return {
    name: 'openai',
    synthesize: (sentences, callOptions = {}) => synthesizeEach(sentences, callOptions, {
      service: 'openai-tts',
      timeoutMs: options.timeoutMs,
      observer: options.observer,
      timeoutError: () => new ServiceError('timeout', 'TTS_TIMEOUT', 'Text-to-speech did not answer in time')
    }, async (sentence, signal) => ({ wav: await speak(sentence, signal), voice }))
  }
}
