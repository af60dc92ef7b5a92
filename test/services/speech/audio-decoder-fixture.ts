// What the audio-decoder*.test.ts files share: a spoken Indonesian sentence (espeak-ng) encoded by
// ffmpeg in the accepted formats, generated once per file, and the ServiceError a decode rejects with.
import type { AudioFormat } from '../../../src/services/speech/audio-format.ts'
import { ServiceError } from '../../../src/services/errors.ts'
import { encode, speak, wavInfo } from '../../support/helpers/audio-fixtures.ts'

export const FORMATS: AudioFormat[] = ['wav', 'mp3', 'flac', 'ogg', 'm4a', 'webm']

export interface Recordings {
  speechSeconds: number
  /** The sentence in `format`; only the formats given to loadRecordings were encoded. */
  fixture: (format: AudioFormat) => Buffer
}

/** Encoding costs about 0.2 s a format: a file asks only for the formats it decodes. */
export async function loadRecordings (formats: AudioFormat[] = FORMATS): Promise<Recordings> {
  const speech = await speak('Selamat datang di Institut Teknologi Bandung. Kampus Ganesha terletak di kota Bandung, Jawa Barat.', { voice: 'id' })
  const speechSeconds = wavInfo(speech).durationSeconds
  const encoded = new Map<AudioFormat, Buffer>()
  for (const format of formats) encoded.set(format, format === 'wav' ? speech : await encode(speech, format))
  const fixture = (format: AudioFormat): Buffer => {
    const file = encoded.get(format)
    if (file === undefined) throw new Error(`${format} was not encoded: add it to this file's loadRecordings()`)
    return file
  }
  return { speechSeconds, fixture }
}

export async function rejection (promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ServiceError) return error
    throw error
  }
  throw new Error('expected a rejection')
}
