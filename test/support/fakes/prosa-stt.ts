// A real Prosa streaming speech-to-text server on 127.0.0.1 for tests
// (docs/external-protocols.md §1, https://docs2.prosa.ai/speech/stt/streaming). It checks the client:
// `x-api-key` on the upgrade (or a `{token}` first frame), a JSON config with `model` first, binary
// audio frames of at most 16,384 bytes starting with a RIFF/WAVE header, an empty binary frame to
// end. Then it answers as Prosa does: created, status in_progress, one result per segment,
// metadata, status complete, close 1000. Protocol mistakes are recorded in `violations`.
import { randomUUID } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import type { WebSocket } from 'ws'

export const MAX_FRAME_BYTES = 16_384

export interface FakeProsaSttOptions {
  apiKey?: string
  /** The transcript, or a function of the audio received. Ignored when `segments` is given. */
  transcript?: string | ((audio: Buffer) => string)
  /** Several final results, sent in order (a long utterance). */
  segments?: string[]
  /** Close with this code once the config frame arrived (4001, 4002, 4005, 4029, 1011...). */
  closeWith?: number
  closeReason?: string
  /** Wait this long after the end of the audio before answering. */
  delayMs?: number
  /** A config with another model is closed with 4002. */
  expectModel?: string
  /** Answer the end of the audio with an `error` frame and a 1011 close. */
  errorMessage?: string
}

export interface FakeProsaSttSession {
  headers: IncomingHttpHeaders
  config?: Record<string, unknown>
  chunkSizes: number[]
  totalBytes: number
  /** The empty binary frame arrived. */
  ended: boolean
  clientCloseCode?: number
  closed: boolean
}

export interface FakeProsaStt {
  url: string
  apiKey: string
  sessions: FakeProsaSttSession[]
  violations: string[]
  close: () => Promise<void>
}

export async function startFakeProsaStt (options: FakeProsaSttOptions = {}): Promise<FakeProsaStt> {
  const apiKey = options.apiKey ?? 'test-prosa-stt-key'
  const sessions: FakeProsaSttSession[] = []
  const violations: string[] = []
  const timers = new Set<NodeJS.Timeout>()
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })

  server.on('connection', (socket: WebSocket, request) => {
    const session: FakeProsaSttSession = { headers: request.headers, chunkSizes: [], totalBytes: 0, ended: false, closed: false }
    sessions.push(session)
    const header = request.headers['x-api-key']
    let authenticated = header === apiKey
    let awaitingToken = header === undefined // the documented alternative: {"token"} as the first frame
    if (header !== undefined && !authenticated) {
      socket.close(4000, 'invalid api key')
      return
    }
    const audio: Buffer[] = []
    let closing = false
    const refuse = (code: number, reason: string): void => {
      closing = true
      socket.close(code, reason)
    }
    const send = (frame: Record<string, unknown>): void => { if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame)) }

    socket.on('close', (code) => { session.clientCloseCode = code; session.closed = true })
    socket.on('message', (data: Buffer, isBinary) => {
      if (closing) return // frames the client sent before it saw the close
      if (session.ended) {
        violations.push('frame after the end of the audio')
        return
      }
      if (awaitingToken) {
        awaitingToken = false
        let token: unknown
        try { token = (JSON.parse(data.toString()) as { token?: unknown }).token } catch {}
        if (isBinary || token === undefined) violations.push('no x-api-key header and no {"token"} frame')
        authenticated = token === apiKey
        if (!authenticated) refuse(4000, 'invalid api key')
        return
      }
      if (!authenticated) return
      if (session.config === undefined) {
        let config: unknown
        try { config = isBinary ? undefined : JSON.parse(data.toString()) } catch {}
        if (config === null || typeof config !== 'object' || typeof (config as { model?: unknown }).model !== 'string') {
          violations.push('first frame is not a JSON config with a model')
          refuse(4001, 'invalid config')
          return
        }
        session.config = config as Record<string, unknown>
        if (options.expectModel !== undefined && session.config.model !== options.expectModel) {
          refuse(4002, `unknown model ${String(session.config.model)}`)
          return
        }
        if (options.closeWith !== undefined) {
          refuse(options.closeWith, options.closeReason ?? '')
          return
        }
        send({ type: 'created', id: randomUUID() })
        return
      }
      if (!isBinary) {
        violations.push(`text frame during the audio: ${data.toString().slice(0, 80)}`)
        return
      }
      session.chunkSizes.push(data.length)
      if (data.length > MAX_FRAME_BYTES) violations.push(`binary frame of ${data.length} bytes (max ${MAX_FRAME_BYTES})`)
      if (data.length > 0) {
        if (audio.length === 0) send({ type: 'status', status: 'in_progress' })
        audio.push(data)
        session.totalBytes += data.length
        return
      }
      session.ended = true
      const received = Buffer.concat(audio)
      if (received.length < 12 || received.toString('latin1', 0, 4) !== 'RIFF' || received.toString('latin1', 8, 12) !== 'WAVE') {
        violations.push('audio does not start with a RIFF/WAVE header')
      }
      const answer = (): void => {
        if (options.errorMessage !== undefined) {
          send({ type: 'error', message: options.errorMessage })
          socket.close(1011, 'internal error')
          return
        }
        const segments = options.segments ?? [typeof options.transcript === 'function' ? options.transcript(received) : options.transcript ?? 'apa saja fakultas di itb']
        // 16 kHz, 16-bit mono: 32,000 bytes per second after the 44-byte header.
        const duration = Math.max(0, received.length - 44) / 32_000
        segments.forEach((transcript, index) => {
          send({
            type: 'result',
            transcript,
            time_start: duration * index / segments.length,
            time_end: duration * (index + 1) / segments.length
          })
        })
        send({ type: 'metadata', duration, quota_used: Math.ceil(duration), max_reached: false, max_duration: 60 })
        send({ type: 'quota', active: true, timestamp: Date.now() / 1000, quota_used: Math.ceil(duration) })
        send({ type: 'status', status: 'complete' })
        socket.close(1000)
      }
      if (options.delayMs === undefined) answer()
      else {
        const timer = setTimeout(() => { timers.delete(timer); answer() }, options.delayMs)
        timers.add(timer)
      }
    })
  })

  await new Promise<void>((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `ws://127.0.0.1:${port}/v2/speech/stt/streaming`,
    apiKey,
    sessions,
    violations,
    close: async () => {
      for (const timer of timers) clearTimeout(timer)
      for (const client of server.clients) client.terminate()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
