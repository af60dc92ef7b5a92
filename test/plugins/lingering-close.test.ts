// The lingering close (src/plugins/lingering-close.ts) on a plain TCP server: the answer and our FIN go
// out at once, what the client still sends is read and dropped without reaching the listeners that
// read it before (Node's HTTP parser), and the connection is closed when the client ends its side,
// or when a limit on bytes, reads or time is reached. Routes and raw answers: body-pieces-close,
// host-header and errors tests.
import { once } from 'node:events'
import { createServer, connect, Socket } from 'node:net'
import t, { type Test } from 'tap'
import { lingeringClose, type LingeringLimits } from '../../src/plugins/lingering-close.ts'

const NO_LIMIT: LingeringLimits = { maxBytes: Infinity, maxReads: Infinity, maxMs: 60_000 }

interface Linger { client: Socket, server: Socket, parsed: () => string, reads: () => number, bytes: () => number, clientText: () => string }

/**
 * A server that answers "answer" to the first bytes it receives and closes lingering with `limits`;
 * a client connected to it (half-open allowed: it ends its side only when told) that sent "first".
 */
async function linger (t: Test, limits: LingeringLimits): Promise<Linger> {
  let parsed = ''
  let reads = 0
  let bytes = 0
  let accept: (socket: Socket) => void = () => {}
  const accepted = new Promise<Socket>((resolve) => { accept = resolve })
  const server = createServer((socket) => {
    socket.on('data', (chunk: Buffer) => {
      // What Node's HTTP parser would read: the first request only.
      parsed += chunk.toString()
      socket.write('answer')
      lingeringClose(socket, limits)
      socket.on('data', (dropped: Buffer) => { reads += 1; bytes += dropped.length })
      accept(socket)
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => { server.close() })
  const client = new Socket({ allowHalfOpen: true })
  let clientText = ''
  client.on('data', (chunk: Buffer) => { clientText += chunk.toString() })
  client.on('error', () => {})
  client.connect((server.address() as { port: number }).port, '127.0.0.1')
  await once(client, 'connect')
  client.write('first')
  return { client, server: await accepted, parsed: () => parsed, reads: () => reads, bytes: () => bytes, clientText: () => clientText }
}

t.test('the answer and a FIN at once; what follows is dropped unparsed; closed once the client ends its side', async (t) => {
  const { client, server, parsed, bytes, clientText } = await linger(t, NO_LIMIT)
  await once(client, 'end')
  t.equal(clientText(), 'answer', 'the answer, then the end of what the server sends')
  // Still sending after the answer: written after the server's FIN, read by the server.
  for (const piece of ['more', ' of the body', ' and a next request\r\n\r\n']) client.write(piece)
  client.end()
  await once(server, 'close')
  t.equal(bytes(), 'more of the body and a next request\r\n\r\n'.length, 'read to the end')
  t.equal(parsed(), 'first', 'none of it reached the listener that read the request')
  t.notOk(client.errored, 'no reset')
})

t.test('closed at once when a limit is reached: bytes, reads, time', async (t) => {
  t.test('bytes', async (t) => {
    const { client, server, bytes } = await linger(t, { ...NO_LIMIT, maxBytes: 100 })
    client.write(Buffer.alloc(1000))
    await once(server, 'close')
    t.ok(bytes() > 100, `closed after ${bytes()} bytes`)
    t.notOk(client.writableEnded, 'the client had not ended its side')
  })
  t.test('reads', async (t) => {
    const { client, server, reads } = await linger(t, { ...NO_LIMIT, maxReads: 5 })
    // A byte, and the next once the server has read it: one read each.
    server.on('data', () => { if (!server.destroyed) client.write('x') })
    client.write('x')
    await once(server, 'close')
    t.equal(reads(), 6, 'closed on the read past the limit')
  })
  t.test('time', async (t) => {
    const { client, server, bytes } = await linger(t, { ...NO_LIMIT, maxMs: 1 })
    await once(server, 'close')
    t.equal(bytes(), 0, 'nothing more came')
    t.notOk(client.writableEnded, 'the client had not ended its side')
  })
})

t.test('a client that had already ended its side: closed once the answer is sent', async (t) => {
  const server = createServer((socket) => {
    socket.resume()
    socket.once('end', () => {
      socket.write('answer')
      lingeringClose(socket, NO_LIMIT)
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => { server.close() })
  const client = connect((server.address() as { port: number }).port, '127.0.0.1')
  let text = ''
  client.on('data', (chunk: Buffer) => { text += chunk.toString() })
  client.end('request')
  await once(client, 'close')
  t.equal(text, 'answer')
})
