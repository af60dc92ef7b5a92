// A body refused for its tiny pieces (src/routes/v1/body-pieces.ts) while its client is still writing
// it: the client reads the 400, whether it reads while writing or only once it has written the whole
// body, instead of losing it to a reset from a server that closed on bytes still arriving
// (src/plugins/lingering-close.ts). A Content-Length body written one byte per TCP segment.
import t from 'tap'
import { build, TEST_API_KEY } from '../../support/helpers/app.ts'
import { speak } from '../../support/helpers/audio-fixtures.ts'
import { BOUNDARY, sendByteByByte, voiceEnv, wellFormed } from '../../support/helpers/uploads.ts'
import { TINY_PIECES } from '../../../src/routes/v1/body-pieces.ts'

const QUESTION = 'Kapan ITB didirikan?'

/** Refused once its first TINY_PIECES.after bytes are in (a piece each), with a few more to send after the answer. */
const LENGTH = TINY_PIECES.after + 100

const head = (requestLine: string, headers: string, length: number): string =>
  `${requestLine} HTTP/1.1\r\nHost: x\r\nX-API-Key: ${TEST_API_KEY}\r\n${headers}\r\nContent-Length: ${length}`

t.test('a body written byte by byte gets its 400 BODY_IN_TINY_PIECES, read by a client reading while writing or after', async (t) => {
  const { app } = await build(t, { ...await voiceEnv(t, QUESTION), RATE_LIMIT_ENABLED: 'false' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const json = Buffer.from(JSON.stringify({ message: 'a'.repeat(LENGTH - 14) }))
  // A form cut short: it is refused before its end would be looked for.
  const form = wellFormed(await speak(QUESTION)).subarray(0, LENGTH)
  const requests: Array<[string, string, Buffer]> = [
    ['POST /v1/chat', head('POST /v1/chat', 'X-Conversation-Id: close-chat\r\nContent-Type: application/json', json.length), json],
    ['DELETE /v1/conversations/:id', head('DELETE /v1/conversations/close-delete', 'Content-Type: application/json', json.length), json],
    ['POST /v1/audio', head('POST /v1/audio', `X-Conversation-Id: close-audio\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}`, form.length), form]
  ]
  for (const [route, requestHead, body] of requests) {
    for (const readWhileWriting of [true, false]) {
      const outcome = await sendByteByByte(port, requestHead, body, readWhileWriting)
      const name = `${route}, ${readWhileWriting ? 'reading while writing' : 'reading once all is written'} (${outcome.bytesSent} bytes sent, error: ${outcome.error ?? 'none'})`
      t.ok(outcome.bytesSent > TINY_PIECES.after, `${name}: past the threshold`)
      t.match(outcome.head, /^HTTP\/1\.1 400 /, `${name}: the 400 is read`)
      t.match(outcome.head, /connection: close/i, `${name}: connection: close`)
      t.match(outcome.head === '' ? outcome.body : JSON.parse(outcome.body), { statusCode: 400, code: 'BODY_IN_TINY_PIECES' }, name)
      t.equal(outcome.error, undefined, `${name}: no reset`)
      if (!readWhileWriting) t.equal(outcome.bytesSent, body.length, `${name}: the whole body was written`)
    }
  }
})
