// Redis cache of retrieval results. A cache must never make an answer fail or slow: any error, or an
// answer slower than the budget, is treated as a miss; an outage is logged when it starts and ends.
import { createHash } from 'node:crypto'
import { BoundedMap } from '../bounded-map.ts'
import { createOutageReporter } from '../outage.ts'
import type { CacheOptions, RetrievalLogger, RetrievalMetrics, RetrievedPassage } from './types.ts'

export const CACHE_PREFIX = 'itb:retrieval:v1:'
const DEFAULT_TIMEOUT_MS = 100

export interface CachedRetrieval {
  passages: RetrievedPassage[]
  found: boolean
}

export interface RetrievalCache {
  get: (key: string) => Promise<CachedRetrieval | undefined>
  set: (key: string, value: CachedRetrieval) => Promise<void>
}

export function normalizeQuery (query: string): string {
  return query.toLowerCase().trim().replace(/\s+/g, ' ')
}

/** `version` identifies the indexed content, so results cached before an ingest are not served after it. */
export function cacheKey (query: string, store: string, k: number, version = ''): string {
  const digest = createHash('sha256').update(`${normalizeQuery(query)}\n${store}\n${k}\n${version}`).digest('hex')
  return CACHE_PREFIX + digest
}

export function createRetrievalCache (options: CacheOptions & { logger?: RetrievalLogger, metrics?: RetrievalMetrics }): RetrievalCache {
  const { redis, ttlSeconds, logger, metrics } = options
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const outage = logger === undefined
    ? undefined
    : createOutageReporter({ logger, dependency: 'redis', failure: 'retrieval cache unavailable: querying the store directly', recovery: 'retrieval cache available again' })

  return {
    async get (key) {
      const started = performance.now()
      try {
        const raw = await withTimeout(redis.get(key), timeoutMs)
        const value = raw === null ? undefined : parseCached(raw)
        metrics?.('cache_get', performance.now() - started, value === undefined ? 'miss' : 'hit')
        outage?.succeeded()
        return value
      } catch (error) {
        metrics?.('cache_get', performance.now() - started, error instanceof CacheTimeout ? 'timeout' : 'error')
        outage?.failed(error)
        return undefined
      }
    },
    async set (key, value) {
      const started = performance.now()
      try {
        await withTimeout(redis.set(key, JSON.stringify(value), 'EX', ttlSeconds), timeoutMs)
        metrics?.('cache_set', performance.now() - started, 'ok')
        outage?.succeeded()
      } catch (error) {
        metrics?.('cache_set', performance.now() - started, error instanceof CacheTimeout ? 'timeout' : 'error')
        outage?.failed(error)
      }
    }
  }
}

/**
 * The in-process tier in front of Redis: the most recently used results, each for `ttlMs` at most.
 * Popular questions repeat; answering them from memory spares a search (or a Redis round trip)
 * per turn. Keys carry the content version, so an ingest in this process never serves stale results;
 * the short lifetime bounds staleness after another replica re-ingests a shared (Pinecone) index.
 */
export function createMemoCache (options: { maxEntries: number, ttlMs: number, now?: () => number }): {
  get: (key: string) => CachedRetrieval | undefined
  set: (key: string, value: CachedRetrieval) => void
} {
  const { maxEntries, ttlMs } = options
  const now = options.now ?? Date.now
  const entries = new BoundedMap<string, { value: CachedRetrieval, expiresAt: number }>(maxEntries)
  return {
    get (key) {
      const entry = entries.get(key)
      if (entry === undefined) return undefined
      entries.delete(key)
      if (entry.expiresAt <= now()) return undefined
      entries.set(key, entry)
      return entry.value
    },
    set (key, value) {
      if (maxEntries <= 0) return
      entries.delete(key)
      entries.set(key, { value, expiresAt: now() + ttlMs })
    }
  }
}

function parseCached (raw: string): CachedRetrieval | undefined {
  const value = JSON.parse(raw) as Partial<CachedRetrieval>
  if (!Array.isArray(value.passages) || typeof value.found !== 'boolean') return undefined
  return { passages: value.passages, found: value.found }
}

class CacheTimeout extends Error {
  constructor (timeoutMs: number) {
    super(`redis did not answer within ${timeoutMs} ms`)
    this.name = 'CacheTimeout'
  }
}

async function withTimeout<T> (promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new CacheTimeout(timeoutMs)), timeoutMs)
  })
  // A late rejection of the abandoned call must not surface as an unhandled rejection.
  promise.catch(() => {})
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
