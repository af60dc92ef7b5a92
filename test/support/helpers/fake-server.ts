// The plumbing of a recording fake server: listening on 127.0.0.1 with every socket tracked (so close
// does not wait for keep-alive clients), and waiting for what it receives.
import { once, type EventEmitter } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** Serves `handle` on a free port; a handler that throws answers 500 and records a violation. */
export async function listenFake (
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>, violations: string[]
): Promise<{ port: number, close: () => Promise<void> }> {
  const sockets = new Set<Socket>()
  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      violations.push(`fake failed: ${error.message}`)
      if (!response.headersSent) response.writeHead(500).end()
    })
  })
  server.on('connection', (socket: Socket) => { sockets.add(socket); socket.once('close', () => sockets.delete(socket)) })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

/** Resolved by the arrival itself (an event), not by polling; bounded, so a thing that never comes
 * fails the test with a message instead of hanging it. */
export async function waitForArrival<T> (
  arrivals: EventEmitter, event: string, received: () => T[], matches: (value: T) => boolean, what: string, timeoutMs = 30_000
): Promise<T> {
  const found = received().find(matches)
  if (found !== undefined) return found
  return await new Promise((resolve, reject) => {
    const onArrival = (value: T): void => {
      if (!matches(value)) return
      clearTimeout(timer)
      arrivals.off(event, onArrival)
      resolve(value)
    }
    const timer = setTimeout(() => {
      arrivals.off(event, onArrival)
      reject(new Error(`no matching ${what} within ${timeoutMs} ms (received ${received().length})`))
    }, timeoutMs)
    arrivals.on(event, onArrival)
  })
}
