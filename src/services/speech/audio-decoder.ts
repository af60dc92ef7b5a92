// Decodes one uploaded audio file with ffmpeg (through prism-media), in streams and without temp
// files, into what the voice pipeline needs: 16-bit mono PCM wrapped as WAV for speech-to-text and
// FLAC for emotion analysis. An upload is accepted by its content only: its first bytes must be a
// known audio container (audio-format.ts) and ffmpeg must actually decode it.
import type { ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'
import prism from 'prism-media'
import { ServiceError } from '../errors.ts'
import { describeAudioFormats, moveMp4IndexToFront, SNIFF_BYTES, sniffAudioFormat } from './audio-format.ts'
import type { AudioFormat } from './audio-format.ts'

export interface FfmpegProbe {
  available: boolean
  /** e.g. "5.1.9-0+deb12u1" */
  version?: string
  /** The command prism-media runs ("ffmpeg" from PATH, or ffmpeg-static's binary). */
  command?: string
  error?: string
}

export interface AudioDecoderOptions {
  /** Longer audio is rejected with AUDIO_TOO_LONG, and decoding stops as soon as it is exceeded. */
  maxSeconds: number
  /** Sample rate of the WAV and FLAC output (default 16000). */
  sampleRate?: number
  /** Shorter decoded audio counts as undecodable (default 0.1 s). */
  minSeconds?: number
  /** Optional guard on the bytes read from the input (AUDIO_TOO_LARGE, 413). The route's multipart limit is the primary one. */
  maxInputBytes?: number
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
}

type FfmpegStream = InstanceType<typeof prism.FFmpeg>

// Set by a failed probe, so that requests fail fast instead of each one making prism-media search
// for ffmpeg again (it does so synchronously, with spawnSync).
let ffmpegMissing = false

function errorMessage (error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * Whether ffmpeg can be run, with its version. Run it once at start-up (it blocks while
 * `ffmpeg -h` runs); prism-media caches the result, `force` searches again.
 */
export async function probeFfmpeg (options: { force?: boolean } = {}): Promise<FfmpegProbe> {
  try {
    const info = prism.FFmpeg.getInfo(options.force ?? false)
    let version: string | undefined
    try {
      version = info.version // a getter that throws when the banner has no version
    } catch {
      version = undefined
    }
    ffmpegMissing = false
    return { available: true, version, command: info.command }
  } catch (error) {
    ffmpegMissing = true
    return { available: false, error: errorMessage(error) }
  }
}

function unavailable (cause?: unknown): ServiceError {
  return new ServiceError('unavailable', 'AUDIO_DECODER_UNAVAILABLE', 'Voice input is unavailable: the audio decoder (ffmpeg) is not installed', { cause })
}

interface FfmpegExit {
  code: number | null
  signal: NodeJS.Signals | null
  spawnError?: Error
}

interface FfmpegRun {
  stream: FfmpegStream
  child: ChildProcess
  /** Resolves (never rejects) once the process has exited and its pipes are closed. */
  exited: Promise<FfmpegExit>
  stderr(): string
  kill(): void
}

const STDERR_LIMIT = 4096

function startFfmpeg (args: string[], onData: (chunk: Buffer) => void): FfmpegRun {
  if (ffmpegMissing) throw unavailable()
  let stream: FfmpegStream
  try {
    stream = new prism.FFmpeg({ args })
  } catch (error) {
    ffmpegMissing = true
    throw unavailable(error)
  }
  const child = stream.process
  // prism-media re-emits stdin/stdout errors on the duplex; the usual one is EPIPE when ffmpeg has
  // exited (bad input) or been killed while input was still being written. Without a listener it
  // would be thrown as an uncaught exception; the exit status says what went wrong.
  stream.on('error', () => {})
  let stderr = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (text: string) => {
    if (stderr.length < STDERR_LIMIT) stderr += text
  })
  child.stderr?.on('error', () => {})
  stream.on('data', onData)
  const exited = new Promise<FfmpegExit>((resolve) => {
    child.once('error', (error) => { resolve({ code: null, signal: null, spawnError: error }) })
    child.once('close', (code, signal) => { resolve({ code, signal }) })
  })
  return {
    stream,
    child,
    exited,
    stderr: () => stderr.trim().slice(0, STDERR_LIMIT),
    kill () {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      child.stdin?.destroy()
    }
  }
}

function wavHeader (dataBytes: number, sampleRate: number): Buffer {
  const header = Buffer.alloc(44)
  header.write('RIFF', 0, 'latin1')
  header.writeUInt32LE(36 + dataBytes, 4)
  header.write('WAVE', 8, 'latin1')
  header.write('fmt ', 12, 'latin1')
  header.writeUInt32LE(16, 16) // fmt chunk size
  header.writeUInt16LE(1, 20) // PCM
  header.writeUInt16LE(1, 22) // mono
  header.writeUInt32LE(sampleRate, 24)
  header.writeUInt32LE(sampleRate * 2, 28) // byte rate
  header.writeUInt16LE(2, 32) // block align
  header.writeUInt16LE(16, 34) // bits per sample
  header.write('data', 36, 'latin1')
  header.writeUInt32LE(dataBytes, 40)
  return header
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

// Demuxers ffmpeg may pick (its own probing, among these only) and the only protocol it may open:
// content must never make ffmpeg read playlists, other files or URLs.
const DEMUXERS = 'wav,mp3,flac,ogg,mov,matroska,aac'

export function createAudioDecoder (options: AudioDecoderOptions): AudioDecoder {
  const { maxSeconds, sampleRate = 16000, minSeconds = 0.1, maxInputBytes } = options
  if (!(Number.isFinite(maxSeconds) && maxSeconds > 0)) throw new TypeError('maxSeconds must be a positive number')
  if (!(Number.isInteger(sampleRate) && sampleRate >= 8000 && sampleRate <= 48000)) throw new TypeError('sampleRate must be an integer from 8000 to 48000')
  const maxPcmBytes = Math.floor(maxSeconds * sampleRate) * 2
  const minPcmBytes = Math.ceil(minSeconds * sampleRate) * 2
  const rate = String(sampleRate)
  const decodeArgs = (): string[] => [
    '-hide_banner', '-loglevel', 'error', '-analyzeduration', '0',
    '-protocol_whitelist', 'pipe', '-format_whitelist', DEMUXERS,
    '-i', '-',
    '-map', '0:a:0', '-vn', '-sn', '-dn',
    '-f', 's16le', '-acodec', 'pcm_s16le', '-ar', rate, '-ac', '1'
  ] // prism-media appends the output, pipe:1
  const flacArgs = (): string[] => [
    '-hide_banner', '-loglevel', 'error',
    '-f', 's16le', '-ar', rate, '-ac', '1', '-i', '-',
    '-f', 'flac', '-compression_level', '5'
  ]

  async function decode (input: Readable | Buffer, decodeOptions: DecodeOptions = {}): Promise<DecodedAudio> {
    const { signal } = decodeOptions
    const stream = Buffer.isBuffer(input) ? null : input
    const chunks: AsyncIterator<unknown> = stream === null ? bufferChunks(input as Buffer) : stream[Symbol.asyncIterator]()
    const runs: FfmpegRun[] = []
    let inputBytes = 0
    let sourceDone = false

    // The first failure, from whichever side (input, ffmpeg, limit, abort), wins: it kills ffmpeg,
    // destroys the input and rejects `failed`, which every wait below races against.
    let failure: { error: unknown } | undefined
    let rejectFailed: (error: unknown) => void = () => {}
    const failed = new Promise<never>((_resolve, reject) => { rejectFailed = reject })
    failed.catch(() => {})
    const fail = (error: unknown): void => {
      if (failure !== undefined) return
      failure = { error }
      for (const run of runs) run.kill()
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

      // 2. Decode to PCM, counting it. The FLAC encoder starts at the same time (an ffmpeg start
      // costs about as much as decoding a short clip) and is fed the PCM as it arrives.
      const pcm: Buffer[] = []
      let pcmBytes = 0
      const flacChunks: Buffer[] = []
      const encoder = startFfmpeg(flacArgs(), (encoded) => { flacChunks.push(encoded) })
      runs.push(encoder)
      const decoder = startFfmpeg(decodeArgs(), (chunk) => {
        if (failure !== undefined) return
        pcmBytes += chunk.length
        if (pcmBytes > maxPcmBytes) {
          fail(new ServiceError('bad_request', 'AUDIO_TOO_LONG', `The audio is longer than the limit of ${maxSeconds} seconds`))
          return
        }
        pcm.push(chunk)
        encoder.stream.write(chunk) // at most maxSeconds of PCM can queue up: no backpressure needed
      })
      runs.push(decoder)
      const decoderExited = decoder.exited.then(() => null)

      let chunk: Buffer | null = first
      while (chunk !== null) {
        if (!decoder.stream.write(chunk)) {
          const drained = new Promise<true>((resolve) => { decoder.stream.once('drain', () => { resolve(true) }) })
          if (await race(Promise.race([drained, decoderExited])) === null) break
        }
        // ffmpeg may stop reading before the input ends: on an error, or because the container
        // says the audio is over. Either way its exit status decides, not the rest of the input.
        chunk = sourceDone ? null : await race(Promise.race([nextChunk(), decoderExited]))
      }
      decoder.stream.end()
      const exit = await race(decoder.exited)
      if (exit.spawnError !== undefined) throw unavailable(exit.spawnError)
      if (exit.code !== 0 || pcmBytes < minPcmBytes) {
        const detail = exit.code !== 0 ? `ffmpeg exited with ${exit.code ?? exit.signal}: ${decoder.stderr()}` : `only ${pcmBytes} bytes of audio decoded`
        throw new ServiceError('bad_request', 'AUDIO_UNDECODABLE', 'The audio could not be decoded: the file is damaged, truncated or has no audio', { cause: new Error(detail) })
      }
      if (stream !== null && !sourceDone) stream.destroy()

      // 3. Finish the FLAC.
      encoder.stream.end()
      const flacExit = await race(encoder.exited)
      if (flacExit.spawnError !== undefined) throw unavailable(flacExit.spawnError)
      if (flacExit.code !== 0) throw new Error(`FLAC encoding failed (ffmpeg exited with ${flacExit.code ?? flacExit.signal}): ${encoder.stderr()}`)
      const samples = pcmBytes / 2
      const flacBuffer = Buffer.concat(flacChunks)
      completeFlacStreamInfo(flacBuffer, samples, pcm)

      return {
        format,
        wav: Buffer.concat([wavHeader(pcmBytes, sampleRate), ...pcm]),
        flac: flacBuffer,
        durationSeconds: samples / sampleRate,
        sampleRate,
        inputBytes
      }
    } catch (error) {
      fail(error)
      await Promise.all(runs.map(async (run) => await run.exited))
      throw (failure as { error: unknown }).error
    } finally {
      signal?.removeEventListener('abort', onAbort)
    }
  }

  return { decode }
}
