// A real Prosa streaming text-to-speech server on 127.0.0.1 for tests, speaking the protocol the
// original app's client used (docs/external-protocols.md §2): `{token}`, then a config
// `{label, model, audio_format, sample_rate}`, a JSON reply with the job `id`, then one binary frame
// (a complete WAV) per `{text}`. Protocol mistakes are recorded in `violations`.
import { randomUUID } from 'node:crypto'
import { EventEmitter } from 'node:events'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import type { RawData, WebSocket } from 'ws'

export interface FakeProsaTtsOptions {
  apiKey?: string
  /** The rate of the audio sent back; default: the rate the client asked for. */
  sampleRate?: number
  delayPerSentenceMs?: number
  /** A sentence containing this string is answered with a JSON error instead of audio. */
  failOnText?: string
  /** Close with this code right after the config frame (4001 config, 4005 quota, 4029 rate limit...). */
  closeWith?: number
  closeReason?: string
  /** Refuse the job: answer the config with `{status: "failed", error}` instead of an `id`. */
  rejectJob?: string
  /** Hang up (close 1000) instead of answering a sentence containing this string. */
  hangUpOnText?: string
}

export interface FakeProsaTtsSession {
  token?: string
  config?: Record<string, unknown>
  texts: string[]
  /** The close code the client sent (1000 expected), once the socket closed. */
  clientCloseCode?: number
  closed: boolean
}

export interface FakeProsaTts {
  url: string
  apiKey: string
  sessions: FakeProsaTtsSession[]
  /** Every sentence received, over all sessions. */
  texts: string[]
  violations: string[]
  /** Emits `session` when a client connects, `text` for each sentence received and `closed` when a socket closes. */
  events: EventEmitter
  close: () => Promise<void>
}

const toneSeconds = new Map<number, Buffer>()

/** One second of the 440 Hz tone at `sampleRate`, 16-bit little-endian. */
function toneSecond (sampleRate: number): Buffer {
  let second = toneSeconds.get(sampleRate)
  if (second === undefined) {
    second = Buffer.alloc(sampleRate * 2)
    for (let i = 0; i < sampleRate; i++) second.writeInt16LE(Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / sampleRate)), i * 2)
    toneSeconds.set(sampleRate, second)
  }
  return second
}

/**
 * A WAV holding a 440 Hz tone of ~60 ms per character (capped at 10 s). Written by hand, not with
 * the code under test, and with a LIST chunk before `data` as many encoders do.
 */
export function toneWav (text: string, sampleRate: number, options: { streamedSizes?: boolean } = {}): Buffer {
  const seconds = Math.min(10, Math.max(0.1, text.length * 0.06))
  const frames = Math.round(seconds * sampleRate)
  const pcm = Buffer.alloc(frames * 2)
  // The tone repeats every second (440 whole cycles): one second of samples is computed once per rate
  // and copied, so that a benchmark's fake does not take CPU from the service it measures.
  const second = toneSecond(sampleRate)
  for (let at = 0; at < pcm.length; at += second.length) second.copy(pcm, at, 0, Math.min(second.length, pcm.length - at))
  const list = Buffer.concat([Buffer.from('LIST'), Buffer.alloc(4), Buffer.from('INFOISFT'), Buffer.alloc(4), Buffer.from('fake\0\0')])
  list.writeUInt32LE(list.length - 8, 4)
  list.writeUInt32LE(6, 16)
  const fmt = Buffer.alloc(24)
  fmt.write('fmt ', 0, 'latin1')
  fmt.writeUInt32LE(16, 4)
  fmt.writeUInt16LE(1, 8)
  fmt.writeUInt16LE(1, 10)
  fmt.writeUInt32LE(sampleRate, 12)
  fmt.writeUInt32LE(sampleRate * 2, 16)
  fmt.writeUInt16LE(2, 20)
  fmt.writeUInt16LE(16, 22)
  const dataHeader = Buffer.alloc(8)
  dataHeader.write('data', 0, 'latin1')
  dataHeader.writeUInt32LE(options.streamedSizes === true ? 0xffffffff : pcm.length, 4)
  const riff = Buffer.alloc(12)
  riff.write('RIFF', 0, 'latin1')
  riff.writeUInt32LE(options.streamedSizes === true ? 0xffffffff : 4 + fmt.length + list.length + dataHeader.length + pcm.length, 4)
  riff.write('WAVE', 8, 'latin1')
  return Buffer.concat([riff, fmt, list, dataHeader, pcm])
}

