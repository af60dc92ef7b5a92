// Answers written when Node's parser refuses a request head (431, malformed HTTP) or it never ends
// (the headers timeout), the head sent in several TCP packets: each packet is written only once the
// server has read the one before, so the server reads them apart.
import { connect, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { headerIn, receivedHead } from '../../src/plugins/request-head.ts'
import { build, waitFor } from '../support/helpers/app.ts'

const ORIGIN = 'https://app.example'
/** A body with a blank line and header lines in it. */
const LENGTH_BODY = 'Origin: https://evil.example\r\n\r\nX-Request-Id: from-body\r\n'

/** Writes `parts` one packet each and resolves with everything received until the server closes. */
async function sendInPackets (app: FastifyInstance, parts: string[]): Promise<string> {
  const { port } = app.server.address() as AddressInfo
  const accepted = new Promise<Socket>((resolve) => { app.server.once('connection', resolve) })
  const socket = connect(port, '127.0.0.1')
  socket.setNoDelay(true)
  let received = ''
  socket.on('data', (chunk: Buffer) => { received += chunk.toString('latin1') })
  const closed = new Promise<void>((resolve) => { socket.on('close', () => { resolve() }) })
  socket.on('error', () => {})
  const server = await accepted
  let sent = 0
  for (const part of parts) {
    socket.write(part, 'latin1')
    sent += Buffer.byteLength(part, 'latin1')
    await waitFor(() => server.bytesRead >= sent || server.destroyed, 10_000, 5)
  }
  await closed
  return received
}

const answerHeads = (received: string): string[] => received.split(/(?=HTTP\/1\.1 \d{3} )/).map((answer) => answer.split('\r\n\r\n')[0] ?? '')

t.test('a head refused after several packets: the 431 and the 400 carry the CORS headers and the X-Request-Id of the earlier packets', async (t) => {
  const { app } = await build(t, { CORS_ORIGINS: ORIGIN })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const start = (id: string): string => `GET /health HTTP/1.1\r\nHost: x\r\nOrigin: ${ORIGIN}\r\nX-Request-Id: ${id}\r\n`
  for (const [parts, status, id] of [
    [[start('parts-431'), `X-Big: ${'a'.repeat(20_000)}\r\n\r\n`], 431, 'parts-431'],
    [[start('parts-400'), 'Not a header\r\n\r\n'], 400, 'parts-400'],
    // The Origin line itself split over two packets.
    [['GET /health HTTP/1.1\r\nHost: x\r\nX-Request-Id: parts-split\r\nOri', `gin: ${ORIGIN}\r\n`, 'Not a header\r\n\r\n'], 400, 'parts-split']
  ] as const) {
    const received = await sendInPackets(app, [...parts])
    const [head = ''] = answerHeads(received)
    // Had none, and a new id: Node gives the handler only the last packet.
    t.match(head, new RegExp(`^HTTP/1.1 ${status} `), `${status}: ${head.slice(0, 40)}`)
    t.match(head, /\r\naccess-control-allow-origin: https:\/\/app\.example\r\n/i, `${status}: allowed origin`)
    t.match(head, new RegExp(`\r\nx-request-id: ${id}(\r\n|$)`, 'i'), `${status}: the caller's request id`)
    t.match(JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4)), { statusCode: status, requestId: id })
  }
})

