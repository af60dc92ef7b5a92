// The bytes of the request head each connection is receiving, kept until the head is complete, for
// the answers written when Node's parser refuses it or it never ends (plugins/errors.ts,
// clientErrorHandler: 431, malformed HTTP, a head past the headers timeout). Node hands that handler
// only the packet it was parsing (`rawPacket`): a head that came in several TCP packets — any head
// near the 16 KB limit on a real network, a head typed slowly — had its Origin and X-Request-Id in
// an earlier one, so the 431 went out without the CORS headers and with a fresh request id.
//
// Listening for 'data' on a connection makes Node parse its bytes in JavaScript (the listener sees
// each chunk after the parser did) rather than straight from the socket (`unconsume` in Node's
// _http_server.js), the documented way to watch what a server receives. Only head bytes are copied:
// a body's chunks are passed over (a Content-Length body's bytes counted), and a complete message's
// bytes are dropped with the chunk it ended in, all but the start of a head pipelined after it
// (nextHeadStart).
import type { IncomingMessage, Server } from 'node:http'
import type { Socket } from 'node:net'

/** Node's default limit on a request head (--max-http-header-size), past which it answers 431. */
export const HEAD_LIMIT = 16 * 1024

/** Bytes kept per connection: a head refused at the limit, and the line it was reading. */
const KEPT_LIMIT = HEAD_LIMIT + 1024

interface Head {
  chunks: Buffer[]
  size: number
  /** The request whose head completed last, until the chunk its message ends in has gone by. */
  request: IncomingMessage | undefined
  /**
   * For that request's Content-Length body: the bytes of it still to come after the chunks seen,
   * so the chunk it ends in is cut where it ends. -1 when not known (no such body, or the head
   * ended in a chunk that also held the end of the message before it); -2 until the chunk the
   * head ended in has been seen.
   */
  bodyLeft: number
  /** The last bytes kept before the head completed: its blank line may begin in them. */
  tail: Buffer | undefined
}

const heads = new WeakMap<Socket, Head>()

function keep (head: Head, chunk: Buffer): void {
  // A copy: the chunk may be a view of a larger buffer this would otherwise hold on to.
  const copy = Buffer.from(chunk.subarray(Math.max(0, chunk.length - KEPT_LIMIT)))
  head.chunks.push(copy)
  head.size += copy.length
  while (head.size > KEPT_LIMIT) {
    const first = head.chunks[0] as Buffer
    const excess = head.size - KEPT_LIMIT
    if (first.length <= excess) {
      head.chunks.shift()
      head.size -= first.length
    } else {
      head.chunks[0] = first.subarray(excess)
      head.size -= excess
    }
  }
}

const BLANK_LINE = Buffer.from('\r\n\r\n')

/**
 * Where, in the chunk `request`'s message ended in, the next head starts. A Content-Length body ends
 * where its length says (`bodyEnd`, when the bytes before it were counted); else past the chunk's
 * last blank line, which ends a message without a body (its head) and a chunked body (the last
 * chunk, trailers, a blank line); a head still incomplete has none. A Content-Length body not
 * counted ends on no mark of its own: then nothing is kept, rather than body bytes read as header lines.
 */
function nextHeadStart (request: IncomingMessage, chunk: Buffer, bodyEnd: number): number {
  if (bodyEnd >= 0) return Math.min(bodyEnd, chunk.length)
  const length = request.headers['content-length']
  if (length !== undefined && length !== '0' && request.headers['transfer-encoding'] === undefined) return chunk.length
  const blank = chunk.lastIndexOf(BLANK_LINE)
  return blank === -1 ? chunk.length : blank + BLANK_LINE.length
}

/**
 * A Content-Length body's bytes after the head, in the chunk its head ended in (the head began in
 * kept bytes, `tail` their last ones, or at the chunk's start): the rest of the body still to come,
 * negative when it ends in this chunk (-n: it ends n bytes before the chunk's end); -1 when there
 * is no such body. Undefined when the head's end is not found.
 */
function bodyAfterHead (request: IncomingMessage, chunk: Buffer, tail: Buffer | undefined): number | undefined {
  const length = request.headers['content-length']
  if (length === undefined || request.headers['transfer-encoding'] !== undefined) return undefined
  const declared = Number(length)
  const joined = tail === undefined ? chunk : Buffer.concat([tail, chunk])
  const blank = joined.indexOf(BLANK_LINE)
  if (blank === -1) return undefined
  const headEnd = blank + BLANK_LINE.length - (tail?.length ?? 0)
  return declared - (chunk.length - headEnd)
}

