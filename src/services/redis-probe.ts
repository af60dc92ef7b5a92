// What answers at the Redis address when ioredis could not talk to it (a protocol error, a dropped
// connection): a REDIS_URL pointing at the service's own port, a proxy or a database of another kind.
// ioredis reports that as "Unknown RESP type 72 "H"" or as a broken pipe, depending on timing; one
// inline PING over a plain socket gets the server's own first line instead ("HTTP/1.1 400 Bad Request").
// Used by the redis plugin (its log line and /ready's reason) and by `npm run doctor`.
import { connect, type Socket } from 'node:net'
import { connect as connectTls } from 'node:tls'
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

/** How the plain probe ended: with the server's first bytes, or without (closed by it, or not at all). */
interface ProbeEnd { reply?: string, closedByServer: boolean }

/**
 * The first bytes a server at `target` sends after an inline `PING` (what redis-cli would send by
 * hand), or undefined when it sends nothing before closing, failing or `timeoutMs`, or when `signal`
 * aborts (at once when it already has: the caller gave up, nothing is opened). Plain TCP only.
 */
export async function firstReply (target: ProbeTarget, timeoutMs: number, signal?: AbortSignal): Promise<string | undefined> {
  return (await plainProbe(target, timeoutMs, signal)).reply
}

async function plainProbe (target: ProbeTarget, timeoutMs: number, signal?: AbortSignal): Promise<ProbeEnd> {
  // The doctor's timeout aborting ioredis surfaces as "Connection is closed.", which asks for a probe:
  // without this, that probe held a socket and a full timer after the caller had given up.
  if (signal?.aborted === true) return { closedByServer: false }
  return await new Promise((resolve) => {
    const socket: Socket = 'path' in target ? connect(target.path) : connect(target.port, target.host)
    let received = ''
    let connected = false
    const finish = (closedByServer: boolean): void => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', stop)
      socket.destroy()
      resolve(received === '' ? { closedByServer } : { reply: received, closedByServer })
    }
    const stop = (): void => { finish(false) }
    const closed = (): void => { finish(connected) }
    const timer = setTimeout(stop, timeoutMs)
    signal?.addEventListener('abort', stop, { once: true })
    socket.setEncoding('latin1')
    socket.once('connect', () => {
      connected = true
      socket.write('PING\r\n')
    })
    socket.on('data', (chunk: string) => {
      received += chunk
      if (received.includes('\n') || received.length >= 256) stop()
    })
    socket.once('end', closed)
    socket.once('close', closed)
    // A reset after the PING is the server closing on it too (a TLS server may reset rather than end).
    socket.once('error', closed)
  })
}

/** A TLS record's first bytes: an alert (0x15) or a handshake (0x16), then major version 3. */
export function isTlsRecord (reply: string): boolean {
  return (reply.charCodeAt(0) === 0x15 || reply.charCodeAt(0) === 0x16) && reply.charCodeAt(1) === 0x03
}

/**
 * Whether a TLS handshake with `target` completes (the certificate is not checked: only whether TLS
 * is spoken there). Asked only of a server that closed on a plain PING without a word: what a TLS
 * server does with bytes that are not TLS.
 */
