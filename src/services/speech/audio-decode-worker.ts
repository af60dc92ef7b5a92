// The worker-thread side of in-process decoding (run by the piscina pool in audio-pool-decoder.ts):
// one upload in, 16-bit mono PCM at the target rate and its FLAC out. The WebAssembly decoders of
// the wasm-audio-decoders family read MP3, FLAC, Ogg Opus/Vorbis and (through audio-webm.ts) WebM
// Opus; WAV is read by its header. Input is fed in small chunks and the decoded length checked
// after each, so a decompression bomb stops at the duration limit instead of filling memory.
import { FLACDecoder } from '@wasm-audio-decoders/flac'
import { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis'
import { MPEGDecoder } from 'mpg123-decoder'
import { move } from 'piscina'
import { OggOpusDecoder } from 'ogg-opus-decoder'
import { OpusDecoder } from 'opus-decoder'
import { isMainThread, workerData } from 'node:worker_threads'
import { encodeFlac } from './audio-flac-encoder.ts'
import type { AudioFormat } from './audio-format.ts'
import { resampleToInt16 } from './audio-resample.ts'
import { readWebmOpus, WebmUnsupportedError } from './audio-webm.ts'
import { lowerThisThreadPriority } from './niceness.ts'
import { parseWav, WAV_HEADER_BYTES, WavFormatError, writeWavHeader } from './wav.ts'

/** What the pool gives every thread it starts. */
export interface DecodeWorkerData {
  /** Nice levels this thread runs below the thread that started it, the event loop's (niceness.ts). */
  niceness: number
}

lowerThisThreadPriority((workerData as DecodeWorkerData | undefined)?.niceness ?? 0)

// The decoders print each bad frame to the console (mpg123-decoder, the FLAC and Opus decoders), which
// Node forwards from this thread to the service's stderr: unstructured lines beside the JSON log, as
// many as a client's upload has bad frames (2,913 for 16 MiB of noise after an ID3 tag). They return
// the same errors in their results (MonoCollector counts them), so this thread's console is silent.
// Not in the main thread, where the tests call decodeUpload directly.
if (!isMainThread) for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) console[method] = () => {}

export interface DecodeTask {
  data: Uint8Array
  format: Exclude<AudioFormat, 'm4a'>
  sampleRate: number
  maxSeconds: number
}

/**
 * Decoded: one buffer, moved (not copied) to the caller, holding the WAV (16-bit mono at the target
 * rate, 44-byte header) followed by the same samples as FLAC. Not decoded: why. `unsupported` is a
 * variant this path does not read (ffmpeg may); the others are final.
 */
export type DecodeTaskResult =
  | Uint8Array
  | { ok: false, reason: 'unsupported' | 'undecodable' | 'too_long', detail: string }

interface Decoded { channelData: Float32Array[], samplesDecoded: number, sampleRate: number, errors?: unknown[] }

/** Input bytes per decode call: small enough that one call cannot decode far past the limit. */
const FEED_BYTES = 4096

class TooLong extends Error {}
/** A variant of a format this path does not read (ffmpeg may). */
class Unsupported extends Error {}

/**
 * Frees the memory of a buffer this thread made and no longer needs, now rather than at the thread's
 * next garbage collection. A decoder thread allocates little besides these buffers, so its collections
 * are rare and it would otherwise hold megabytes of dead samples per upload: measured, the two threads'
 * allocator arenas grew by ~30 MB in a burst of 20 uploads and kept it (issue 16, docs/benchmarks.md).
 * Detaching an ArrayBuffer (`transfer(0)`) releases its memory at once.
 */
function release (view: ArrayBufferView): void {
  const buffer = view.buffer
  if (buffer instanceof ArrayBuffer && !buffer.detached) buffer.transfer(0)
}

/** Mono samples gathered chunk by chunk, refusing more than `maxSeconds`. */
class MonoCollector {
  private chunks: Float32Array[] = []
  length = 0
  sampleRate = 0
  errors = 0
  private readonly maxSeconds: number
  constructor (maxSeconds: number) { this.maxSeconds = maxSeconds }

  /** Refuses `count` more samples at `sampleRate` if they would pass the limit. */
  admit (count: number, sampleRate: number): void {
    if (this.length + count > this.maxSeconds * sampleRate) throw new TooLong()
  }

