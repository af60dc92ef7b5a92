// npm run bench:heap — does the service's heap grow with the conversations (issue 10's soak)?
//  (1) One service process (node src/server.ts, WORKERS=1, Redis and the load test's fakes from
//      bench/loadtest/vendors.ts, the model answering in 5 ms so a turn is the service's own work) and
//      BENCH_HEAP_USERS (24) users taking conversations of BENCH_HEAP_TURNS (2) turns one after another,
//      every question with its own number as the load test's ("Apa itu TPB? (#1234)"), so a cache keyed
//      by what users type meets a new word every turn; BENCH_HEAP_SSE (0.2) of the turns streamed. No
//      voice turns: the fake transcriber gives one fixed transcript, no new word. At each of
//      BENCH_HEAP_CHECKPOINTS (4000,10000,16000 conversations) V8's heap used after a full collection
//      (bench/inspector.ts). Up to ~10,000 conversations the bounded caches fill (+1.1–1.9 MB by then);
//      the verdict is the growth between the last two checkpoints, per 1,000 conversations, against
//      HEAP_BOUND_KB. Before 399659b two unbounded caches grew 210–660 kB per 1,000 conversations here.
//  (2) In this process: what the caches' bound costs a lookup (bench/cache-cost.ts).
// BENCH_HEAP_PARTS=1 or 2 runs one part (default 1,2; 3.5–6 minutes in all). Prints figures, asserts nothing.
// Longer: BENCH_HEAP_CHECKPOINTS=10000,30000,60000 (2,000–3,000 conversations a minute on the 2-core machine).
import { cacheCostRows } from './cache-cost.ts'
import { fmt, loadAverage, startService } from './helpers.ts'
import { heapUsedAfterGc, inspectorUrl } from './inspector.ts'
import { KEY, QUESTIONS, num } from './loadtest/config.ts'
import { send, tally } from './loadtest/toolkit.ts'
import { classify, type Kind } from './loadtest/users.ts'
import { drainFakes, modelTaking, startVendors, stopVendors } from './loadtest/vendors.ts'

const CHECKPOINTS = (process.env.BENCH_HEAP_CHECKPOINTS ?? '4000,10000,16000').split(',').map(Number)
if (CHECKPOINTS.length < 2 || CHECKPOINTS.some((count, index) => !(count > (CHECKPOINTS[index - 1] ?? 0)))) {
  throw new Error('BENCH_HEAP_CHECKPOINTS must be two or more rising numbers of conversations, e.g. 4000,10000,16000')
}
const USERS = Math.max(1, Math.round(num('BENCH_HEAP_USERS', 24)))
const TURNS = Math.max(1, Math.round(num('BENCH_HEAP_TURNS', 2)))
const SSE_SHARE = num('BENCH_HEAP_SSE', 0.2)
const PARTS = new Set((process.env.BENCH_HEAP_PARTS ?? '1,2').split(',').map((part) => part.trim()))
/**
 * Growth allowed per 1,000 conversations between the last two checkpoints: 29–38 kB after the fix,
 * 210–430 kB before it (the unbounded Maps grow their tables in steps), docs/benchmarks.md 2026-12-06.
 */
const HEAP_BOUND_KB = 100
const MODEL_MS = 5

