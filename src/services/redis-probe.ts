// What answers at the Redis address when ioredis could not talk to it (a protocol error, a dropped
// connection): a REDIS_URL pointing at the service's own port, a proxy or a database of another kind.
// ioredis reports that as "Unknown RESP type 72 "H"" or as a broken pipe, depending on timing; one
// inline PING over a plain socket gets the server's own first line instead ("HTTP/1.1 400 Bad Request").
// Used by the redis plugin (its log line and /ready's reason) and by `npm run doctor`.
import { connect, type Socket } from 'node:net'
import type { RedisOptions } from 'ioredis'

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
 * hand), or undefined when it sends nothing before closing, failing or `timeoutMs`, or when `signal`
 * aborts (at once when it already has: the caller gave up, nothing is opened). Plain TCP only.
 */
export async function firstReply (target: ProbeTarget, timeoutMs: number, signal?: AbortSignal): Promise<string | undefined> {
  // The doctor's timeout aborting ioredis surfaces as "Connection is closed.", which asks for a probe:
  // without this, that probe held a socket and a full timer after the caller had given up.
  if (signal?.aborted === true) return undefined
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

/** ioredis's decoder meeting a first byte no Redis reply starts with: something else listens there. */
const NOT_RESP = /^Unknown RESP type \d+ "(.)"/

/** The connection went away under ioredis (a server of another kind closing on what it cannot parse). */
function droppedConnection (error: unknown): boolean {
  const { code, message } = error as { code?: unknown, message?: unknown }
  return code === 'ECONNRESET' || code === 'EPIPE' || message === 'Connection is closed.'
}

/** ioredis's own protocol error ("Unknown RESP type …"): the reply was not Redis's. */
export function isProtocolError (error: unknown): error is Error {
  return error instanceof Error && NOT_RESP.test(error.message)
}

/** A failure that may mean the address is not Redis: worth one probe before it is reported. */
export function maySignalNotRedis (error: unknown): boolean {
  return isProtocolError(error) || droppedConnection(error)
}

/** What answered in Redis's place: its first line when the probe got one, else the first byte ioredis choked on. */
export type NotRedis = { replied: string } | { began: string }

/** The answer in words for a log or the doctor: `it replied "HTTP/1.1 400 Bad Request"`. */
export function describeNotRedis (answer: NotRedis): string {
  return 'replied' in answer ? `it replied "${answer.replied}"` : `its reply began with "${answer.began}"`
}

/**
 * After `failure` (ioredis's error), whether the address of `options` answers as something other
 * than Redis, and what it answered (printable, never what we sent: the probe sends no password);
 * undefined when it answered as Redis, did not answer, or the failure was of another kind.
 * `protocolError` is ioredis's "Unknown RESP type" error, when one was seen: its byte is the
 * evidence left when the probe cannot be made (TLS) or gets nothing.
 */
export async function probeNotRedis (options: RedisOptions, failure: unknown, protocolError: Error | undefined,
  timeoutMs: number, signal?: AbortSignal): Promise<NotRedis | undefined> {
  if (protocolError === undefined && !maySignalNotRedis(failure)) return undefined
  const { host, port, path, tls } = options
  const target: ProbeTarget | undefined = tls !== undefined ? undefined : path !== undefined && path !== null ? { path } : { host: host ?? 'localhost', port: port ?? 6379 }
  const reply = target === undefined ? undefined : await firstReply(target, timeoutMs, signal)
  if (reply !== undefined) return isRespReply(reply) ? undefined : { replied: printableLine(reply) }
  const byte = (protocolError ?? (isProtocolError(failure) ? failure : undefined))?.message.match(NOT_RESP)?.[1]
  return byte === undefined ? undefined : { began: printableLine(byte) }
}
