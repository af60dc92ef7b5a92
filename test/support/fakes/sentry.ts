// Protocol-faithful fake of a Sentry ingest server (Relay) on 127.0.0.1, for tests that run the real
// SDK against it. A DSN `http://<key>@127.0.0.1:PORT/<project>` makes the SDK POST envelopes to
// `/api/<project>/envelope/?sentry_key=<key>&sentry_version=7`, gzipped above 32 KiB. An envelope is
// newline-separated JSON: the envelope header, then per item an item header and its payload, whose
// byte length is given by the header's `length` when present (else it runs to the next newline).
// https://develop.sentry.dev/sdk/data-model/envelopes/
import { EventEmitter } from 'node:events'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { gunzipSync } from 'node:zlib'
import { listenFake, waitForArrival } from '../helpers/fake-server.ts'

export interface EnvelopeItem {
  header: { type: string, length?: number, [key: string]: unknown }
  /** The payload parsed as JSON, or its text when it is not JSON (attachments). */
  payload: unknown
}

export interface Envelope {
  header: Record<string, unknown>
  items: EnvelopeItem[]
  /** The decompressed body as received: assert that a secret appears nowhere in it. */
  raw: string
  gzip: boolean
}

/** The fields of a Sentry event or transaction payload the tests read. */
export interface SentryEvent {
  event_id?: string
  type?: string
  release?: string
  environment?: string
  transaction?: string
  level?: string
  tags?: Record<string, string>
  request?: { url?: string, method?: string, headers?: Record<string, string>, data?: unknown }
  exception?: { values?: Array<{ type?: string, value?: string, mechanism?: { type?: string, handled?: boolean } }> }
  contexts?: Record<string, Record<string, unknown>>
  [key: string]: unknown
}

/** A span in a streamed span container (item type `span`, `application/vnd.sentry.items.span.v2+json`). */
export interface StreamedSpan {
  name: string
  trace_id: string
  span_id: string
  /** The root span of a service's work for a request: what a transaction used to be. */
  is_segment: boolean
  attributes?: Record<string, { value: unknown, type: string }>
  [key: string]: unknown
}

export interface FakeSentry {
  /** The DSN to configure the SDK with. */
  dsn: string
  envelopes: Envelope[]
  /** Protocol mistakes seen (wrong path, key or version, unparsable envelope). */
  violations: string[]
  /** Payloads of every item of this type received so far ('event', 'transaction', ...). */
  items: (type: string) => SentryEvent[]
  /** Resolves with the first item of this type matching the predicate, received before or after the call. */
  waitForItem: (type: string, predicate?: (item: SentryEvent) => boolean, timeoutMs?: number) => Promise<SentryEvent>
  /** Resolves once a transaction of this name arrives: a `transaction` event or, as SDKs that stream
   * spans send it, a segment span in a `span` container. */
  waitForTransaction: (name: string, timeoutMs?: number) => Promise<void>
  close: () => Promise<void>
}

export function parseEnvelope (body: Buffer): Pick<Envelope, 'header' | 'items'> {
  let offset = 0
  const line = (): Buffer => {
    const end = body.indexOf(0x0a, offset)
    const stop = end === -1 ? body.length : end
    const text = body.subarray(offset, stop)
    offset = stop + 1
    return text
  }
  const header = JSON.parse(line().toString('utf8')) as Record<string, unknown>
  const items: EnvelopeItem[] = []
  while (offset < body.length) {
    const headerLine = line()
    if (headerLine.length === 0) continue
    const itemHeader = JSON.parse(headerLine.toString('utf8')) as EnvelopeItem['header']
    let payload: Buffer
    if (typeof itemHeader.length === 'number') {
      payload = body.subarray(offset, offset + itemHeader.length)
      if (payload.length !== itemHeader.length) throw new Error(`item ${itemHeader.type}: ${payload.length} bytes, header says ${itemHeader.length}`)
      offset += itemHeader.length
      if (body[offset] === 0x0a) offset++
    } else {
      payload = line()
    }
    const text = payload.toString('utf8')
    let parsed: unknown = text
    try { parsed = JSON.parse(text) } catch {}
    items.push({ header: itemHeader, payload: parsed })
  }
  return { header, items }
}

export async function startFakeSentry (options: { publicKey?: string, projectId?: string } = {}): Promise<FakeSentry> {
  const publicKey = options.publicKey ?? 'public'
  const projectId = options.projectId ?? '1'
  const envelopes: Envelope[] = []
  const violations: string[] = []
  const arrivals = new EventEmitter()

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://fake')
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    if (request.method !== 'POST' || url.pathname !== `/api/${projectId}/envelope/`) {
      violations.push(`unexpected ${request.method ?? ''} ${url.pathname}`)
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"not found"}')
      return
    }
    // The key travels in the query (server SDKs) or in an X-Sentry-Auth header (browsers, older SDKs).
    const auth = request.headers['x-sentry-auth']
    const key = url.searchParams.get('sentry_key') ?? (typeof auth === 'string' ? /sentry_key=([^,\s]+)/.exec(auth)?.[1] : undefined)
    if (key !== publicKey) {
      violations.push(`wrong or missing sentry_key: ${String(key)}`)
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"detail":"invalid api key"}')
      return
    }
    const gzip = request.headers['content-encoding'] === 'gzip'
    try {
      const body = gzip ? gunzipSync(Buffer.concat(chunks)) : Buffer.concat(chunks)
      const envelope: Envelope = { ...parseEnvelope(body), raw: body.toString('utf8'), gzip }
      envelopes.push(envelope)
      for (const item of envelope.items) arrivals.emit('item', item)
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: envelope.header.event_id ?? null }))
    } catch (error) {
      violations.push(`unparsable envelope: ${(error as Error).message}`)
      response.writeHead(400, { 'content-type': 'application/json' }).end('{"detail":"invalid envelope"}')
    }
  }

  const { port, close } = await listenFake(handle, violations)

  const allItems = (): EnvelopeItem[] => envelopes.flatMap((envelope) => envelope.items)
  const waitFor = async (matches: (item: EnvelopeItem) => boolean, what: string, timeoutMs?: number): Promise<EnvelopeItem> =>
    await waitForArrival(arrivals, 'item', allItems, matches, what, timeoutMs)

  const items = (type: string): SentryEvent[] => allItems()
    .filter((item) => item.header.type === type)
    .map((item) => item.payload as SentryEvent)

  return {
    dsn: `http://${publicKey}@127.0.0.1:${port}/${projectId}`,
    envelopes,
    violations,
    items,
    waitForItem: async (type, predicate = () => true, timeoutMs) => {
      const item = await waitFor((candidate) => candidate.header.type === type && predicate(candidate.payload as SentryEvent), `${type} item`, timeoutMs)
      return item.payload as SentryEvent
    },
    waitForTransaction: async (name, timeoutMs) => {
      await waitFor((item) => item.header.type === 'transaction'
        ? (item.payload as SentryEvent).transaction === name
        : item.header.type === 'span' && ((item.payload as { items?: StreamedSpan[] }).items ?? []).some((span) => span.is_segment && span.name === name),
      `transaction ${name}`, timeoutMs)
    },
    close
  }
}
