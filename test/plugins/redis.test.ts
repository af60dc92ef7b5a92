// REDIS_URL at an address that answers, but not as Redis (an HTTP port): the service starts, /ready
// and /health say so in fixed words, and the log says it once, naming the address and what
// answered, however many times ioredis reconnects. A TLS-only Redis given redis:// gets the fix, rediss://,
// in the same words on both probes as in the log.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:http'
import { connect, createServer as createNetServer, type AddressInfo } from 'node:net'
import { Redis } from 'ioredis'
import t, { type Test } from 'tap'
import { build, TEST_API_KEY, waitFor } from '../support/helpers/app.ts'
import { freePort, startRedis } from '../support/helpers/redis-server.ts'
import { startTlsServer, tlsSkip } from '../support/helpers/tls-server.ts'

const PASSWORD = 's3cret-redis-password'

/** A private redis-server where the user itb-app has the ACL `rules`, and the REDIS_URL that logs in as it. */
async function redisWithUser (t: Test, ...rules: string[]): Promise<{ url: string, admin: Redis }> {
  const redis = await startRedis()
  t.teardown(redis.destroy)
  const admin = new Redis(redis.port, '127.0.0.1')
  t.teardown(() => { admin.disconnect() })
  await admin.call('ACL', 'SETUSER', 'itb-app', 'on', `>${PASSWORD}`, ...rules)
  return { url: `redis://itb-app:${PASSWORD}@127.0.0.1:${redis.port}`, admin }
}

t.test('REDIS_URL at an HTTP server: not ready with a plain reason, one log line naming the address and its answer', async (t) => {
  let connections = 0
  const http = createServer((request, response) => {
    response.writeHead(404, { 'content-type': 'text/html' }).end(`<html><body>${'not here '.repeat(200)}</body></html>`)
  })
  http.on('connection', () => { connections += 1 })
  http.listen(0, '127.0.0.1')
  await once(http, 'listening')
  t.teardown(() => { http.closeAllConnections(); http.close() })
  const { port } = http.address() as AddressInfo

  const { app, logs } = await build(t, { REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${port}` })
  // ioredis reconnects with a growing back-off (100 ms, 200 ms…): ten connections are six or more of its attempts.
  await waitFor(() => connections >= 10, 30_000)

  const ready = await app.inject({ url: '/ready' })
  t.equal(ready.statusCode, 503)
  t.equal(ready.json().checks.redis, 'error: the address answers, but not as Redis')
  t.equal((await app.inject({ url: '/health' })).json().redis, 'error: the address answers, but not as Redis', 'the same words on both probes')

  const redisLines = logs.lines().filter((line) => /redis/i.test(String(line.msg)) && line.msg !== 'readiness check failed')
  t.same(redisLines.map((line) => line.msg), ['redis address answers, but it is not Redis: check REDIS_URL'],
    'one line for every reconnection, not ioredis\'s "Unknown RESP type" or broken pipes at each')
  t.match(redisLines[0], { level: 50, address: `127.0.0.1:${port}`, answered: 'HTTP/1.1 400 Bad Request' })
  t.notMatch(logs.text(), PASSWORD, 'the password is never logged')
  t.notMatch(logs.text(), 'not here', 'nor what the server sent beyond its first line')
})

t.test('REDIS_URL redis:// at a TLS-only Redis: /ready and /health say to use rediss://, as the log line does', async (t) => {
  // What Redis's OpenSSL does with a plain client's first bytes: a TLS alert record (TLS 1.2, fatal,
  // protocol_version), then the close.
  const tlsOnly = createNetServer((socket) => {
    socket.on('error', () => {})
    socket.resume()
    socket.once('data', () => { socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46])) })
  })
  tlsOnly.listen(0, '127.0.0.1')
  await once(tlsOnly, 'listening')
  t.teardown(() => { tlsOnly.close() })
  const { port } = tlsOnly.address() as AddressInfo
  const { app, logs } = await build(t, { REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${port}` })
  // The probe's verdict arrives on its sockets' events: wait for its line (bounded, to fail rather than hang).
  const msg = 'redis address speaks TLS: use rediss:// (check REDIS_URL)'
  await waitFor(() => logs.lines().some((line) => line.msg === msg), 10_000)
  t.match(logs.lines().find((line) => line.msg === msg), { level: 50, address: `127.0.0.1:${port}` })

  const ready = await app.inject({ url: '/ready' })
  t.equal(ready.statusCode, 503)
  // Before: "error: the address answers, but not as Redis", where the log and the doctor said rediss://.
  t.equal(ready.json().checks.redis, 'error: the address speaks TLS: use rediss://')
  t.equal((await app.inject({ url: '/health' })).json().redis, 'error: the address speaks TLS: use rediss://', 'the same words on both probes')
  t.notMatch(logs.text(), PASSWORD)
})

