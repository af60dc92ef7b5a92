// `Expect: 100-continue`: a client is told to send its body only when the route will read it, so an
// upload refused by its announced size (413) is refused before a byte of it is sent.
import { once } from 'node:events'
import { connect, type Socket } from 'node:net'
import t from 'tap'
import { build, TEST_API_KEY } from './support/helpers/app.ts'

/** Sends the head only and resolves with the first response head the server writes. */
async function head (port: number, lines: string[]): Promise<{ socket: Socket, first: string }> {
  const socket = connect(port, '127.0.0.1')
  socket.on('error', () => {})
  await once(socket, 'connect')
  let received = ''
  const first = new Promise<string>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1')
      const end = received.indexOf('\r\n\r\n')
      if (end !== -1) resolve(received.slice(0, end))
    })
    socket.on('close', () => { resolve(received) })
  })
  socket.write(`${lines.join('\r\n')}\r\n\r\n`)
  return { socket, first: await first }
}

t.test('an upload too large by its content-length is refused without a 100 Continue; one that fits gets it', async (t) => {
  const { app } = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const auth = [`X-API-Key: ${TEST_API_KEY}`, 'X-Conversation-Id: expect-1', 'Host: x', 'Expect: 100-continue']

  const audio = await head(port, ['POST /v1/audio HTTP/1.1', ...auth, 'Content-Type: multipart/form-data; boundary=b', `Content-Length: ${64 * 1024 * 1024}`])
  audio.socket.destroy()
  t.match(audio.first, /^HTTP\/1\.1 413 /, 'the size is refused at once')

  const json = await head(port, ['POST /v1/chat HTTP/1.1', ...auth, 'Content-Type: application/json', `Content-Length: ${2 * 1024 * 1024}`])
  json.socket.destroy()
  t.match(json.first, /^HTTP\/1\.1 413 /, 'a JSON body over the limit too')

  const body = JSON.stringify({ message: 'Kapan ITB didirikan?' })
  const fits = await head(port, ['POST /v1/chat HTTP/1.1', ...auth, 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close'])
  t.teardown(() => { fits.socket.destroy() })
  t.match(fits.first, /^HTTP\/1\.1 100 Continue/, 'a body that will be read is asked for')
  let rest = ''
  fits.socket.on('data', (chunk: Buffer) => { rest += chunk.toString('utf8') })
  fits.socket.write(body)
  await once(fits.socket, 'close')
  t.match(rest, /HTTP\/1\.1 200 [\s\S]*Technische Hoogeschool|HTTP\/1\.1 200 [\s\S]*1920/, 'and answered')
})
