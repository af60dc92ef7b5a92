// When a request is over, for the access log and the HTTP metrics. Fastify runs onResponse hooks
// only for responses that finished: a client that disconnected mid-answer left the in-flight gauge
// up and no log line. Such a request ends with nginx's 499 "client closed request".
import type { FastifyReply, FastifyRequest } from 'fastify'

export const CLIENT_CLOSED_REQUEST = 499

/** The connection is gone (the answer, if any, can no longer be delivered). */
export function clientDisconnected (request: FastifyRequest): boolean {
  return request.raw.socket?.destroyed === true
}

/**
 * Calls `ended(status)` once per request: from onResponse when the response finished, or with 499
 * when the connection closed first. Register in an onRequest hook.
 */
export function onRequestEnd (fastify: { addHook: (name: 'onRequest' | 'onResponse', hook: (request: FastifyRequest, reply: FastifyReply) => Promise<void>) => unknown },
  ended: (request: FastifyRequest, reply: FastifyReply, status: number) => void): void {
  const done = new WeakSet<FastifyRequest>()
  const end = (request: FastifyRequest, reply: FastifyReply, status: number): void => {
    if (done.has(request)) return
    done.add(request)
    ended(request, reply, status)
  }
  fastify.addHook('onRequest', async (request, reply) => {
    reply.raw.once('close', () => { if (!reply.raw.writableFinished) end(request, reply, CLIENT_CLOSED_REQUEST) })
  })
  fastify.addHook('onResponse', async (request, reply) => { end(request, reply, reply.statusCode) })
}
