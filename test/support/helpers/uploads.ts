// Multipart bodies for POST /v1/audio written by hand (FormData cannot make a malformed one), and an
// upload over a real socket that is never finished: a client that stalls, or sends a second file.
import { once } from 'node:events'
import { connect, type Socket } from 'node:net'
import type { Test } from 'tap'
import { startFakeProsaStt } from '../fakes/prosa-stt.ts'
import { TEST_API_KEY } from './app.ts'

/** Voice with a fake Prosa speech-to-text hearing `transcript`, and no speech synthesis. */
export async function voiceEnv (t: Test, transcript: string): Promise<Record<string, string>> {
  const stt = await startFakeProsaStt({ apiKey: 'stt-key', transcript })
  t.teardown(stt.close)
  return { PROSA_STT_API_KEY: 'stt-key', PROSA_STT_URL: stt.url, TTS_PROVIDER: 'none' }
}

export const BOUNDARY = 'audio-boundary-1234'

/** The head of a file part (the bytes of the file follow it). */
export const partHead = (boundary = BOUNDARY, field = 'audio', filename = 'q.wav'): string =>
  `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: audio/wav\r\n\r\n`

/** A form of one file in the field `audio`. */
export const wellFormed = (file: Buffer): Buffer => Buffer.concat([Buffer.from(partHead()), file, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)])

export interface UnfinishedUpload {
  socket: Socket
  /** Resolves with the status code and body of the response, whenever it comes. */
  response: Promise<{ status: number, body: string }>
}

/** A client socket to the app, connected, keeping the text it receives (`received()`); socket errors ignored. */
export async function clientSocket (port: number): Promise<{ socket: Socket, received: () => string }> {
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  let text = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => { text += chunk })
  socket.on('error', () => {})
  return { socket, received: () => text }
}

/** Sends the request head (announcing `unsent` bytes more than `body`) and `body`, then nothing more. */
export async function unfinishedUpload (port: number, body: Buffer, conversation: string, unsent = 1_000_000): Promise<UnfinishedUpload> {
  const client = await clientSocket(port)
  const { socket } = client
  let received = ''
  socket.on('data', () => { received = client.received() })
  const response = new Promise<{ status: number, body: string }>((resolve) => {
    const check = (): void => {
      const end = received.indexOf('\r\n\r\n')
      const length = /content-length: (\d+)/i.exec(received)
      if (end === -1 || length === null || received.length < end + 4 + Number(length[1])) return
      resolve({ status: Number(received.slice(9, 12)), body: received.slice(end + 4, end + 4 + Number(length[1])) })
    }
    socket.on('data', check)
    socket.on('close', () => { resolve({ status: Number(received.slice(9, 12)) || 0, body: received }) })
  })
  socket.write(`POST /v1/audio HTTP/1.1\r\nHost: x\r\nX-API-Key: ${TEST_API_KEY}\r\nX-Conversation-Id: ${conversation}\r\n` +
    `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${body.length + unsent}\r\n\r\n`)
  socket.write(body)
  return { socket, response }
}
