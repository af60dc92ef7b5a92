// While the app drains, a request that still arrives (on a connection kept open by one in flight)
// gets the common 503 SHUTTING_DOWN on every route, the probes included. (A real process under
// SIGTERM: test/server.test.ts.)
import { connect, type AddressInfo } from 'node:net'
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, TEST_API_KEY, waitFor } from '../support/helpers/app.ts'

/** The responses in a raw HTTP/1.1 exchange: status line, headers (lower-case) and body of each. */
function responses (text: string): Array<{ status: number, headers: Record<string, string>, body: string }> {
  return text.split(/(?=HTTP\/1\.1 \d{3})/).map((part) => {
    const [head = '', body = ''] = part.split('\r\n\r\n')
    const [statusLine = '', ...lines] = head.split('\r\n')
    const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]))
    return { status: Number(statusLine.split(' ')[1]), headers, body }
  })
}

t.test('requests arriving during a graceful shutdown get 503 SHUTTING_DOWN, /ready and /health included', async (t) => {
  let started = 0
  let release = (): void => {}
  const released = new Promise<void>((resolve) => { release = resolve })
  const held = async (fastify: FastifyInstance): Promise<void> => {
    fastify.get('/held', async () => {
      started += 1
      await released
      return { done: true }
    })
  }
  const { app, logs } = await build(t, {}, { extraV1Routes: [held] })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const request = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: localhost\r\nX-API-Key: ${TEST_API_KEY}\r\n\r\n`
  const paths = ['/ready', '/health', '/v1/held']
  // Each connection holds a request in flight; the next one is sent on it once the app is closing.
  const sockets = paths.map(() => connect(port, '127.0.0.1'))
  const exchanges = sockets.map(async (socket) => await new Promise<string>((resolve, reject) => {
    let received = ''
    socket.on('data', (chunk: Buffer) => { received += chunk.toString() })
    socket.on('close', () => { resolve(received) })
    socket.on('error', reject)
    socket.write(request('/v1/held'))
  }))
  await waitFor(() => started === paths.length)
  const closed = app.close()
  await waitFor(() => !app.server.listening)
  for (const [index, socket] of sockets.entries()) socket.write(request(paths[index] as string))
  release()
  for (const [index, exchange] of (await Promise.all(exchanges)).entries()) {
    const [first, second] = responses(exchange)
    const path = paths[index] as string
    t.equal(first?.status, 200, `the request in flight before ${path} is finished`)
    t.equal(second?.status, 503, path)
    t.equal(second?.headers['retry-after'], '1', path)
    t.match(JSON.parse(second?.body ?? '{}'), { statusCode: 503, code: 'SHUTTING_DOWN', message: String, requestId: String }, path)
  }
  await closed
  t.notMatch(logs.text(), /"level":50/, 'nothing logged as an error')
})