function parseJson (data: RawData, isBinary: boolean): Record<string, unknown> | undefined {
  if (isBinary) return undefined
  try {
    const value = JSON.parse(data.toString()) as unknown
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined
  } catch {
    return undefined
  }
}

export async function startFakeProsaTts (options: FakeProsaTtsOptions = {}): Promise<FakeProsaTts> {
  const apiKey = options.apiKey ?? 'test-prosa-tts-key'
  const sessions: FakeProsaTtsSession[] = []
  const texts: string[] = []
  const violations: string[] = []
  const events = new EventEmitter()
  const timers = new Set<NodeJS.Timeout>()
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })

  server.on('connection', (socket: WebSocket) => {
    const session: FakeProsaTtsSession = { texts: [], closed: false }
    sessions.push(session)
    events.emit('session', session)
    let stage: 'token' | 'config' | 'texts' | 'closing' = 'token'
    // Sentences are answered in order even when a delay is configured.
    let queue = Promise.resolve()

    socket.on('close', (code) => {
      session.clientCloseCode = code
      session.closed = true
      events.emit('closed', session)
    })
    socket.on('message', (data, isBinary) => {
      if (stage === 'closing') return // frames the client sent before it saw the close
      const frame = parseJson(data, isBinary)
      const refuse = (code: number, reason: string): void => {
        stage = 'closing'
        socket.close(code, reason)
      }
      if (stage === 'token') {
        session.token = typeof frame?.token === 'string' ? frame.token : undefined
        if (session.token === undefined) violations.push('first frame is not {"token": ...}')
        if (session.token !== apiKey) {
          refuse(4000, 'invalid token')
          return
        }
        stage = 'config'
        return
      }
      if (stage === 'config') {
        session.config = frame
        const missing = ['model', 'audio_format', 'sample_rate'].filter((key) => frame?.[key] === undefined)
        if (frame === undefined || missing.length > 0) {
          violations.push(`config frame lacks ${missing.join(', ') || 'JSON'}`)
          refuse(4001, 'invalid config')
          return
        }
        if (typeof frame.sample_rate !== 'number' || frame.audio_format !== 'wav') {
          violations.push(`unsupported config ${JSON.stringify(frame)}`)
          refuse(4001, 'invalid config')
          return
        }
        if (options.closeWith !== undefined) {
          refuse(options.closeWith, options.closeReason ?? '')
          return
        }
        if (options.rejectJob !== undefined) {
          socket.send(JSON.stringify({ status: 'failed', error: options.rejectJob }))
          return
        }
        stage = 'texts'
        socket.send(JSON.stringify({ id: randomUUID(), status: 'created' }))
        return
      }
      if (typeof frame?.text !== 'string') {
        violations.push(`expected {"text": ...}, got ${isBinary ? 'binary' : data.toString().slice(0, 80)}`)
        refuse(4001, 'invalid request')
        return
      }
      const text = frame.text
      session.texts.push(text)
      texts.push(text)
      events.emit('text', text)
      if (options.hangUpOnText !== undefined && text.includes(options.hangUpOnText)) {
        refuse(1000, '')
        return
      }
      const sampleRate = options.sampleRate ?? (session.config?.sample_rate as number)
      queue = queue.then(async () => {
        if (options.delayPerSentenceMs !== undefined) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => { timers.delete(timer); resolve() }, options.delayPerSentenceMs)
            timers.add(timer)
          })
        }
        if (socket.readyState !== socket.OPEN) return
        if (options.failOnText !== undefined && text.includes(options.failOnText)) {
          socket.send(JSON.stringify({ error: 'synthesis failed', text }))
        } else {
          socket.send(toneWav(text, sampleRate))
        }
      })
    })
  })

  await new Promise<void>((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `ws://127.0.0.1:${port}/v2/speech/tts/streaming`,
    apiKey,
    sessions,
    texts,
    violations,
    events,
    close: async () => {
      for (const timer of timers) clearTimeout(timer)
      for (const client of server.clients) client.terminate()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
