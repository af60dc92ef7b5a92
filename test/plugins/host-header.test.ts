// An HTTP/1.1 request without Host, over a real socket (inject always adds one): a 400 in the common
// error shape; HTTP/1.0, where Host is optional, and requests that name their host are served.
import t from 'tap'
import { build, rawRequest, TEST_API_KEY } from '../support/helpers/app.ts'

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

t.test('served: HTTP/1.0 without Host, and HTTP/1.1 with one (a probe)', async (t) => {
  const { app } = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  for (const text of ['GET /health HTTP/1.0\r\n\r\n', 'GET /health HTTP/1.1\r\nHost: 10.0.0.5:8000\r\nConnection: close\r\n\r\n']) {
    const { status, body } = parse(await rawRequest(app, text))
    t.equal(status, 200, text.split('\r\n')[0])
    t.match(JSON.parse(body), { status: 'healthy' })
  }
})
