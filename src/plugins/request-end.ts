// When a request starts and when it is over, for the access log, the HTTP metrics, the shutdown's
// in-flight list and the idle collection. Fastify runs onResponse hooks only for responses that
// finished: a client that disconnected mid-answer would leave the in-flight gauge up and no log line.
// Such a request ends with nginx's 499 "client closed request".
//
// One onRequest hook and one listener on the response's 'close' per request, whoever watches: each
// concern listening for itself put eleven 'close' listeners on a streamed voice answer (with
// multipart's, the stream's cancellation and Fastify's own), past Node's "possible memory leak"
// warning threshold of ten.
import type { ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

export const CLIENT_CLOSED_REQUEST = 499

// Requests Node answered on the socket itself (a 408 for a body that never came whole): their status.
const socketAnswers = new WeakMap<Socket, number>()
// The request each connection is serving now (from its onRequest hook until it ends).
const socketRequests = new WeakMap<Socket, { id: string, response: ServerResponse }>()

/** The request `socket` is serving now, if any: its id and response (answered or not). */
export function requestOnSocket (socket: Socket): { id: string, response: ServerResponse } | undefined {
  return socketRequests.get(socket)
}

/** Records that `socket` was answered with `status` outside Fastify (plugins/errors.ts, clientErrorHandler). */
export function answeredOnSocket (socket: Socket, status: number): void {
  socketAnswers.set(socket, status)
}

/** The status a request's connection was answered with outside Fastify, if it was. */
export function socketAnswer (request: FastifyRequest): number | undefined {
  return socketAnswers.get(request.raw.socket)
}

/** The connection is gone (the answer, if any, can no longer be delivered). */
export function clientDisconnected (request: FastifyRequest): boolean {
  return request.raw.socket?.destroyed === true
}

export interface RequestWatcher {
  /** Called in the first onRequest hook, before any other can answer the request. */
  started?: (request: FastifyRequest, reply: FastifyReply) => void
  /**
   * Called once per started request: from onResponse when the response finished, or with 499 when
   * the connection closed first (with the status Node answered on the socket, if it did).
   */
  ended: (request: FastifyRequest, reply: FastifyReply, status: number) => void
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Watchers are called in the order they were added. */
    watchRequests: (watcher: RequestWatcher) => void
  }
}

export default fp(async (fastify) => {
  const started: Array<NonNullable<RequestWatcher['started']>> = []
  const ended: Array<RequestWatcher['ended']> = []
  const done = new WeakSet<FastifyRequest>()
  const end = (request: FastifyRequest, reply: FastifyReply, status: number): void => {
    if (done.has(request)) return
    done.add(request)
    if (socketRequests.get(request.raw.socket)?.response === reply.raw) socketRequests.delete(request.raw.socket)
    for (const watcher of ended) watcher(request, reply, status)
  }
  fastify.decorate('watchRequests', (watcher: RequestWatcher) => {
    if (watcher.started !== undefined) started.push(watcher.started)
    ended.push(watcher.ended)
  })
  fastify.addHook('onRequest', (request, reply, next) => {
    socketRequests.set(request.raw.socket, { id: String(request.id), response: reply.raw })
    for (const watcher of started) watcher(request, reply)
    reply.raw.once('close', () => { if (!reply.raw.writableFinished) end(request, reply, socketAnswer(request) ?? CLIENT_CLOSED_REQUEST) })
    next()
  })
  fastify.addHook('onResponse', (request, reply, next) => {
    end(request, reply, reply.statusCode)
    next()
  })
}, { name: 'request-end', fastify: '5.x' })
