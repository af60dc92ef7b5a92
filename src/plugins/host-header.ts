// HTTP/1.1 requests must name their host (RFC 9112 §3.2: a request without Host gets 400). Node's
// own check answers a bare 400 with an empty body and none of our headers, so it is turned off in
// app.ts (`requireHostHeader: false`) and done here instead, in the common error shape, once
// helmet's headers are set. HTTP/1.0, where Host is optional, is served as before. The same section
// refuses a request with more than one Host line or a value that is no host (Node keeps the first
// line and checks no value): a host built into a link must be the one the client sent.
import fp from 'fastify-plugin'
import { ServiceError } from '../services/errors.ts'
import { closeAfterAnswer } from './lingering-close.ts'

/** RFC 9112 §3.2's `uri-host [ ":" port ]`: an IP literal in brackets or a reg-name, each character class exclusive, so linear. */
const HOST = /^(?:\[[0-9A-Za-z:.%_~-]+\]|[A-Za-z0-9._~!$&'()*+,;=%-]*)(?::[0-9]*)?$/

function validHost (host: string, rawHeaders: string[]): boolean {
  if (!HOST.test(host)) return false
  let lines = 0
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.length === 4 && rawHeaders[i]?.toLowerCase() === 'host') lines++
  }
  return lines === 1
}

export default fp(async (fastify) => {
  // A callback hook, as helmet's: it runs on every request, probes included.
  fastify.addHook('onRequest', (request, reply, done) => {
    const { host } = request.raw.headers
    if (host === undefined ? request.raw.httpVersion === '1.0' : validHost(host, request.raw.rawHeaders)) {
      done()
      return
    }
    // Node closed such connections too: the client is not speaking the HTTP/1.1 it claims. Lingering:
    // the body it may still be sending must not reset the connection before the 400 is read.
    closeAfterAnswer(reply)
    done(host === undefined
      ? new ServiceError('bad_request', 'MISSING_HOST', 'Missing Host header (required in HTTP/1.1)')
      : new ServiceError('bad_request', 'INVALID_HOST', 'Invalid Host header: send it once, naming a host and optional port'))
  })
}, { name: 'host-header', fastify: '5.x', dependencies: ['errors', 'security'] })