t.test('REDIS_URL redis:// at a TLS server that closes on plain text without a word (ioredis sees only a close): the same', { skip: tlsSkip }, async (t) => {
  const { port } = await startTlsServer(t)
  const { app, logs } = await build(t, { REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${port}` })
  const msg = 'redis address speaks TLS: use rediss:// (check REDIS_URL)'
  // Before: no line at all (no 'error' event to start the probe) and "not connected (reconnecting)".
  await waitFor(() => logs.lines().some((line) => line.msg === msg), 10_000)
  t.equal((await app.inject({ url: '/ready' })).json().checks.redis, 'error: the address speaks TLS: use rediss://')
})

t.test('REDIS_URL naming a database the server does not have (/99): not ready, one error line, and nothing stored in database 0', async (t) => {
  const redis = await startRedis()
  t.teardown(redis.destroy)
  const { app, logs } = await build(t, { REDIS_URL: `${redis.url}/99` })
  const msg = 'redis refuses database 99: check the number at the end of REDIS_URL'
  await waitFor(() => logs.lines().some((line) => line.msg === msg), 10_000)
  // Before: ioredis carried on in database 0 after the failed SELECT: "ok" on both probes, turns stored there.
  const ready = await app.inject({ url: '/ready' })
  t.equal(ready.statusCode, 503)
  t.equal(ready.json().checks.redis, 'error: the server refuses the configured database number')
  t.equal((await app.inject({ url: '/health' })).json().redis, 'error: the server refuses the configured database number')
  const chat = await app.inject({
    method: 'POST',
    url: '/v1/chat',
    headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'db-99' },
    payload: { message: 'Kapan ITB didirikan?' }
  })
  t.equal(chat.json().code, 'STORAGE_UNAVAILABLE', 'the turn is refused as while Redis is down')
  t.match(logs.lines().filter((line) => line.msg === msg), [{ level: 50, database: 99, err: { message: 'ERR DB index is out of range' } }])
  t.notOk(logs.lines().some((line) => line.msg === 'redis connection error'), 'not also as a connection error')
  const check = new Redis(redis.port, '127.0.0.1')
  t.teardown(() => { check.disconnect() })
  t.equal(await check.dbsize(), 0, 'database 0 untouched')
})

t.test('REDIS_URL with a password Redis refuses: /ready and /health say so, not "not connected (reconnecting)"', async (t) => {
  // A Redis 7 with another password: every HELLO … AUTH is refused.
  const redis = createNetServer((socket) => {
    socket.on('error', () => {})
    socket.on('data', () => { socket.write('-WRONGPASS invalid username-password pair or user is disabled.\r\n') })
  })
  redis.listen(0, '127.0.0.1')
  await once(redis, 'listening')
  t.teardown(() => { redis.close() })
  const { port } = redis.address() as AddressInfo
  const { app, logs } = await build(t, { REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${port}` })
  await waitFor(() => logs.lines().some((line) => line.msg === 'redis connection error'), 10_000)
  // Before: 'error: not connected (reconnecting)', as for a Redis that is down.
  const ready = await app.inject({ url: '/ready' })
  t.equal(ready.statusCode, 503)
  t.equal(ready.json().checks.redis, 'error: the server refuses the password')
  t.equal((await app.inject({ url: '/health' })).json().redis, 'error: the server refuses the password')
  t.notMatch(logs.text(), PASSWORD)
})

