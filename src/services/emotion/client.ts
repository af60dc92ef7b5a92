// The emotion analysis service of the original ITB app: the recording (FLAC) and its transcript in,
// a free-form label out. Any failure is a ServiceError; the voice pipeline turns it into "neutral"
// with a warning, since an answer without an emotion beats no answer. See
// docs/external-protocols.md §3.
import { randomUUID } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { ServiceError } from '../errors.ts'
import { brief, isUnreachable, timedCall } from '../vendor-call.ts'
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

/**
 * POSTs `audio` as the multipart field `file` (audio.flac, audio/flac) with node:http(s): the head,
 * the FLAC as it is and the closing boundary, with a Content-Length. (fetch with FormData copied the
 * FLAC twice and cost ~2 ms more of the event loop per call.) Resolves with the status and the body
 * as text; rejects on a connection error or the abort.
 */
async function postFile (url: string, audio: Uint8Array, signal: AbortSignal): Promise<{ status: number, text: string }> {
  const boundary = `----itb-chatbot-${randomUUID()}`
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="audio.flac"\r\nContent-Type: audio/flac\r\n\r\n`)
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  const send = url.startsWith('https:') ? httpsRequest : httpRequest
  return await new Promise((resolve, reject) => {
    const request = send(url, {
      method: 'POST',
      signal,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + audio.length + tail.length, accept: 'application/json' }
    }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => { chunks.push(chunk) })
      response.on('end', () => { resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }) })
      response.on('error', reject)
    })
    request.on('error', reject)
    request.write(head)
    request.write(audio)
    request.end(tail)
  })
}

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

/** The first `max` UTF-16 units, less a high surrogate left without its pair (half an emoji). */
function cut (text: string, max: number): string {
  const head = text.slice(0, max)
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head
}

export function createEmotionClient (options: EmotionClientOptions): EmotionClient {
  const base = options.url.replace(/\/+$/, '')

  const predict = async (audio: Buffer, transcript: string, signal: AbortSignal): Promise<string> => {
    const url = `${base}/predict?text=${encodeURIComponent(cut(transcript, MAX_TRANSCRIPT_CHARS))}`
    let body: unknown
    try {
      const response = await postFile(url, audio, signal)
      if (response.status < 200 || response.status > 299) {
        // The body (a Python traceback, as often as not) is for the log only.
        throw new ServiceError('upstream', 'EMOTION_FAILED', `Emotion analysis failed (HTTP ${response.status})${response.text === '' ? '' : `: ${brief(response.text)}`}`,
          { publicMessage: `Emotion analysis failed (HTTP ${response.status})` })
      }
      body = JSON.parse(response.text)
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