t.test('a head that never ends (headers timeout): the 408 carries the CORS headers and the X-Request-Id it had sent', async (t) => {
  const { app } = await build(t, { CORS_ORIGINS: ORIGIN, REQUEST_TIMEOUT: '1' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const received = await sendInPackets(app, [`GET /health HTTP/1.1\r\nHost: x\r\nOrigin: ${ORIGIN}\r\n`, 'X-Request-Id: slow-head\r\n'])
  const [head = ''] = answerHeads(received)
  t.match(head, /^HTTP\/1.1 408 /)
  t.match(head, /\r\naccess-control-allow-origin: https:\/\/app\.example\r\n/i)
  t.match(head, /\r\nx-request-id: slow-head(\r\n|$)/i)
})

t.test('on a kept-alive connection, an earlier request lends the refused one nothing: not its Origin, id or body lines', async (t) => {
  const { app } = await build(t, { CORS_ORIGINS: ORIGIN })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const body = `x\r\nOrigin: ${ORIGIN}\r\nX-Request-Id: from-body`
  const received = await sendInPackets(app, [
    `GET /health HTTP/1.1\r\nHost: x\r\nOrigin: ${ORIGIN}\r\nX-Request-Id: first-one\r\n\r\n`,
    `POST /health HTTP/1.1\r\nHost: x\r\nOrigin: ${ORIGIN}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n`,
    body,
    'GET /health HTTP/1.1\r\nHost: x\r\n',
    'Not a header\r\n\r\n'
  ])
  const heads = answerHeads(received)
  t.same(heads.map((head) => head.slice(9, 12)), ['200', '405', '400'], 'three answers')
  t.match(heads[0], /\r\nx-request-id: first-one(\r\n|$)/i)
  t.notMatch(heads[2], /access-control-allow-origin/i, 'no Origin in its own head: no CORS headers')
  t.notMatch(heads[2], /x-request-id: (first-one|from-body)(\r\n|$)/i, 'a request id of its own')
})

t.test('a malformed head pipelined behind a request in the same packet: the 400 carries its own Origin and X-Request-Id, not the request before it', async (t) => {
  const { app } = await build(t, { CORS_ORIGINS: ORIGIN })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const received = await sendInPackets(app, [
    'GET /health HTTP/1.1\r\nHost: x\r\nX-Request-Id: pipelined-1\r\n\r\n' +
    `GET /health HTTP/1.1\r\nHost: x\r\nOrigin: ${ORIGIN}\r\nX-Request-Id: pipelined-2\r\nNot a header\r\n\r\n`
  ])
  const refused = answerHeads(received).find((head) => head.startsWith('HTTP/1.1 400 ')) ?? ''
  // It had the id of the request before it (its answer still under way), and that one's Origin (none).
  t.match(refused, /\r\nx-request-id: pipelined-2(\r\n|$)/i, refused.slice(0, 300))
  t.match(refused, /\r\naccess-control-allow-origin: https:\/\/app\.example\r\n/i)
})

t.test('a head begun in the packet a pipelined request ended in, refused in the next: the 431 carries its Origin and X-Request-Id', async (t) => {
  const { app } = await build(t, { CORS_ORIGINS: ORIGIN })
  await app.listen({ port: 0, host: '127.0.0.1' })
  for (const [first, id, rest] of [
    ['GET /health HTTP/1.1\r\nHost: x\r\nX-Request-Id: before-1\r\n\r\n', 'after-get', undefined],
    // A chunked body ends in a blank line too; its chunk text is not a header.
    ['POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nOrigin\r\n0\r\n\r\n', 'after-chunked', undefined],
    // A Content-Length body ends where its length says, blank lines and header-like text in it or not.
    [`POST /health HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: ${LENGTH_BODY.length}\r\n\r\n${LENGTH_BODY}`, 'after-length', undefined],
    // … in a packet of its own, the next head begun in the one its body ends in.
    [`POST /health HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: ${LENGTH_BODY.length}\r\n\r\n${LENGTH_BODY.slice(0, 9)}`, 'after-split-length', LENGTH_BODY.slice(9)]
  ] as const) {
    const received = await sendInPackets(app, [
      ...(rest === undefined ? [] : [first]),
      `${rest ?? first}GET /health HTTP/1.1\r\nHost: x\r\nOrigin: ${ORIGIN}\r\nX-Request-Id: ${id}\r\n`,
      `X-Big: ${'a'.repeat(20_000)}\r\n\r\n`
    ])
    const refused = answerHeads(received).find((head) => head.startsWith('HTTP/1.1 431 ')) ?? ''
    // Had neither: the start of its head was dropped with the packet the request before it ended in.
    t.match(refused, new RegExp(`\r\nx-request-id: ${id}(\r\n|$)`, 'i'), refused.slice(0, 300))
    t.match(refused, /\r\naccess-control-allow-origin: https:\/\/app\.example\r\n/i)
  }
})

t.test('headerIn reads header lines as Node does: any case, trimmed, repeated lines joined, never the request line', async (t) => {
  const head = 'GET /origin: HTTP/1.1\r\nHost: x\r\nORIGIN:  https://a.example \r\nx-request-id: one\r\nX-Request-Id: two'
  t.equal(headerIn(head, 'origin'), 'https://a.example')
  t.equal(headerIn(head, 'x-request-id'), 'one, two')
  t.equal(headerIn(head, 'cookie'), undefined)
  t.equal(headerIn('GET / HTTP/1.1', 'get / http/1.1'), undefined)
})

t.test('receivedHead: without kept bytes, the packet\'s head the failure is in, up to its end', async (t) => {
  const socket = new (await import('node:net')).Socket()
  t.equal(receivedHead(socket, Buffer.from('GET / HTTP/1.1\r\nOrigin: o\r\n\r\nbody')), 'GET / HTTP/1.1\r\nOrigin: o')
  // Failing 40 bytes in: in the second head of the packet, not the first.
  t.equal(receivedHead(socket, Buffer.from('GET /a HTTP/1.1\r\nX: 1\r\n\r\nGET /b HTTP/1.1\r\nOrigin: o\r\nbad\r\n\r\n'), 40), 'GET /b HTTP/1.1\r\nOrigin: o\r\nbad')
  t.equal(receivedHead(socket, 'not a buffer'), '')
  t.equal(receivedHead(socket), '')
})
