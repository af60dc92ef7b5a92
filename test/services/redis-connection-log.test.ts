// The Redis connection's log lines while ioredis reconnects: each distinct failure once per outage,
// one line when the address answers but is not Redis, and the diagnosis dropped when that changes.
// ioredis is stood in for by an emitter with its parsed options; the probe meets real sockets.
import { EventEmitter, once } from 'node:events'
import { createServer as createHttpServer } from 'node:http'
import { createServer, type AddressInfo } from 'node:net'
import type { Redis } from 'ioredis'
import t from 'tap'
import { isPasswordRefusal, watchRedisConnection } from '../../src/services/redis-connection-log.ts'
import { startTlsServer, tlsSkip } from '../support/helpers/tls-server.ts'

interface Line { level: string, obj: Record<string, unknown>, msg: string }

function recorder (): { lines: Line[], logger: Record<'error' | 'warn' | 'info', (obj: object, msg: string) => void> } {
  const lines: Line[] = []
  const at = (level: string) => (obj: object, msg: string) => { lines.push({ level, obj: obj as Record<string, unknown>, msg }) }
  return { lines, logger: { error: at('error'), warn: at('warn'), info: at('info') } }
}

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
const timedOut = Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' })

t.test('alternating failures of an outage are logged once each, not at every reconnection; ready logs the recovery and starts afresh', async (t) => {
  const redis = Object.assign(new EventEmitter(), { options: { host: '127.0.0.1', port: 1 } }) as unknown as Redis
  const { lines, logger } = recorder()
  watchRedisConnection(redis, { logger, variable: 'REDIS_URL', probeTimeoutMs: 1000 })
  for (let attempt = 0; attempt < 5; attempt++) {
    redis.emit('error', refused)
    redis.emit('error', timedOut)
  }
  t.same(lines.map((line) => [line.level, line.msg, (line.obj.err as Error).message]), [
    ['warn', 'redis connection error', refused.message],
    ['warn', 'redis connection error', timedOut.message]
  ])
  t.equal(lines[0]?.obj.address, '127.0.0.1:1')
  redis.emit('ready')
  t.match(lines.at(-1), { level: 'info', msg: 'redis connection restored' })
  redis.emit('error', refused)
  t.equal(lines.length, 4, 'a new outage logs its failure again')
})

t.test('not Redis: one line; a refusal afterwards drops the diagnosis, and the next non-Redis answer is probed again', async (t) => {
  const http = createHttpServer((request, response) => { response.writeHead(404).end() })
  http.listen(0, '127.0.0.1')
  await once(http, 'listening')
  t.teardown(() => { http.closeAllConnections(); http.close() })
  const redis = Object.assign(new EventEmitter(), { options: { host: '127.0.0.1', port: (http.address() as AddressInfo).port } }) as unknown as Redis
  const { lines, logger } = recorder()
  const watch = watchRedisConnection(redis, { logger, variable: 'REDIS_HOST and REDIS_PORT', probeTimeoutMs: 2000 })
  const protocolError = new Error('Unknown RESP type 72 "H". Please report this.')
  redis.emit('error', protocolError)
  redis.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))
  await waitForLine(lines, 1)
  t.match(lines, [{ level: 'error', msg: 'redis address answers, but it is not Redis: check REDIS_HOST and REDIS_PORT', obj: { answered: 'HTTP/1.1 400 Bad Request' } }])
  t.same(watch.notRedis(), { replied: 'HTTP/1.1 400 Bad Request' })
  redis.emit('error', protocolError)
  t.equal(lines.length, 1, 'the same mismatch at the next reconnection is not logged again')

  redis.emit('error', refused)
  t.equal(watch.notRedis(), undefined, 'a refusal is another failure')
  t.match(lines.at(-1), { level: 'warn', msg: 'redis connection error' })
  redis.emit('error', protocolError)
  await waitForLine(lines, 3)
  t.match(lines.at(-1), { level: 'error', obj: { answered: 'HTTP/1.1 400 Bad Request' } }, 'probed again')
})

t.test('a server that answers as Redis after a dropped connection is no diagnosis: the failure is logged as it was', async (t) => {
  const fakeRedis = createServer((socket) => { socket.on('data', () => { socket.end('-NOAUTH Authentication required.\r\n') }) })
  fakeRedis.listen(0, '127.0.0.1')
  await once(fakeRedis, 'listening')
  t.teardown(() => { fakeRedis.close() })
  const redis = Object.assign(new EventEmitter(), { options: { host: '127.0.0.1', port: (fakeRedis.address() as AddressInfo).port } }) as unknown as Redis
  const { lines, logger } = recorder()
  const watch = watchRedisConnection(redis, { logger, variable: 'REDIS_URL', probeTimeoutMs: 2000 })
  redis.emit('error', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))
  await waitForLine(lines, 1)
  t.match(lines, [{ level: 'warn', msg: 'redis connection error', obj: { err: { message: 'read ECONNRESET' } } }])
  t.equal(watch.notRedis(), undefined)
})

