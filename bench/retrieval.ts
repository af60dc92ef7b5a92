// Local store benchmark on synthetic Indonesian-like corpora of 1k, 10k and 100k chunks: query latency
// (p50/p95 of the full lexical ranking, k = 10), ingestion throughput (through the same
// per-document replace path the ingester uses) and index memory (heap growth).
//   node bench/retrieval.ts [--engine=orama|minisearch|both] [sizes...]   e.g. node bench/retrieval.ts 1000 10000
// Query CPU time (process.cpuUsage) is reported beside wall-clock latency: it survives a busy machine.
// Targets: p50 ≤ 2 ms at 10k chunks and ≤ 20 ms at 100k; ingestion ≥ 2,000 chunks/s.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { LocalStore } from '../src/services/retrieval/local/store.ts'
import { chunkId } from '../src/services/retrieval/chunking.ts'
import type { Chunk } from '../src/services/retrieval/types.ts'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** mulberry32: small, fast, deterministic. */
function random (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ONSETS = ['b', 'c', 'd', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'w', 'y', 'ng', 'ny', 'kr', 'tr', 'pr', 'st']
const VOWELS = ['a', 'i', 'u', 'e', 'o', 'a', 'i', 'a']
const CODAS = ['', '', '', 'n', 'ng', 'r', 'k', 's', 't', 'l', 'h', 'm']
const PREFIXES = ['', '', '', '', 'me', 'ber', 'di', 'pe', 'ter', 'ke', 'se']
const SUFFIXES = ['', '', '', '', 'an', 'kan', 'i', 'nya', 'lah']

/** A vocabulary of roots, some with Indonesian affixes so the stemmer has work to do. */
function vocabulary (size: number, rand: () => number): string[] {
  const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)]
  const words = new Set<string>()
  while (words.size < size) {
    let root = ''
    const syllables = 2 + Math.floor(rand() * 2)
    for (let i = 0; i < syllables; i++) root += pick(ONSETS) + pick(VOWELS) + (i === syllables - 1 ? pick(CODAS) : '')
    words.add(pick(PREFIXES) + root + pick(SUFFIXES))
  }
  return [...words]
}

/** Zipf-like sampler (s ≈ 1): a few very common words, a long tail of rare ones. */
function zipf (words: string[], rand: () => number): () => string {
  const cumulative: number[] = []
  let total = 0
  for (let i = 0; i < words.length; i++) {
    total += 1 / (i + 1)
    cumulative.push(total)
  }
  return () => {
    const target = rand() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid] < target) lo = mid + 1
      else hi = mid
    }
    return words[lo]
  }
}

const CHUNKS_PER_DOCUMENT = 10
const WORDS_PER_CHUNK = 120 // ≈ 850 characters, close to the default chunk size of 1,000

function corpus (chunks: number, seed: number): { documents: Array<{ path: string, chunks: Chunk[] }>, queries: string[] } {
  const rand = random(seed)
  const words = vocabulary(20_000, rand)
  const word = zipf(words, rand)
  const sentence = (n: number): string => Array.from({ length: n }, word).join(' ')
  const documents: Array<{ path: string, chunks: Chunk[] }> = []
  for (let d = 0; d * CHUNKS_PER_DOCUMENT < chunks; d++) {
    const path = `bench/dokumen-${d}.md`
    const title = sentence(4)
    const count = Math.min(CHUNKS_PER_DOCUMENT, chunks - d * CHUNKS_PER_DOCUMENT)
    documents.push({
      path,
      chunks: Array.from({ length: count }, (_, position) => ({
        id: chunkId(path, position),
        text: sentence(WORDS_PER_CHUNK),
        metadata: { source: `https://www.itb.ac.id/bench/${d}`, path, title, section: sentence(3), position, language: 'id' }
      }))
    })
  }
  // Queries mix common and rarer words, as real questions do (2–5 content words).
  const queries = Array.from({ length: 300 }, () => {
    const n = 2 + Math.floor(rand() * 4)
    return Array.from({ length: n }, () => (rand() < 0.5 ? word() : words[Math.floor(rand() * 5000)])).join(' ')
  })
  return { documents, queries }
}

function percentile (sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

type Engine = 'orama' | 'minisearch'

async function run (size: number, engine: Engine, warmUp = false): Promise<void> {
  const { documents, queries } = corpus(size, 20260115 + size)
  gc()
  const heapBefore = process.memoryUsage().heapUsed
  const store = new LocalStore({ lexicalEngine: engine })
  const started = performance.now()
  for (const document of documents) store.replaceDocument(document.path, document.chunks)
  const ingestSeconds = (performance.now() - started) / 1000
  gc()
  const heapAfter = process.memoryUsage().heapUsed

  for (const query of queries.slice(0, 30)) await store.searchPassages(query, { k: 10, minScore: 0 })
  const durations: number[] = []
  const cpu: number[] = []
  let found = 0
  for (const query of queries) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    const hits = await store.searchPassages(query, { k: 10 })
    durations.push(performance.now() - t0)
    const used = process.cpuUsage(c0)
    cpu.push((used.user + used.system) / 1000)
    if (hits.length > 0) found += 1
  }
  cpu.sort((a, b) => a - b)
  durations.sort((a, b) => a - b)
  if (warmUp) return
  const mb = (heapAfter - heapBefore) / 1024 / 1024
  console.log(
    `${engine.padEnd(10)} ${String(size).padStart(7)} chunks | ingest ${(size / ingestSeconds).toFixed(0).padStart(6)} chunks/s (${ingestSeconds.toFixed(2)} s)` +
    ` | query p50 ${percentile(durations, 50).toFixed(2)} ms, p95 ${percentile(durations, 95).toFixed(2)} ms` +
    ` (CPU p50 ${percentile(cpu, 50).toFixed(2)} ms, p95 ${percentile(cpu, 95).toFixed(2)} ms)` +
    ` (${queries.length} queries, ${found} found) | index heap +${mb.toFixed(0)} MB (${(mb * 1024 * 1024 / size / 1024).toFixed(1)} KB/chunk)`
  )
}

const args = process.argv.slice(2)
const engineArg = args.find((arg) => arg.startsWith('--engine='))?.slice('--engine='.length) ?? 'orama'
if (!['orama', 'minisearch', 'both'].includes(engineArg)) throw new Error(`unknown --engine=${engineArg} (orama, minisearch or both)`)
const engines: Engine[] = engineArg === 'both' ? ['orama', 'minisearch'] : [engineArg as Engine]
const sizes = args.map(Number).filter((n) => n > 0)
console.log(`local store benchmark: ${WORDS_PER_CHUNK} words per chunk, ${CHUNKS_PER_DOCUMENT} chunks per document, Node ${process.version}`)
for (const engine of engines) await run(500, engine, true) // warm-up: lets the JIT compile the hot paths first
// Engines interleaved per size, so both are measured under the same machine load.
for (const size of sizes.length > 0 ? sizes : [1_000, 10_000, 100_000]) {
  for (const engine of engines) await run(size, engine)
}