t.test('REDIS_URL rediss:// at a Redis without TLS: /ready and /health say to use redis://, as one log line does', async (t) => {
  const redis = await startRedis()
  t.teardown(redis.destroy)
  const { app, logs } = await build(t, { REDIS_URL: `rediss://:${PASSWORD}@127.0.0.1:${redis.port}` })
  const msg = 'redis address speaks Redis without TLS: use redis:// (check REDIS_URL)'
  // Before: a warn 'connect ETIMEDOUT' (the TLS hello unanswered) and 'not connected (connecting)'.
  await waitFor(() => logs.lines().some((line) => line.msg === msg), 15_000)
  t.match(logs.lines().filter((line) => line.msg === msg), [{ level: 50, address: `127.0.0.1:${redis.port}` }])
  t.equal((await app.inject({ url: '/ready' })).json().checks.redis, 'error: the address speaks Redis without TLS: use redis://')
  t.equal((await app.inject({ url: '/health' })).json().redis, 'error: the address speaks Redis without TLS: use redis://')
  t.notMatch(logs.text(), PASSWORD)
})

t.test('REDIS_URL at a replica (a primary demoted by a failover): not ready, and turns are 503 STORAGE_UNAVAILABLE, not 500', async (t) => {
  const primary = await startRedis()
  t.teardown(primary.destroy)
  const replica = await spawnReplica(primary.port)
  t.teardown(replica.stop)
  const { app } = await build(t, { REDIS_URL: `redis://127.0.0.1:${replica.port}` })
  await waitFor(async () => (await app.inject({ url: '/ready' })).json().checks.redis !== 'error: not connected (connecting)', 10_000)
  // Before: /ready 'ok' and every turn a 500 INTERNAL_ERROR (READONLY You can't write against a read only replica).
  const ready = await app.inject({ url: '/ready' })
  t.equal(ready.statusCode, 503)
  t.equal(ready.json().checks.redis, "error: the server is a replica: writes are refused (use the primary's address)")
  const chat = await app.inject({
    method: 'POST',
    url: '/v1/chat',
    headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'on-a-replica' },
    payload: { message: 'Kapan ITB didirikan?' }
  })
  t.match(chat, { statusCode: 503, headers: { 'retry-after': '2' } })
  t.equal(chat.json().code, 'STORAGE_UNAVAILABLE')
})

t.test('REDIS_URL with a user whose ACL lacks a command (NOPERM): turns are 503 STORAGE_UNAVAILABLE, /ready says so, the log names the command its script was refused', async (t) => {
  // Everything but SET, which a turn's conversation lock takes (SET … NX PX, inside the saver's
  // lock-and-read script since 2026-12-06).
  const { url } = await redisWithUser(t, '~*', '&*', '+@all', '-set')
  const { app, logs } = await build(t, { REDIS_URL: url })
  await waitFor(async () => (await app.inject({ url: '/ready' })).statusCode === 200, 10_000)
  const turn = async (): Promise<Awaited<ReturnType<typeof app.inject>>> => await app.inject({
    method: 'POST',
    url: '/v1/chat',
    headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'no-set-permission' },
    payload: { message: 'Kapan ITB didirikan?' }
  })
  // Before: 500 INTERNAL_ERROR 'Internal Server Error', and /ready 'ok'.
  for (let i = 0; i < 2; i++) {
    const chat = await turn()
    t.match(chat, { statusCode: 503, headers: { 'retry-after': '2' } })
    t.match(chat.json(), { code: 'STORAGE_UNAVAILABLE', message: 'Conversation storage is temporarily unavailable. Retry shortly.' })
  }
  const ready = await app.inject({ url: '/ready' })
  t.equal(ready.statusCode, 503)
  t.equal(ready.json().checks.redis, 'error: the server refuses a command to the configured user (ACL NOPERM)')
  t.equal((await app.inject({ url: '/health' })).json().redis, 'error: the server refuses a command to the configured user (ACL NOPERM)')
  const errors = logs.lines().filter((line) => Number(line.level) >= 50)
  // Redis 7.0 names neither the command refused inside a script nor its key, only the script's line
  // (7.2 names the command, in other words: test/services/redis-permissions.test.ts): the line is
  // read in the service's own script. One line, whether the script went as EVAL or EVALSHA, and
  // no request failed line.
  t.match(errors, [{ msg: "redis refuses a command to the user 'itb-app': it may not run the 'set' command in a Lua script", user: 'itb-app', check: "the ACL of the user 'itb-app' (ACL SETUSER itb-app +set)" }])
  t.equal(errors.length, 1, "the watch's line only")
  t.notMatch(logs.text(), PASSWORD)
})

