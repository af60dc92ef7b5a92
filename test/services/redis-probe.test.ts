// The probe of what answers at a Redis address (src/services/redis-probe.ts), on its own: it must
// leave nothing open once its caller gave up, and it tells a TLS server from a server of another kind. Its reports through the doctor and the log are tested in
// test/cli/doctor/doctor-stores.test.ts, test/plugins/redis.test.ts and redis-connection-log.test.ts.
import t, { type Test } from 'tap'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { describeNotRedis, firstReply, notRedisState, probeNotRedis } from '../../src/services/redis-probe.ts'
import { startRedis } from '../support/helpers/redis-server.ts'
import { startTlsServer, tlsSkip } from '../support/helpers/tls-server.ts'

/** A server that accepts connections and never answers (a blackholed Redis), counting them. */
async function silentServer (t: Test): Promise<{ port: number, connections: () => number }> {
  const sockets = new Set<Socket>()
  let connections = 0
  const server = createServer((socket) => {
    connections++
    sockets.add(socket)
    socket.on('error', () => {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => server.close(resolve))
  })
  return { port: (server.address() as AddressInfo).port, connections: () => connections }
}

t.test('a probe asked for after its caller gave up (the doctor\'s timeout) opens nothing and answers at once', async (t) => {
  const { port, connections } = await silentServer(t)
  const signal = AbortSignal.abort()
  // Before: a new socket and a fresh timer of the full timeout, with the signal already aborted.
  t.equal(await firstReply({ host: '127.0.0.1', port }, 60_000, signal), undefined)
  t.equal(await probeNotRedis({ host: '127.0.0.1', port }, new Error('Connection is closed.'), undefined, 60_000, signal), undefined)
  t.equal(connections(), 0, 'no connection was opened')
})

t.test('a probe under way ends when its caller gives up', async (t) => {
  const { port } = await silentServer(t)
  const controller = new AbortController()
  const reply = firstReply({ host: '127.0.0.1', port }, 60_000, controller.signal)
  controller.abort()
  t.equal(await reply, undefined)
})

const closed = new Error('Connection is closed.')

t.test('a TLS-only server given a plain address is told apart: it speaks TLS', { skip: tlsSkip }, async (t) => {
  // Node's TLS server closes on the plain PING without a word; a TLS handshake with it completes.
  const { port } = await startTlsServer(t)
  const answer = await probeNotRedis({ host: '127.0.0.1', port }, closed, undefined, 5000)
  t.same(answer, { tls: true })
  t.equal(describeNotRedis({ tls: true }), 'it speaks TLS')
})

t.test('a server answering the PING with a TLS alert (OpenSSL\'s way) speaks TLS', async (t) => {
  const server = createServer((socket) => {
    socket.on('error', () => {})
    // Read on, to see the client's end: a socket that reads nothing never closes (server.close would wait).
    socket.resume()
    // An alert record: TLS 1.2, fatal, protocol_version.
    socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => { await new Promise((resolve) => server.close(resolve)) })
  t.same(await probeNotRedis({ host: '127.0.0.1', port: (server.address() as AddressInfo).port }, closed, undefined, 5000), { tls: true })
})

t.test('a server closing on the PING that does not speak TLS either is not called a TLS server', async (t) => {
  const server = createServer((socket) => {
    socket.on('error', () => {})
    socket.once('data', () => { socket.end() })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => { await new Promise((resolve) => server.close(resolve)) })
  t.equal(await probeNotRedis({ host: '127.0.0.1', port: (server.address() as AddressInfo).port }, closed, undefined, 5000), undefined)
})

t.test('a plain Redis given a rediss:// address (its TLS handshake timed out or failed) is told apart: it speaks Redis without TLS', async (t) => {
  const redis = await startRedis()
  t.teardown(redis.destroy)
  const timedOut = Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' })
  const wrongVersion = Object.assign(new Error('SSL routines:ssl3_get_record:wrong version number'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' })
  // Before: undefined (a TLS address was never probed), so the log said 'connect ETIMEDOUT' and /ready 'not connected (connecting)'.
  t.same(await probeNotRedis({ host: '127.0.0.1', port: redis.port, tls: {} }, timedOut, undefined, 5000), { plain: true })
  t.same(await probeNotRedis({ host: '127.0.0.1', port: redis.port, tls: {} }, wrongVersion, undefined, 5000), { plain: true })
  t.equal(notRedisState({ plain: true }), 'the address speaks Redis without TLS: use redis://')
  t.equal(describeNotRedis({ plain: true }), 'it speaks Redis without TLS')
  t.equal(await probeNotRedis({ host: '127.0.0.1', port: redis.port, tls: {} }, refusedError(), undefined, 5000), undefined, 'a refusal is no handshake failure')
  t.equal(await probeNotRedis({ host: '127.0.0.1', port: redis.port }, timedOut, undefined, 5000), undefined, 'a plain address timing out is not probed for it')
  const { port } = await silentServer(t)
  t.equal(await probeNotRedis({ host: '127.0.0.1', port, tls: {} }, timedOut, undefined, 300), undefined, 'a server that answers nothing is no Redis')
})

function refusedError (): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
}
