// How the doctor explains what a client threw: a short tag and the variable to check.
import t from 'tap'
import { DoctorTimeoutError, explainError } from '../../../src/cli/doctor/index.ts'
import { ServiceError } from '../../../src/services/errors.ts'

const hints = { key: 'X_API_KEY', model: 'X_MODEL', what: 'model "m"', url: 'X_BASE_URL', host: 'x.example:443' }

function named (name: string, message = name): Error {
  const error = new Error(message)
  error.name = name
  return error
}

function withStatus (status: number, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${status} status code (no body)`), { status, ...extra })
}

t.test('HTTP statuses from the OpenAI SDK, also through a cause chain', async (t) => {
  t.same(explainError(withStatus(401), hints, 10_000), { code: '401', detail: 'rejected the API key — check X_API_KEY' })
  t.same(explainError(withStatus(403), { ...hints, credential: 'token' }, 10_000), { code: '403', detail: 'rejected the token — check X_API_KEY' })
  t.same(explainError(new Error('wrapped', { cause: withStatus(404) }), hints, 10_000), { code: '404', detail: 'model "m" not found — check X_MODEL' })
  t.same(explainError(withStatus(404), {}, 10_000), { code: '404', detail: 'resource not found' })
  t.same(explainError(withStatus(429), hints, 10_000), { code: '429', detail: 'rate limited — try again shortly' })
  t.same(explainError(withStatus(429, { code: 'insufficient_quota' }), hints, 10_000), { code: '429', detail: 'quota exhausted — check the account\'s plan and billing' })
  t.same(explainError(withStatus(502), hints, 10_000), { code: '502', detail: 'server error (HTTP 502) — the service has a problem, try again later' })
  t.same(explainError(withStatus(400), hints, 10_000), { code: '400', detail: '400 status code (no body)' })
})

t.test('Pinecone SDK errors carry their status in their class name', async (t) => {
  t.same(explainError(named('PineconeAuthorizationError'), hints, 10_000).code, '401')
  t.same(explainError(named('PineconeNotFoundError'), hints, 10_000), { code: '404', detail: 'model "m" not found — check X_MODEL' })
  t.same(explainError(named('PineconeUnavailableError'), hints, 10_000).code, '503')
  t.same(explainError(named('PineconeBadRequestError', 'bad filter'), hints, 10_000), { code: '400', detail: 'bad filter' })
})

t.test('the speech and emotion clients\' ServiceErrors', async (t) => {
  t.same(explainError(new ServiceError('upstream', 'STT_AUTH', 'Speech-to-text rejected the API key'), hints, 10_000),
    { code: 'auth', detail: 'rejected the API key — check X_API_KEY' })
  t.same(explainError(new ServiceError('upstream', 'TTS_AUTH', 'Text-to-speech rejected the API key (HTTP 401)'), hints, 10_000).code, '401')
  t.same(explainError(new ServiceError('unavailable', 'STT_QUOTA', 'quota'), hints, 10_000).code, 'quota')
  t.same(explainError(new ServiceError('rate_limited', 'TTS_RATE_LIMITED', 'slow down'), hints, 10_000), { code: '429', detail: 'rate limited — try again shortly' })
  t.same(explainError(new ServiceError('unavailable', 'EMOTION_UNAVAILABLE', 'cannot be reached'), hints, 10_000),
    { code: 'unreachable', detail: 'cannot reach x.example:443 — check X_BASE_URL' })
  t.same(explainError(new ServiceError('upstream', 'STT_CONFIG', 'Speech-to-text rejected the model: unknown model'), hints, 10_000),
    { code: 'config', detail: 'Speech-to-text rejected the model: unknown model — check X_MODEL' })
  t.same(explainError(new ServiceError('timeout', 'STT_TIMEOUT', 'late'), hints, 2500), { code: 'timeout', detail: 'no answer within 2.5 s from x.example:443' })
})

t.test('timeouts, unreachable hosts, Redis and anything else', async (t) => {
  t.same(explainError(new DoctorTimeoutError(10_000), {}, 1), { code: 'timeout', detail: 'no answer within 10 s' })
  t.same(explainError(named('AbortError'), {}, 3000).detail, 'no answer within 3 s')
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
  t.same(explainError(new TypeError('fetch failed', { cause: refused }), {}, 10_000), { code: 'unreachable', detail: 'cannot reach the server' })
  t.same(explainError(new Error('WRONGPASS invalid username-password pair or user is disabled.'), { key: 'REDIS_PASSWORD', credential: 'password' }, 10_000),
    { code: 'auth', detail: 'rejected the password — check REDIS_PASSWORD' })
  t.same(explainError(Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }), {}, 4000).detail, 'no answer within 4 s')
  t.same(explainError(new TypeError('fetch failed', { cause: new Error('bad port') }), hints, 10_000),
    { code: 'conn', detail: 'connection to x.example:443 failed (bad port) — check X_BASE_URL' })
  t.same(explainError(new ServiceError('upstream', 'EMOTION_FAILED', 'request failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) }), {}, 10_000),
    { code: 'conn', detail: 'connection to the server failed (socket hang up)' })
  t.same(explainError(named('APIConnectionError', 'Connection error.'), {}, 10_000).detail, 'connection to the server failed (Connection error.)')
  t.same(explainError(new Error(''), {}, 10_000), { code: 'error', detail: 'Error' })
  t.same(explainError('a string', {}, 10_000), { code: 'error', detail: 'a string' })
  t.same(explainError(new Error('x'.repeat(500)), {}, 10_000).detail.length, 200, 'long messages are cut')
})