  /** Samples this collector keeps as they are (not a decoder's reused memory). */
  take (mono: Float32Array, sampleRate: number): void {
    if (mono.length === 0) return
    this.admit(mono.length, sampleRate)
    this.sampleRate = sampleRate
    this.chunks.push(mono)
    this.length += mono.length
  }

  add (decoded: Decoded): void {
    this.errors += decoded.errors?.length ?? 0
    const n = decoded.samplesDecoded
    if (n === 0) return
    this.admit(n, decoded.sampleRate)
    const channels = decoded.channelData
    const mono = new Float32Array(n)
    if (channels.length === 1) {
      mono.set((channels[0] as Float32Array).subarray(0, n))
    } else {
      const scale = 1 / channels.length
      for (const channel of channels) for (let i = 0; i < n; i++) mono[i] = (mono[i] as number) + (channel[i] as number) * scale
    }
    this.take(mono, decoded.sampleRate)
  }

  samples (): Float32Array {
    if (this.chunks.length === 1) return this.chunks[0] as Float32Array
    const all = new Float32Array(this.length)
    let at = 0
    for (const chunk of this.chunks) { all.set(chunk, at); at += chunk.length; release(chunk) }
    this.chunks = [all]
    return all
  }

  release (): void {
    for (const chunk of this.chunks) release(chunk)
    this.chunks = []
  }
}

/**
 * A WAV's samples as mono floats. Its header gives the length, so one over the limit is refused
 * before any sample is read; 16-bit PCM, the usual case, is read straight from an Int16Array view.
 */
function wavToFloat (data: Uint8Array, collector: MonoCollector): void {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  const info = parseWav(buffer)
  const { channels, bitsPerSample, audioFormat, sampleRate, dataOffset, blockAlign } = info
  const float = audioFormat === 3
  if (!((audioFormat === 1 && [8, 16, 24, 32].includes(bitsPerSample)) || (float && [32, 64].includes(bitsPerSample)))) {
    throw new Unsupported(`WAV format ${audioFormat} at ${bitsPerSample} bits`)
  }
  const frames = Math.floor(info.dataLength / blockAlign)
  collector.admit(frames, sampleRate)
  const mono = new Float32Array(frames)
  if (!float && bitsPerSample === 16) {
    const start = data.byteOffset + dataOffset
    const pcm = start % 2 === 0
      ? new Int16Array(data.buffer, start, frames * channels)
      : new Int16Array(data.slice(dataOffset, dataOffset + frames * blockAlign).buffer)
    const scale = 1 / (32768 * channels)
    if (channels === 1) {
      for (let f = 0; f < frames; f++) mono[f] = pcm[f] * scale
    } else {
      for (let f = 0, at = 0; f < frames; f++) {
        let sum = 0
        for (let c = 0; c < channels; c++) sum += pcm[at++]
        mono[f] = sum * scale
      }
    }
  } else {
    const bytes = bitsPerSample / 8
    for (let f = 0; f < frames; f++) {
      const base = dataOffset + f * blockAlign
      let sum = 0
      for (let c = 0; c < channels; c++) {
        const at = base + c * bytes
        if (float) sum += bitsPerSample === 32 ? buffer.readFloatLE(at) : buffer.readDoubleLE(at)
        else if (bytes === 1) sum += ((buffer[at] as number) - 128) / 128
        else if (bytes === 3) sum += buffer.readIntLE(at, 3) / 8388608
        else sum += buffer.readInt32LE(at) / 2147483648
      }
      mono[f] = sum / channels
    }
  }
  collector.take(mono, sampleRate)
}

async function feed (data: Uint8Array, decode: (chunk: Uint8Array) => Decoded | Promise<Decoded>, collector: MonoCollector): Promise<void> {
  for (let at = 0; at < data.length; at += FEED_BYTES) collector.add(await decode(data.subarray(at, at + FEED_BYTES)))
}

function isOggOpus (data: Uint8Array): boolean {
  // The first page's first packet: "OpusHead" (Vorbis starts with "\x01vorbis").
  const segments = data[26] ?? 0
  const start = 27 + segments
  return Buffer.from(data.buffer, data.byteOffset + start, Math.min(8, Math.max(0, data.length - start))).toString('latin1') === 'OpusHead'
}

/**
 * Whether the Ogg pages tile `data` exactly. The decoders' flush() decodes a cut-off last page's
 * bytes as if they were whole packets (seconds of noise from a few hundred bytes), so a cut-off
 * page is dropped instead.
 */
