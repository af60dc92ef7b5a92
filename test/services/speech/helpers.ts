// Shared by the speech tests: audio fixtures and a way to find a port nothing listens on.
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { makeWav } from '../../../src/services/speech/wav.ts'
import type { CallObserver } from '../../../src/services/speech/types.ts'

/** A 16 kHz mono s16le WAV of a 300 Hz tone, as the audio decoder hands it to speech-to-text. */
export function speechWav (seconds: number): Buffer {
  const frames = Math.round(seconds * 16000)
  const pcm = Buffer.alloc(frames * 2)
  for (let i = 0; i < frames; i++) pcm.writeInt16LE(Math.round(6000 * Math.sin(2 * Math.PI * 300 * i / 16000)), i * 2)
  return makeWav(pcm, { sampleRate: 16000, channels: 1, bitsPerSample: 16 })
}

/** A port that was free a moment ago: connecting to it is refused. */
export async function closedPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

export function recordCalls (): { calls: Array<Parameters<CallObserver>[0]>, observer: CallObserver } {
  const calls: Array<Parameters<CallObserver>[0]> = []
  return { calls, observer: (call) => { calls.push(call) } }
}

/** Waits until `check` holds (socket closes are observed asynchronously). */
export async function eventually (check: () => boolean, timeoutMs = 2000): Promise<boolean> {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > timeoutMs) return false
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return true
}
