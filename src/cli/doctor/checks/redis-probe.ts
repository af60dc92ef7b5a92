// What answers at the Redis address when ioredis could not talk to it (a protocol error, a dropped
// connection): a REDIS_URL pointing at the service's own port, a proxy or a database of another kind.
// ioredis reports that as "Unknown RESP type 72 "H"" or as a broken pipe, depending on timing; one
// inline PING over a plain socket gets the server's own first line instead ("HTTP/1.1 400 Bad Request").
import { connect, type Socket } from 'node:net'

/** The bytes a RESP2 or RESP3 reply starts with ("+PONG", "-NOAUTH …", "$…"). */
const RESP_TYPES = new Set('+-:$*_#,(!=%~>|')

/** True when `reply` starts as a Redis reply does. */
export function isRespReply (reply: string): boolean {
  return RESP_TYPES.has(reply.charAt(0))
}

/** The reply's first line as it can be printed: control characters and other bytes shown as `.`, at most 60 characters. */
export function printableLine (reply: string): string {
  const line = reply.split(/\r?\n/, 1)[0] ?? ''
  const printable = line.replace(/[^\x20-\x7e]/g, '.')
  return printable.length > 60 ? `${printable.slice(0, 59)}…` : printable
}

export type ProbeTarget = { path: string } | { host: string, port: number }

/**
 * The first bytes a server at `target` sends after an inline `PING` (what redis-cli would send by
 * hand), or undefined when it sends nothing before closing, failing or `timeoutMs`. Plain TCP only.
 */
export async function firstReply (target: ProbeTarget, timeoutMs: number, signal?: AbortSignal): Promise<string | undefined> {
  return await new Promise((resolve) => {
    const socket: Socket = 'path' in target ? connect(target.path) : connect(target.port, target.host)
    let received = ''
    const finish = (): void => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', finish)
      socket.destroy()
      resolve(received === '' ? undefined : received)
    }
    const timer = setTimeout(finish, timeoutMs)
    signal?.addEventListener('abort', finish, { once: true })
    socket.setEncoding('latin1')
    socket.once('connect', () => { socket.write('PING\r\n') })
    socket.on('data', (chunk: string) => {
      received += chunk
      if (received.includes('\n') || received.length >= 256) finish()
    })
    socket.once('end', finish)
    socket.once('close', finish)
    socket.once('error', finish)
  })
}