function endsOnOggPage (data: Uint8Array): boolean {
  let at = 0
  while (at + 27 <= data.length) {
    const segments = data[at + 26] as number
    if (at + 27 + segments > data.length) return false
    let body = 0
    for (let i = 0; i < segments; i++) body += data[at + 27 + i] as number
    at += 27 + segments + body
  }
  return at === data.length
}

interface StreamDecoder {
  ready: Promise<void>
  decode: (chunk: Uint8Array) => Decoded | Promise<Decoded>
  flush: () => Promise<Decoded>
  free: () => void
}

/** Feeds `data` to a streaming decoder; `flush` decodes what it holds back at the end. */
async function decodeStream (decoder: StreamDecoder, data: Uint8Array, collector: MonoCollector, flush: boolean): Promise<void> {
  await decoder.ready
  try {
    await feed(data, async (chunk) => await decoder.decode(chunk), collector)
    if (flush) collector.add(await decoder.flush())
  } finally { decoder.free() }
}

async function decodeInto (task: DecodeTask, collector: MonoCollector): Promise<void> {
  const { data, format } = task
  switch (format) {
    case 'wav': wavToFloat(data, collector); return
    case 'mp3': {
      const decoder = new MPEGDecoder()
      await decoder.ready
      try { await feed(data, (chunk) => decoder.decode(chunk), collector) } finally { decoder.free() }
      return
    }
    case 'flac': {
      await decodeStream(new FLACDecoder(), data, collector, true)
      return
    }
    case 'ogg': {
      await decodeStream(isOggOpus(data) ? new OggOpusDecoder() : new OggVorbisDecoder(), data, collector, endsOnOggPage(data))
      return
    }
    case 'webm': {
      const opus = readWebmOpus(data)
      // libopus decodes straight to 16 kHz (and the other rates it supports): no resampling.
      const rate = ([8000, 12000, 16000, 24000, 48000] as const).find((supported) => supported === task.sampleRate) ?? 48000
      const decoder = new OpusDecoder({ channels: opus.channels, preSkip: opus.preSkip, sampleRate: rate })
      await decoder.ready
      try {
        for (let at = 0; at < opus.packets.length; at += 50) collector.add(decoder.decodeFrames(opus.packets.slice(at, at + 50)))
      } finally { decoder.free() }
    }
  }
}

/**
 * Decodes one task. The task's `data` is this thread's copy of the upload (posted to it by the pool):
 * it is released when the decode is done, like every buffer made on the way, so a caller in the same
 * thread must not use it afterwards.
 */
export default async function decodeUpload (task: DecodeTask): Promise<DecodeTaskResult> {
  const collector = new MonoCollector(task.maxSeconds)
  try {
    return await decodeAndEncode(task, collector)
  } finally {
    release(task.data)
    collector.release()
  }
}

async function decodeAndEncode (task: DecodeTask, collector: MonoCollector): Promise<DecodeTaskResult> {
  try {
    await decodeInto(task, collector)
  } catch (error) {
    if (error instanceof TooLong) return { ok: false, reason: 'too_long', detail: `longer than ${task.maxSeconds} s` }
    if (error instanceof WebmUnsupportedError || error instanceof Unsupported) return { ok: false, reason: 'unsupported', detail: error.message }
    // A RIFF this reader does not follow (RF64, odd chunks): ffmpeg judges it.
    if (error instanceof WavFormatError) return { ok: false, reason: 'unsupported', detail: error.message }
    return { ok: false, reason: 'undecodable', detail: error instanceof Error ? error.message : String(error) }
  }
  if (collector.length === 0) return { ok: false, reason: 'undecodable', detail: `no audio decoded (${collector.errors} decoder errors)` }
  const pcm = resampleToInt16(collector.samples(), collector.sampleRate, task.sampleRate)
  if (pcm === null) return { ok: false, reason: 'unsupported', detail: `sample rate ${collector.sampleRate} Hz` }
  const flac = encodeFlac(pcm, task.sampleRate)
  // Built here, off the event loop, and handed over without a copy.
  const out = new Uint8Array(WAV_HEADER_BYTES + pcm.byteLength + flac.byteLength)
  writeWavHeader(out, pcm.byteLength, { sampleRate: task.sampleRate, channels: 1, bitsPerSample: 16 })
  out.set(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength), WAV_HEADER_BYTES)
  out.set(flac, WAV_HEADER_BYTES + pcm.byteLength)
  release(pcm)
  release(flac)
  return move(out) as Uint8Array
}
