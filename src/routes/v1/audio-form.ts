// The multipart form of POST /v1/audio: one recording, at most a few small text fields beside it.
// The recording goes on as a stream that ends only once the whole form is read, so the upload's
// deadline and memory budget (services/voice/upload.ts) cover the parts after it too, and the
// stream fails with the form's own mistakes: a recording past the size limit, and a second file as
// soon as its part head arrives (a client that sent two recordings is told, instead of getting an
// answer to one of them; busboy skips the second file's bytes, `files: 1`).
import type { IncomingMessage } from 'node:http'
import { pipeline, Transform, type Readable } from 'node:stream'
import type { Multipart, MultipartFile } from '@fastify/multipart'
import { ServiceError } from '../../services/errors.ts'
import { uploadTooSlow } from '../../services/voice/upload.ts'

export const FORM_LIMITS = { files: 1, fields: 4, parts: 5, fieldSize: 1024, headerPairs: 100 }

/** What @fastify/multipart and busboy throw while reading the form, as the client's mistake. */
export function formError (error: unknown): ServiceError {
  // Our own (the form's deadline) passes as it is.
  if (error instanceof ServiceError) return error
  switch ((error as { code?: string }).code) {
    case 'FST_FILES_LIMIT':
      return new ServiceError('bad_request', 'AUDIO_TOO_MANY_FILES', 'More than one file: send one recording per request', { cause: error })
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new ServiceError('bad_request', 'AUDIO_TOO_MANY_PARTS', `Too many form fields: send the recording with at most ${FORM_LIMITS.fields} small text fields beside it`, { cause: error })
    default:
      // A multipart head busboy cannot parse (no boundary…), or a body cut short.
      return new ServiceError('bad_request', 'AUDIO_MALFORMED_UPLOAD', 'The multipart upload is malformed or incomplete', { cause: error })
  }
}

/**
 * Arms the deadline of the whole form, the parts before the recording included (AUDIO_UPLOAD_TIMEOUT):
 * when it passes, the form's reader fails with 408 AUDIO_UPLOAD_TOO_SLOW (@fastify/multipart ends the
 * parts, and the recording, with an error its request emits). Returns the function that disarms it.
 */
export function formDeadline (request: IncomingMessage, deadlineMs: number): () => void {
  // Emitted only while someone listens: an 'error' nobody handles would end the process.
  const timer = setTimeout(() => { if (request.listenerCount('error') > 0) request.emit('error', uploadTooSlow(deadlineMs)) }, deadlineMs)
  return () => { clearTimeout(timer) }
}

// The form is read with next(), never for-await: leaving a for-await loop would close the iterator.
type Form = AsyncIterator<Multipart>

/**
 * The first file of the form, text fields before it skipped (`fields`: their names); no file when it
 * has none.
 */
export async function firstFile (form: Form): Promise<{ file?: MultipartFile, fields: string[] }> {
  const fields: string[] = []
  try {
    for (let next = await form.next(); next.done !== true; next = await form.next()) {
      if (next.value.type === 'file') return { file: next.value, fields }
      fields.push(next.value.fieldname)
    }
    return { fields }
  } catch (error) {
    throw formError(error)
  }
}

/**
 * 400 AUDIO_MISSING. A part without a filename is a text field (busboy; RFC 7578 §4.2), and
 * `curl -F "audio=<question.wav"` or a file appended without a name sends one: the general message
 * ("send it in a field named audio") would tell such a client what it had done.
 */
export function audioMissing (fields: readonly string[], fileFields: readonly string[]): ServiceError {
  const named = fields.find((field) => fileFields.includes(field))
  return new ServiceError('bad_request', 'AUDIO_MISSING', named === undefined
    ? 'No audio file: send the recording as the first file, in a multipart field named "audio" (or "file")'
    : `No audio file: the part "${named}" has no filename, so it is a text field. Send the recording as a file (a part with a filename; curl: -F "audio=@question.wav")`)
}

/**
 * The bytes of `file`, ending once the rest of the form is read (text fields, ignored): a file cut
 * at the size limit fails the stream with `tooLarge()`; a second file, too many fields or a body cut
 * short with formError's 400.
 */
export function recordingStream (file: MultipartFile, form: Form, tooLarge: () => Error): Readable {
  // Past the size limit busboy just stops the file short, possibly before this line runs: fail the
  // stream if it is still going, and check the flag at its end.
  file.file.once('limit', () => { file.file.destroy(tooLarge()) })
  const recording = new Transform({
    transform: (chunk, _encoding, callback) => { callback(null, chunk) },
    flush: (callback) => {
      if (file.file.truncated) {
        callback(tooLarge())
        return
      }
      const rest = async (): Promise<void> => {
        for (let next = await form.next(); next.done !== true; next = await form.next());
      }
      rest().then(() => { callback() }, (error: unknown) => { callback(formError(error)) })
    }
  })
  // Errors go both ways: a failed file (too large, cut) fails the recording; a destroyed recording
  // (the upload deadline, an abort) stops the file.
  pipeline(file.file, recording, () => {})
  return recording
}
