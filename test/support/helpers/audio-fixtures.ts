// Audio fixtures generated at test time (nothing binary is committed): espeak-ng speech, ffmpeg
// encodings of it, synthetic tones. The encoders are run directly with child_process, not through
// the code under test.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Test } from 'tap'
import type { DecodedAudio } from '../../../src/services/speech/audio-decoder.ts'
import { WAV_HEADER_BYTES, writeWavHeader } from '../../../src/services/speech/wav.ts'

export type FixtureFormat = 'wav' | 'mp3' | 'flac' | 'ogg' | 'm4a' | 'webm'

interface RunResult {
  code: number | null
  stdout: Buffer
  stderr: string
}

/** Runs a command (no shell) with `input` on stdin and collects stdout. */
async function run (command: string, args: string[], input?: Buffer | string): Promise<RunResult> {
  return await new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] })
    const stdout: Buffer[] = []
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => { stdout.push(chunk) })
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    child.stdin.on('error', () => {}) // EPIPE when the command fails early; the exit code tells
    child.once('error', reject)
    child.once('close', (code) => { resolve({ code, stdout: Buffer.concat(stdout), stderr }) })
    child.stdin.end(input)
  })
}

async function runOk (command: string, args: string[], input?: Buffer | string): Promise<Buffer> {
  const result = await run(command, args, input)
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.code}: ${result.stderr}`)
  return result.stdout
}

/** Speech for `text` from espeak-ng (text on stdin, WAV on stdout): 22050 Hz mono 16-bit. */
export async function speak (text: string, options: { voice?: string, wordsPerMinute?: number } = {}): Promise<Buffer> {
  const args = ['-v', options.voice ?? 'id', '--stdout', '--stdin']
  if (options.wordsPerMinute !== undefined) args.push('-s', String(options.wordsPerMinute))
  return await runOk('espeak-ng', args, text)
}

export const ENCODER_ARGS: Readonly<Record<FixtureFormat, string[]>> = {
  wav: ['-c:a', 'pcm_s16le', '-f', 'wav'],
  mp3: ['-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3'],
  flac: ['-c:a', 'flac', '-f', 'flac'],
  ogg: ['-c:a', 'libopus', '-b:a', '32k', '-f', 'ogg'],
  m4a: ['-c:a', 'aac', '-b:a', '64k', '-f', 'ipod'],
  webm: ['-c:a', 'libopus', '-b:a', '32k', '-f', 'webm']
}

export interface EncodeOptions {
  /**
   * m4a only. Default: the index (moov) after the media data, as ffmpeg and most phone recorders
   * write it (needs a seekable output, so a temp file is used here); 'faststart': index first;
   * 'fragmented': streamable fragments.
   */
  mp4Layout?: 'moov-last' | 'faststart' | 'fragmented'
  /** webm only: clusters and segment of unknown size, no cues, as a browser's MediaRecorder writes. */
  live?: boolean
  /** Replaces the format's default codec arguments (e.g. Vorbis in WebM). */
  codec?: string[]
}

/** `wav` re-encoded by ffmpeg into `format`. */
export async function encode (wav: Buffer, format: FixtureFormat, options: EncodeOptions = {}): Promise<Buffer> {
  const base = ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', ...ENCODER_ARGS[format], ...(options.codec ?? [])]
  if (format !== 'm4a' || options.mp4Layout === 'fragmented') {
    const extra = format === 'm4a' ? ['-movflags', 'frag_keyframe+empty_moov'] : format === 'webm' && options.live === true ? ['-live', '1'] : []
    return await runOk('ffmpeg', [...base, ...extra, 'pipe:1'], wav)
  }
  const dir = await mkdtemp(join(tmpdir(), 'audio-fixture-'))
  try {
    const file = join(dir, 'out.m4a')
    const extra = options.mp4Layout === 'faststart' ? ['-movflags', '+faststart'] : []
    await runOk('ffmpeg', [...base, ...extra, '-y', file], wav)
    return await readFile(file)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** `seconds` of digital silence as FLAC: tiny, and huge once decoded (a decompression bomb). */
export async function silenceFlac (seconds: number, sampleRate = 48000): Promise<Buffer> {
  return await runOk('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `anullsrc=r=${sampleRate}:cl=mono`, '-t', String(seconds), '-c:a', 'flac', '-f', 'flac', 'pipe:1'])
}

/** Audio encoders this ffmpeg has, e.g. ['aac', 'flac', 'libmp3lame', 'libopus', ...]. */
export async function audioEncoders (): Promise<string[]> {
  const out = (await runOk('ffmpeg', ['-hide_banner', '-encoders'])).toString()
  return [...out.matchAll(/^ A[.A-Z]{5} ([\w-]+)/gm)].map((match) => match[1])
}

/** Decodes anything ffmpeg reads to s16le PCM (mono unless `channels`), for comparisons. */
export async function toPcm (audio: Buffer, sampleRate: number, inputFormat?: string): Promise<Buffer> {
  const input = inputFormat === undefined ? [] : ['-f', inputFormat]
  return await runOk('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...input, '-i', 'pipe:0', '-f', 's16le', '-ac', '1', '-ar', String(sampleRate), 'pipe:1'], audio)
}

/** A sine tone as a 16-bit mono WAV. */
export function tone (seconds: number, sampleRate = 16000, frequency = 440): Buffer {
  const samples = Math.round(seconds * sampleRate)
  const data = Buffer.alloc(samples * 2)
  for (let i = 0; i < samples; i++) {
    data.writeInt16LE(Math.round(Math.sin(2 * Math.PI * frequency * i / sampleRate) * 12000), i * 2)
  }
  return Buffer.concat([wavHeader(data.length, sampleRate), data])
}

/** A 16-bit mono WAV header, written by the service's one WAV writer. */
function wavHeader (dataBytes: number, sampleRate: number): Buffer {
  const header = Buffer.alloc(WAV_HEADER_BYTES)
  writeWavHeader(header, dataBytes, { sampleRate, channels: 1, bitsPerSample: 16 })
  return header
}

/** The first `seconds` of a 16-bit PCM WAV (e.g. from `speak`), with a correct header. */
export function trimWav (wav: Buffer, seconds: number): Buffer {
  const info = wavInfo(wav)
  if (info.format !== 1 || info.channels !== 1 || info.bitsPerSample !== 16) throw new Error('trimWav handles 16-bit mono PCM only')
  const dataBytes = Math.round(seconds * info.sampleRate) * 2
  if (dataBytes > info.dataBytes) throw new Error(`the WAV is only ${info.durationSeconds} s long`)
  const dataStart = wav.indexOf('data', 12, 'latin1') + 8
  return Buffer.concat([wavHeader(dataBytes, info.sampleRate), wav.subarray(dataStart, dataStart + dataBytes)])
}

/** The first `bytes` of `audio` (a copy). */
export function truncate (audio: Buffer, bytes: number): Buffer {
  return Buffer.from(audio.subarray(0, bytes))
}

export interface WavInfo {
  format: number
  channels: number
  sampleRate: number
  bitsPerSample: number
  /** Data bytes actually present (streaming writers such as espeak-ng put a bogus size in the header). */
  dataBytes: number
  durationSeconds: number
}

/** Parses a PCM WAV's fmt and data chunks. */
export function wavInfo (wav: Buffer): WavInfo {
  if (wav.toString('latin1', 0, 4) !== 'RIFF' || wav.toString('latin1', 8, 12) !== 'WAVE') throw new Error('not a WAV')
  let offset = 12
  let fmt: Omit<WavInfo, 'dataBytes' | 'durationSeconds'> | undefined
  while (offset + 8 <= wav.length) {
    const id = wav.toString('latin1', offset, offset + 4)
    const size = wav.readUInt32LE(offset + 4)
    if (id === 'fmt ') {
      fmt = {
        format: wav.readUInt16LE(offset + 8),
        channels: wav.readUInt16LE(offset + 10),
        sampleRate: wav.readUInt32LE(offset + 12),
        bitsPerSample: wav.readUInt16LE(offset + 22)
      }
    } else if (id === 'data') {
      if (fmt === undefined) throw new Error('WAV data before fmt')
      const dataBytes = Math.min(size, wav.length - offset - 8)
      return { ...fmt, dataBytes, durationSeconds: dataBytes / (fmt.sampleRate * fmt.channels * fmt.bitsPerSample / 8) }
    }
    offset += 8 + size + (size % 2)
  }
  throw new Error('WAV without data chunk')
}

/** FLAC STREAMINFO: sample rate, channels, bits per sample, total samples and MD5 (hex). */
export function flacStreamInfo (flac: Buffer): { sampleRate: number, channels: number, bitsPerSample: number, totalSamples: number, md5: string } {
  if (flac.toString('latin1', 0, 4) !== 'fLaC' || (flac[4] & 0x7F) !== 0) throw new Error('not a FLAC with STREAMINFO first')
  const packed = flac.readBigUInt64BE(18)
  return {
    sampleRate: Number(packed >> 44n),
    channels: Number((packed >> 41n) & 0x7n) + 1,
    bitsPerSample: Number((packed >> 36n) & 0x1Fn) + 1,
    totalSamples: Number(packed & 0xFFFFFFFFFn),
    md5: flac.toString('hex', 26, 42)
  }
}

export interface ChunkedStreamOptions {
  /** Size of each chunk (default 7 bytes, so that even the 64-byte sniff spans chunks). */
  chunkSize?: number
  /** Milliseconds to wait before each chunk (default 0: immediately, but one chunk per read). */
  delayMs?: number
}

/** A stream delivering `data` in small chunks; `pulled()` says how many bytes were read from it. */
export function chunkedStream (data: Buffer, options: ChunkedStreamOptions = {}): Readable & { pulled: () => number } {
  const { chunkSize = 7, delayMs = 0 } = options
  let offset = 0
  const stream = new Readable({
    highWaterMark: chunkSize,
    read () {
      if (offset >= data.length) {
        this.push(null)
        return
      }
      const chunk = data.subarray(offset, offset + chunkSize)
      offset += chunk.length
      if (delayMs > 0) {
        sleep(delayMs).then(() => { if (!this.destroyed) this.push(chunk) }, () => {})
      } else {
        this.push(chunk)
      }
    }
  })
  return Object.assign(stream, { pulled: () => offset })
}

/** A WAV stream that never ends: a header claiming the maximum size, then tone forever. */
export function endlessToneStream (sampleRate = 16000): Readable & { pulled: () => number } {
  const second = tone(1, sampleRate).subarray(44)
  let pulled = 0
  let headerSent = false
  const stream = new Readable({
    read () {
      const chunk = headerSent ? second : Buffer.concat([wavHeader(0xFFFFFFFF - 37, sampleRate), second])
      headerSent = true
      pulled += chunk.length
      this.push(chunk)
    }
  })
  return Object.assign(stream, { pulled: () => pulled })
}

/** Process ids of this process's ffmpeg children (Linux /proc), to check none is left running. */
export async function ffmpegChildren (): Promise<number[]> {
  const pids: number[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8')
      // pid (comm) state ppid ...: comm may contain spaces, so split after the last ')'
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid !== process.pid) continue
      const exe = await readlink(`/proc/${entry}/exe`).catch(() => '')
      if (stat.includes('(ffmpeg)') || exe.endsWith('/ffmpeg')) pids.push(Number(entry))
    } catch {
      // the process exited while being looked at
    }
  }
  return pids
}

/** The nice level of a process or thread: `stat` is the path of its stat file under /proc. */
export async function niceOf (stat: string): Promise<number> {
  const text = await readFile(stat, 'utf8')
  return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[16]) // field 19: after pid, comm, state
}

/** Waits until this process has at least `count` ffmpeg children, up to `timeoutMs`; returns them. */
export async function waitForFfmpegChildren (count: number, timeoutMs = 10_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const pids = await ffmpegChildren()
    if (pids.length >= count || Date.now() > deadline) return pids
    await sleep(10)
  }
}

/** Checks the WAV and FLAC outputs against each other and the expected duration. */
export async function checkDecoded (t: Test, decoded: DecodedAudio, expectedSeconds: number, tolerance = 0.3): Promise<void> {
  const info = wavInfo(decoded.wav)
  t.match(info, { format: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16 }, 'WAV is 16 kHz mono s16le PCM')
  t.equal(info.dataBytes, decoded.wav.length - 44, 'WAV header sizes match the data')
  t.equal(decoded.wav.readUInt32LE(4), decoded.wav.length - 8, 'RIFF size')
  t.equal(decoded.durationSeconds, info.durationSeconds, 'durationSeconds is the WAV duration')
  t.equal(decoded.sampleRate, 16000)
  t.ok(Math.abs(decoded.durationSeconds - expectedSeconds) <= tolerance,
    `duration ${decoded.durationSeconds.toFixed(3)} s within ${tolerance} s of ${expectedSeconds.toFixed(3)} s`)
  t.equal(decoded.flac.toString('latin1', 0, 4), 'fLaC', 'FLAC magic')
  const pcm = decoded.wav.subarray(44)
  const streamInfo = flacStreamInfo(decoded.flac)
  t.match(streamInfo, { sampleRate: 16000, channels: 1, bitsPerSample: 16, totalSamples: pcm.length / 2 }, 'FLAC STREAMINFO complete')
  t.equal(streamInfo.md5, createHash('md5').update(pcm).digest('hex'), 'FLAC MD5 is that of the PCM')
  t.ok((await toPcm(decoded.flac, 16000)).equals(pcm), 'FLAC decodes to exactly the WAV samples')
}
