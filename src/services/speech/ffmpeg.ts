// ffmpeg as a process: finding it (prism-media searches PATH and ffmpeg-static, once) and running
// one with the upload on stdin, PCM on stdout and FLAC on fd 3, killed and reaped on demand.
// audio-decoder.ts drives it; nothing here knows about uploads or limits.
import { spawn } from 'node:child_process'
import type { Readable, Writable } from 'node:stream'
import prism from 'prism-media'
import { ServiceError } from '../errors.ts'
import { lowerPriority } from './niceness.ts'

export interface FfmpegProbe {
  available: boolean
  /** e.g. "5.1.9-0+deb12u1" */
  version?: string
  /** The command prism-media found ("ffmpeg" from PATH, or ffmpeg-static's binary); decoding runs it. */
  command?: string
  error?: string
}

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
    return { available: true, version, command: info.command }
  } catch (error) {
    return { available: false, error: errorMessage(error) }
  }
}

export function unavailable (cause?: unknown): ServiceError {
  return new ServiceError('unavailable', 'AUDIO_DECODER_UNAVAILABLE', 'Voice input is unavailable: the audio decoder (ffmpeg) is not installed', { cause, expected: true })
}

export interface FfmpegExit {
  code: number | null
  signal: NodeJS.Signals | null
  spawnError?: Error
}

export interface FfmpegRun {
  /** ffmpeg's stdin: the upload. */
  input: Writable
  /** The PCM (stdout) and the FLAC (fd 3). Nothing comes before input does, so listeners may come late. */
  pcm: Readable
  flac: Readable
  /** Resolves (never rejects) once the process has exited and all its pipes are closed. */
  exited: Promise<FfmpegExit>
  /** Started and not exited: a prestarted one is still fit to take an upload. */
  alive(): boolean
  stderr(): string
  kill(): void
}

const STDERR_LIMIT = 4096

/**
 * Starts one ffmpeg whose stdout carries the PCM and whose fd 3 carries the FLAC. The caller must
 * read both pipes as fast as ffmpeg writes them: a pipe left unread would stall the other output.
 * It runs `niceness` nice levels below this process (niceness.ts).
 */
export function startFfmpeg (command: string, args: string[], niceness = 0): FfmpegRun {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe', 'pipe'], windowsHide: true })
  // Before any input reaches it, so the threads it starts to decode inherit the level.
  if (niceness > 0 && child.pid !== undefined) lowerPriority(child.pid, niceness)
  const stdin = child.stdin as Writable
  const stdout = child.stdout as Readable
  const stderrPipe = child.stderr as Readable
  const flacPipe = child.stdio[3] as Readable
  // The usual error is EPIPE on stdin when ffmpeg has exited (bad input) or been killed while input
  // was still being written; the others are the same death seen from another pipe. Without a
  // listener each would be an uncaught exception; the exit status says what went wrong.
  for (const pipe of [stdin, stdout, stderrPipe, flacPipe]) pipe.on('error', () => {})
  let stderr = ''
  stderrPipe.setEncoding('utf8')
  stderrPipe.on('data', (text: string) => {
    if (stderr.length < STDERR_LIMIT) stderr += text
  })
  let spawnFailed = false
  const exited = new Promise<FfmpegExit>((resolve) => {
    // 'close' comes after the exit and after every pipe, fd 3 included, has ended.
    child.once('error', (error) => { spawnFailed = true; resolve({ code: null, signal: null, spawnError: error }) })
    child.once('close', (code, signal) => { resolve({ code, signal }) })
  })
  const running = (): boolean => child.exitCode === null && child.signalCode === null
  return {
    input: stdin,
    pcm: stdout,
    flac: flacPipe,
    exited,
    alive: () => running() && !spawnFailed && child.pid !== undefined,
    stderr: () => stderr.trim().slice(0, STDERR_LIMIT),
    kill () {
      if (running()) child.kill('SIGKILL')
      stdin.destroy()
    }
  }
}

// Demuxers ffmpeg may pick (its own probing, among these only) and the only protocol it may open:
// content must never make ffmpeg read playlists, other files or URLs.
export const DEMUXERS = 'wav,mp3,flac,ogg,mov,matroska,aac'
