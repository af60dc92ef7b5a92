// Speech-to-text through the OpenAI transcription API, or any server that copies it (whisper.cpp's
// server, faster-whisper servers). https://platform.openai.com/docs/api-reference/audio/createTranscription
import { ServiceError } from '../errors.ts'
import { timedCall } from '../vendor-call.ts'
import { authorization, fetchError, httpError, trimBaseURL } from './openai-http.ts'
import type { CallObserver, SpeechToText } from './types.ts'

export interface OpenAiSpeechToTextOptions {
  /** e.g. https://api.openai.com/v1, or http://whisper:8080/v1 */
  baseURL: string
  /** Optional: self-hosted servers usually need none. */
  apiKey?: string
  /** Default whisper-1. */
  model?: string
  /** ISO-639-1; telling Whisper the language avoids mis-detection on short clips. Default id. */
  language?: string
  timeoutMs: number
  observer?: CallObserver
}

export function createOpenAiSpeechToText (options: OpenAiSpeechToTextOptions): SpeechToText {
  const url = `${trimBaseURL(options.baseURL)}/audio/transcriptions`
  const model = options.model ?? 'whisper-1'
  const language = options.language ?? 'id'

  const post = async (wav: Buffer, signal: AbortSignal): Promise<string> => {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(wav)], { type: 'audio/wav' }), 'audio.wav')
    form.append('model', model)
    form.append('language', language)
    form.append('response_format', 'json')
    let response: Response
    let body: unknown
    try {
      response = await fetch(url, { method: 'POST', headers: authorization(options.apiKey), body: form, signal })
      if (!response.ok) throw await httpError('STT', response)
      body = await response.json()
    } catch (error) {
      throw fetchError('STT', error, signal)
    }
    const text = (body as { text?: unknown } | null)?.text
    if (typeof text !== 'string') throw new ServiceError('upstream', 'STT_FAILED', 'Speech-to-text answered without a transcript')
    return text.replace(/\s+/g, ' ').trim()
  }

  return {
    name: 'openai',
    async transcribe (wav, callOptions = {}) {
      return await timedCall({
        service: 'openai-stt',
        timeoutMs: options.timeoutMs,
        signal: callOptions.signal,
        observer: options.observer,
        timeoutError: () => new ServiceError('timeout', 'STT_TIMEOUT', 'Speech-to-text did not answer in time')
      }, async (signal) => await post(wav, signal))
    }
  }
}
