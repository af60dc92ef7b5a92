// Reads one uploaded recording into memory before anything decodes it, so a decoder never waits
// on a slow client: the upload must arrive within a deadline, and every byte held belongs to one
// per-instance budget (503 once it is spent) that is given back as soon as decoding is done.
// A multipart body that breaks off or cannot be parsed is the client's mistake: a 400.
// The bytes are gathered in shared memory: the decoder's worker thread then reads them where they
// are, where an ordinary Buffer would be copied into every message to it (~2 ms per 400 KB on the
// event loop, and another copy on the worker's heap).
import type { Readable } from 'node:stream'
import { ServiceError } from '../errors.ts'

/** Bytes of uploads held in memory at once, across all requests of this instance. */
export interface UploadBudget {
  /** Takes `bytes` from the budget; false (nothing taken) when that would exceed it. */
  reserve: (bytes: number) => boolean
  release: (bytes: number) => void
  readonly used: number
  readonly limit: number
}

export function createUploadBudget (limitBytes: number): UploadBudget {
  if (!(Number.isInteger(limitBytes) && limitBytes > 0)) throw new TypeError('limitBytes must be a positive integer')
  let used = 0
  return {
    reserve (bytes) {
      if (used + bytes > limitBytes) return false
      used += bytes
      return true
    },
    release (bytes) { used = Math.max(0, used - bytes) },
    get used () { return used },
    limit: limitBytes
  }
}

export interface ReadUploadOptions {
  budget: UploadBudget
  /** The whole upload must have arrived by then (AUDIO_UPLOAD_TOO_SLOW, 408). */
  deadlineMs: number
  /** Aborting destroys the stream and rejects with the signal's reason. */
  signal?: AbortSignal
}

export interface Upload {
  /** Backed by a SharedArrayBuffer. */
  data: Buffer
  /** Gives the bytes back to the budget; call once the data is no longer needed (idempotent). */
  release: () => void
}

/** The error of an upload that did not arrive within `deadlineMs` (AUDIO_UPLOAD_TIMEOUT). */
export function uploadTooSlow (deadlineMs: number): ServiceError {
  return new ServiceError('request_timeout', 'AUDIO_UPLOAD_TOO_SLOW', `The upload did not arrive within ${deadlineMs / 1000} s`)
}

/**
 * Errors: ServiceError unavailable AUDIO_BUSY (budget spent), request_timeout AUDIO_UPLOAD_TOO_SLOW,
 * bad_request AUDIO_MALFORMED_UPLOAD (the stream failed with a parser error); a ServiceError the
 * stream fails with (a size limit) and an abort reason are rethrown as they are.
 */
export async function readUpload (stream: Readable, options: ReadUploadOptions): Promise<Upload> {
  const { budget, deadlineMs, signal } = options
  let reserved = 0
  const release = (): void => {
    budget.release(reserved)
    reserved = 0
  }
  const timer = setTimeout(() => { stream.destroy(uploadTooSlow(deadlineMs)) }, deadlineMs)
  const onAbort = (): void => { stream.destroy(signal?.reason as Error) }
  signal?.addEventListener('abort', onAbort, { once: true })
  const chunks: Buffer[] = []
  let total = 0
  try {
    signal?.throwIfAborted()
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!budget.reserve(chunk.length)) {
        throw new ServiceError('unavailable', 'AUDIO_BUSY', 'Too many recordings are being received right now. Retry shortly.', { retryAfter: 2, expected: true })
      }
      reserved += chunk.length
      total += chunk.length
      chunks.push(chunk)
    }
    const data = Buffer.from(new SharedArrayBuffer(total))
    let at = 0
    for (const chunk of chunks) {
      data.set(chunk, at)
      at += chunk.length
    }
    return { data, release }
  } catch (error) {
    release()
    if (!stream.destroyed) stream.destroy()
    if (signal?.aborted === true) throw signal.reason
    if (error instanceof ServiceError) throw error
    throw new ServiceError('bad_request', 'AUDIO_MALFORMED_UPLOAD', 'The multipart upload is malformed or incomplete', { cause: error })
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  }
}
