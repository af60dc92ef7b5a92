// API-key authentication. A root hook identifies the caller (a stable, non-secret key id, or null);
// the `requireApiKey` hook, added only inside the /v1 scope, rejects: missing key 400, several keys
// 400, wrong key 401.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { parseList } from '../config.ts'
import { ServiceError } from '../services/errors.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** Short non-secret id of the caller's API key; null when the key is missing or wrong. */
    keyId: string | null
  }
  interface FastifyInstance {
    requireApiKey: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
  }
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest()

/** Non-secret, stable id of a key: logs, rate limits and conversation ownership use it. */
export function keyIdOf (key: string): string {
  return createHash('sha256').update(`itb-chatbot:key-id:${key}`, 'utf8').digest('base64url').slice(0, 12)
}

// eslint-disable-next-line no-control-regex
const NOT_ASCII = /[^\x00-\x7f]/
// A browser cannot send characters past U+00FF in a header at all (fetch throws).
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/

/** Whether clients must send `secret` (a key, a token) as UTF-8 to have it match: worth a warning at start. */
export const unusualSecret = (secret: string): boolean => NOT_PRINTABLE_ASCII.test(secret)

export interface ApiKeyVerifier {
  /**
   * The key id when `candidate` is one of the keys, else null. Constant time in the candidate.
   * Also what checks METRICS_TOKEN (plugins/metrics.ts): a secret read from a header either way.
   */
  identify: (candidate: string) => string | null
}

export function createApiKeyVerifier (keys: string[]): ApiKeyVerifier {
  // Hashing both sides makes them equal length, so timingSafeEqual can compare any candidate.
  const known = keys.map((key) => ({ hash: digest(key), id: keyIdOf(key) }))
  const match = (candidate: string): string | null => {
    const hash = digest(candidate)
    let found: string | null = null
    for (const key of known) {
      // Every key is compared, whatever matched, so timing says nothing about which one did.
      if (timingSafeEqual(hash, key.hash)) found = key.id
    }
    return found
  }
  return {
    identify (candidate) {
      // Node reads a header's bytes as Latin-1, and most clients (curl, Python, Node's fetch) send a
      // key with characters past ASCII as UTF-8: read that way too, such a key was refused forever.
      const sentAsUtf8 = NOT_ASCII.test(candidate) ? Buffer.from(candidate, 'latin1').toString('utf8') : candidate
      return match(candidate) ?? (sentAsUtf8 === candidate ? null : match(sentAsUtf8))
    }
  }
}

const MULTIPLE_KEYS_MESSAGE = 'Send one API key in one X-API-Key header: this request has several (repeated headers, or a list)'

/** Below this a key is warned about at start (not refused: tests and local setups use short ones). */
const MIN_KEY_LENGTH = 16

export default fp(async (fastify) => {
  const keys = [...new Set([...parseList(fastify.config.API_KEY), ...parseList(fastify.config.API_KEYS)])]
  if (keys.length === 0) {
    const generated = randomBytes(24).toString('base64url')
    keys.push(generated)
    // Logged once on purpose: without it a zero-config start would have no usable key.
    fastify.log.warn({ apiKey: undefined, generatedApiKey: generated },
      'No API_KEY or API_KEYS configured: generated a random API key for this process. Set API_KEYS to choose your own.')
  }
  const short = keys.filter((key) => key.length < MIN_KEY_LENGTH).length
  if (short > 0) {
    fastify.log.warn({ shortKeys: short },
      `API_KEY/API_KEYS: ${short} key(s) shorter than ${MIN_KEY_LENGTH} characters, easy to guess; use random keys (openssl rand -base64 32)`)
  }
  const unusual = keys.filter(unusualSecret).length
  if (unusual > 0) {
    fastify.log.warn({ unusualKeys: unusual },
      `API_KEY/API_KEYS: ${unusual} key(s) with characters other than printable ASCII: clients must send them as UTF-8 (a browser cannot send characters past U+00FF in a header); use random keys (openssl rand -base64 32)`)
  }
  const verifier = createApiKeyVerifier(keys)

  fastify.decorateRequest('keyId', null)
  fastify.addHook('onRequest', async (request) => {
    const header = request.headers['x-api-key']
    if (typeof header === 'string' && header !== '') request.keyId = verifier.identify(header)
  })

  fastify.decorate('requireApiKey', async (request: FastifyRequest) => {
    const header = request.headers['x-api-key']
    if (header === undefined || header === '') {
      throw new ServiceError('bad_request', 'MISSING_API_KEY', 'Missing X-API-Key header')
    }
    if (request.keyId === null) {
      // Node joins repeated headers as "k1, k2", as fetch's Headers.append sends them; no key has a
      // comma (API_KEYS is split on them), so this is several keys, not a wrong one.
      if (String(header).includes(',')) throw new ServiceError('bad_request', 'MULTIPLE_API_KEYS', MULTIPLE_KEYS_MESSAGE)
      throw new ServiceError('unauthorized', 'INVALID_API_KEY', 'Invalid API key')
    }
  })
}, { name: 'auth', fastify: '5.x', dependencies: ['config'] })
