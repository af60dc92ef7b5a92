// An HTTP/1.1 request without Host, over a real socket (inject always adds one): a 400 in the common
// error shape; HTTP/1.0, where Host is optional, and requests that name their host are served.
import t from 'tap'
import { build, rawRequest, TEST_API_KEY } from '../support/helpers/app.ts'
import { sendByteByByte } from '../support/helpers/uploads.ts'

function parse (response: string): { status: number, headers: Record<string, string>, body: string } {
  const [head = '', ...rest] = response.split('\r\n\r\n')
  const [statusLine = '', ...lines] = head.split('\r\n')
  const headers = Object.fromEntries(lines.map((line) => {
    const at = line.indexOf(':')
    return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()]
  }))
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') }
}

t.test('HTTP/1.1 without Host is a 400 MISSING_HOST in the common shape, on every route', async (t) => {
  const { app, logs } = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const requests = [
    'GET /health HTTP/1.1\r\n\r\n',
    `POST /v1/chat HTTP/1.1\r\nX-API-Key: ${TEST_API_KEY}\r\nX-Conversation-Id: c-1\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n{"message":"Hi"}`
  ]
  for (const text of requests) {
    const { status, headers, body } = parse(await rawRequest(app, text))
    const name = text.split('\r\n')[0] ?? ''
    t.equal(status, 400, name)
    t.match(headers['content-type'], /^application\/json/, name)
    t.equal(headers.connection, 'close', name)
    t.equal(headers['x-content-type-options'], 'nosniff', `${name}: the security headers`)
    t.same(JSON.parse(body), { statusCode: 400, error: 'Bad Request', code: 'MISSING_HOST', message: 'Missing Host header (required in HTTP/1.1)', requestId: headers['x-request-id'] }, name)
  }
  t.ok(logs.lines().some((line) => line.code === 'MISSING_HOST' && line.level === 30), 'logged at info, as a client error')
})

t.test('the 400 reaches a client still sending its body, that reads only once all is written (no reset)', async (t) => {
  const { app } = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const body = Buffer.from(JSON.stringify({ message: 'a'.repeat(500) }))
  const head = `POST /v1/chat HTTP/1.1\r\nX-API-Key: ${TEST_API_KEY}\r\nX-Conversation-Id: c-1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}`
  const { head: answer, body: json, error, bytesSent } = await sendByteByByte(port, head, body, false)
  t.match(answer, /^HTTP\/1\.1 400 /, `read (${bytesSent} bytes sent, error: ${error ?? 'none'})`)
  t.match(JSON.parse(json || '{}'), { statusCode: 400, code: 'MISSING_HOST' })
  t.equal(error, undefined, 'no reset')
})

t.test('served: HTTP/1.0 without Host, and HTTP/1.1 with one (a probe)', async (t) => {
  const { app } = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  for (const text of ['GET /health HTTP/1.0\r\n\r\n', 'GET /health HTTP/1.1\r\nHost: 10.0.0.5:8000\r\nConnection: close\r\n\r\n']) {
    const { status, body } = parse(await rawRequest(app, text))
    t.equal(status, 200, text.split('\r\n')[0])
    t.match(JSON.parse(body), { status: 'healthy' })
  }
})

t.test('two Host headers, or a Host that names no host, are a 400 INVALID_HOST (RFC 9112 §3.2)', async (t) => {
  const { app } = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const hosts = [
    ['Host: a.example\r\nHost: b.example', 'two Host lines'],
    ['Host: a.example\r\nhost: a.example', 'the same host twice, any case'],
    ['Host: evil.example/path', 'a path in Host'],
    ['Host: user@a.example', 'userinfo in Host'],
    ['Host: a.example:80x', 'a port that is not a number'],
    ['Host: a example', 'a space in Host']
  ]
  for (const [lines, name] of hosts) {
    const { status, headers, body } = parse(await rawRequest(app, `GET /health HTTP/1.1\r\n${lines}\r\nConnection: close\r\n\r\n`))
    t.equal(status, 400, name)
    t.equal(headers.connection, 'close', name)
    t.same(JSON.parse(body), { statusCode: 400, error: 'Bad Request', code: 'INVALID_HOST', message: 'Invalid Host header: send it once, naming a host and optional port', requestId: headers['x-request-id'] }, name)
  }
})

t.test('served: every form of host RFC 3986 allows, and an empty Host', async (t) => {
  const { app } = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  for (const host of ['localhost', 'LOCALHOST:8000', '127.0.0.1:3000', '[::1]:8000', '[fe80::1%25eth0]', 'itb-chatbot.svc.cluster.local', 'xn--bcher-kva.example', 'a_b.example:', '']) {
    const { status } = parse(await rawRequest(app, `GET /health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`))
    t.equal(status, 200, `Host: ${host}`)
  }
})
