import { once } from 'node:events'
import { createServer } from 'node:http'
import type { Socket } from 'node:net'
import t from 'tap'
import { send } from '../../../bench/loadtest/toolkit.ts'

t.test('the load test\'s client closes an idle pooled connection before the server does', async (t) => {
  // A server that, as the service does, ends idle keep-alive connections and says when (Keep-Alive: timeout=2).
  const server = createServer({ keepAliveTimeout: 2000 }, (request, response) => { request.resume(); request.on('end', () => { response.end('ok') }) })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => { server.close() })
  const closedBy = new Promise<string>((resolve) => {
    server.once('connection', (socket: Socket) => {
      // The client's FIN ('end') or the server's own idle timer ('timeout'), whichever comes first.
      socket.once('end', () => { resolve('client') })
      socket.once('timeout', () => { resolve('server') })
    })
  })
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  const outcome = await send(port, 'POST', '/', { 'content-type': 'text/plain' }, 'turn', 5000)
  t.equal(outcome.status, 200)
  // A request sent on a connection the server is closing is reset (ECONNRESET): only the client can
  // know not to send one, by letting go first.
  t.equal(await closedBy, 'client', 'the client let go of the idle connection first')
})
