// Protocol-faithful fake of the LangSmith run ingestion API on 127.0.0.1 (LANGSMITH_ENDPOINT), for
// tests that run the real `langsmith` client against it. The client asks `GET /info` what the server
// supports, then sends runs as `POST /runs/multipart` (multipart/form-data, gzipped when /info says
// so): parts named `post.<id>` / `patch.<id>` hold a run, `post.<id>.inputs`, `.outputs`, `.events`,
// `.extra`, `.error` and `.serialized` its larger fields. Older paths are answered too: `POST /runs/batch`
// ({post, patch} JSON), `POST /runs` and `PATCH /runs/<id>`. Every request must carry the API key.
import { EventEmitter } from 'node:events'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { gunzipSync, zstdDecompressSync } from 'node:zlib'
import { listenFake, waitForArrival } from '../helpers/fake-server.ts'

/** A run as the fake assembled it from its create and update operations. */
export interface TracedRun {
  id: string
  name?: string
  run_type?: string
  trace_id?: string
  parent_run_id?: string
  session_name?: string
  inputs?: Record<string, unknown>
  outputs?: Record<string, unknown>
  error?: unknown
  extra?: { metadata?: Record<string, unknown>, [key: string]: unknown }
  tags?: string[]
  end_time?: unknown
  [key: string]: unknown
}

export interface FakeLangSmith {
  /** For LANGSMITH_ENDPOINT. */
  url: string
  /** Every run, merged over its create and updates, in order of first appearance. */
  runs: () => TracedRun[]
  /** Every request body as received (decompressed): assert that a secret appears nowhere in them. */
  bodies: string[]
  violations: string[]
  /** Resolves once a received run matches (an ended run, typically), before or after the call. */
  waitForRun: (predicate: (run: TracedRun) => boolean, timeoutMs?: number) => Promise<TracedRun>
  close: () => Promise<void>
}

export async function startFakeLangSmith (options: { apiKey?: string, gzip?: boolean } = {}): Promise<FakeLangSmith> {
  const apiKey = options.apiKey ?? 'ls-fake-key'
  const runs = new Map<string, TracedRun>()
  const bodies: string[] = []
  const violations: string[] = []
  const arrivals = new EventEmitter()

  // Creates and updates may arrive in separate concurrent requests, in either order (LangSmith merges
  // them): a run is its create with its updates over it.
  const creates = new Map<string, Partial<TracedRun>>()
  const updates = new Map<string, Partial<TracedRun>>()
  const record = (operation: 'post' | 'patch', run: Partial<TracedRun> & { id?: string }): void => {
    if (typeof run.id !== 'string') {
      violations.push(`${operation} without a run id`)
      return
    }
    const into = operation === 'post' ? creates : updates
    into.set(run.id, { ...into.get(run.id), ...run })
    const merged = { ...creates.get(run.id), ...updates.get(run.id), id: run.id } as TracedRun
    runs.set(run.id, merged)
    arrivals.emit('run', merged)
  }

  const decode = (raw: Buffer, encoding: string | undefined): Buffer => {
    if (encoding === 'gzip') return gunzipSync(raw)
    if (encoding === 'zstd') return zstdDecompressSync(raw)
    return raw
  }

  const multipart = async (body: Buffer, contentType: string): Promise<void> => {
    // undici's multipart/form-data parser, the same one fetch() uses.
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData()
    const pending = new Map<string, Partial<TracedRun>>()
    for (const [name, value] of form.entries()) {
      const [operation, id, field] = name.split('.') as ['post' | 'patch' | 'feedback' | 'attachment', string, string | undefined]
      if (operation === 'feedback' || operation === 'attachment') continue
      if (operation !== 'post' && operation !== 'patch') {
        violations.push(`unknown part ${name}`)
        continue
      }
      const text = typeof value === 'string' ? value : await value.text()
      const key = `${operation}.${id}`
      const run = pending.get(key) ?? { id }
      if (field === undefined) Object.assign(run, JSON.parse(text))
      else run[field] = JSON.parse(text)
      pending.set(key, run)
    }
    for (const [key, run] of pending) record(key.startsWith('post.') ? 'post' : 'patch', run)
  }

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://fake')
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const json = (status: number, value: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value))
    }
    if (request.method === 'GET' && url.pathname === '/info') {
      json(200, {
        version: '0.10.0',
        batch_ingest_config: { use_multipart_endpoint: true, scale_up_qsize_trigger: 1000, scale_up_nthreads_limit: 16, scale_down_nempty_trigger: 4, size_limit: 100, size_limit_bytes: 20_971_520 },
        instance_flags: { gzip_body_enabled: options.gzip ?? true, zstd_compression_enabled: false }
      })
      return
    }
    if (request.headers['x-api-key'] !== apiKey) {
      violations.push(`${request.method ?? ''} ${url.pathname}: wrong or missing x-api-key`)
      json(401, { detail: 'Invalid token' })
      return
    }
    const encoding = request.headers['content-encoding']
    const body = decode(Buffer.concat(chunks), encoding)
    bodies.push(body.toString('utf8'))
    const contentType = request.headers['content-type'] ?? ''
    if (request.method === 'POST' && url.pathname === '/runs/multipart') {
      if (!contentType.startsWith('multipart/form-data')) violations.push(`multipart ingest sent as ${contentType}`)
      await multipart(body, contentType)
      json(202, {})
    } else if (request.method === 'POST' && url.pathname === '/runs/batch') {
      const batch = JSON.parse(body.toString('utf8')) as { post?: TracedRun[], patch?: TracedRun[] }
      for (const run of batch.post ?? []) record('post', run)
      for (const run of batch.patch ?? []) record('patch', run)
      json(202, {})
    } else if (request.method === 'POST' && url.pathname === '/runs') {
      record('post', JSON.parse(body.toString('utf8')) as TracedRun)
      json(202, {})
    } else if (request.method === 'PATCH' && url.pathname.startsWith('/runs/')) {
      record('patch', { ...JSON.parse(body.toString('utf8')) as TracedRun, id: url.pathname.slice('/runs/'.length) })
      json(202, {})
    } else {
      violations.push(`unexpected ${request.method ?? ''} ${url.pathname}`)
      json(404, { detail: 'Not Found' })
    }
  }

  const { port, close } = await listenFake(handle, violations)

  return {
    url: `http://127.0.0.1:${port}`,
    runs: () => [...runs.values()],
    bodies,
    violations,
    waitForRun: async (predicate, timeoutMs) => await waitForArrival(arrivals, 'run', () => [...runs.values()], predicate, 'run', timeoutMs),
    close
  }
}