t.test('a TLS-only Redis at a plain address: one line saying so, with the fix', { skip: tlsSkip }, async (t) => {
  const { port } = await startTlsServer(t)
  const redis = Object.assign(new EventEmitter(), { options: { host: '127.0.0.1', port } }) as unknown as Redis
  const { lines, logger } = recorder()
  const watch = watchRedisConnection(redis, { logger, variable: 'REDIS_URL', probeTimeoutMs: 2000 })
  redis.emit('error', new Error('Connection is closed.'))
  await waitForLine(lines, 1)
  // Before: the dropped connection logged as it was ("Connection is closed."), nothing about TLS.
  t.match(lines, [{ level: 'error', msg: 'redis address speaks TLS: use rediss:// (check REDIS_URL)', obj: { address: `127.0.0.1:${port}` } }])
  t.same(watch.notRedis(), { tls: true })
})

t.test('a server that closes a new connection without a word (ioredis: a close, no error) is probed: a TLS-only one is named', { skip: tlsSkip }, async (t) => {
  const { port } = await startTlsServer(t)
  const redis = Object.assign(new EventEmitter(), { options: { host: '127.0.0.1', port } }) as unknown as Redis
  const { lines, logger } = recorder()
  const watch = watchRedisConnection(redis, { logger, variable: 'REDIS_URL', probeTimeoutMs: 2000 })
  // ioredis's events for Node's TLS server given plain text: the TCP connection, then its close.
  redis.emit('connect')
  redis.emit('close')
  await waitForLine(lines, 1)
  // Before: nothing logged at all, and /ready said "not connected (reconnecting)".
  t.match(lines, [{ level: 'error', msg: 'redis address speaks TLS: use rediss:// (check REDIS_URL)' }])
  t.same(watch.notRedis(), { tls: true })
  redis.emit('connect')
  redis.emit('close')
  t.equal(lines.length, 1, 'not again at the next reconnection')
})

t.test('a close after an error, or after the service stopped watching, is not a second failure', async (t) => {
  const redis = Object.assign(new EventEmitter(), { options: { host: '127.0.0.1', port: 1 } }) as unknown as Redis
  const { lines, logger } = recorder()
  const watch = watchRedisConnection(redis, { logger, variable: 'REDIS_URL', probeTimeoutMs: 1000 })
  redis.emit('error', refused)
  redis.emit('close')
  t.equal(lines.length, 1, 'the refusal only')
  redis.emit('connect')
  watch.close()
  redis.emit('close')
  t.equal(lines.length, 1, 'the shutdown\'s own disconnect is not probed')
})

/** Resolves once `count` lines are logged: the probe's answer arrives on its socket's events. */
async function waitForLine (lines: Line[], count: number): Promise<void> {
  const deadline = Date.now() + 5000
  while (lines.length < count) {
    if (Date.now() > deadline) throw new Error(`${lines.length} lines logged, ${count} expected`)
    await new Promise((resolve) => setImmediate(resolve))
  }
}

t.test('Redis refusing the password is said as such until a connection is ready or the failure is another', async (t) => {
  const redis = Object.assign(new EventEmitter(), { options: { host: '127.0.0.1', port: 1 } }) as unknown as Redis
  const { lines, logger } = recorder()
  const watch = watchRedisConnection(redis, { logger, variable: 'REDIS_URL', probeTimeoutMs: 1000 })
  t.equal(watch.passwordRefused(), false)
  const wrong = new Error('WRONGPASS invalid username-password pair or user is disabled.')
  redis.emit('error', wrong)
  redis.emit('error', wrong)
  t.equal(watch.passwordRefused(), true)
  t.same(lines.map((line) => line.msg), ['redis connection error'], 'logged once, as before')
  redis.emit('error', refused)
  t.equal(watch.passwordRefused(), false, 'the address now refuses connections: another failure')
  redis.emit('error', new Error('NOAUTH HELLO must be called with the client already authenticated'))
  t.equal(watch.passwordRefused(), true, 'no password given where one is needed')
  redis.emit('ready')
  t.equal(watch.passwordRefused(), false)
  t.ok(isPasswordRefusal(new Error('ERR invalid password')), 'Redis before 6')
  t.notOk(isPasswordRefusal(new Error('ERR DB index is out of range')))
  t.notOk(isPasswordRefusal('WRONGPASS'))
})

t.test('a refused database is left to its guard, with the dropped connection\'s errors; the server going away afterwards is logged', async (t) => {
  const redis = Object.assign(new EventEmitter(), { options: { host: '127.0.0.1', port: 1 } }) as unknown as Redis
  const { lines, logger } = recorder()
  watchRedisConnection(redis, { logger, variable: 'REDIS_URL', probeTimeoutMs: 1000 })
  redis.emit('connect')
  redis.emit('error', Object.assign(new Error('ERR DB index is out of range'), { command: { name: 'select', args: ['99'] } }))
  redis.emit('error', new Error("Stream isn't writeable and enableOfflineQueue options is false"))
  redis.emit('close')
  t.same(lines, [], 'the guard (redis-database.ts) says it')
  redis.emit('error', refused)
  t.same(lines.map((line) => [line.msg, (line.obj.err as Error).message]), [['redis connection error', refused.message]])
})
