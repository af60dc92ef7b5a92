// npm run loadtest — a soak and fault-injection run of the real service on loopback (figures only;
// not part of `npm test`). Everything runs on 127.0.0.1: a private redis-server with AOF (fsync
// always), fakes of every dependency with realistic latencies, and two service processes on that
// Redis behind a round-robin client (the "load balancer": it skips an instance marked down).
//
//  1. Soak: LOADTEST_USERS (100) users for LOADTEST_SECONDS (600) after a short warm-up, each on its
//     own conversation (a new one every ~10 turns): 90 % text turns (a share of them as SSE), 10 %
//     voice turns. Latency p50/p95/p99 per kind, errors by status, throughput, service RSS and heap
//     every 10 s (start, end, max, least-squares slope), CPU per turn.
//  2. Faults under continued load, LOADTEST_FAULT_SECONDS each: Redis restart, primary LLM down (500,
//     then hanging), STT down, TTS down, emotion down, SIGTERM of one instance with requests in flight.
//  3. One markdown table, printed and written to docs/performance.md (LOADTEST_OUTPUT).
//
//   LOADTEST_SECONDS=60 npm run loadtest      # quick run (fault phases shrink with it)
//
// The pieces: config.ts (parameters), process.ts (children, watchdog, clock), vendors.ts (the fakes
// and Redis), users.ts (the service instances and the simulated users), monitor.ts (10 s ticks, Redis
// probe), phases.ts (phases, faults, read-back), figures.ts and fault-figures.ts (the rows), report.ts.
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { speak } from '../../test/support/helpers/audio-fixtures.ts'
import {
  expectedSeconds, FAULT_SECONDS, REQUEST_TIMEOUT_MS, SAMPLES_FILE, SECONDS, THINK_MS, USERS, VERIFY_MAX, VOICE_SHARE, WARMUP_SECONDS, WATCHDOG_MS
} from './config.ts'
import { faultRows } from './fault-figures.ts'
import { soakRows } from './figures.ts'
import { cpuSnapshot, startMonitor } from './monitor.ts'
import { phase, runFaults, verify } from './phases.ts'
import { installSafety, log, now, startClock } from './process.ts'
import { writeReport } from './report.ts'
import { multipartBody } from './toolkit.ts'
import { createLoad, startInstances } from './users.ts'
import { startVendors, stopVendors } from './vendors.ts'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
process.chdir(ROOT)
installSafety(WATCHDOG_MS)

// Dependencies and the two service instances
const runStarted = Date.now()
log(`loadtest: ${USERS} users, warm-up ${WARMUP_SECONDS} s, soak ${SECONDS} s, fault phases ${FAULT_SECONDS} s, voice ${VOICE_SHARE * 100} %, ` +
  `think ${THINK_MS} ms (expected ~${Math.round(expectedSeconds / 60)} min)`)
const vendors = await startVendors()
startClock()
const instances = await startInstances(vendors.env)
log(`service A on :${instances[0].port} (pid ${instances[0].pid}), B on :${instances[1].port} (pid ${instances[1].pid}), redis ${vendors.redis.url}`)
const wav = await speak('Apa saja fakultas di ITB?')
const voice = multipartBody('audio', 'question.wav', 'audio/wav', wav)

// Load and monitoring
const load = createLoad(instances, voice, runStarted)
const monitor = await startMonitor(instances, vendors)
const users = Array.from({ length: USERS }, async (_, index) => { await load.user(index) })

// Phases: each records its marks; the figures are computed at the end, once every turn has finished.
const warmup = await phase('warm-up', WARMUP_SECONDS)
const soakCpuStart = cpuSnapshot()
const soak = await phase('soak', SECONDS)
const soakCpuEnd = cpuSnapshot()
const faults = await runFaults(instances, load, vendors)

// Wind down: stop the users (every turn finishes), read every conversation back.
load.control.stopping = true
log('stopping the users')
await Promise.race([Promise.all(users), sleep(REQUEST_TIMEOUT_MS + 5000)])
monitor.stop()
await monitor.sampleTick()
const loadEnded = now()
const allConversations = [...load.ledger.keys()]
const toVerify = allConversations.length <= VERIFY_MAX ? allConversations : allConversations.sort(() => Math.random() - 0.5).slice(0, VERIFY_MAX)
log(`reading back ${toVerify.length} conversations`)
const finalLedger = await verify(instances, load.ledger, toVerify, 300_000)
const cpuUsed = process.cpuUsage(monitor.cpuStart)
if (SAMPLES_FILE !== undefined) {
  const { redisPhase, llmPhase, sttPhase, ttsPhase, emotionPhase, sigtermPhase, readyPolls } = faults
  const phases = [warmup, soak, redisPhase, llmPhase, sttPhase, ttsPhase, emotionPhase, sigtermPhase]
  writeFileSync(SAMPLES_FILE, [JSON.stringify({ phases, ticks: monitor.ticks, probes: monitor.probes, readyPolls }), ...load.samples.map((s) => JSON.stringify(s))].join('\n') + '\n')
}

// Figures
const run = {
  instances,
  samples: load.samples,
  ticks: monitor.ticks,
  probes: monitor.probes,
  warmup,
  soak,
  soakCpuStart,
  soakCpuEnd,
  faults,
  finalLedger,
  verified: toVerify.length,
  conversations: allConversations.length,
  loadEnded,
  cpuUsed,
  loopDelay: monitor.loopDelay,
  vendors
}
const soakFigures = soakRows(run)
const rows = [...soakFigures.rows, ...faultRows(run, soakFigures.stallBound)]

// Clean up, report
const stamp = new Date(runStarted).toISOString().replace(/[:.]/g, '-')
const logFiles = instances.map((instance) => {
  const file = join(tmpdir(), `itb-loadtest-${stamp}-${instance.name}.log`)
  writeFileSync(file, instance.service.output())
  return file
})
for (const instance of instances) if (instance.up) await instance.service.stop()
await stopVendors(vendors)
const failures = writeReport(rows, runStarted, logFiles)
process.exit(failures === 0 ? 0 : 1)
