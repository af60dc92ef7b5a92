// Issue 11.10: a client that disconnects mid-answer is recorded (status 499 in the access log and
// the metrics), leaves the in-flight gauge, and is not logged as a server error.
import { connect, type AddressInfo } from 'node:net'
import t from 'tap'
import { startFakeChat } from '../support/fakes/openai-chat.ts'
import { build, sendChatQuestion, TEST_API_KEY, waitFor } from '../support/helpers/app.ts'

for (const accept of ['application/json', 'text/event-stream']) {
  t.test(`a ${accept} client that disconnects mid-answer: 499 in log and metrics, in-flight back to 0, no error line`, async (t) => {
    const model = await startFakeChat({ apiKey: 'llm', respond: () => ({ hang: true }) })
    t.teardown(model.close)
    const { app, logs } = await build(t, { LLM_BASE_URL: model.baseURL, LLM_MODEL: 'fake', LLM_API_KEY: 'llm', LLM_TIMEOUT: '30' })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const req = sendChatQuestion(app, 'gone', { accept, 'x-request-id': 'dropped-1' })
    await waitFor(() => model.requests.length > 0)
    req.destroy()

    await waitFor(() => logs.lines().some((line) => line.request_id === 'dropped-1' && line.status === 499))
    const access = logs.lines().find((line) => line.request_id === 'dropped-1' && line.status === 499)
    t.match(access, { level: 30, method: 'POST', route: '/v1/chat', status: 499, duration_ms: Number })
    await waitFor(() => model.requests.some((request) => request.aborted))
    t.pass('the model call was cancelled')
    // The handler settles after the abort; give it the chance to log before looking for errors.
    await waitFor(async () => /^itb_http_requests_in_flight 1$/m.test((await app.inject({ url: '/metrics' })).body))
    const metrics = (await app.inject({ url: '/metrics' })).body
    t.match(metrics, /^itb_http_requests_total\{route="\/v1\/chat",method="POST",status="499"\} 1$/m)
    t.match(metrics, /^itb_http_requests_in_flight 1$/m, 'only the /metrics request itself is in flight')
    t.same(logs.lines().filter((line) => Number(line.level) >= 50).map((line) => line.msg), [], 'nothing at error level')
  })
}

t.test('a request whose body stalls past REQUEST_TIMEOUT is answered 408 in the common shape with its request id, and logged as 408', async (t) => {
  // A fractional timeout, as the configuration allows (Node's own timeouts take whole milliseconds).
  const { app, logs } = await build(t, { REQUEST_TIMEOUT: '1.2345' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  // On a fresh connection, and on one that already carried a response (browsers reuse them).
  for (const reused of [false, true]) {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.on('data', (chunk: Buffer) => { received += chunk.toString() })
    if (reused) {
      socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n')
      await waitFor(() => received.includes('"healthy"'))
      received = ''
    }
    const id = `stalled-${String(reused)}`
    // Headers and half the body, then nothing: the server must not wait for the rest forever, nor hang up without a word.
    socket.write(`POST /v1/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-API-Key: ${TEST_API_KEY}\r\nX-Conversation-Id: stalled\r\nX-Request-Id: ${id}\r\nContent-Length: 40\r\n\r\n{"message":`)
    await new Promise((resolve) => socket.once('close', resolve))
    const [head = '', body = ''] = received.split('\r\n\r\n')
    t.match(head, /^HTTP\/1.1 408 /, id)
    t.match(head, new RegExp(`\r\nx-request-id: ${id}(\r\n|$)`), `${id}: the request's own id`)
    t.match(JSON.parse(body || '{}'), { statusCode: 408, code: 'REQUEST_TIMEOUT', message: String, requestId: id }, id)
    await waitFor(() => logs.lines().some((line) => line.request_id === id && line.status !== undefined))
    t.match(logs.lines().find((line) => line.request_id === id && line.status !== undefined), { status: 408 }, id)
  }
  t.same(logs.lines().filter((line) => Number(line.level) >= 50).map((line) => line.msg), [], 'nothing at error level')
})

t.test('a body that ends short (fewer bytes than Content-Length, or no last chunk) and the client done sending: 400 saying so, logged as 400', async (t) => {
  const { app, logs } = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const head = `POST /v1/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-API-Key: ${TEST_API_KEY}\r\nX-Conversation-Id: short\r\n`
  for (const [id, text] of [
    ['short-length', `${head}X-Request-Id: short-length\r\nContent-Length: 40\r\n\r\n{"message":`],
    ['short-chunked', `${head}X-Request-Id: short-chunked\r\nTransfer-Encoding: chunked\r\n\r\nb\r\n{"message":\r\n`]
  ]) {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.on('data', (chunk: Buffer) => { received += chunk.toString() })
    // What a client that gives up on an upload does: it stops sending and closes its side.
    socket.end(text)
    await new Promise((resolve) => socket.once('close', resolve))
    const [answer = '', body = ''] = received.split('\r\n\r\n')
    t.match(answer, /^HTTP\/1.1 400 /, id)
    // Was "The request is not valid HTTP": it was, only cut short.
    t.match(JSON.parse(body || '{}'), { statusCode: 400, code: 'BAD_REQUEST', message: /^The request ended before its body did/, requestId: id }, id)
    await waitFor(() => logs.lines().some((line) => line.request_id === id && line.status !== undefined))
    t.match(logs.lines().find((line) => line.request_id === id && line.status !== undefined), { status: 400 }, id)
  }
})
