import { test } from 'tap'
import { ServiceError } from '../../src/services/errors.ts'
import { abortable } from '../../src/services/abort.ts'
import { brief, isConnectionLost, isUnreachable, parseRetryAfter, timedCall } from '../../src/services/vendor-call.ts'
import { recordCalls } from './speech/helpers.ts'

const timeoutError = (): ServiceError => new ServiceError('timeout', 'X_TIMEOUT', 'too slow')

test('timedCall reports ok, error and timeout once each, and not a caller abort', async (t) => {
  const { calls, observer } = recordCalls()
  const base = { service: 'x', timeoutMs: 100, observer, timeoutError }
  t.equal(await timedCall(base, async () => 42), 42)
  await t.rejects(timedCall(base, async () => { throw new ServiceError('upstream', 'X_FAILED', 'boom') }), { code: 'X_FAILED' })
  await t.rejects(timedCall(base, async (signal) => await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('socket noise'))))),
    { code: 'X_TIMEOUT' }, 'the timeout wins over whatever error the aborted work threw')
  const controller = new AbortController()
  const pending = timedCall({ ...base, timeoutMs: 5000, signal: controller.signal }, async (signal) => await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))))
  controller.abort(new Error('user left'))
  await t.rejects(pending, { message: 'user left' })
  t.same(calls.map((c) => c.outcome), ['ok', 'error', 'timeout'])
  t.ok(calls.every((c) => c.service === 'x' && c.durationMs >= 0))

  const broken = await timedCall({ ...base, observer: () => { throw new Error('metrics down') } }, async () => 'still fine')
  t.equal(broken, 'still fine', 'a throwing observer does not fail the call')
})

test('abortable, parseRetryAfter, isUnreachable, isConnectionLost, brief', async (t) => {
  t.equal(await abortable(Promise.resolve(1), undefined), 1)
  const controller = new AbortController()
  const never = new Promise<number>(() => {})
  setTimeout(() => controller.abort(), 10)
  await t.rejects(abortable(never, controller.signal), { name: 'AbortError' })
  await t.rejects(abortable(never, controller.signal), { name: 'AbortError' }, 'already aborted')

  t.equal(parseRetryAfter('12', 5), 12)
  t.equal(parseRetryAfter('1.2', 5), 2)
  t.equal(parseRetryAfter(null, 5), 5)
  t.equal(parseRetryAfter('soon', 5), 5)
  const inTenSeconds = new Date(Date.now() + 10_500).toUTCString()
  t.ok([10, 11].includes(parseRetryAfter(inTenSeconds, 5)), 'an HTTP date')
  t.equal(parseRetryAfter(new Date(Date.now() - 60_000).toUTCString(), 5), 0)
  // A vendor asking for a day, in seconds or as a date, is passed on as a minute at most.
  t.equal(parseRetryAfter('86400', 5), 60)
  t.equal(parseRetryAfter(new Date(Date.now() + 86_400_000).toUTCString(), 5), 60)
  t.equal(parseRetryAfter('60', 5), 60)

  const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
  t.ok(isUnreachable(new TypeError('fetch failed', { cause: refused })))
  t.ok(isUnreachable(new TypeError('fetch failed', { cause: new AggregateError([refused]) })))
  t.notOk(isUnreachable(new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) })))
  t.notOk(isUnreachable('ECONNREFUSED'))
  // node:http's IncomingMessage 'aborted' error, when a streamed answer is cut.
  const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET' })
  t.ok(isConnectionLost(aborted))
  t.ok(isConnectionLost(new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) })))
  t.notOk(isConnectionLost(refused), 'never connected is unreachable, not lost')
  t.notOk(isConnectionLost(new Error('aborted')))

  t.equal(brief('  a\n\n b  '), 'a b')
  t.equal(brief('x'.repeat(300)).length, 200)
})

test('isUnreachable and isConnectionLost look into grouped errors to the same depth as into causes', async (t) => {
  const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
  // An error graph with a cycle (a group holding itself): before, a stack overflow (RangeError).
  const cycle = new AggregateError([])
  cycle.errors.push(cycle)
  t.notOk(isUnreachable(cycle))
  t.notOk(isConnectionLost(new Error('wrapped', { cause: cycle })))
  // Groups nested deeper than the cause chain's four steps are not read, as causes are not.
  let deep: unknown = refused
  for (let i = 0; i < 4; i++) deep = new AggregateError([deep])
  t.notOk(isUnreachable(deep), 'four groups down is past the bound')
  t.ok(isUnreachable(new AggregateError([new AggregateError([refused])])), 'two groups down is read')
})
