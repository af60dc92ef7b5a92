// A real Pinecone serverless data-plane server on 127.0.0.1 for tests, speaking what
// @pinecone-database/pinecone v5 sends (API version 2025-01): POST /query, /vectors/upsert,
// /vectors/delete, /describe_index_stats; GET /vectors/fetch, /vectors/list. Cosine similarity over
// the stored vectors, per namespace; `Api-Key` checked; errors as `{ code, message, details: [] }`.
// List pages are in bitwise id order with an opaque `pagination.next` token (absent on the last
// page); fetch and delete take at most 1,000 ids a request, as Pinecone's limits say.
// https://docs.pinecone.io/reference/api/2025-01/data-plane
import { createServer } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakePineconeOptions {
  apiKey?: string
  /** Index dimension; upserts and queries of another length are rejected like Pinecone does. */
  dimension?: number
}

export type Metadata = Record<string, string | number | boolean | string[]>

export interface StoredVector {
  id: string
  values: number[]
  metadata?: Metadata
}

export interface RecordedPineconeRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: Record<string, unknown>
}

export interface FakePinecone {
  /** `http://127.0.0.1:PORT`: pass as the index host. */
  host: string
  apiKey: string
  /** namespace → id → vector ('' is the default namespace). */
  vectors: Map<string, Map<string, StoredVector>>
  requests: RecordedPineconeRequest[]
  /** Answer the next `count` requests with this HTTP status. */
  failNext: (status: number, count?: number) => void
  close: () => Promise<void>
}

function cosine (a: number[], b: number[]): number {
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i]
    na += a[i] * a[i]
    nb += b[i] * b[i]
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb)
}

/** The subset of Pinecone's metadata filter language tests need: equality, $eq, $ne, $in, $nin, $and, $or. */
function matchesFilter (metadata: Metadata | undefined, filter: Record<string, unknown> | undefined): boolean {
  if (filter === undefined) return true
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and') return (condition as Array<Record<string, unknown>>).every((f) => matchesFilter(metadata, f))
    if (key === '$or') return (condition as Array<Record<string, unknown>>).some((f) => matchesFilter(metadata, f))
    const value = metadata?.[key]
    if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return value === condition
    return Object.entries(condition as Record<string, unknown>).every(([op, operand]) => {
      switch (op) {
        case '$eq': return value === operand
        case '$ne': return value !== operand
        case '$in': return (operand as unknown[]).includes(value)
        case '$nin': return !(operand as unknown[]).includes(value)
        default: return false
      }
    })
  })
}

/** Pinecone's cap on the ids of one fetch or delete request. */
const MAX_IDS_PER_REQUEST = 1000