/** What ioredis writes with console.warn while `t` runs: its ready check's words when INFO is refused. */
function consoleWarnings (t: Test): string[] {
  const warned: string[] = []
  const original = console.warn
  console.warn = (...args: unknown[]) => { warned.push(args.map(String).join(' ')) }
  t.teardown(() => { console.warn = original })
  return warned
}

t.test('the ACL docs/deployment.md gives a Redis user (~itb:* &itb:* +@all -@dangerous +info) serves turns and is ready, with no line on stderr', async (t) => {
  const warned = consoleWarnings(t)
  const { url } = await redisWithUser(t, '~itb:*', '&itb:*', '+@all', '-@dangerous', '+info')
  const { app, logs } = await build(t, { REDIS_URL: url })
  await waitFor(async () => (await app.inject({ url: '/ready' })).statusCode === 200, 10_000)
  for (let i = 0; i < 2; i++) {
    const chat = await app.inject({
      method: 'POST',
      url: '/v1/chat',
      headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'documented-acl' },
      payload: { message: 'Kapan ITB didirikan?' }
    })
    t.equal(chat.statusCode, 200)
  }
  t.equal((await app.inject({ url: '/ready' })).statusCode, 200)
  t.same(logs.lines().filter((line) => Number(line.level) >= 40 && /redis|rate limit/.test(String(line.msg))).map((line) => line.msg), [], 'nothing refused')
  t.same(warned, [], 'INFO allowed: ioredis\'s ready check ran, and said nothing')
})

t.test('without +info the service works, but ioredis skips its ready check with one console.warn per connection (docs/deployment.md)', async (t) => {
  const warned = consoleWarnings(t)
  const { url, admin } = await redisWithUser(t, '~itb:*', '&itb:*', '+@all', '-@dangerous')
  const { app } = await build(t, { REDIS_URL: url })
  await waitFor(async () => (await app.inject({ url: '/ready' })).statusCode === 200, 10_000)
  t.match(warned, [/^Skipping the ready check because INFO command fails: "NOPERM .*info/], 'ioredis\'s words, not the service\'s logger')
  // A new connection (ioredis reconnects after the server drops it) checks again, and says it again.
  await admin.call('CLIENT', 'KILL', 'USER', 'itb-app')
  await waitFor(() => warned.length >= 2, 10_000)
  await waitFor(async () => (await app.inject({ url: '/ready' })).statusCode === 200, 10_000)
  t.equal(warned.length, 2)
})

/** A redis-server replicating `primaryPort` (startRedis starts primaries only). */
async function spawnReplica (primaryPort: number): Promise<{ port: number, stop: () => Promise<void> }> {
  const port = await freePort()
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--replicaof', '127.0.0.1', String(primaryPort)], { stdio: 'ignore' })
  await waitFor(async () => await new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => { socket.end(); resolve(true) })
    socket.once('error', () => { resolve(false) })
  }), 10_000)
  return {
    port,
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      await exited
    }
  }
}
