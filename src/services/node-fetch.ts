// The `fetch` of the service's chat model (rag/chat-completions.ts) and of the openai SDK (under
// OpenAIEmbeddings; ChatOpenAI before the chat model replaced it): requests over node:http(s) with
// keep-alive agents instead of Node's built-in fetch (undici with WHATWG streams). Row (d) of
// `npm run bench:chat` prints both against the fake OpenAI server: a plain POST 0.48 → 0.27 CPU ms,
// a ChatOpenAI call 0.58–0.63 → 0.48–0.49; row (b) went from 2.65 to 2.07–2.25 CPU ms per text turn
// (docs/benchmarks.md).
//
// The response is not a WHATWG `Response` but the part of one the SDK reads: `ok`, `status`,
// `statusText`, `url`, `redirected`, `headers` (a real `Headers`), `body` (the Node stream, which the
// SDK iterates as an async iterable of bytes), `text()`, `json()`, `arrayBuffer()`. Requests it
// does not speak (a `Request` object, a body other than text or bytes: multipart uploads, streams)
// go to the global fetch unchanged. Redirects are followed as fetch follows them (at most 20; a
// 303, or a 301/302 after a POST, becomes a GET without body; credentials are not sent to another
// origin). Aborting the signal rejects with its reason, before the answer or while its body is read.
//
// Pooled sockets are handed over and parked in the async context this module was loaded in, not
// the caller's. Node re-binds a keep-alive socket's handle (`asyncResetHandle`) to the request that
// takes it and its idle timer to the code that finishes reading the answer, so an idle socket held
// its last caller's context: with AsyncLocalStorage, a whole graph run (LangChain keeps its config
// there): ~60 pooled sockets kept up to 60 finished turns (~100 kB each) alive while they idled
// (docs/benchmarks.md). Awaiting the answer still resumes in the caller's context.

import { AsyncLocalStorage } from 'node:async_hooks'
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { pipeline, type Duplex, type Readable } from 'node:stream'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'

/** What the openai SDK reads of a fetch response. */
export interface NodeFetchResponse {
  readonly ok: boolean
  readonly status: number
  readonly statusText: string
  readonly url: string
  readonly redirected: boolean
  readonly headers: Headers
  /** The body as it arrives (decompressed when the server compressed it anyway). */
  readonly body: Readable
  readonly bodyUsed: boolean
  text: () => Promise<string>
  json: () => Promise<unknown>
  arrayBuffer: () => Promise<ArrayBuffer>
}

/**
 * Idle sockets are closed after 4 s (undici's default): Node's global agents keep them 5 s, the
 * keep-alive timeout of servers such as uvicorn (vLLM), so a request could go out on a socket the
 * server is closing.
 */
const IDLE_SOCKET_MS = 4000

/** Runs a function in the async context of this module's loading (no caller's stores). */
const inLoadContext = AsyncLocalStorage.snapshot()

/** Parks a socket (its idle timer armed) in the load context; see the header. */
class PoolAgent extends HttpAgent {
  override keepSocketAlive (socket: Duplex): void {
    return inLoadContext(() => super.keepSocketAlive(socket))
  }
}

class SecurePoolAgent extends HttpsAgent {
  override keepSocketAlive (socket: Duplex): void {
    return inLoadContext(() => super.keepSocketAlive(socket))
  }
}

const MAX_REDIRECTS = 20
const REDIRECTS = new Set([301, 302, 303, 307, 308])
/** Not sent to another origin after a redirect (fetch drops the same). */
const CREDENTIALS = new Set(['authorization', 'cookie', 'proxy-authorization'])

interface Outgoing { method: string, headers: Record<string, string>, body: string | Uint8Array | undefined }
interface Agents { http: HttpAgent, https: HttpsAgent }

/** A fetch with its own connection pools (keep-alive agents), and the way to close them. */
export interface NodeFetch {
  /**
   * Fetch as the openai SDK and the chat model use it. Typed as the global fetch so it goes where that
   * one goes (`new OpenAIEmbeddings({ configuration: { fetch } })`); see the header for what the answer has.
   */
  fetch: typeof globalThis.fetch
  /** Closes the pooled sockets; a request after this opens a new connection and does not keep it. */
  close: () => void
}

/**
 * One per owner (the assistant's chat models, a knowledge base's embeddings), closed with it.
 * `idleSocketMs`: how long a pooled connection may idle (default 4 s).
 */
