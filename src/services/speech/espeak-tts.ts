// Local text-to-speech with espeak-ng: robotic but always there, so a voice answer survives a
// vendor outage. The text goes through stdin, never argv, and no shell is involved.
// Each sentence gets the voice of its language, decided sentence by sentence (a streamed answer is
// spoken before it is finished): English only when detectLanguage finds strictly more English
// evidence than Indonesian in the sentence, so names and numbers alone stay Indonesian.
// https://github.com/espeak-ng/espeak-ng/blob/master/src/espeak-ng.1.ronn
import { execFile, spawn } from 'node:child_process'
import { ServiceError } from '../errors.ts'
import { detectLanguage } from '../text/language.ts'
import { brief } from '../vendor-call.ts'
import { synthesizeEach } from './sentence-source.ts'
import { normalizeWav } from './wav.ts'
import type { CallObserver, TextToSpeech } from './types.ts'

export interface EspeakTextToSpeechOptions {
  /** Default espeak-ng (looked up on PATH). */
  binary?: string
  /** For Indonesian sentences, and any that is not clearly English. Default id; null: espeak-ng's own default voice (no -v). */
  voice?: string | null
  /** For the sentences detectLanguage calls English. Default en; null: espeak-ng's own default voice. */
  englishVoice?: string | null
  /** Words per minute (espeak-ng's default is 175). */
  speed?: number
  /** Per sentence. */
  timeoutMs: number
  observer?: CallObserver
}

// A sentence is a few seconds of audio; this only stops a runaway process from eating memory.
const MAX_OUTPUT_BYTES = 32 * 1024 * 1024

function runEspeak (binary: string, args: string[], text: string, signal: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    signal.throwIfAborted()
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false })
    const stdout: Buffer[] = []
    let stdoutBytes = 0
    let stderr = ''
    let settled = false
    const settle = (error: unknown, audio?: Buffer): void => {
      if (settled) return
      settled = true
      signal.removeEventListener('abort', onAbort)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      if (audio !== undefined) resolve(audio)
      else reject(error)
    }
    const onAbort = (): void => settle(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })

    child.on('error', (error: NodeJS.ErrnoException) => {
      settle(error.code === 'ENOENT' || error.code === 'EACCES'
        ? new ServiceError('unavailable', 'TTS_UNAVAILABLE', `${binary} is not installed or not executable`, { cause: error })
        : new ServiceError('upstream', 'TTS_FAILED', `${binary} could not be started`, { cause: error }))
    })
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length
      if (stdoutBytes > MAX_OUTPUT_BYTES) settle(new ServiceError('upstream', 'TTS_FAILED', `${binary} produced too much audio`))
      else stdout.push(chunk)
    })
    child.stderr.on('data', (chunk: Buffer) => { if (stderr.length < 4096) stderr += chunk.toString('utf8') })
    child.stdin.on('error', () => {}) // EPIPE when the process died early; its exit status tells why
    child.on('close', (code, killedBy) => {
      if (code !== 0) {
        const why = killedBy !== null ? `was killed by ${killedBy}` : `exited with ${code ?? 'no status'}`
        settle(new ServiceError('upstream', 'TTS_FAILED', `${binary} ${why}${stderr.trim() === '' ? '' : `: ${brief(stderr)}`}`))
        return
      }
      try {
        settle(undefined, normalizeWav(Buffer.concat(stdout), { inPlace: true }))
      } catch (error) {
        settle(new ServiceError('upstream', 'TTS_FAILED', `${binary} did not write a WAV file`, { cause: error }))
      }
    })
    child.stdin.end(text)
  })
}

function checkedVoice (voice: string): string {
  // Configuration, not user input, but an option-looking voice would still be read as a flag.
  if (!/^[\w+/.-]+$/.test(voice) || voice.startsWith('-')) throw new RangeError(`Invalid espeak-ng voice: ${voice}`)
  return voice
}

