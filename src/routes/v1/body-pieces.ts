// A request body that arrives in pieces far smaller than any real client sends is refused before it
// costs the server seconds of CPU. Node hands every piece over on its own (a chunk of a chunked body,
// or a socket read of a tiny TCP segment): one parser callback, one Buffer and one 'data' event each,
// ~3 µs. A 1 MiB upload in 1-byte chunks (6.3 MB on the wire) was 1,048,695 pieces and ~2.9 s of
// the server's CPU; the same upload sent as it normally is, 22–34 pieces. Browsers, curl and mobile
// HTTP stacks write several KB at a time, and a slow link still delivers whole TCP segments
// (≥ 536 bytes, IPv4's smallest default MSS; 1,220–1,460 in practice).
// A JSON body is capped at 64 KB, yet 64 KB in 1-byte chunks was 52-148 ms of the server's CPU (median
// 70, against 2.2 for the same body in one write; 15 rounds), some 30 chat turns for one rate-limited
// request; refused, 21-50 (median 25): what remains is the pieces already read off the socket. The
// connection now closes lingering (plugins/lingering-close.ts), what follows the refusal read unparsed:
// 11-21 ms (median 12). 64 KB written one byte per TCP segment: 15-35 ms refused; lingering adds at most
// 1,024 reads, ~12 ms more (15 rounds each, 2026-12-07).
import type { IncomingMessage } from 'node:http'
import type { FastifyReply, FastifyRequest, RequestPayload } from 'fastify'
import { ServiceError } from '../../services/errors.ts'
import { closeAfterAnswer } from '../../plugins/lingering-close.ts'

/** Pieces received before their average size is judged, and the smallest average allowed then. */
export const TINY_PIECES = { after: 1024, minAverageBytes: 512 }

export const tinyPiecesMessage = (limits = TINY_PIECES): string =>
  `The body arrived in pieces of under ${limits.minAverageBytes} bytes on average (over ${limits.after} pieces): ` +
  'send it in larger writes (a chunk or TCP segment of several KB, as browsers and HTTP libraries do)'

/**
 * Counts the pieces of `request`'s body as its reader receives them (call it once a reader is
 * attached: the listener must not be the one that starts the flow). From the `after`-th piece on,
 * an average under `minAverageBytes` emits 400 BODY_IN_TINY_PIECES as the request's 'error' (its
 * reader fails with it) and calls `refused`, once. A body refused so is never judged again; one that
 * passes keeps being counted, so a few large pieces cannot buy a long run of tiny ones: a body of
 * N bytes reaches Node's parser in at most max(after, N / minAverageBytes) pieces.
 */
export function refuseTinyPieces (request: IncomingMessage, refused: () => void, limits = TINY_PIECES): void {
  let pieces = 0
  let bytes = 0
  const onPiece = (chunk: Buffer): void => {
    pieces += 1
    bytes += chunk.length
    if (pieces < limits.after || bytes >= pieces * limits.minAverageBytes) return
    request.off('data', onPiece)
    refused()
    // Emitted only while someone listens: an 'error' nobody handles would end the process.
    if (request.listenerCount('error') > 0) request.emit('error', new ServiceError('bad_request', 'BODY_IN_TINY_PIECES', tinyPiecesMessage(limits)))
  }
  request.on('data', onPiece)
  request.once('end', () => { request.off('data', onPiece) })
}

/**
 * A `preParsing` hook for a body Fastify's own parser reads (JSON): the guard above, armed when that
 * parser starts the flow (the 'resume' it causes comes before the first piece), with the connection
 * closed on refusal, lingering so that a client still sending reads the answer
 * (plugins/lingering-close.ts). Its 'error' is the parser's: the reply is the 400.
 */
export async function refuseTinyPiecesOfParsedBody (request: FastifyRequest, reply: FastifyReply, payload: RequestPayload): Promise<RequestPayload> {
  const raw = request.raw
  if (payload === raw) raw.once('resume', () => { refuseTinyPieces(raw, () => { closeAfterAnswer(reply) }) })
  return payload
}