export function createNodeFetch (options: { idleSocketMs?: number } = {}): NodeFetch {
  const timeout = options.idleSocketMs ?? IDLE_SOCKET_MS
  const agents: Agents = {
    http: new PoolAgent({ keepAlive: true, scheduling: 'lifo', timeout }),
    https: new SecurePoolAgent({ keepAlive: true, scheduling: 'lifo', timeout })
  }
  let closed = false
  const fetcher = async (input: string | URL | Request, init: RequestInit = {}): Promise<NodeFetchResponse | Response> => {
    if (input instanceof Request || !isPlainBody(init.body)) return await fetch(input, init)
    const outgoing: Outgoing = { method: (init.method ?? 'GET').toUpperCase(), headers: headerRecord(init.headers), body: init.body ?? undefined }
    return await send(closed ? undefined : agents, new URL(input), outgoing, init.signal ?? undefined, 0)
  }
  return {
    fetch: fetcher as unknown as typeof globalThis.fetch,
    close: () => {
      closed = true
      agents.http.destroy()
      agents.https.destroy()
    }
  }
}

function isPlainBody (body: RequestInit['body']): body is string | Uint8Array | null | undefined {
  return body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array
}

function headerRecord (headers: RequestInit['headers']): Record<string, string> {
  const record: Record<string, string> = {}
  if (headers === undefined) return record
  const pairs = headers instanceof Headers || Array.isArray(headers) ? headers : Object.entries(headers)
  for (const [name, value] of pairs as Iterable<[string, string]>) record[name.toLowerCase()] = value
  return record
}

/** `agents` undefined: a connection for this request only (after close). */
async function send (agents: Agents | undefined, url: URL, outgoing: Outgoing, signal: AbortSignal | undefined, redirects: number): Promise<NodeFetchResponse> {
  signal?.throwIfAborted()
  const headers: OutgoingHttpHeaders = { ...outgoing.headers }
  if (outgoing.body !== undefined) headers['content-length'] = Buffer.byteLength(outgoing.body)
  const message = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = inLoadContext(() => url.protocol === 'https:'
      ? httpsRequest(url, { method: outgoing.method, headers, agent: agents?.https ?? false })
      : httpRequest(url, { method: outgoing.method, headers, agent: agents?.http ?? false }))
    let answered: IncomingMessage | undefined
    const onAbort = (): void => {
      request.destroy(signal?.reason)
      answered?.destroy(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    const done = (): void => { signal?.removeEventListener('abort', onAbort) }
    request.on('error', (error) => { done(); reject(error) })
    request.once('response', (response) => {
      answered = response
      response.once('close', done)
      resolve(response)
    })
    request.end(outgoing.body)
  })

  const status = message.statusCode ?? 0
  const location = message.headers.location
  if (REDIRECTS.has(status) && location !== undefined) {
    message.resume()
    if (redirects >= MAX_REDIRECTS) throw new TypeError(`fetch failed: more than ${MAX_REDIRECTS} redirects`)
    const next = new URL(location, url)
    const asGet = status === 303 ? outgoing.method !== 'HEAD' : (status === 301 || status === 302) && outgoing.method === 'POST'
    const headersNext = { ...outgoing.headers }
    if (next.origin !== url.origin) for (const name of CREDENTIALS) delete headersNext[name]
    if (asGet) for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) delete headersNext[name]
    return await send(agents, next, asGet ? { method: 'GET', headers: headersNext, body: undefined } : { ...outgoing, headers: headersNext }, signal, redirects + 1)
  }
  return answer(message, url, redirects > 0)
}

function answer (message: IncomingMessage, url: URL, redirected: boolean): NodeFetchResponse {
  const headers = new Headers()
  const raw = message.rawHeaders
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string)
  const body = decoded(message)
  let used = false
  const bytes = async (): Promise<Buffer> => {
    if (used) throw new TypeError('Body is unusable: Body has already been read')
    used = true
    // Iterated, not listened to: a body that already failed (the connection cut before anyone read
    // it) rejects here instead of never ending.
    const chunks: Buffer[] = []
    for await (const chunk of body) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  }
  const status = message.statusCode ?? 0
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: message.statusMessage ?? '',
    url: url.href,
    redirected,
    headers,
    body,
    get bodyUsed () { return used || body.readableDidRead },
    text: async () => (await bytes()).toString('utf8'),
    json: async () => JSON.parse((await bytes()).toString('utf8')) as unknown,
    arrayBuffer: async () => {
      const data = await bytes()
      return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer
    }
  }
}

/** A body the server compressed although it was not asked to (no accept-encoding is sent). */
function decoded (message: IncomingMessage): Readable {
  const encoding = message.headers['content-encoding']?.trim().toLowerCase()
  const decoder = encoding === 'gzip' || encoding === 'x-gzip'
    ? createGunzip()
    : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined
  if (decoder === undefined) return message
  // pipeline: an error on either side ends both, and is the reader's to see (it never goes unhandled).
  pipeline(message, decoder, () => {})
  return decoder
}
