// A real OpenAI-compatible embeddings server on 127.0.0.1 for tests: `POST /v1/embeddings` (and
// `/embeddings`). Vectors are hashed bag-of-words (plus character trigrams), L2-normalised, so texts
// that share words are similar and the same text always gets the same vector.
// Wire format: https://platform.openai.com/docs/api-reference/embeddings/create — the official SDK
// asks for `encoding_format: "base64"` (float32 little-endian) unless told otherwise.
import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeEmbeddingsOptions {
  apiKey?: string
  /** Used when a request has no `dimensions`. */
  dimensions?: number
}

export interface RecordedEmbeddingsRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: { model?: string, input?: string | string[], dimensions?: number, encoding_format?: string }
}

export interface FakeEmbeddings {
  /** Ends with `/v1`, as OpenAI clients expect. */
  baseURL: string
  apiKey: string
  requests: RecordedEmbeddingsRequest[]
  /** Answer the next `count` requests with this HTTP status. */
  failNext: (status: number, count?: number) => void
  close: () => Promise<void>
}

function hashToIndex (feature: string, dimensions: number): { index: number, sign: number } {
  const digest = createHash('sha256').update(feature).digest()
  return { index: digest.readUInt32LE(0) % dimensions, sign: (digest[4] & 1) === 0 ? 1 : -1 }
}

/** Deterministic embedding: words weigh 1, character trigrams 0.3. */
export function fakeEmbedding (text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0)
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 1)
  for (const word of words) {
    const { index, sign } = hashToIndex(`w:${word}`, dimensions)
    vector[index] += sign
    const padded = ` ${word} `
    for (let i = 0; i + 3 <= padded.length; i++) {
      const trigram = hashToIndex(`t:${padded.slice(i, i + 3)}`, dimensions)
      vector[trigram.index] += 0.3 * trigram.sign
    }
  }
  const norm = Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0))
  if (norm === 0) {
    vector[0] = 1
    return vector
  }
  return vector.map((v) => v / norm)
}

export async function startFakeEmbeddings (options: FakeEmbeddingsOptions = {}): Promise<FakeEmbeddings> {
  const apiKey = options.apiKey ?? 'test-embeddings-key'
  const defaultDimensions = options.dimensions ?? 64
  const requests: RecordedEmbeddingsRequest[] = []
  let failures: { status: number, count: number } | undefined

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const send = (status: number, payload: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(payload))
      }
      const error = (status: number, message: string, type: string, code: string | null): void => {
        send(status, { error: { message, type, param: null, code } })
      }
      const path = (req.url ?? '').split('?')[0]
      let body: RecordedEmbeddingsRequest['body'] = {}
      try {
        body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}
      } catch {
        error(400, 'We could not parse the JSON body of your request.', 'invalid_request_error', null)
        return
      }
      requests.push({ method: req.method ?? '', path, headers: req.headers, body })

      if (req.method !== 'POST' || (path !== '/v1/embeddings' && path !== '/embeddings')) {
        error(404, `Invalid URL (${req.method ?? ''} ${path})`, 'invalid_request_error', null)
        return
      }
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        error(401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key')
        return
      }
      if (failures !== undefined && failures.count > 0) {
        failures.count -= 1
        error(failures.status, 'The server had an error while processing your request.', 'server_error', null)
        return
      }
      const inputs = typeof body.input === 'string' ? [body.input] : body.input
      if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((input) => typeof input === 'string')) {
        error(400, "'input' must be a non-empty string or array of strings", 'invalid_request_error', null)
        return
      }
      if (typeof body.model !== 'string' || body.model === '') {
        error(400, 'you must provide a model parameter', 'invalid_request_error', null)
        return
      }
      const dimensions = body.dimensions ?? defaultDimensions
      if (!Number.isInteger(dimensions) || dimensions < 1) {
        error(400, "'dimensions' must be a positive integer", 'invalid_request_error', null)
        return
      }
      const base64 = body.encoding_format === 'base64'
      const tokens = inputs.reduce((sum, input) => sum + input.split(/\s+/).length, 0)
      send(200, {
        object: 'list',
        data: inputs.map((input, index) => {
          const embedding = fakeEmbedding(input, dimensions)
          return {
            object: 'embedding',
            index,
            embedding: base64 ? Buffer.from(new Float32Array(embedding).buffer).toString('base64') : embedding
          }
        }),
        model: body.model,
        usage: { prompt_tokens: tokens, total_tokens: tokens }
      })
    })
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    failNext: (status, count = 1) => { failures = { status, count } },
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
