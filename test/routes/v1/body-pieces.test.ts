// /v1/audio against a body sent in tiny pieces (src/routes/v1/body-pieces.ts): refused with a clear
// 400 once the pieces are counted, while real clients' pieces pass, a slow one's MSS-sized segments too.
// Chunked encoding makes every chunk a piece of its own for Node's parser, however TCP groups them.
import { once } from 'node:events'
import t from 'tap'
import { build, TEST_API_KEY } from '../../support/helpers/app.ts'
import { speak, tone } from '../../support/helpers/audio-fixtures.ts'
import { BOUNDARY, clientSocket, voiceEnv, wellFormed } from '../../support/helpers/uploads.ts'
import { TINY_PIECES } from '../../../src/routes/v1/body-pieces.ts'

const QUESTION = 'Kapan ITB didirikan?'
const question = await speak(QUESTION)

function chunked (body: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = []
  for (let at = 0; at < body.length; at += size) {
    const piece = body.subarray(at, at + size)
    chunks.push(Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]))
  }
  return [...chunks, Buffer.from('0\r\n\r\n')]
}

/** Sends `head` then `body` in chunks of `size` bytes (one write each when `paced`, waiting a turn of the loop between them); resolves when the server closes. */
async function sendChunked (port: number, head: string, body: Buffer, size: number, paced = false): Promise<{ head: string, body: string, piecesSent: number }> {
  const { socket, received } = await clientSocket(port)
  const closed = once(socket, 'close')
  // Ended by the client after an answer without `connection: close`; a server keeping the connection open after its answer would leave this waiting: the test fails by its timeout.
  socket.on('data', () => { if (/\r\n\r\n[\s\S]*\}$/.test(received()) && !/connection: close/i.test(received())) socket.end() })
  socket.write(`${head}\r\nHost: x\r\nX-API-Key: ${TEST_API_KEY}\r\nTransfer-Encoding: chunked\r\n\r\n`)
  const chunks = chunked(body, size)
  if (paced) {
    for (const chunk of chunks) {
      if (socket.destroyed) break
      socket.write(chunk)
      await new Promise((resolve) => setImmediate(resolve))
    }
  } else socket.write(Buffer.concat(chunks))
  await closed
  const text = received()
  const end = text.indexOf('\r\n\r\n')
  return { head: text.slice(0, end), body: text.slice(end + 4), piecesSent: chunks.length - 1 }
}

/** POSTs `form` to /v1/audio in chunks of `size` bytes. */
const upload = async (port: number, form: Buffer, size: number, paced = false): ReturnType<typeof sendChunked> =>
  await sendChunked(port, `POST /v1/audio HTTP/1.1\r\nX-Conversation-Id: pieces-${size}\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}`, form, size, paced)

t.test('a body in 1-byte chunks is refused with 400 BODY_IN_TINY_PIECES, and the connection closed', async (t) => {
  const { app } = await build(t, { ...await voiceEnv(t, QUESTION), RATE_LIMIT_ENABLED: 'false' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  for (const size of [1, 16, TINY_PIECES.minAverageBytes - 100]) {
    const form = wellFormed(size < 100 ? question : tone(20))
    const { head, body, piecesSent } = await upload(port, form, size)
    t.ok(piecesSent > TINY_PIECES.after, `${size}-byte chunks: more pieces sent than the threshold`)
    t.match(head, /^HTTP\/1\.1 400 /, `${size}-byte chunks: 400`)
    t.match(head, /connection: close/i, `${size}-byte chunks: the connection is closed`)
    t.match(JSON.parse(body), { statusCode: 400, error: 'Bad Request', code: 'BODY_IN_TINY_PIECES', message: /pieces of under 512 bytes on average/, requestId: String })
  }
})

t.test('real clients pass: a normal upload in several pieces, and a slow one in MSS-sized segments', async (t) => {
  const { app } = await build(t, { ...await voiceEnv(t, QUESTION), RATE_LIMIT_ENABLED: 'false' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  // 20 s of a tone (640 KB): past the threshold in 536- and 1,460-byte pieces (IPv4's smallest default MSS, Ethernet's).
  const long = wellFormed(tone(20))
  const cases: Array<[string, Buffer, number, boolean]> = [['16 KB chunks', wellFormed(question), 16 * 1024, false],
    ['1,460-byte segments, one at a time', long, 1460, true], ['536-byte segments, one at a time', long, 536, true]]
  for (const [name, form, size, paced] of cases) {
    const { head, body, piecesSent } = await upload(port, form, size, paced)
    if (size === 536) t.ok(piecesSent > TINY_PIECES.after, `${name}: past the threshold`)
    t.match(head, /^HTTP\/1\.1 200 /, `${name}: ${body.slice(0, 200)}`)
    t.match(JSON.parse(body), { transcript: QUESTION }, name)
  }
})

t.test('a JSON body in 1-byte chunks is refused the same way on POST /v1/chat and DELETE /v1/conversations/:id', async (t) => {
  const { app } = await build(t, { RATE_LIMIT_ENABLED: 'false' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  // Within the 64 KB JSON limit: every byte of it its own piece.
  const json = Buffer.from(JSON.stringify({ message: 'a'.repeat(60_000) }))
  const chat = 'POST /v1/chat HTTP/1.1\r\nX-Conversation-Id: pieces-chat\r\nContent-Type: application/json'
  const routes = [['POST /v1/chat', chat], ['DELETE /v1/conversations/:id', 'DELETE /v1/conversations/pieces-delete HTTP/1.1\r\nContent-Type: application/json']]
  for (const [name, head] of routes) {
    const { head: answerHead, body } = await sendChunked(port, head, json, 1)
    t.match(answerHead, /^HTTP\/1\.1 400 /, `${name}: 400`)
    t.match(answerHead, /connection: close/i, `${name}: the connection is closed`)
    t.match(JSON.parse(body), { statusCode: 400, error: 'Bad Request', code: 'BODY_IN_TINY_PIECES', message: /pieces of under 512 bytes on average/, requestId: String }, name)
  }
  // Under the threshold, tiny pieces are read as usual: the body reaches validation.
  const small = await sendChunked(port, chat, Buffer.from('{"message": 5}'), 1)
  t.match(JSON.parse(small.body), { statusCode: 400, code: 'VALIDATION_ERROR', message: /body\/message must be string/ })
})
