// A local TLS-only server with a throwaway self-signed certificate (made by openssl for the test): what a
// Redis started with TLS only looks like to a client that connects in plain text.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'node:tls'
import type { Test } from 'tap'

/** Why TLS tests cannot run here, or false when they can. */
export const tlsSkip: string | false = spawnSync('openssl', ['version']).error !== undefined ? 'openssl is not installed' : false

/** Listens on 127.0.0.1 and answers "+PONG" over TLS; closed on teardown. */
export async function startTlsServer (t: Test): Promise<{ port: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'itb-tls-'))
  try {
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')])
    if (made.status !== 0) throw new Error(`openssl req failed: ${made.stderr.toString()}`)
    const sockets = new Set<Socket>()
    const server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (socket) => {
      socket.on('error', () => {})
      socket.end('+PONG\r\n')
    })
    server.on('connection', (socket: Socket) => { sockets.add(socket) })
    server.on('tlsClientError', () => {})
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    t.teardown(async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    })
    return { port: (server.address() as AddressInfo).port }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