/** Keeps each connection's request head as it arrives, until it is complete. */
export function keepRequestHeads (server: Server): void {
  // Node's own 'request' and 'connection' listeners come first (added when the server was made):
  // a 'data' listener added here is called after the parser read the chunk.
  server.on('connection', (socket: Socket) => {
    const head: Head = { chunks: [], size: 0, request: undefined, bodyLeft: -1, tail: undefined }
    heads.set(socket, head)
    socket.on('data', (chunk: Buffer) => {
      const { request } = head
      if (request === undefined) {
        keep(head, chunk)
        return
      }
      let bodyEnd = -1
      if (head.bodyLeft === -2) {
        // The chunk the head ended in: how much of a Content-Length body it holds.
        const left = bodyAfterHead(request, chunk, head.tail)
        head.tail = undefined
        head.bodyLeft = left === undefined ? -1 : Math.max(0, left)
        if (left !== undefined && left < 0) bodyEnd = chunk.length + left
        else if (left === 0) bodyEnd = chunk.length
      } else if (head.bodyLeft >= 0) {
        if (head.bodyLeft < chunk.length) bodyEnd = head.bodyLeft
        head.bodyLeft = Math.max(0, head.bodyLeft - chunk.length)
      }
      // A body's bytes: none of the next head's.
      if (!request.complete) return
      head.request = undefined
      head.bodyLeft = -1
      head.chunks = []
      head.size = 0
      // The chunk its message ended in: a client pipelining its requests may have begun the next
      // head in it, after the message's end.
      const next = nextHeadStart(request, chunk, bodyEnd)
      if (next < chunk.length) keep(head, chunk.subarray(next))
    })
  })
  server.on('request', (request: IncomingMessage) => {
    const head = heads.get(request.socket)
    if (head === undefined) return
    // A message before it ended in the chunk being parsed (or began in it): where this head ends in
    // that chunk is not known, nor the bytes of its body there.
    const clean = head.request === undefined
    const kept = head.chunks[head.chunks.length - 1]
    head.tail = clean && kept !== undefined ? kept.subarray(Math.max(0, kept.length - 3)) : undefined
    head.bodyLeft = clean ? -2 : -1
    head.request = request
    head.chunks = []
    head.size = 0
  })
}

/**
 * The header lines received so far of the request head `socket` is receiving: the bytes kept, then
 * `packet`, the one Node's parser failed on (when it did), `failedAt` bytes into it (its error's
 * `bytesParsed`). The head is the one the failure is in: a packet can also hold requests pipelined
 * before it, whose heads end before that point.
 */
export function receivedHead (socket: Socket, packet?: unknown, failedAt?: unknown): string {
  const kept = heads.get(socket)?.chunks ?? []
  let bytes: Buffer
  let at: number
  if (Buffer.isBuffer(packet)) {
    const offset = typeof failedAt === 'number' && failedAt >= 0 && failedAt <= packet.length ? failedAt : 0
    // The packet is one read (at most 64 KB): copied once, for an answer that closes the connection.
    const before = Buffer.concat(kept)
    bytes = Buffer.concat([before, packet.subarray(0, offset + KEPT_LIMIT)])
    at = before.length + offset
  } else {
    bytes = Buffer.concat(kept)
    at = bytes.length
  }
  const text = bytes.toString('latin1')
  // From the end of the last head before the failure to the end of the failing one.
  const previous = at >= 4 ? text.lastIndexOf('\r\n\r\n', at - 4) : -1
  const start = previous === -1 ? 0 : previous + 4
  const end = text.indexOf('\r\n\r\n', start)
  return end === -1 ? text.slice(start) : text.slice(start, end)
}

/** A header's value in a head as receivedHead gives it, several lines joined as Node joins them; undefined without one. */
export function headerIn (head: string, name: string): string | undefined {
  const values: string[] = []
  const prefix = `${name.toLowerCase()}:`
  // The first line is the request line.
  for (const line of head.split('\n').slice(1)) {
    if (line.slice(0, prefix.length).toLowerCase() === prefix) values.push(line.slice(prefix.length).trim())
  }
  return values.length === 0 ? undefined : values.join(', ')
}
