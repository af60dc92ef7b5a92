// A streamed answer to a client that stops reading: the turn waits for the connection to drain
// (the model call is held) instead of the server buffering the rest of the answer, and finishes
// once the client reads again; a client that leaves, or the deadline, ends a waiting turn.
import type { ServerResponse } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import t, { type Test } from 'tap'
import { build } from '../../support/helpers/app.ts'
import { headers, honestModel } from '../../support/helpers/chat.ts'
import { startModelPair } from '../../support/helpers/models.ts'
import { readToEnd } from '../../support/helpers/raw-socket.ts'

/** More than the loopback connection's kernel buffers hold for a client that reads nothing. */
const WORDS = 400
const WORD = 'a'.repeat(20_000)
const ANSWER = Array.from({ length: WORDS }, (_, i) => `${WORD}${i}`).join(' ')

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

function eventsIn (response: Buffer): Array<{ event: string | undefined, data: any }> {
  return dechunk(response.toString()).trim().split('\n\n').map((block) => {
    const [eventLine, dataLine] = block.split('\n')
    return { event: eventLine?.replace('event: ', ''), data: JSON.parse(dataLine?.replace('data: ', '') ?? 'null') }
  })
}

interface SlowClient {
  client: Socket
  /**
   * Settles when the turn waits for the client with the connection full: bytes queued on the
   * server's socket that the kernel would not take (the client reads nothing, so that lasts).
   */
  stuck: Promise<'stuck'>
  /** Settles when the turn ends: how (answered, or the error it failed with). */
  finished: Promise<{ answered: boolean, error?: unknown }>
  /** Bytes of answer text the turn has handed to the stream so far. */
  produced: () => number
  logs: Awaited<ReturnType<typeof build>>['logs']
}

/** A question streamed to a client that reads nothing (until the test resumes it). */
async function slowClient (t: Test, env: Record<string, string> = {}): Promise<SlowClient> {
  const models = await startModelPair(t, { primary: honestModel, fallback: honestModel, llmTimeout: '60' })
  models.primary.setRespond((request) => request.toolResults.length === 0 ? honestModel(request) : { content: ANSWER })
  const { app, logs } = await build(t, { ...models.env, ...env })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  let response: ServerResponse | undefined
  app.server.once('request', (_request, res: ServerResponse) => { response = res })

  // The turn as the route runs it: what it hands over, when it waits, and how it ends.
  let produced = 0
  let stopped!: () => void
  const stuck = new Promise<'stuck'>((resolve) => { stopped = () => { resolve('stuck') } })
  let ended!: (outcome: { answered: boolean, error?: unknown }) => void
  const finished = new Promise<{ answered: boolean, error?: unknown }>((resolve) => { ended = resolve })
  const ask = app.assistant.ask
  app.assistant.ask = async (input) => {
    const { ready, onToken } = input
    try {
      const result = await ask({
        ...input,
        onToken: (text) => { produced += text.length; onToken?.(text) },
        ready: ready === undefined
          ? undefined
          : () => {
              const wait = ready()
              if (wait !== undefined && (response?.socket?.writableLength ?? 0) > 0) stopped()
              return wait
            }
      })
      ended({ answered: true })
      return result
    } catch (error) {
      ended({ answered: false, error })
      throw error
    }
  }

  // Paused: past its stream's small buffer, what it does not read stays in the kernel's.
  const client = connect({ port, host: '127.0.0.1' })
  t.teardown(() => { client.destroy() })
  client.pause()
  const payload = JSON.stringify({ message: 'Kapan ITB didirikan?' })
  const head = Object.entries({ ...headers('conv-slow'), accept: 'text/event-stream', 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) })
    .map(([name, value]) => `${name}: ${value}\r\n`).join('')
  client.write(`POST /v1/chat HTTP/1.1\r\nhost: 127.0.0.1\r\n${head}\r\n${payload}`)

  return { client, stuck, finished, produced: () => produced, logs }
}

t.test('SSE: a client that stops reading holds the answer back; it finishes once the client reads again', async (t) => {
  const { client, stuck, finished, produced } = await slowClient(t)
  const first = await Promise.race([stuck, finished])
  t.equal(first, 'stuck', 'the turn waits for the client instead of finishing into the server\'s buffers')
  t.ok(produced() < ANSWER.length * 0.75, `the answer is held back: ${produced()} of ${ANSWER.length} bytes handed over`)

  const events = eventsIn(await readToEnd(client))
  t.same(await finished, { answered: true })
  t.same(events.slice(-2).map((event) => event.event), ['sources', 'done'])
  const tokens = events.filter((event) => event.event === 'token').map((event) => event.data.text as string).join('')
  t.equal(tokens, ANSWER, 'every token, in order')
  t.equal(events[events.length - 1]?.data.answer, ANSWER, 'the whole answer in done')
})

t.test('SSE: a client that goes away while the answer waits for it ends the turn', async (t) => {
  const { client, stuck, finished } = await slowClient(t)
  t.equal(await Promise.race([stuck, finished]), 'stuck')
  client.destroy()
  t.match(await finished, { answered: false, error: { message: /disconnected|abort/i } }, 'cancelled, not left waiting')
})

t.test('SSE: an answer that waits for its client past the deadline ends with the timeout\'s error event', async (t) => {
  const { client, stuck, finished, logs } = await slowClient(t, { REQUEST_TIMEOUT: '10' })
  t.equal(await Promise.race([stuck, finished]), 'stuck')
  t.match(await finished, { answered: false }, 'cut at the deadline')
  const events = eventsIn(await readToEnd(client))
  t.match(events[events.length - 1], { event: 'error', data: { statusCode: 504, code: 'ANSWER_TIMEOUT' } }, 'what the client reads last')
  // Was an error line (a Sentry event) per such stream: a client could raise them at will by not reading.
  t.same(logs.lines().filter((line) => Number(line.level) >= 50).map((line) => line.msg), [], 'the client\'s doing: no error line')
  t.match(logs.lines().filter((line) => line.code === 'ANSWER_TIMEOUT'), [{ level: 30, statusCode: 504, msg: 'stream failed while the client was not reading it' }], 'one info line, saying so')
})
