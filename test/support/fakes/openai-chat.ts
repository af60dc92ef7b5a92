// Protocol-faithful fake of an OpenAI-compatible chat completions server (OpenAI, Together AI, vLLM, ...).
// A real HTTP server on 127.0.0.1 speaking the wire format `ChatOpenAI` from @langchain/openai expects:
// JSON `chat.completion` objects, SSE `chat.completion.chunk` streams ending with `data: [DONE]`,
// tool calls (whole and as streamed fragments), OpenAI error JSON, and `GET /v1/models` (the list a
// client may check a key and address with, at no token cost). See docs/external-protocols.md §4.
//
// What the model "says" is scripted per request by a `respond` function; the default one is a small,
// honest RAG agent (call `fetch_documents` first, then answer from the tool result).
// This file is the server (sockets, recording, counters, one request from route to reply) and the
// entry point; the parts it uses are in openai-chat/: types, request (reading and validating the
// body), default-agent (the default script), responses (JSON replies and errors), stream (SSE).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { defaultRespond } from './openai-chat/default-agent.ts'
import { MODEL_ROUTES, ROUTES, buildRequest, readBody, validateBody } from './openai-chat/request.ts'
import {
  completionOf, completionPayload, errorPayload, isReplyOf, sendErrorReply, sendJson, untilAborted
} from './openai-chat/responses.ts'
import { completionChunks, writeEventStream } from './openai-chat/stream.ts'
import type {
  ChatCompletionBody, ContentReply, ErrorReply, FakeChat, FakeChatCounters, FakeChatOptions, RecordedRequest, Respond,
  ToolCallReply
} from './openai-chat/types.ts'

export type * from './openai-chat/types.ts'
export { NOT_FOUND_ANSWER, defaultRespond, firstPassageSentence } from './openai-chat/default-agent.ts'
export { messageText } from './openai-chat/request.ts'

export async function startFakeChat (options: FakeChatOptions = {}): Promise<FakeChat> {
  const apiKey = options.apiKey ?? 'fake-key'
  const models = options.models ?? ['fake-model']
  let respond: Respond = options.respond ?? defaultRespond
  const requests: RecordedRequest[] = []
  const counters: FakeChatCounters = {
    requests: 0, completions: 0, streams: 0, toolCallTurns: 0, errors: 0, unauthorized: 0, invalid: 0, hangs: 0, aborted: 0
  }
  const sockets = new Set<Socket>()
  const inFlight = new Set<AbortController>()
  let nextIndex = 0

  async function handle (req: IncomingMessage, res: ServerResponse, record: RecordedRequest, signal: AbortSignal) {
    const path = (req.url ?? '/').split('?')[0]
    const listModels = MODEL_ROUTES.has(path) && req.method === 'GET'
    if (!listModels && (!ROUTES.has(path) || req.method !== 'POST')) {
      req.resume()
      record.status = 404
      record.outcome = 'not_found'
      sendJson(res, 404, errorPayload(`Invalid URL (${req.method ?? 'GET'} ${path})`, 'invalid_request_error', null))
      return
    }

    const auth = req.headers.authorization
    if (auth !== `Bearer ${apiKey}`) {
      req.resume()
      counters.unauthorized++
      record.status = 401
      record.outcome = 'unauthorized'
      const message = auth === undefined
        ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
        : 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.'
      sendJson(res, 401, errorPayload(message, 'invalid_request_error', auth === undefined ? null : 'invalid_api_key'))
      return
    }

    if (listModels) {
      req.resume()
      record.status = 200
      record.outcome = 'models'
      sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake' })) })
      return
    }

    const raw = await readBody(req)
    if (raw === undefined) {
      record.status = 413
      record.outcome = 'invalid'
      counters.invalid++
      sendJson(res, 413, errorPayload('Request body too large.', 'invalid_request_error', null))
      return
    }
    let body: unknown
    try {
      body = JSON.parse(raw)
    } catch {
      record.body = raw
      record.status = 400
      record.outcome = 'invalid'
      counters.invalid++
      sendJson(res, 400, errorPayload(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
        'invalid_request_error', null))
      return
    }
    record.body = body
    const problem = validateBody(body)
    if (problem !== undefined) {
      record.status = 400
      record.outcome = 'invalid'
      counters.invalid++
      sendJson(res, 400, errorPayload(problem.message, 'invalid_request_error', null, problem.param))
      return
    }

    const chatBody = body as ChatCompletionBody
    const request = buildRequest(record.index, path, req.headers, chatBody, signal)
    record.stream = request.stream
    const reply = await respond(request)
    if (reply.delayMs !== undefined && reply.delayMs > 0) await sleep(reply.delayMs, undefined, { signal })

    if (isReplyOf(reply, 'hang')) {
      counters.hangs++
      record.outcome = 'hang'
      await untilAborted(signal)
      return
    }

    if (isReplyOf(reply, 'status')) {
      counters.errors++
      record.status = (reply as ErrorReply).status
      record.outcome = 'error'
      sendErrorReply(res, reply as ErrorReply)
      return
    }

    const answer = reply as ContentReply | ToolCallReply
    const completion = completionOf(answer, chatBody)
    if (completion.outcome === 'tool_calls') counters.toolCallTurns++

    if (!request.stream) {
      record.status = 200
      record.outcome = completion.outcome
      counters.completions++
      sendJson(res, 200, completionPayload(completion))
      return
    }

    counters.streams++
    record.status = 200
    const events = completionChunks(completion, request.includeUsage)
    const complete = await writeEventStream(res, events, answer, signal, () => { record.outcome = 'interrupted' })
    if (!complete) return
    record.outcome = completion.outcome
    counters.completions++
    res.end()
  }

  const server = createServer((req, res) => {
    counters.requests++
    const controller = new AbortController()
    inFlight.add(controller)
    const record: RecordedRequest = {
      index: nextIndex++,
      time: Date.now(),
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      body: undefined,
      stream: false,
      aborted: false
    }
    requests.push(record)
    res.on('close', () => {
      inFlight.delete(controller)
      if (!res.writableFinished) {
        if (!record.aborted && record.outcome !== 'interrupted') {
          record.aborted = true
          counters.aborted++
        }
        controller.abort()
      }
    })
    handle(req, res, record, controller.signal).catch((error: unknown) => {
      if (controller.signal.aborted) return
      if (!res.headersSent) {
        record.status = 500
        record.outcome = 'error'
        const message = error instanceof Error ? error.message : String(error)
        sendJson(res, 500, errorPayload(`Fake chat server failure: ${message}`, 'server_error', null))
      } else {
        res.destroy()
      }
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  let closing: Promise<void> | undefined

  return {
    baseURL: `${origin}/v1`,
    origin,
    port,
    requests,
    counters,
    setRespond (fn?: Respond) {
      respond = fn ?? defaultRespond
    },
    reset () {
      requests.length = 0
      for (const key of Object.keys(counters) as Array<keyof FakeChatCounters>) counters[key] = 0
    },
    async close () {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const controller of inFlight) controller.abort()
        for (const socket of sockets) socket.destroy()
        server.closeAllConnections()
      })
      await closing
    }
  }
}
