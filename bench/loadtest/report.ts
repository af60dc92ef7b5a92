// The report of a run: the table of rows with a verdict each, printed with the machine and the
// parameters, and written with the explanation of every row to docs/performance.md (LOADTEST_OUTPUT).
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { cpus, release, totalmem } from 'node:os'
import { fmt } from '../helpers.ts'
import {
  B_ENV, B_NODE_ARGS, CHUNK_MS, EMOTION_MS, FAULT_SECONDS, LLM_MS, LLM_TIMEOUT_S, OUTPUT, RECOVERY_TARGET_S, REDIS_OUTAGE_MS, SECONDS, SSE_SHARE, STT_MS,
  TEXT_P99_TARGET_MS, THINK_MS, TTS_SENTENCE_MS, USERS, VOICE_P99_TARGET_MS, VOICE_SHARE, WARMUP_SECONDS
} from './config.ts'
import type { Row } from './figures.ts'
import { log } from './process.ts'

/** Prints the table and writes the report; returns how many verdicts failed. */
export function writeReport (rows: Row[], runStarted: number, logFiles: string[]): number {
  const verdict = (pass: boolean | null): string => pass === null ? 'n/a' : pass ? 'PASS' : '**FAIL**'
  const table = ['| check | figures | target | verdict |', '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.check} | ${row.figures.replace(/\|/g, '\\|')} | ${row.target} | ${verdict(row.pass)} |`)].join('\n')
  const durationMin = (Date.now() - runStarted) / 60_000
  const failures = rows.filter((row) => row.pass === false).length
  const tool = (command: string, args: string[]): string => { try { return execFileSync(command, args, { encoding: 'utf8' }).split('\n')[0].trim() } catch { return 'unknown' } }
  const machine = `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GB RAM, ` +
    `Linux ${release()}, ${tool('redis-server', ['--version']).replace(/ sha=.*/, '')}`
  const parameters = `LOADTEST_SECONDS=${SECONDS}, LOADTEST_WARMUP_SECONDS=${WARMUP_SECONDS}, LOADTEST_USERS=${USERS}, LOADTEST_FAULT_SECONDS=${FAULT_SECONDS}, ` +
    `LOADTEST_VOICE_SHARE=${VOICE_SHARE}, LOADTEST_SSE_SHARE=${SSE_SHARE}, LOADTEST_THINK_MS=${THINK_MS}` +
    (Object.keys(B_ENV).length === 0 ? '' : `; instance B only: LOADTEST_B_ENV='${Object.entries(B_ENV).map(([name, value]) => `${name}=${value}`).join(' ')}'`) +
    (B_NODE_ARGS.length === 0 ? '' : `; instance B only: LOADTEST_B_NODE_ARGS='${B_NODE_ARGS.join(' ')}'`)

  console.log(`\nloadtest — ${new Date().toISOString()}, ${machine}\n${parameters}; run took ${fmt(durationMin, 1)} min; service logs: ${logFiles.join(', ')}\n`)
  console.log(table)
  console.log(`\n${failures === 0 ? 'every verdict passed' : `${failures} verdict(s) failed`}`)

  const defaultMinutes = Math.round((30 + 600 + 45 + 40 * 5 + 60) / 60)
  const doc = `# Performance and resilience (\`npm run loadtest\`)

Latest run: **${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC** on ${machine}.
Parameters: ${parameters}. The run took ${fmt(durationMin, 1)} minutes; ${failures === 0 ? 'every verdict passed' : `**${failures} verdict(s) failed**`}.

${table}

## How to run it

\`\`\`sh
npm run loadtest                          # the full run: warm-up, 10-minute soak, fault phases (~${defaultMinutes} min)
LOADTEST_SECONDS=60 npm run loadtest      # a quick run (~4 min; warm-up and fault phases shrink with it)
\`\`\`

It needs \`redis-server\`, \`ffmpeg\` and \`espeak-ng\` (like \`npm test\`), is not part of \`npm test\`, uses only
127.0.0.1 and stops by itself (every loop is bounded in time; a watchdog ends the run). It prints the table and
overwrites this file (\`LOADTEST_OUTPUT=path\` writes elsewhere); the services' own logs are kept in the temp
directory (paths printed), and \`LOADTEST_SAMPLES=path\` writes every turn as JSON lines. Exit code 0 when every
verdict passed, 1 otherwise. Knobs: \`LOADTEST_SECONDS\` (soak, 600), \`LOADTEST_WARMUP_SECONDS\` (soak / 4, at most
30), \`LOADTEST_USERS\` (100), \`LOADTEST_FAULT_SECONDS\` (soak / 15, between 15 and 45; the Redis phase lasts at
least 45 s, the dependency phases at least 20 s), \`LOADTEST_VOICE_SHARE\` (0.1), \`LOADTEST_SSE_SHARE\` (share of
text turns sent with \`Accept: text/event-stream\`, 0.2), \`LOADTEST_THINK_MS\` (mean pause between a user's turns,
1000, drawn from 0.5–1.5×; a failed turn waits 0.5 s more). For diagnosis, \`LOADTEST_B_ENV\` gives instance B more
environment variables (e.g. \`LOADTEST_B_ENV='MALLOC_ARENA_MAX=2'\`: two allocator settings side by side under the same
load; the parameters line then names them), and \`LOADTEST_B_NODE_ARGS\` node options (e.g.
\`LOADTEST_B_NODE_ARGS='--heap-growing-percent=0'\`, V8's own heap growth beside the service's setting).

## What runs

- **Redis**: a private \`redis-server\` with \`appendonly yes\`, \`appendfsync always\`.
- **Two service processes** (\`node src/server.ts\`, the production entry point) on that Redis, with
  \`RATE_LIMIT_ENABLED=false\`, \`LLM_TIMEOUT=${LLM_TIMEOUT_S}\`, \`LOG_LEVEL=warn\`, a temporary \`DATA_DIR\` holding the
  local index (built by \`scripts/ingest.ts\` before they start, so both load it and start alike), everything
  else at its default (\`SHUTDOWN_TIMEOUT=10\`, \`EMOTION_TIMEOUT=3\`, \`MAX_EVENT_LOOP_DELAY=1000\`). The load
  generator is the load balancer: round-robin per request over keep-alive connections, skipping an instance
  marked down.
- **Fakes** (\`test/support/fakes/\`, in the load generator's process): primary (\`TOGETHER_*\`) and fallback
  (\`OPENAI_*\`) OpenAI-compatible models, ${LLM_MS} ms per call (a turn is one call, the answer: the service
  searches before calling the model; streamed word by word ${CHUNK_MS} ms apart when the service streams); Prosa
  speech-to-text (${STT_MS} ms after the audio); emotion (${EMOTION_MS} ms); Prosa text-to-speech (${TTS_SENTENCE_MS} ms per sentence;
  answers have two sentences). Speech-to-text, speech synthesis and emotion sit behind a switchable TCP
  proxy, so a phase can put a failing fake, or nothing at all, behind the address the service was given.
- **Users**: each has its own conversation and starts a new one every 8–12 turns; 90 % of turns are
  text (\`POST /v1/chat\`, a share of them as SSE), 10 % voice (\`POST /v1/audio\`, one pre-made espeak-ng WAV
  of "Apa saja fakultas di ITB?"). Every 200 goes into a ledger (the question, per conversation).
- **Order**: warm-up, soak, then the fault phases one after the other under the same continued load.

## What each row means

- **Warm-up** — the first seconds after a cold start (JIT, lazy loading, 100 users arriving within 2 s);
  reported, not judged, and kept out of the soak figures.
- **Quiet vs. whole soak** — the machine may be shared. Every 10 s the load generator reads how much of
  the machine's CPU went to other work (everything but this test's own processes: the load generator and
  its fakes, the services with their ffmpeg children, Redis). Turns started in a 10 s where other work took
  more than 15 % of the machine are "contended"; the latency and error verdicts are on the quiet turns (and
  are n/a when quiet time is less than half the soak). Both are printed.
- **Soak: text turns (JSON / SSE), voice turns** — client-side latency of the successful turns of the
  soak (no faults), p50/p95/p99, next to the fakes' own floor. For JSON text turns the service's own
  \`exec_time\` is split into model time and the rest (retrieval, Redis, locks, checkpointing). Targets
  (quiet): p99 ≤ ${TEXT_P99_TARGET_MS / 1000} s text, ≤ ${VOICE_P99_TARGET_MS / 1000} s voice (the floor plus a budget for the service).
- **Soak: errors, throughput** — every non-200 by status and code (\`sse 503 …\` = an SSE \`error\` event,
  \`timeout\`/\`ECONNRESET\` = client side), quiet and contended, turns per second, and how busy the
  machine was (on average, and the busiest 10 s of other work). Target: no error when quiet; when other
  work starves the services only \`503 OVERLOADED\` (their designed load shedding) is acceptable.
- **Soak: Redis write latency** — once a second the load generator times a \`SET\` on a fresh connection
  to the same Redis (with \`appendfsync always\` the reply waits for the fsync): whether Redis or the disk,
  rather than the service, was slow. Reported, not judged.
- **Soak: memory, CPU of instance A/B** — \`VmRSS\` every 10 s: first, last and largest sample, and the
  least-squares slope over the soak, its second half and its last third; the verdict is on the second half
  (≤ 1 MB/min: no growth trend). From \`/metrics\` at the same moments: the V8 heap
  (\`nodejs_heap_size_used_bytes\`; its per-minute minimum, which follows the live set rather than the GC
  cycle), external memory (Buffers), and event-loop lag (\`nodejs_eventloop_lag_*\`: the median of the
  per-10-s p99 and the worst per-10-s max). From \`/proc/PID/smaps\` at the same moments: what the RSS change
  over the second half is made of, by region (V8's heap pages, its JIT code, glibc's main heap and thread
  arenas, other anonymous memory such as V8's large objects, buffers mapped on their own and WebAssembly
  memory, mapped files; \`bench/loadtest/memory-regions.ts\`). CPU per turn is the process's user+system CPU divided by the
  turns it served (ffmpeg children not included).
- **Fault: Redis restarted** — Redis is stopped (SIGTERM), left down ${REDIS_OUTAGE_MS / 1000} s and started again on the same data
  directory (AOF). Right after the phase every conversation with a turn acknowledged during it is read
  back: each acknowledged question must be stored, in order. "Normal again" is when the last affected turn
  (an error, or a success slower than the larger of 1.5× and 1 s over the soak's p99 for its kind) ended, counted from when Redis was back: serving writes again, not merely listening (it answers LOADING while it replays its append-only file, which the soak makes large; that time is printed beside it) (target ≤
  ${RECOVERY_TARGET_S} s). \`/ready\` is polled every 250 ms on both instances: it must answer 503 throughout the outage
  and be 200 again (for good) within ${RECOVERY_TARGET_S} s after Redis is back.
- **Fault: primary LLM down** — the primary fake answers HTTP 500 for the first half of the fault window,
  then never answers (each call fails over after \`LLM_TIMEOUT\`). Success rate of the turns started in the
  window, text latency, and the increase of \`itb_llm_failovers_total\` summed over both instances.
- **Fault: speech-to-text / speech synthesis / emotion down** — the dependency closes every session with
  code 1011 (emotion: answers HTTP 500) for the first half of the window, then is stopped (connection
  refused; emotion: answers only after 5 s, beyond \`EMOTION_TIMEOUT\`). Judged are the voice turns that
  started after the fault began and ended before it was repaired: a clear 502/503 (speech-to-text), a 200
  with \`audio: null\` and a warning (synthesis), a 200 with emotion \`neutral\` and a warning (emotion). Text
  turns meanwhile must all succeed, and voice turns after the repair too.
- **Fault: SIGTERM** — instance B is marked down in the client (no new requests), then sent SIGTERM while
  it has requests in flight: every one of them must complete with a 200, the process must exit 0, and
  instance A must serve every turn meanwhile.
- **Ledger** — after the run every conversation is read back (\`GET /v1/conversations/:id\`) and every
  acknowledged question must be stored, in order.
- **Whole run** — all turns, HTTP 500s (by phase) and client timeouts (none expected anywhere, faults
  included), the services' error log lines by message, and the load generator's own health (event-loop
  delay, CPU): if it were saturated the latencies above would be its own.
`
  writeFileSync(OUTPUT, doc)
  log(`wrote ${OUTPUT}`)
  return failures
}
