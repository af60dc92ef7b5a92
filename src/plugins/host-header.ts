// HTTP/1.1 requests must name their host (RFC 9112 §3.2: a request without Host gets 400). Node's
// own check answers a bare 400 with an empty body and none of our headers, so it is turned off in
// app.ts (`requireHostHeader: false`) and done here instead, in the common error shape, once
// helmet's headers are set. HTTP/1.0, where Host is optional, is served as before.
import fp from 'fastify-plugin'
import { ServiceError } from '../services/errors.ts'

export default fp(async (fastify) => {
  // A callback hook, as helmet's: it runs on every request, probes included.
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.raw.headers.host !== undefined || request.raw.httpVersion === '1.0') {
      done()
      return
    }
    // Node closed such connections too: the client is not speaking the HTTP/1.1 it claims.
    reply.header('connection', 'close')
    done(new ServiceError('bad_request', 'MISSING_HOST', 'Missing Host header (required in HTTP/1.1)'))
  })
}, { name: 'host-header', fastify: '5.x', dependencies: ['errors', 'security'] })