export async function speaksTls (target: ProbeTarget, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted === true) return false
  return await new Promise((resolve) => {
    const socket = connectTls({ ...target, rejectUnauthorized: false })
    const finish = (tls: boolean): void => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', stop)
      socket.destroy()
      resolve(tls)
    }
    const stop = (): void => { finish(false) }
    const timer = setTimeout(stop, timeoutMs)
    signal?.addEventListener('abort', stop, { once: true })
    socket.once('secureConnect', () => { finish(true) })
    socket.once('error', stop)
    socket.once('close', stop)
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

/**
 * A TLS connection that never completed its handshake, or failed it on what came back (ioredis's
 * connect timeout; OpenSSL's "wrong version number"): what a plain Redis does with a TLS hello.
 */
function failedHandshake (error: unknown): boolean {
  const { code } = error as { code?: unknown }
  return code === 'ETIMEDOUT' || code === 'EPROTO' || (typeof code === 'string' && code.startsWith('ERR_SSL_'))
}

/**
 * A failure that may mean the address is not Redis, or not the Redis the scheme says (`tls`: a
 * rediss:// address): worth one probe before it is reported.
 */
export function maySignalNotRedis (error: unknown, tls = false): boolean {
  return isProtocolError(error) || droppedConnection(error) || (tls && failedHandshake(error))
}

/**
 * What answered in Redis's place: its first line when the probe got one, else the first byte ioredis
 * choked on; or a TLS server (a Redis with TLS only, given a redis:// address where rediss:// was meant).
 */
export type NotRedis = { replied: string } | { began: string } | { tls: true } | { plain: true }

/**
 * A TLS-only Redis at a plain address, with its fix: the words the log line, /ready and /health, and
 * `npm run doctor` all say after "the address" (or its host:port).
 */
export const SPEAKS_TLS = 'speaks TLS: use rediss://'

/** A plain Redis at a rediss:// address, with its fix: the same places' words. */
export const SPEAKS_PLAIN = 'speaks Redis without TLS: use redis://'

/**
 * What /ready and /health say of an address that answers in Redis's place, in fixed words: never what
 * it answered (that is in the log line). A TLS server gets its fix, as in the log and the doctor.
 */
export function notRedisState (answer: NotRedis): string {
  if ('plain' in answer) return `the address ${SPEAKS_PLAIN}`
  return 'tls' in answer ? `the address ${SPEAKS_TLS}` : 'the address answers, but not as Redis'
}

/** The answer in words for a log or the doctor: `it replied "HTTP/1.1 400 Bad Request"`. */
export function describeNotRedis (answer: NotRedis): string {
  if ('tls' in answer) return 'it speaks TLS'
  if ('plain' in answer) return 'it speaks Redis without TLS'
  return 'replied' in answer ? `it replied "${answer.replied}"` : `its reply began with "${answer.began}"`
}

/**
 * After `failure` (ioredis's error), whether the address of `options` answers as something other
 * than Redis (a TLS server among them: it sends an alert, or closes on the plain PING and then
 * completes a TLS handshake), and what it answered (printable, never what we sent: the probe sends no password);
 * undefined when it answered as Redis, did not answer, or the failure was of another kind.
 * `protocolError` is ioredis's "Unknown RESP type" error, when one was seen: its byte is the
 * evidence left when the probe cannot be made (TLS) or gets nothing.
 */
export async function probeNotRedis (options: RedisOptions, failure: unknown, protocolError: Error | undefined,
  timeoutMs: number, signal?: AbortSignal): Promise<NotRedis | undefined> {
  const { host, port, path, tls } = options
  if (protocolError === undefined && !maySignalNotRedis(failure, tls !== undefined)) return undefined
  if (tls !== undefined) {
    // rediss://: a plain PING answered as Redis answers it ("+PONG", "-NOAUTH …") is a Redis without TLS.
    if (!failedHandshake(failure)) return undefined
    const { reply } = await plainProbe(path !== undefined && path !== null ? { path } : { host: host ?? 'localhost', port: port ?? 6379 }, timeoutMs, signal)
    return reply !== undefined && isRespReply(reply) ? { plain: true } : undefined
  }
  const target: ProbeTarget = path !== undefined && path !== null ? { path } : { host: host ?? 'localhost', port: port ?? 6379 }
  const { reply, closedByServer } = await plainProbe(target, timeoutMs, signal)
  if (reply !== undefined) {
    if (isTlsRecord(reply)) return { tls: true }
    return isRespReply(reply) ? undefined : { replied: printableLine(reply) }
  }
  if (closedByServer && await speaksTls(target, timeoutMs, signal)) return { tls: true }
  const byte = (protocolError ?? (isProtocolError(failure) ? failure : undefined))?.message.match(NOT_RESP)?.[1]
  return byte === undefined ? undefined : { began: printableLine(byte) }
}
