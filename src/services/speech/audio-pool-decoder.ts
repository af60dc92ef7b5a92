// Decodes uploads in-process: WAV by its header and MP3, FLAC, Ogg Opus/Vorbis and WebM Opus with
// WebAssembly decoders, in a small pool of worker threads (piscina) so the event loop never runs
// audio work. What the pool does not read (M4A/AAC, other WebM codecs, unusual WAV encodings) goes
// to the ffmpeg decoder given as `fallback`. Results match the ffmpeg decoder's: 16-bit mono PCM at
// `sampleRate` as WAV for speech-to-text, the same samples as FLAC for emotion analysis.
import type { Readable } from 'node:stream'
import { Piscina } from 'piscina'
import { ServiceError } from '../errors.ts'
import type { AudioDecoder, DecodedAudio, DecodeOptions } from './audio-decoder.ts'
import type { DecodeTask, DecodeTaskResult, DecodeWorkerData } from './audio-decode-worker.ts'
import { describeAudioFormats, SNIFF_BYTES, sniffAudioFormat } from './audio-format.ts'
import { WAV_HEADER_BYTES } from './wav.ts'

export interface PooledAudioDecoderOptions {
  /** Longer audio is rejected with AUDIO_TOO_LONG, and decoding stops as soon as it is exceeded. */
  maxSeconds: number
  /** Sample rate of the output (default 16000). */
  sampleRate?: number
  /** Shorter decoded audio counts as undecodable (default 0.1 s). */
  minSeconds?: number
  /** Worker threads (default 2); when not `warm`, they start on demand and leave after `idleTimeoutMs` idle. */
  threads?: number
  /**
   * Keep every thread started (default true). A thread started on demand costs ~100–200 ms of CPU
   * (its modules compiled, its decoders cold) in the middle of the burst that needed it: measured,
   * 20 uploads at once after 12 s idle had p95 ~720 ms with one warm thread of two, ~570 ms with both.
   */
  warm?: boolean
  idleTimeoutMs?: number
  /**
   * Nice levels the threads run below the service (0–19, default 0; level 19 at most): the event loop comes
   * first when every core is busy (niceness.ts). Measured, 20 uploads at once on 2 cores: the event
   * loop's delay p99 30–37 ms at 10 against 34–47 at 0, the burst's p95 no slower (README).
   */
  niceness?: number
  /** Decodes what the pool does not read. */
  fallback: AudioDecoder
}

export function createPooledAudioDecoder (options: PooledAudioDecoderOptions): AudioDecoder & { readonly threads: number } {
  const { maxSeconds, sampleRate = 16000, minSeconds = 0.1, fallback } = options
  if (!(Number.isFinite(maxSeconds) && maxSeconds > 0)) throw new TypeError('maxSeconds must be a positive number')
  const threads = options.threads ?? 2
  const niceness = options.niceness ?? 0
  if (!(Number.isInteger(niceness) && niceness >= 0 && niceness <= 19)) throw new TypeError('niceness must be an integer from 0 to 19')
  const pool = new Piscina<DecodeTask, DecodeTaskResult>({
    filename: new URL('./audio-decode-worker.ts', import.meta.url).href,
    minThreads: options.warm === false ? 0 : threads,
    maxThreads: threads,
    idleTimeout: options.idleTimeoutMs ?? 10_000,
    workerData: { niceness } satisfies DecodeWorkerData
  })

  async function decode (input: Readable | Buffer, decodeOptions: DecodeOptions = {}): Promise<DecodedAudio> {
    const { signal } = decodeOptions
    const data = Buffer.isBuffer(input) ? input : Buffer.concat(await input.toArray({ signal }) as Buffer[])
    if (data.length === 0) throw new ServiceError('bad_request', 'AUDIO_EMPTY', 'The audio file is empty')
    const format = sniffAudioFormat(data.subarray(0, SNIFF_BYTES))
    if (format === null) {
      throw new ServiceError('bad_request', 'AUDIO_UNSUPPORTED', `The file is not audio in a supported format. Accepted formats: ${describeAudioFormats()}`)
    }
    if (format === 'm4a') return await fallback.decode(data, decodeOptions)
    const result = await pool.run({ data, format, sampleRate, maxSeconds }, { signal })
    if (!(result instanceof Uint8Array)) {
      if (result.reason === 'unsupported') return await fallback.decode(data, decodeOptions)
      if (result.reason === 'too_long') throw new ServiceError('bad_request', 'AUDIO_TOO_LONG', `The audio is longer than the limit of ${maxSeconds} seconds`)
      throw undecodable(result.detail)
    }
    const decoded = Buffer.from(result.buffer, result.byteOffset, result.byteLength)
    const pcmBytes = decoded.readUInt32LE(WAV_HEADER_BYTES - 4) // the data chunk's size: the WAV comes first
    const samples = pcmBytes / 2
    if (samples < minSeconds * sampleRate) throw undecodable(`only ${pcmBytes} bytes of audio decoded`)
    return {
      format,
      wav: decoded.subarray(0, WAV_HEADER_BYTES + pcmBytes),
      flac: decoded.subarray(WAV_HEADER_BYTES + pcmBytes),
      durationSeconds: samples / sampleRate,
      sampleRate,
      inputBytes: data.length
    }
  }

  return {
    decode,
    get threads () { return pool.threads.length },
    async close () {
      await Promise.all([pool.destroy(), fallback.close()])
    }
  }
}

function undecodable (detail: string): ServiceError {
  return new ServiceError('bad_request', 'AUDIO_UNDECODABLE', 'The audio could not be decoded: the file is damaged, truncated or has no audio', { cause: new Error(detail) })
}