/** Part (1): the table's rows, printed as they come, and the verdict line. */
async function heapPerConversation (): Promise<{ rows: string[][], verdict: string }> {
  const vendors = await startVendors()
  vendors.primary.setRespond(modelTaking(MODEL_MS, 0))
  // The fakes record every request; nothing here reads them, and this process shares the cores.
  const forget = setInterval(() => { drainFakes(vendors) }, 1000)
  const service = await startService({ ...vendors.env, WORKERS: '1' }, undefined, ['--inspect=127.0.0.1:0'])
  const inspector = inspectorUrl(service.output())

  let nextQuestion = 0
  let conversations = 0
  let turns = 0
  let errors = 0
  const failures: Array<string | number> = []
  const turn = async (conversation: string): Promise<void> => {
    const id = nextQuestion++
    const kind: Kind = Math.random() < SSE_SHARE ? 'sse' : 'text'
    const body = JSON.stringify({ message: `${QUESTIONS[id % QUESTIONS.length] as string} (#${id})` })
    const outcome = await send(service.port, 'POST', '/v1/chat', {
      'x-api-key': KEY,
      'x-conversation-id': conversation,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...(kind === 'sse' ? { accept: 'text/event-stream' } : {})
    }, body, 60_000)
    turns++
    const { status, ok } = classify(kind, outcome)
    if (!ok) {
      errors++
      failures.push(status)
    }
  }

  const rows: string[][] = []
  const heaps: number[] = []
  const started = performance.now()
  for (const target of CHECKPOINTS) {
    await Promise.all(Array.from({ length: USERS }, async () => {
      while (conversations < target) {
        const conversation = `heap-c${conversations++}`
        for (let index = 0; index < TURNS; index++) await turn(conversation)
      }
    }))
    const heap = await heapUsedAfterGc(inspector)
    const previous = heaps.at(-1)
    heaps.push(heap)
    const row = [target.toLocaleString('en'), turns.toLocaleString('en'), String(errors), `${fmt(heap / 1e6, 2)} MB`,
      previous === undefined ? '—' : `${heap >= previous ? '+' : ''}${fmt((heap - previous) / 1e6, 2)} MB`, `${fmt((performance.now() - started) / 1000, 0)} s`]
    rows.push(row)
    console.log(`| ${row.join(' | ')} |`) // as soon as measured: a run stopped early loses nothing
  }
  clearInterval(forget)
  await service.stop()
  await stopVendors(vendors)

  const [before, last] = CHECKPOINTS.slice(-2) as [number, number]
  const perThousandKb = ((heaps.at(-1) as number) - (heaps.at(-2) as number)) / 1000 / ((last - before) / 1000)
  const failed = failures.length === 0 ? '' : `; failed turns: ${tally(failures)}`
  return {
    rows,
    verdict: `growth ${before.toLocaleString('en')} → ${last.toLocaleString('en')} conversations: ${fmt(perThousandKb, 0)} kB per 1,000 conversations ` +
      `(${fmt(perThousandKb / TURNS, 0)} B a turn): ${perThousandKb <= HEAP_BOUND_KB ? 'within' : 'ABOVE'} the bound of ${HEAP_BOUND_KB} kB per 1,000 conversations${failed}`
  }
}

const loadBefore = loadAverage()
const heap = PARTS.has('1') ? await heapPerConversation() : undefined
const cost = PARTS.has('2') ? cacheCostRows() : undefined

console.log(`\nbench:heap — Node ${process.version}, load average ${loadBefore} at the start, ${loadAverage()} at the end`)
if (heap !== undefined) {
  console.log(`\n(1) one service (WORKERS=1, Redis), ${USERS} users, ${TURNS} turns a conversation, ${Math.round(SSE_SHARE * 100)} % streamed, ` +
    `model ${MODEL_MS} ms a call, every question with its own number\n`)
  console.log('| conversations | turns | errors | V8 heap used after a full collection | change | elapsed |')
  console.log('| --- | --- | --- | --- | --- | --- |')
  for (const row of heap.rows) console.log(`| ${row.join(' | ')} |`)
  console.log(`\n${heap.verdict}`)
  console.log('longer: BENCH_HEAP_CHECKPOINTS=10000,30000,60000 npm run bench:heap (2,000–3,000 conversations a minute here); one run is one figure: compare alternating runs')
}
if (cost !== undefined) {
  console.log('\n(2) a cache of what users type: get, and set on a miss\n')
  console.log('| stream | plain Map (no bound) | BoundedMap(10,000) |')
  console.log('| --- | --- | --- |')
  for (const row of cost) console.log(`| ${row.join(' | ')} |`)
}
process.exit(0)