export async function startFakePinecone (options: FakePineconeOptions = {}): Promise<FakePinecone> {
  const apiKey = options.apiKey ?? 'test-pinecone-key'
  const vectors = new Map<string, Map<string, StoredVector>>()
  const requests: RecordedPineconeRequest[] = []
  let dimension = options.dimension
  let failures: { status: number, count: number } | undefined

  const namespaceOf = (name: unknown): Map<string, StoredVector> => {
    const key = typeof name === 'string' ? name : ''
    let ns = vectors.get(key)
    if (ns === undefined) {
      ns = new Map()
      vectors.set(key, ns)
    }
    return ns
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const send = (status: number, payload: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(payload))
      }
      // gRPC-style codes, as the Pinecone data plane uses: 3 INVALID_ARGUMENT, 5 NOT_FOUND, 16 UNAUTHENTICATED.
      const error = (status: number, code: number, message: string): void => send(status, { code, message, details: [] })
      const url = new URL(req.url ?? '/', 'http://localhost')
      let body: Record<string, unknown> = {}
      try {
        body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}
      } catch {
        error(400, 3, 'Invalid request body: expected JSON')
        return
      }
      requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body })

      if (req.headers['api-key'] !== apiKey) {
        error(401, 16, 'Invalid API Key')
        return
      }
      if (failures !== undefined && failures.count > 0) {
        failures.count -= 1
        error(failures.status, 13, 'Internal error')
        return
      }
      const route = `${req.method ?? ''} ${url.pathname}`
      switch (route) {
        case 'POST /vectors/upsert': {
          const incoming = body.vectors as StoredVector[] | undefined
          if (!Array.isArray(incoming) || incoming.length === 0) {
            error(400, 3, 'No vectors provided')
            return
          }
          for (const vector of incoming) {
            if (typeof vector.id !== 'string' || !Array.isArray(vector.values)) {
              error(400, 3, 'Invalid vector: id and values are required')
              return
            }
            dimension ??= vector.values.length
            if (vector.values.length !== dimension) {
              error(400, 3, `Vector dimension ${vector.values.length} does not match the dimension of the index ${dimension}`)
              return
            }
          }
          const ns = namespaceOf(body.namespace)
          for (const vector of incoming) {
            ns.set(vector.id, { id: vector.id, values: vector.values, ...(vector.metadata !== undefined ? { metadata: vector.metadata } : {}) })
          }
          send(200, { upsertedCount: incoming.length })
          return
        }
        case 'POST /query': {
          const topK = body.topK
          if (typeof topK !== 'number' || topK < 1) {
            error(400, 3, 'topK must be a positive integer')
            return
          }
          const ns = namespaceOf(body.namespace)
          let query = body.vector as number[] | undefined
          if (query === undefined && typeof body.id === 'string') query = ns.get(body.id)?.values
          if (!Array.isArray(query)) {
            error(400, 3, 'No query provided')
            return
          }
          if (dimension !== undefined && query.length !== dimension) {
            error(400, 3, `Query vector dimension ${query.length} does not match the dimension of the index ${dimension}`)
            return
          }
          const filter = body.filter as Record<string, unknown> | undefined
          const matches = [...ns.values()]
            .filter((vector) => matchesFilter(vector.metadata, filter))
            .map((vector) => ({ vector, score: cosine(query, vector.values) }))
            .sort((a, b) => b.score - a.score)
            .slice(0, topK)
            .map(({ vector, score }) => ({
              id: vector.id,
              score,
              values: body.includeValues === true ? vector.values : [],
              ...(body.includeMetadata === true && vector.metadata !== undefined ? { metadata: vector.metadata } : {})
            }))
          send(200, { results: [], matches, namespace: typeof body.namespace === 'string' ? body.namespace : '', usage: { readUnits: 5 } })
          return
        }
        case 'POST /vectors/delete': {
          const ns = namespaceOf(body.namespace)
          if (body.deleteAll === true) ns.clear()
          else if (Array.isArray(body.ids)) {
            if (body.ids.length > MAX_IDS_PER_REQUEST) {
              error(400, 3, `Number of ids (${body.ids.length}) exceeds the maximum of ${MAX_IDS_PER_REQUEST}`)
              return
            }
            for (const id of body.ids as string[]) ns.delete(id)
          } else if (body.filter !== undefined) {
            for (const [id, vector] of ns) if (matchesFilter(vector.metadata, body.filter as Record<string, unknown>)) ns.delete(id)
          } else {
            error(400, 3, 'Either ids, deleteAll or filter must be provided')
            return
          }
          send(200, {})
          return
        }
        case 'POST /describe_index_stats': {
          const namespaces: Record<string, { vectorCount: number }> = {}
          let total = 0
          for (const [name, ns] of vectors) {
            if (ns.size === 0) continue
            namespaces[name] = { vectorCount: ns.size }
            total += ns.size
          }
          send(200, { namespaces, dimension: dimension ?? 0, indexFullness: 0, totalVectorCount: total, metric: 'cosine', vectorType: 'dense' })
          return
        }
        case 'GET /vectors/fetch': {
          const ns = namespaceOf(url.searchParams.get('namespace') ?? '')
          const found: Record<string, StoredVector> = {}
          const ids = url.searchParams.getAll('ids')
          if (ids.length === 0 || ids.length > MAX_IDS_PER_REQUEST) {
            error(400, 3, ids.length === 0 ? 'No ids provided' : `Number of ids (${ids.length}) exceeds the maximum of ${MAX_IDS_PER_REQUEST}`)
            return
          }
          for (const id of ids) {
            const vector = ns.get(id)
            if (vector !== undefined) found[id] = vector
          }
          send(200, { vectors: found, namespace: url.searchParams.get('namespace') ?? '', usage: { readUnits: 1 } })
          return
        }
        case 'GET /vectors/list': {
          const ns = namespaceOf(url.searchParams.get('namespace') ?? '')
          const prefix = url.searchParams.get('prefix') ?? ''
          const limit = Number(url.searchParams.get('limit') ?? 100)
          const after = url.searchParams.get('paginationToken')
          const ids = [...ns.keys()].filter((id) => id.startsWith(prefix)).sort()
          const start = after === null ? 0 : ids.findIndex((id) => id > Buffer.from(after, 'base64url').toString('utf8'))
          const page = start < 0 ? [] : ids.slice(start, start + limit)
          const more = start >= 0 && start + limit < ids.length
          send(200, {
            vectors: page.map((id) => ({ id })),
            ...(more ? { pagination: { next: Buffer.from(page[page.length - 1]).toString('base64url') } } : {}),
            namespace: url.searchParams.get('namespace') ?? '',
            usage: { readUnits: 1 }
          })
          return
        }
        default:
          error(404, 5, `Not Found: ${route}`)
      }
    })
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    host: `http://127.0.0.1:${port}`,
    apiKey,
    vectors,
    requests,
    failNext: (status, count = 1) => { failures = { status, count } },
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
