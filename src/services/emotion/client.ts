// The emotion analysis service of the original ITB app: the recording (FLAC) and its transcript in,
// a free-form label out. Any failure is a ServiceError; the voice pipeline turns it into "neutral"
// with a warning, since an answer without an emotion beats no answer. See
// docs/external-protocols.md §3.
import { ServiceError } from '../errors.ts'
import { brief, isUnreachable, timedCall } from '../speech/call.ts'
import type { CallObserver, EmotionClient } from '../speech/types.ts'

export interface EmotionClientOptions {
  /** Base URL; the client posts to `${url}/predict`. */
  url: string
  /** Keep it tight: the user is waiting for the answer, and the emotion only tunes its tone. */
  timeoutMs: number
  observer?: CallObserver
}

/** The transcript travels in the query string; proxies reject URLs of several kilobytes. */
const MAX_TRANSCRIPT_CHARS = 1000
const MAX_LABEL_CHARS = 32

/** "Very Happy " → "very-happy"; letters other than a-z are dropped. */
export function normalizeEmotionLabel (label: string): string {
  return label.trim().toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/[^a-z-]/g, '')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_LABEL_CHARS)
    .replace(/-+$/, '')
}

export function createEmotionClient (options: EmotionClientOptions): EmotionClient {
  const base = options.url.replace(/\/+$/, '')

  const predict = async (audio: Buffer, transcript: string, signal: AbortSignal): Promise<string> => {
    const url = `${base}/predict?text=${encodeURIComponent(transcript.slice(0, MAX_TRANSCRIPT_CHARS))}`
    const form = new FormData()
    // The Blob copies the bytes itself (the cast only satisfies Blob's types, which want an ArrayBuffer view).
    form.append('file', new Blob([audio as Uint8Array<ArrayBuffer>], { type: 'audio/flac' }), 'audio.flac')
    let body: unknown
    try {
      const response = await fetch(url, { method: 'POST', body: form, signal })
      if (!response.ok) {
        const text = await response.text().catch(() => '')
        throw new ServiceError('upstream', 'EMOTION_FAILED', `Emotion analysis failed (HTTP ${response.status})${text === '' ? '' : `: ${brief(text)}`}`)
      }
      body = await response.json()
    } catch (error) {
      if (signal.aborted || error instanceof ServiceError) throw error
      if (isUnreachable(error)) throw new ServiceError('unavailable', 'EMOTION_UNAVAILABLE', 'Emotion analysis service cannot be reached', { cause: error })
      throw new ServiceError('upstream', 'EMOTION_FAILED', 'Emotion analysis request failed', { cause: error })
    }
    const prediction = (body as { prediction?: unknown } | null)?.prediction
    const label = typeof prediction === 'string' ? normalizeEmotionLabel(prediction) : ''
    if (label === '') throw new ServiceError('upstream', 'EMOTION_INVALID', 'Emotion analysis answered without a usable prediction')
    return label
  }

  return {
    async analyze (audio, transcript, callOptions = {}) {
      return await timedCall({
        service: 'emotion',
        timeoutMs: options.timeoutMs,
        signal: callOptions.signal,
        observer: options.observer,
        timeoutError: () => new ServiceError('timeout', 'EMOTION_TIMEOUT', 'Emotion analysis did not answer in time')
      }, async (signal) => await predict(audio, transcript, signal))
    }
  }
}
