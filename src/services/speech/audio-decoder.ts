// Decodes one uploaded audio file with ffmpeg, in streams and without temp files, into what the
// voice pipeline needs: 16-bit mono PCM wrapped as WAV for speech-to-text and FLAC for emotion
// analysis. One ffmpeg process per upload produces both (PCM on stdout, FLAC on fd 3): starting
// ffmpeg costs more CPU than decoding a short clip, which is also why `prestart` keeps the next one
// started ahead. Finding and running the process is ffmpeg.ts; this file feeds it the upload
// (stream.pipeline, torn down by one AbortSignal on the first failure, abort or early exit), counts
// the PCM against the limits and finishes the outputs.
// An upload is accepted by its content only: its first bytes must be a known audio container
// (audio-format.ts) and ffmpeg must actually decode it.
import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { ServiceError } from '../errors.ts'
import { describeAudioFormats, moveMp4IndexToFront, SNIFF_BYTES, sniffAudioFormat } from './audio-format.ts'
import type { AudioFormat } from './audio-format.ts'
import { DEMUXERS, probeFfmpeg, startFfmpeg, unavailable, type FfmpegRun } from './ffmpeg.ts'
import { WAV_HEADER_BYTES, writeWavHeader } from './wav.ts'

export { probeFfmpeg, type FfmpegProbe } from './ffmpeg.ts'

export interface AudioDecoderOptions {
  /** Longer audio is rejected with AUDIO_TOO_LONG, and decoding stops as soon as it is exceeded. */
  maxSeconds: number
  /** Sample rate of the WAV and FLAC output (default 16000). */
  sampleRate?: number
  /** Shorter decoded audio counts as undecodable (default 0.1 s). */
  minSeconds?: number
  /** Optional guard on the bytes read from the input (AUDIO_TOO_LARGE, 413). The route's multipart limit is the primary one. */
  maxInputBytes?: number
  /** The ffmpeg to run, as probeFfmpeg found it; default: this decoder probes once, at its first decode. */
  command?: string
  /**
   * Keep one ffmpeg started ahead, waiting for the next upload: starting ffmpeg (loading its
   * libraries) takes longer than decoding a short question, so this takes it off the request's
   * path. `close()` kills the waiting one. Default false.
   */
  prestart?: boolean
  /** Nice levels the ffmpeg processes run below the service (default 0; niceness.ts). */
  niceness?: number
}

export interface DecodeOptions {
  /** Aborting kills ffmpeg, destroys the input stream and rejects with the signal's reason. */
  signal?: AbortSignal
}

export interface DecodedAudio {
  /** Container sniffed from the upload's first bytes. */
  format: AudioFormat
  /** Mono signed 16-bit little-endian PCM at `sampleRate`, as a 44-byte-header WAV. */
  wav: Buffer
  /** The same audio as FLAC (mono, `sampleRate`, 16-bit), STREAMINFO with sample count and MD5. */
  flac: Buffer
  durationSeconds: number
  sampleRate: number
  /** Bytes read from the input. */
  inputBytes: number
}

export interface AudioDecoder {
  /**
   * Decodes `input`. A stream is consumed; when decoding fails or stops early the stream is
   * destroyed (as `stream.pipeline` does), so an unread multipart file does not stall the request.
   * Errors: ServiceError bad_request AUDIO_EMPTY, AUDIO_UNSUPPORTED, AUDIO_UNDECODABLE,
   * AUDIO_TOO_LONG; payload_too_large AUDIO_TOO_LARGE; unavailable AUDIO_DECODER_UNAVAILABLE;
   * an error of the input stream itself is rethrown as it is.
   */
  decode(input: Readable | Buffer, options?: DecodeOptions): Promise<DecodedAudio>
  /**
   * Kills the ffmpeg started ahead (`prestart`) and resolves once it is reaped (a process that
   * exits first would leave it a zombie); starts no other. Decoding still works.
   */
  close(): Promise<void>
}

/**
 * ffmpeg writing FLAC to a pipe cannot seek back to finish STREAMINFO, so the total sample count
 * and the MD5 of the audio stay zero ("unknown"). Both are known here: fill them in.
 */
function completeFlacStreamInfo (flac: Buffer, samples: number, pcm: Buffer[]): void {
  // "fLaC", then the STREAMINFO block header (type 0) whose 34 bytes start at offset 8.
  if (flac.length < 42 || flac.toString('latin1', 0, 4) !== 'fLaC' || (flac[4] & 0x7F) !== 0) return
  const totalHigh = flac[21] & 0x0F
  if (totalHigh !== 0 || flac.readUInt32BE(22) !== 0) return
  flac[21] = (flac[21] & 0xF0) | (Math.floor(samples / 2 ** 32) & 0x0F)
  flac.writeUInt32BE(samples % 2 ** 32, 22)
  // The FLAC MD5 is over the interleaved little-endian samples, which is exactly the s16le PCM.
  const md5 = createHash('md5')
  for (const chunk of pcm) md5.update(chunk)
  md5.digest().copy(flac, 26)
}

