// An answer that closes its connection while the client is still sending (a body refused part way
// for its tiny pieces, a head Node's parser refused) was lost when the server closed at once: the
// bytes still arriving at a closed socket make the kernel answer with a reset (RST). A client that
// writes its request before reading the answer (Python's http.client, Java's HttpURLConnection, a
// paused Node socket) then fails its next write (EPIPE, ECONNRESET) and never reads the answer; on a
// real network the reset also drops the answer's bytes not yet delivered. The remedy is Apache's and
// nginx's "lingering close": after the answer, close our side only (FIN), read and drop what the
// client still sends, and close for good once it closes its side or a budget runs out. The budget
// keeps what refusing tiny pieces protects, the server's CPU: a read costs the same however small,
// so reads are counted as well as bytes, and the whole linger is bounded in time.
import type { Socket } from 'node:net'
import type { FastifyReply } from 'fastify'

/**
 * What is read and dropped after the answer, at most, before the connection is closed anyway. A read
 * costs about the same whatever its size: 1,024 reads of one byte each (a body written a byte per TCP
 * segment) were ~12 ms of the server's CPU, less than the 1,024 pieces a refused body is allowed. 1 MiB
 * lets a client finish a body sent in normal pieces (a few dozen reads) and read its answer.
 */
export const LINGERING_CLOSE = { maxBytes: 1024 * 1024, maxReads: 1024, maxMs: 2000 }

export type LingeringLimits = typeof LINGERING_CLOSE

/**
 * Ends `socket` once what is written to it is sent (FIN), then reads and drops what the client still
 * sends, unparsed, until the client ends its side (then destroys it, the answer sent) or a limit of
 * `limits` is reached (then destroys it at once).
 */
export function lingeringClose (socket: Socket, limits: LingeringLimits = LINGERING_CLOSE): void {
  if (socket.destroyed) return
  // What still comes is no request of ours: Node's HTTP parser (a 'data' listener, as is
  // plugins/request-head.ts's) stops reading this connection, so nothing after this answer is served.
  socket.removeAllListeners('data')
  socket.end()
  let bytes = 0
  let reads = 0
  const timer = setTimeout(() => socket.destroy(), limits.maxMs)
  socket.once('close', () => { clearTimeout(timer) })
  const done = (): void => {
    if (socket.writableFinished) socket.destroy()
    else socket.once('finish', () => socket.destroy())
  }
  if (socket.readableEnded) {
    done()
    return
  }
  socket.on('data', (chunk: Buffer) => {
    bytes += chunk.length
    reads += 1
    if (bytes > limits.maxBytes || reads > limits.maxReads) socket.destroy()
  })
  socket.once('end', done)
  socket.resume()
}

/**
 * Makes Node's close of `socket` after its last answer (one saying `Connection: close`) a lingering
 * one (above). Node closes a connection after its last answer by calling the socket's `destroySoon`
 * (end, then destroy once written: _http_server.js, resOnFinish): this socket's lingers instead.
 */
export function lingerAfterLastAnswer (socket: Socket, limits: LingeringLimits = LINGERING_CLOSE): void {
  socket.destroySoon = () => { lingeringClose(socket, limits) }
}

/** Makes `reply`'s answer its connection's last (`Connection: close`), closed lingering (above). */
export function closeAfterAnswer (reply: FastifyReply): void {
  reply.header('connection', 'close')
  if (reply.raw.socket !== null) lingerAfterLastAnswer(reply.raw.socket)
}
