// REDIS_URL at an address that answers, but not as Redis (an HTTP port): the service starts, /ready
// and /health say so in fixed words, and the log says it once, naming the address and what
// answered, however many times ioredis reconnects.
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { build, waitFor } from '../support/helpers/app.ts'

const PASSWORD = 's3cret-redis-password'

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