/** A Buffer input as chunks, so that writes to ffmpeg keep respecting backpressure. */
async function * bufferChunks (buffer: Buffer): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < buffer.length; offset += 65536) yield buffer.subarray(offset, offset + 65536)
}

export function createAudioDecoder (options: AudioDecoderOptions): AudioDecoder {
  const { maxSeconds, sampleRate = 16000, minSeconds = 0.1, maxInputBytes } = options
  if (!(Number.isFinite(maxSeconds) && maxSeconds > 0)) throw new TypeError('maxSeconds must be a positive number')
  if (!(Number.isInteger(sampleRate) && sampleRate >= 8000 && sampleRate <= 48000)) throw new TypeError('sampleRate must be an integer from 8000 to 48000')
  const maxPcmBytes = Math.floor(maxSeconds * sampleRate) * 2
  const minPcmBytes = Math.ceil(minSeconds * sampleRate) * 2
  // The first audio stream, resampled once and split: stdout gets the raw PCM, fd 3 the same
  // samples as FLAC (so the FLAC decodes to exactly the WAV's samples).
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-analyzeduration', '0',
    '-protocol_whitelist', 'pipe', '-format_whitelist', DEMUXERS,
    '-i', 'pipe:0',
    '-filter_complex', `[0:a:0]aresample=${sampleRate},aformat=sample_fmts=s16:channel_layouts=mono,asplit=2[pcm][flac]`,
    '-map', '[pcm]', '-f', 's16le', '-c:a', 'pcm_s16le', 'pipe:1',
    '-map', '[flac]', '-f', 'flac', '-c:a', 'flac', '-compression_level', '5', 'pipe:3'
  ]

  let spare: FfmpegRun | undefined
  let closed = false
  const startSpare = (command: string): void => {
    if (options.prestart === true && !closed && spare === undefined) spare = startFfmpeg(command, args, options.niceness)
  }
  if (options.command !== undefined) startSpare(options.command)
  // Without a command: probed at the first decode. A failed probe is remembered, so that requests
  // fail fast instead of each one making prism-media search again (synchronously, with spawnSync).
  let probed: Promise<string | undefined> | undefined
  const probedCommand = async (): Promise<string> => {
    probed ??= probeFfmpeg().then((probe) => probe.command)
    const command = await probed
    if (command === undefined) throw unavailable()
    return command
  }
  /** The spare if it is still waiting (a dead one is dropped), else a new ffmpeg. */
  const takeFfmpeg = (command: string): FfmpegRun => {
    const ready = spare
    spare = undefined
    if (ready?.alive() === true) return ready
    ready?.kill()
    return startFfmpeg(command, args, options.niceness)
  }

  async function decode (input: Readable | Buffer, decodeOptions: DecodeOptions = {}): Promise<DecodedAudio> {
    const { signal } = decodeOptions
    const stream = Buffer.isBuffer(input) ? null : input
    const chunks: AsyncIterator<unknown> = stream === null ? bufferChunks(input as Buffer) : stream[Symbol.asyncIterator]()
    let run: FfmpegRun | undefined
    let command: string | undefined
    let inputBytes = 0
    let sourceDone = false

    // The first failure, from whichever side (input, ffmpeg, limit, abort), wins: it kills ffmpeg,
    // destroys the input and rejects `failed`, which every wait below races against.
    let failure: { error: unknown } | undefined
    const feeding = new AbortController()
    let rejectFailed: (error: unknown) => void = () => {}
    const failed = new Promise<never>((_resolve, reject) => { rejectFailed = reject })
    failed.catch(() => {})
    const fail = (error: unknown): void => {
      if (failure !== undefined) return
      failure = { error }
      feeding.abort()
      run?.kill()
      if (stream !== null && !stream.destroyed) stream.destroy()
      rejectFailed(error)
    }
    const race = async <T>(promise: Promise<T>): Promise<T> => await Promise.race([promise, failed])
    const onAbort = (): void => { fail(signal?.reason) }

    const nextChunk = async (): Promise<Buffer | null> => {
      const { value, done } = await race(chunks.next())
      if (done === true) {
        sourceDone = true
        return null
      }
      const chunk = Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array | string)
      inputBytes += chunk.length
      if (maxInputBytes !== undefined && inputBytes > maxInputBytes) {
        throw new ServiceError('payload_too_large', 'AUDIO_TOO_LARGE', `The audio file is larger than ${maxInputBytes} bytes`)
      }
      return chunk
    }

    try {
      signal?.throwIfAborted()
      signal?.addEventListener('abort', onAbort, { once: true })

      // 1. Sniff the container from the first bytes.
      const headChunks: Buffer[] = []
      let headBytes = 0
      while (headBytes < SNIFF_BYTES) {
        const chunk = await nextChunk()
        if (chunk === null) break
        headChunks.push(chunk)
        headBytes += chunk.length
      }
      if (headBytes === 0) throw new ServiceError('bad_request', 'AUDIO_EMPTY', 'The audio file is empty')
      let first: Buffer = Buffer.concat(headChunks)
      const format = sniffAudioFormat(first.subarray(0, SNIFF_BYTES))
      if (format === null) {
        throw new ServiceError('bad_request', 'AUDIO_UNSUPPORTED', `The file is not audio in a supported format. Accepted formats: ${describeAudioFormats()}`)
      }

      // An MP4 can only be read from a pipe with its index first; most recorders write it last.
      // Reading the whole file is bounded by the upload limit (and maxInputBytes).
      if (format === 'm4a') {
        const all: Buffer[] = [first]
        for (let chunk = await nextChunk(); chunk !== null; chunk = await nextChunk()) all.push(chunk)
        first = moveMp4IndexToFront(Buffer.concat(all))
      }

      // 2. Decode, counting the PCM as it comes: the limit stops ffmpeg as soon as it is passed.
      command = options.command ?? await race(probedCommand())
      const pcm: Buffer[] = []
      let pcmBytes = 0
      const flacChunks: Buffer[] = []
      const ffmpeg = takeFfmpeg(command)
      run = ffmpeg
      ffmpeg.pcm.on('data', (chunk: Buffer) => {
        if (failure !== undefined) return
        pcmBytes += chunk.length
        if (pcmBytes > maxPcmBytes) {
          fail(new ServiceError('bad_request', 'AUDIO_TOO_LONG', `The audio is longer than the limit of ${maxSeconds} seconds`))
          return
        }
        pcm.push(chunk)
      })
      ffmpeg.flac.on('data', (encoded: Buffer) => { flacChunks.push(encoded) })

      // Feed ffmpeg with stream.pipeline: backpressure, ending stdin and tearing down on abort are
      // its job. ffmpeg may stop reading before the input ends (an error, or the container says
      // the audio is over): its exit status decides, then `feeding` stops reading the input.
      const source = first
      async function * feed (): AsyncGenerator<Buffer> {
        yield source
        try {
          for (let chunk = sourceDone ? null : await nextChunk(); chunk !== null; chunk = await nextChunk()) yield chunk
        } catch (error) {
          // The input failed or passed a limit (not: we stopped reading it on purpose).
          if (!feeding.signal.aborted) fail(error)
          throw error
        }
      }
      // Settles on its own: an EPIPE once ffmpeg has gone, or the abort below (a read still waiting
      // on a slow client ends when the input is destroyed).
      pipeline(feed(), ffmpeg.input, { signal: feeding.signal }).catch(() => {})
      const exit = await race(ffmpeg.exited)
      feeding.abort()
      if (exit.spawnError !== undefined) throw unavailable(exit.spawnError)
      if (exit.code !== 0 || pcmBytes < minPcmBytes) {
        const detail = exit.code !== 0 ? `ffmpeg exited with ${exit.code ?? exit.signal}: ${ffmpeg.stderr()}` : `only ${pcmBytes} bytes of audio decoded`
        throw new ServiceError('bad_request', 'AUDIO_UNDECODABLE', 'The audio could not be decoded: the file is damaged, truncated or has no audio', { cause: new Error(detail) })
      }
      if (stream !== null && !sourceDone) stream.destroy()

      // 3. Complete the FLAC that ffmpeg could not finish on a pipe.
      const flacBuffer = Buffer.concat(flacChunks)
      if (flacBuffer.toString('latin1', 0, 4) !== 'fLaC') throw new Error(`FLAC encoding failed: ffmpeg wrote ${flacBuffer.length} bytes without a FLAC stream. ${ffmpeg.stderr()}`.trim())
      const samples = pcmBytes / 2
      completeFlacStreamInfo(flacBuffer, samples, pcm)
      const wav = Buffer.concat([Buffer.alloc(WAV_HEADER_BYTES), ...pcm])
      writeWavHeader(wav, pcmBytes, { sampleRate, channels: 1, bitsPerSample: 16 })

      return {
        format,
        wav,
        flac: flacBuffer,
        durationSeconds: samples / sampleRate,
        sampleRate,
        inputBytes
      }
    } catch (error) {
      fail(error)
      await run?.exited
      throw (failure as { error: unknown }).error
    } finally {
      signal?.removeEventListener('abort', onAbort)
      // The next one starts once this request has moved on: a spawn blocks the event loop a moment.
      const next = command
      if (next !== undefined && options.prestart === true) setImmediate(() => { startSpare(next) })
    }
  }

  return {
    decode,
    async close () {
      closed = true
      const waiting = spare
      spare = undefined
      waiting?.kill()
      await waiting?.exited
    }
  }
}