export function createEspeakTextToSpeech (options: EspeakTextToSpeechOptions): TextToSpeech {
  const binary = options.binary ?? 'espeak-ng'
  const voiceArgs = (voice: string | null): string[] => voice === null ? [] : ['-v', checkedVoice(voice)]
  const names = { id: options.voice === undefined ? 'id' : options.voice, en: options.englishVoice === undefined ? 'en' : options.englishVoice }
  const voices = { id: voiceArgs(names.id), en: voiceArgs(names.en) }
  const rest = ['--stdout']
  if (options.speed !== undefined) {
    if (!Number.isInteger(options.speed) || options.speed < 80 || options.speed > 500) throw new RangeError('espeak-ng speed must be 80-500 words per minute')
    rest.push('-s', String(options.speed))
  }
  const args = { id: [...voices.id, ...rest], en: [...voices.en, ...rest] }

  return {
    name: 'espeak',
    synthesize: (sentences, callOptions = {}) => synthesizeEach(sentences, callOptions, {
      service: 'espeak-tts',
      timeoutMs: options.timeoutMs,
      observer: options.observer,
      timeoutError: () => new ServiceError('timeout', 'TTS_TIMEOUT', 'espeak-ng did not finish in time')
    }, async (sentence, signal) => {
      const language = detectLanguage(sentence)
      const wav = await runEspeak(binary, args[language], `${sentence}\n`, signal)
      const voice = names[language]
      return voice === null ? { wav } : { wav, voice }
    })
  }
}

export interface EspeakProbe {
  available: boolean
  version?: string
  hasIndonesian: boolean
}

function run (binary: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024 }, (error, stdout) => {
      if (error !== null) reject(error)
      else resolve(stdout)
    })
  })
}

/** Checked once at boot: is espeak-ng there, which version, and does it have an Indonesian voice? */
export async function probeEspeak (binary = 'espeak-ng', options: { timeoutMs?: number } = {}): Promise<EspeakProbe> {
  const timeoutMs = options.timeoutMs ?? 5000
  let versionOutput: string
  try {
    versionOutput = await run(binary, ['--version'], timeoutMs)
  } catch {
    return { available: false, hasIndonesian: false }
  }
  // "eSpeak NG text-to-speech: 1.51  Data at: /usr/lib/x86_64-linux-gnu/espeak-ng-data"
  const version = /(\d+\.\d+(?:\.\d+)?(?:-[\w.]+)?)/.exec(versionOutput)?.[1]
  let hasIndonesian = false
  try {
    // Columns: Pty Language Age/Gender VoiceName File Other-languages
    const voices = await run(binary, ['--voices=id'], timeoutMs)
    hasIndonesian = voices.split('\n').slice(1).some((line) => {
      const [, language = '', , , file = ''] = line.trim().split(/\s+/)
      // mbrola voices (file mb/...) need the separate mbrola program; the default voice does not.
      return (language === 'id' || language.startsWith('id-')) && !file.startsWith('mb/')
    })
  } catch {}
  return { available: true, version, hasIndonesian }
}

/**
 * Which of `voices` espeak-ng refuses ("The specified espeak-ng voice does not exist") or cannot
 * speak with in time, checked once at boot: a refused voice fails every sentence given to it.
 */
export async function missingEspeakVoices (voices: readonly string[], binary = 'espeak-ng', options: { timeoutMs?: number } = {}): Promise<string[]> {
  const missing: string[] = []
  for (const voice of new Set(voices)) {
    try {
      await run(binary, ['-q', '-v', checkedVoice(voice), 'a'], options.timeoutMs ?? 5000)
    } catch {
      missing.push(voice)
    }
  }
  return missing
}

/** The voices espeak-ng is run with: a name, or null for its own default voice (no -v). */
export interface EspeakVoices {
  voice: string | null
  englishVoice: string | null
}

/**
 * The voices to speak with, checked once at boot: a voice espeak-ng refuses fails every sentence given
 * to it, and with it the answer's audio. A refused `voice` gives way to espeak-ng's own default voice
 * (no -v, English), a refused `englishVoice` to what `voice` became. `refused` lists the voices given
 * up; `voices` is null when not even the default voice speaks (the answers are then text only).
 */
export async function usableEspeakVoices (wanted: { voice: string, englishVoice: string }, binary = 'espeak-ng', options: { timeoutMs?: number } = {}): Promise<{ voices: EspeakVoices | null, refused: string[] }> {
  const refused = await missingEspeakVoices([wanted.voice, wanted.englishVoice], binary, options)
  const voice = refused.includes(wanted.voice) ? null : wanted.voice
  const englishVoice = refused.includes(wanted.englishVoice) ? voice : wanted.englishVoice
  if ((voice === null || englishVoice === null) && !(await speaksWithDefaultVoice(binary, options.timeoutMs ?? 5000))) return { voices: null, refused }
  return { voices: { voice, englishVoice }, refused }
}

async function speaksWithDefaultVoice (binary: string, timeoutMs: number): Promise<boolean> {
  try {
    await run(binary, ['-q', 'a'], timeoutMs)
    return true
  } catch {
    return false
  }
}
