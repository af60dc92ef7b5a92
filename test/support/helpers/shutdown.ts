// What the tests of a turn cut by the shutdown deadline share (test/routes/v1/shutdown-*.test.ts):
// the conversation's store held in the middle of the turn's write, the deadline's log line as an
// event, a question over a real socket and the events of a streamed answer.
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { PUT_SCRIPT } from '../../../src/services/conversations/redis-saver-scripts.ts'
import type { Respond } from '../fakes/openai-chat.ts'
import { TEST_API_KEY, type LogCapture } from './app.ts'
import type { TestRedis } from './redis-server.ts'

/** Generous: a cancelled call ends in milliseconds. It only turns "never" into a failure instead of a hang. */
export const BOUND_MS = 20_000

/** Resolves with `value` once `promise` settles, or with 'never' after BOUND_MS. */
export async function within<T> (promise: Promise<T>): Promise<T | 'never'> {
  let timer: NodeJS.Timeout | undefined
  const never = new Promise<'never'>((resolve) => { timer = setTimeout(() => { resolve('never') }, BOUND_MS) })
  try {
    return await Promise.race([promise, never])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Stops Redis (SIGSTOP) just as `app` sends the checkpoint write that stores a turn: the turn is in
 * flight, stored once Redis runs again. Resolves when that write was sent.
 */
export async function holdTurnWrite (app: FastifyInstance, redis: TestRedis): Promise<void> {
  const client = app.redis
  if (client === null || client === undefined) throw new Error('the app has no Redis')
  const send = client.sendCommand.bind(client)
  return await new Promise((resolve) => {
    client.sendCommand = ((command: Parameters<typeof send>[0], stream?: Parameters<typeof send>[1]) => {
      if (command.name === 'evalsha' && String(command.args[0]) === PUT_SCRIPT.sha) {
        client.sendCommand = send
        redis.pause()
        const sent = send(command, stream)
        resolve()
        return sent
      }
      return send(command, stream)
    }) as typeof client.sendCommand
  })
}

/** Resolves when a log line containing `text` is written (listen before causing it). */
export async function logged (logs: LogCapture, text: string): Promise<void> {
  return await new Promise((resolve) => {
    const look = (chunk: Buffer): void => {
      if (!chunk.toString('utf8').includes(text)) return
      logs.stream.off('data', look)
      resolve()
    }
    logs.stream.on('data', look)
  })
}

export interface Answer { status: number, headers: Headers, body: string }

/**
 * POSTs to a listening `app` over a real socket; resolves with the whole answer. `seen` resolves once
 * the answer has had `text` (a stream's first event) in it.
 */
export function post (app: FastifyInstance, path: string, conversation: string, body: string | FormData, accept: string, text = '\n\n'): { answer: Promise<Answer>, seen: Promise<void> } {
  const { port } = app.server.address() as AddressInfo
  const headers: Record<string, string> = { 'x-api-key': TEST_API_KEY, 'x-conversation-id': conversation, accept }
  if (typeof body === 'string') headers['content-type'] = 'application/json'
  let see = (): void => {}
  const seen = new Promise<void>((resolve) => { see = resolve })
  const answer = (async () => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers, body })
    let received = ''
    const decoder = new TextDecoder()
    for await (const chunk of response.body ?? []) {
      received += decoder.decode(chunk, { stream: true })
      if (received.includes(text)) see()
    }
    return { status: response.status, headers: response.headers, body: received + decoder.decode() }
  })()
  return { answer, seen }
}

/** The events of a streamed answer, in order: name and parsed data. */
export function eventsOf (body: string): Array<{ event: string, data: Record<string, unknown> }> {
  return body.trim().split('\n\n').map((block) => {
    const [event = '', data = ''] = block.split('\n')
    return { event: event.replace('event: ', ''), data: JSON.parse(data.replace('data: ', '')) as Record<string, unknown> }
  })
}

/** The stored turns of `conversation` (none when it is not found), read by another instance on the same Redis. */
export async function storedTurns (reader: FastifyInstance, conversation: string): Promise<unknown[]> {
  const response = await reader.inject({ url: `/v1/conversations/${conversation}`, headers: { 'x-api-key': TEST_API_KEY } })
  if (response.statusCode === 404 && response.json().code === 'CONVERSATION_NOT_FOUND') return []
  return response.json().turns
}

export const STREAM = 'text/event-stream'

/** Starts closing `app` with a deadline passed at once; resolves, with the close, once the deadline's work has begun. */
export async function closeAtDeadline (app: FastifyInstance, logs: LogCapture, settleMs = 60_000): Promise<{ closed: Promise<void> }> {
  const deadline = logged(logs, 'shutdown deadline reached')
  const closed = app.closeWithin(0, settleMs)
  await deadline
  return { closed }
}

/** A model that writes (a stream: its first words) until the service cancels its call. */
export function writingModel (): { respond: Respond, asked: Promise<void>, cancelled: Promise<void> } {
  let ask = (): void => {}
  const asked = new Promise<void>((resolve) => { ask = resolve })
  let cancel = (): void => {}
  const cancelled = new Promise<void>((resolve) => { cancel = resolve })
  const respond: Respond = (request) => {
    ask()
    request.signal.addEventListener('abort', () => { cancel() }, { once: true })
    return request.stream ? { content: 'ITB didirikan pada tahun 1920 di Bandung.', interrupt: { afterChunks: 3, mode: 'hang' } } : { hang: true }
  }
  return { respond, asked, cancelled }
}

/**
 * A question to `path` while `model` (writingModel) writes its answer (a stream: once its first token is
 * out), then the deadline: the answer is 503 SHUTTING_DOWN (a stream's `error` event), the turn over by
 * then (its conversation's lock released), the model's call cancelled, and nothing stored.
 */
export async function notStoredAtDeadline (t: Test, served: { app: FastifyInstance, logs: LogCapture, reader: FastifyInstance }, model: ReturnType<typeof writingModel>,
  request: { path: string, conversation: string, body: string | FormData, accept: string }): Promise<void> {
  const { app, logs, reader } = served
  const { answer, seen } = post(app, request.path, request.conversation, request.body, request.accept, 'event: token')
  await (request.accept === STREAM ? seen : model.asked)
  const { closed } = await closeAtDeadline(app, logs)
  const { status, headers, body } = await answer
  if (request.accept === STREAM) {
    t.equal(status, 200)
    const last = eventsOf(body).at(-1)
    t.equal(last?.event, 'error')
    t.match(last?.data, { statusCode: 503, code: 'SHUTTING_DOWN', retryAfter: 1, requestId: String })
  } else {
    t.equal(status, 503)
    t.equal(headers.get('retry-after'), '1')
    t.match(JSON.parse(body), { statusCode: 503, code: 'SHUTTING_DOWN', requestId: String })
  }
  t.same(await reader.redis?.keys('*lock*'), [], 'the turn was over when it was answered: its conversation is free for the retry')
  t.equal(await within(model.cancelled), undefined, 'the model\'s call was cancelled: the turn cannot be stored after its 503')
  await closed
  t.same(await storedTurns(reader, request.conversation), [], 'the conversation does not have the turn')
  t.notMatch(logs.text(), /"level":50/, 'nothing logged as an error')
}
