// The saturation rows' load generator and model stand-in, made light because they share the two cores
// with the service they measure: at the service's ~2 CPU ms a turn, node:http's client (agent, socket
// pool, header objects) and the recording test fake (schema checks, word counts, a record per request)
// took 0.33–0.47 CPU ms a turn of this process (bench:chat (b) prints it), a fifth of the machine.
// Neither changes what the service does: it gets the same HTTP requests and the same Chat Completions
// answers on the wire. The other rows keep the test fake (delays, streams, tool calls).
import { createServer, type Server } from 'node:http'
import { connect, type Socket } from 'node:net'

export interface LightResponse { status: number, body: string }

/**
 * One keep-alive HTTP/1.1 connection, one request at a time, the request written in one piece. Reads
 * Content-Length and chunked answers; a connection the server closed is opened again for the next
 * request (a failed request rejects, as node:http's client does).
 */
export class KeepAliveConnection {
  #socket: Socket | undefined
  #buffer: Buffer = Buffer.alloc(0)
  #pending: { resolve: (response: LightResponse) => void, reject: (error: Error) => void } | undefined

  readonly port: number
  readonly host: string

  constructor (port: number, host = '127.0.0.1') {
    this.port = port
    this.host = host
  }

  async request (method: string, path: string, headers: Record<string, string>, body = ''): Promise<LightResponse> {
    if (this.#pending !== undefined) throw new Error('one request at a time on a connection')
    const socket = this.#socket ?? this.#open()
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`
    for (const name in headers) head += `${name}: ${headers[name]}\r\n`
    return await new Promise((resolve, reject) => {
      this.#pending = { resolve, reject }
      socket.write(`${head}\r\n${body}`)
    })
  }

  close (): void {
    this.#socket?.destroy()
  }

  #open (): Socket {
    const socket = connect(this.port, this.host)
    socket.setNoDelay(true)
    // A socket this connection has given up (closed after `Connection: close`) reports nothing more.
    socket.on('data', (chunk: Buffer) => {
      if (this.#socket !== socket) return
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk])
      try {
        this.#read()
      } catch (error) {
        this.#fail(error as Error)
      }
    })
    socket.on('error', (error) => { if (this.#socket === socket) this.#fail(error) })
    socket.on('close', () => { if (this.#socket === socket) this.#fail(new Error('connection closed before the response ended')) })
    this.#socket = socket
    return socket
  }

  #fail (error: Error): void {
    this.#socket?.destroy()
    this.#socket = undefined
    this.#buffer = Buffer.alloc(0)
    const pending = this.#pending
    this.#pending = undefined
    pending?.reject(error)
  }

  /** Completes the pending request once its whole response is buffered. */
  #read (): void {
    const headEnd = this.#buffer.indexOf('\r\n\r\n')
    if (headEnd < 0 || this.#pending === undefined) return
    const head = this.#buffer.toString('latin1', 0, headEnd)
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]
    if (status === undefined) throw new Error(`not an HTTP response: ${head.slice(0, 40)}`)
    const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1]
    let body: Buffer | undefined
    let end = 0
    if (length !== undefined) {
      end = headEnd + 4 + Number(length)
      if (this.#buffer.length >= end) body = this.#buffer.subarray(headEnd + 4, end)
    } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      ({ body, end } = dechunk(this.#buffer, headEnd + 4))
    } else {
      throw new Error('a response with neither Content-Length nor chunked encoding')
    }
    if (body === undefined) return
    const closing = /\r\nconnection: *close/i.test(head)
    this.#buffer = this.#buffer.subarray(end)
    const pending = this.#pending
    this.#pending = undefined
    if (closing) {
      this.#socket?.destroy()
      this.#socket = undefined
      this.#buffer = Buffer.alloc(0)
    }
    pending.resolve({ status: Number(status), body: body.toString('utf8') })
  }
}

/** A chunked body starting at `start`: the body and where it ends, or no body while it is incomplete. */
function dechunk (buffer: Buffer, start: number): { body: Buffer | undefined, end: number } {
  const parts: Buffer[] = []
  let at = start
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at)
    if (lineEnd < 0) return { body: undefined, end: 0 }
    const size = Number.parseInt(buffer.toString('latin1', at, lineEnd), 16)
    if (Number.isNaN(size)) throw new Error('a malformed chunk size')
    if (size === 0) {
      const trailerEnd = buffer.indexOf('\r\n\r\n', lineEnd)
      if (trailerEnd < 0) return { body: undefined, end: 0 }
      return { body: Buffer.concat(parts), end: trailerEnd + 4 }
    }
    if (buffer.length < lineEnd + 2 + size + 2) return { body: undefined, end: 0 }
    parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size))
    at = lineEnd + 2 + size + 2
  }
}

export interface InstantChat { baseURL: string, requests: () => number, close: () => Promise<void> }

/**
 * An OpenAI-compatible Chat Completions server that answers at once with `answer`, for a service that
 * searches before its one model call: it refuses a wrong key (401) and a request without the search's
 * tool result (400, so a run that stops sending passages fails instead of being measured), and answers
 * everything else with a complete `chat.completion` and its usage.
 */
export async function startInstantChat (options: { apiKey: string, answer: string }): Promise<InstantChat> {
  let count = 0
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      count++
      const send = (status: number, payload: unknown): void => {
        const text = JSON.stringify(payload)
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text)
      }
      if (req.method === 'GET' && (req.url ?? '').endsWith('/models')) return send(200, { object: 'list', data: [{ id: 'instant', object: 'model', created: 1_700_000_000, owned_by: 'bench' }] })
      if (req.method !== 'POST' || !(req.url ?? '').endsWith('/chat/completions')) return send(404, { error: { message: 'not found', type: 'invalid_request_error' } })
      if (req.headers.authorization !== `Bearer ${options.apiKey}`) return send(401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } })
      const raw = Buffer.concat(chunks).toString('utf8')
      let body: { model?: string, messages?: Array<{ role?: string }> }
      try {
        body = JSON.parse(raw) as typeof body
      } catch {
        return send(400, { error: { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error' } })
      }
      if (!Array.isArray(body.messages) || !body.messages.some((message) => message.role === 'tool')) {
        return send(400, { error: { message: 'expected the search result as a tool message', type: 'invalid_request_error' } })
      }
      const promptTokens = Math.ceil(raw.length / 4)
      const completionTokens = Math.ceil(options.answer.length / 4)
      send(200, {
        id: `chatcmpl-${count}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model ?? 'instant',
        choices: [{ index: 0, message: { role: 'assistant', content: options.answer, refusal: null }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens }
      })
    })
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests: () => count,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
