// Multipart bodies for POST /v1/audio written by hand (FormData cannot make a malformed one), an
// upload over a real socket that is never finished (a client that stalls, or sends a second file),
// and a body written byte by byte by a client that may read the answer only once it has sent it.
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

/** The response in `text` once received whole (by its Content-Length), else undefined. */
function wholeResponse (text: string): { head: string, body: string } | undefined {
  const end = text.indexOf('\r\n\r\n')
  const length = /content-length: (\d+)/i.exec(text.slice(0, end))
  if (end === -1 || length === null || text.length < end + 4 + Number(length[1])) return undefined
  return { head: text.slice(0, end), body: text.slice(end + 4, end + 4 + Number(length[1])) }
}

export interface ByteByByteOutcome {
  /** The response's head and body as read whole, or the head empty and the body all that was read. */
  head: string
  body: string
  /** The code of the socket's first error, if any (EPIPE, ECONNRESET: a reset lost the answer). */
  error: string | undefined
  bytesSent: number
}

/**
 * Sends `head` (whole, then the blank line) then `body` one byte per write and turn of the loop
 * (no Nagle: a TCP segment each), for as long as no error and, when `readWhileWriting`, no whole
 * response has come. A client that does not read while writing (Python's http.client, Java's
 * HttpURLConnection) reads only then. Ends its side then, and resolves once the connection is closed.
 */
export async function sendByteByByte (port: number, head: string, body: Buffer, readWhileWriting: boolean): Promise<ByteByByteOutcome> {
  const { socket, received } = await clientSocket(port)
  socket.setNoDelay(true)
  if (!readWhileWriting) socket.pause()
  let error: string | undefined
  socket.on('error', (failure: NodeJS.ErrnoException) => { error ??= failure.code ?? failure.message })
  // Not events.once: it rejects on the socket's 'error', which is an outcome here.
  const closed = new Promise((resolve) => socket.once('close', resolve))
  socket.write(`${head}\r\n\r\n`)
  let bytesSent = 0
  const answered = (): boolean => readWhileWriting && wholeResponse(received()) !== undefined
  const failed = (): boolean => error !== undefined || socket.destroyed
  while (bytesSent < body.length && !failed() && !answered()) {
    socket.write(body.subarray(bytesSent, bytesSent + 1))
    bytesSent += 1
    await new Promise((resolve) => setImmediate(resolve))
  }
  socket.resume()
  socket.end()
  await closed
  const response = wholeResponse(received())
  return { head: response?.head ?? '', body: response?.body ?? received(), error, bytesSent }
}
