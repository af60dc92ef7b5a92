// Server-sent events over a normal Fastify reply (so hooks, headers and the request log still
// apply). The stream starts with the first event: an error before that is an ordinary JSON error
// with its real status, an error after it is an `error` event.
import { PassThrough } from 'node:stream'
import type { FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify'
import { describeError, errorBody, logFailure } from '../plugins/errors.ts'
import { clientDisconnected } from '../plugins/request-end.ts'
import { shuttingDown } from '../plugins/shutdown.ts'
import { ServiceError } from '../services/errors.ts'
import { withVary } from './prefer.ts'
import type { StreamErrorBody } from '../../schemas/errors.ts'

/** A turn must end by this share of REQUEST_TIMEOUT, leaving the rest to write its answer or error. */
const DEADLINE_SHARE = 0.95

interface MediaRange { type: string, q: number }

/** The media ranges of an Accept header, lowercased, with their weights (RFC 9110 §12.5.1). */
export function parseAccept (header: string | undefined): MediaRange[] {
  const ranges: MediaRange[] = []
  for (const item of (header ?? '').split(',')) {
    const [type = '', ...parameters] = item.split(';').map((part) => part.trim().toLowerCase())
    if (!/^[a-z0-9!#$&^_.+*-]+\/[a-z0-9!#$&^_.+*-]+$/.test(type)) continue
    const weight = parameters.find((parameter) => parameter.startsWith('q='))?.slice(2)
    if (weight !== undefined && !/^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(weight)) continue
    ranges.push({ type, q: weight === undefined ? 1 : Number(weight) })
  }
  return ranges
}

/** The weight the most specific matching range gives `type` (0 when none matches). */
function weightOf (ranges: MediaRange[], type: string): number {
  const [major] = type.split('/')
  const match = ranges.find((range) => range.type === type) ??
    ranges.find((range) => range.type === `${major ?? ''}/*`) ??
    ranges.find((range) => range.type === '*/*')
  return match?.q ?? 0
}

/**
 * SSE only when the client names `text/event-stream` with a non-zero weight (a wildcard is not a
 * request for a stream) and does not weigh JSON higher; `text/event-stream;q=0` refuses it.
 */
export function wantsEventStream (request: FastifyRequest): boolean {
  const ranges = parseAccept(request.headers.accept)
  const stream = ranges.find((range) => range.type === 'text/event-stream')?.q ?? 0
  return stream > 0 && stream >= weightOf(ranges, 'application/json')
}

/**
 * The onSend hook of a route that answers JSON or an event stream by Accept (wantsEventStream): every
 * answer of it says `Vary: Accept`, after what is there (CORS's Origin, /v1/audio's Prefer), so a cache
 * does not give a stream to a client that asked for JSON, or the reverse.
 */
export const varyByAccept: onSendHookHandler = (_request, reply, payload, done) => {
  reply.header('vary', withVary(reply.getHeader('vary'), 'Accept'))
  done(null, payload)
}

export interface EventStream {
  send: (event: string, data: unknown) => void
  /** Sends an `error` event in the common error shape (or rethrows when nothing was sent yet). */
  fail: (error: unknown) => void
  end: () => void
  /**
   * Undefined while the connection takes what is written; otherwise a promise settled once it has
   * drained (or closed, or `signal` aborted): what a producer awaits so that a client that stops
   * reading holds the answer back instead of making the server buffer it.
   */
  ready: (signal?: AbortSignal) => Promise<void> | undefined
  readonly started: boolean
}

export function createEventStream (request: FastifyRequest, reply: FastifyReply): EventStream {
  const body = new PassThrough()
  let started = false
  const start = (): void => {
    if (started) return
    started = true
    request.interruptForShutdown = () => { stream.fail(shuttingDown()) }
    reply.code(200)
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-store, no-transform')
      .header('x-accel-buffering', 'no')
      .send(body)
  }
  const send = (event: string, data: unknown): void => {
    start()
    if (!body.writableEnded) body.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  }
  const stream: EventStream = {
    send,
    fail (error) {
      if (!started) throw error
      const described = describeError(error as Error)
      // The deadline passing while the turn waits for a client that stopped reading is the client's
      // doing, not a server fault: an error line (a Sentry event) per such stream was one a client
      // could raise at will. Any other failure is logged as it is, reading or not.
      if (described.code === 'ANSWER_TIMEOUT' && body.writableNeedDrain) {
        request.log.info({ code: described.code, statusCode: described.statusCode }, 'stream failed while the client was not reading it')
      } else {
        logFailure(request, error, described, 'stream failed')
      }
      // No Retry-After header can follow the stream's first event: the event carries its value.
      const data: StreamErrorBody = errorBody(request, described.statusCode, described.code, described.message)
      if (described.retryAfter !== undefined) data.retryAfter = described.retryAfter
      send('error', data)
      body.end()
    },
    end () {
      start()
      body.end()
    },
    ready (signal) {
      if (!body.writableNeedDrain || body.destroyed || signal?.aborted === true) return undefined
      return new Promise<void>((resolve) => {
        const settle = (): void => {
          body.off('drain', settle).off('close', settle)
          signal?.removeEventListener('abort', settle)
          resolve()
        }
        body.once('drain', settle).once('close', settle)
        signal?.addEventListener('abort', settle, { once: true })
      })
    },
    get started () { return started }
  }
  return stream
}

export interface TurnSignal {
  /** Fires when the client disconnects before the response is complete, at the deadline, or at the shutdown's. */
  signal: AbortSignal
  /** What a failed turn reports: why it was cut short (the deadline's 504, the shutdown's 503) once it was. */
  failure: (error: unknown) => unknown
}

/**
 * The signal of one turn. Its deadline is the share of REQUEST_TIMEOUT left once the answer must
 * still be written: the socket's idle timeout (REQUEST_TIMEOUT + 2 s, app.ts) would otherwise end a JSON turn
 * that is still silent with no answer at all. The shutdown's deadline cancels it the same way
 * (plugins/shutdown.ts): a turn stored by then is answered, one that is not reports SHUTTING_DOWN.
 */
export function turnSignal (reply: FastifyReply, requestTimeoutMs: number): TurnSignal {
  const controller = new AbortController()
  // Made when it fires, not per turn: an Error captures its stack when constructed.
  let cutShort: Error | undefined
  const cut = (reason: Error): void => {
    if (controller.signal.aborted) return
    clearTimeout(timer)
    cutShort = reason
    controller.abort(reason)
  }
  const timer = setTimeout(() => {
    cut(new ServiceError('timeout', 'ANSWER_TIMEOUT',
      `The answer took longer than this server allows (${requestTimeoutMs / 1000} s). Try again.`))
  }, Math.max(1, requestTimeoutMs * DEADLINE_SHARE))
  timer.unref()
  reply.request.cancelForShutdown = cut
  // The response's 'close' before it finished means the connection is gone. Not the request's
  // 'close': that one also fires as soon as an upload has been read to its end.
  reply.raw.once('close', () => {
    clearTimeout(timer)
    if (!reply.raw.writableFinished) controller.abort(new Error('client disconnected'))
  })
  return {
    signal: controller.signal,
    failure: (error) => cutShort ?? error
  }
}

/**
 * Streams one turn: `run` emits its own events through `send`, then `sources` and `done` follow,
 * or an `error` event (a plain error response if nothing was sent yet). A client that went away
 * gets nothing more. `run` awaits `ready()` before producing more (its model's next piece, its next
 * sentence's audio): a client that stops reading pauses the turn, until it reads again, goes away
 * or the turn's deadline passes.
 */
export async function streamTurn<T extends { sources: unknown }> (
  request: FastifyRequest,
  reply: FastifyReply,
  turn: TurnSignal,
  run: (send: (event: string, data: unknown) => void, ready: () => Promise<void> | undefined) => Promise<T>,
  done: (result: T) => unknown = (result) => result
): Promise<FastifyReply> {
  const events = createEventStream(request, reply)
  try {
    const result = await run((event, data) => { events.send(event, data) }, () => events.ready(turn.signal))
    events.send('sources', { sources: result.sources })
    events.send('done', done(result))
    events.end()
  } catch (error) {
    if (!clientDisconnected(request)) events.fail(turn.failure(error))
  }
  return reply
}
