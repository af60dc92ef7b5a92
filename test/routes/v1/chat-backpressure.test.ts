// A streamed answer to a client that stops reading: the turn waits for the connection to drain
// (the model call is held) instead of the server buffering the rest of the answer, and finishes
// once the client reads again.
import type { ServerResponse } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import t, { type Test } from 'tap'
import type { FakeChat } from '../../support/fakes/openai-chat.ts'
import { build, waitFor } from '../../support/helpers/app.ts'
import { headers, honestModel } from '../../support/helpers/chat.ts'
import { startModelPair } from '../../support/helpers/models.ts'

/** More than the loopback connection's kernel buffers hold for a client that reads nothing. */
const WORDS = 4000
const WORD = 'a'.repeat(2000)
const ANSWER = Array.from({ length: WORDS }, (_, i) => `${WORD}${i}`).join(' ')
/** What the server may hold for the client in its own buffers (the response's and the socket's). */
const BOUND = 1024 * 1024

/** The body of a chunked HTTP/1.1 response (whole). */
function dechunk (raw: string): string {
  let rest = raw.slice(raw.indexOf('\r\n\r\n') + 4)
  let body = ''
  for (;;) {
    const lineEnd = rest.indexOf('\r\n')
    const size = parseInt(rest.slice(0, lineEnd), 16)
    if (size === 0) return body
    body += rest.slice(lineEnd + 2, lineEnd + 2 + size)
    rest = rest.slice(lineEnd + 2 + size + 2)
  }
}

interface SlowClient {
  client: Socket
  /** Settles when the turn is first made to wait for the client. */
  waiting: Promise<'paused'>
  /** Settles when the turn ends, answered or not. */
  finished: Promise<'finished'>
  response: () => ServerResponse | undefined
  primary: FakeChat
}

/** A question streamed to a client that reads nothing (until the test resumes it). */
async function slowClient (t: Test): Promise<SlowClient> {
  const { primary, env } = await startModelPair(t, { primary: honestModel, fallback: honestModel, llmTimeout: '60' })
  primary.setRespond((request) => request.toolResults.length === 0 ? honestModel(request) : { content: ANSWER })
  const { app } = await build(t, env)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo

  // The turn as the route runs it: when it is made to wait (the client's connection is full), and when it ends.
  let paused!: () => void
  const waiting = new Promise<'paused'>((resolve) => { paused = () => { resolve('paused') } })
  let answered!: () => void
  const finished = new Promise<'finished'>((resolve) => { answered = () => { resolve('finished') } })
  const ask = app.assistant.ask
  app.assistant.ask = async (input) => {
    const ready = input.ready
    try {
      return await ask({
        ...input,
        ready: ready === undefined
          ? undefined
          : () => {
              const wait = ready()
              if (wait !== undefined) paused()
              return wait
            }
      })
    } finally {
      answered()
    }
  }
  let response: ServerResponse | undefined
  app.server.once('request', (_request, res: ServerResponse) => { response = res })

  // Paused: past its stream's small buffer, what it does not read stays in the kernel's.
  const client = connect({ port, host: '127.0.0.1' })
  t.teardown(() => { client.destroy() })
  client.pause()
  const payload = JSON.stringify({ message: 'Kapan ITB didirikan?' })
  const head = Object.entries({ ...headers('conv-slow'), accept: 'text/event-stream', 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) })
    .map(([name, value]) => `${name}: ${value}\r\n`).join('')
  client.write(`POST /v1/chat HTTP/1.1\r\nhost: 127.0.0.1\r\n${head}\r\n${payload}`)

  return { client, waiting, finished, response: () => response, primary }
}

t.test('SSE: a client that stops reading holds the answer back; it finishes once the client reads again', async (t) => {
  const { client, waiting, finished, response } = await slowClient(t)
  t.equal(await Promise.race([waiting, finished]), 'paused', 'the turn waited for the client instead of finishing into the server\'s buffers')
  t.ok((response()?.writableLength ?? Infinity) < BOUND, `the server holds less than ${BOUND} bytes for the client (${response()?.writableLength})`)

  const chunks: Buffer[] = []
  const ended = new Promise<void>((resolve) => {
    client.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      if (Buffer.concat(chunks.slice(-2)).subarray(-5).toString() === '0\r\n\r\n') resolve()
    })
  })
  client.resume()
  await ended
  await finished
  const events = dechunk(Buffer.concat(chunks).toString()).trim().split('\n\n').map((block) => {
    const [eventLine, dataLine] = block.split('\n')
    return { event: eventLine?.replace('event: ', ''), data: JSON.parse(dataLine?.replace('data: ', '') ?? 'null') }
  })
  t.same(events.slice(-2).map((event) => event.event), ['sources', 'done'])
  const tokens = events.filter((event) => event.event === 'token').map((event) => event.data.text as string).join('')
  t.equal(tokens, ANSWER, 'every token, in order')
  t.equal(events[events.length - 1]?.data.answer, ANSWER, 'the whole answer in done')
})

t.test('SSE: a client that goes away while the answer waits for it cancels the model call', async (t) => {
  const { client, waiting, finished, primary } = await slowClient(t)
  await waiting
  client.destroy()
  t.equal(await finished, 'finished', 'the turn ended')
  await waitFor(() => primary.requests.some((request) => request.aborted), 5000)
  t.pass('the model call was aborted')
})
