// npm run bench:chat — the text pipeline's own cost, against a fake OpenAI-compatible model on
// loopback (the service runs in its own process, the model fake and the load in this one).
//  (a) model 500 ms per call, 200 users for BENCH_SECONDS (60), each thinking 1–3 s between turns
//      (arrivals spread over the first 3 s): latency minus model time p50/p95/p99, errors, turns/s;
//      once with one process, once with WORKERS=2;
//  (s) the seed prototype's load test: 100 users thinking 1–3 s, model 1 s per call: latency
//      p50/p95/p99 and errors;
//  (b) instant model, 32 turns in flight, no think time (saturation): turns/s and CPU ms per turn,
//      next to a bare Fastify route in the same run, then WORKERS=2 with where the two cores went
//      (bench/chat-saturation.ts: its own services, a light load generator and model stand-in);
//  (c) time to first SSE token minus the model's own first-token time;
//  (d) the floor the stack sets: CPU per LangGraph run and per model call, measured in this
//      process against the same fake (a turn is one graph run with one model call: the search runs
//      before it), stock (ChatOpenAI, the built-in fetch) and as the service runs them: its light
//      per-step context (src/services/rag/run-context.ts), its chat model
//      (src/services/rag/chat-completions.ts) and its fetch over node:http (src/services/node-fetch.ts).
// BENCH_REDIS=1 keeps conversations in a Redis started for the run (the WORKERS=2 rows always use one:
// the service refuses several processes without Redis).
// BENCH_ROWS=a,s,b,c,d picks rows (default all); BENCH_NODE_ARGS='--max-semi-space-size=32 …' are
// more Node flags for every service started (A/B of V8 settings).
// BENCH_CHAT_LOG=file receives the one-process service's output (with BENCH_NODE_ARGS=--trace-gc: its pauses).
// BENCH_CPU_PROF=dir runs the one-process service under --cpu-prof (a .cpuprofile written into dir at
// the end; open it in Chrome DevTools or https://www.speedscope.app): where a turn's CPU goes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages'
import { END, MemorySaver, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph'
import { ChatOpenAI } from '@langchain/openai'
import { startFakeChat, type ChatRequest, type Reply } from '../test/support/fakes/openai-chat.ts'
import { startRedis } from '../test/support/helpers/redis-server.ts'
import { createNodeFetch } from '../src/services/node-fetch.ts'
import { ChatCompletions } from '../src/services/rag/chat-completions.ts'
import { installLightRunContext } from '../src/services/rag/run-context.ts'
import { call, fmt, percentile, settle, startService, users } from './helpers.ts'
import { saturation } from './chat-saturation.ts'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60)
const KEY = 'bench-key-0123456789'
let modelDelayMs = 500

// Answers from the passages it is given (the service searches before calling it): one call a turn.
const MODEL_CALLS_PER_TURN = 1
const model = (request: ChatRequest): Reply => request.toolResults.length === 0
  ? { toolCalls: [{ name: 'fetch_documents', arguments: { search_query: request.lastUserText } }], delayMs: modelDelayMs }
  : { content: 'ITB didirikan pada 3 Juli 1920 dengan nama Technische Hoogeschool te Bandoeng [1]. Kampus utamanya berada di Jalan Ganesa 10 Bandung [1].', delayMs: modelDelayMs }

const QUESTIONS = ['Kapan ITB didirikan?', 'Di mana kampus Ganesha?', 'Apa itu TPB?', 'Bagaimana cara mendaftar lewat SNBP?', 'Apa saja program studi di STEI?']

const fake = await startFakeChat({ apiKey: 'bench', respond: model })
// The fake records every request (bodies included) for tests; nothing here reads them, and tens of
// thousands of them would slow this process, which shares the cores with the service. Drop them.
const forget = setInterval(() => { fake.reset() }, 1000)
const dataDir = mkdtempSync(join(tmpdir(), 'itb-bench-'))
const redis = process.env.BENCH_REDIS === '1' ? await startRedis() : undefined
const serviceEnv = {
  API_KEYS: KEY,
  TOGETHER_API_KEY: 'bench',
  TOGETHER_BASE_URL: fake.baseURL,
  RATE_LIMIT_ENABLED: 'false',
  MAX_EVENT_LOOP_DELAY: '0',
  DATA_DIR: dataDir,
  LLM_TIMEOUT: '30',
  MAX_CONVERSATIONS: '100000',
  ...(redis === undefined ? {} : { REDIS_URL: redis.url })
}
let clusterRedis = redis
/** The service's environment for WORKERS=2, with a Redis started for it if the run has none. */
async function clusterEnv (): Promise<Record<string, string>> {
  clusterRedis ??= await startRedis()
  return { ...serviceEnv, WORKERS: '2', REDIS_URL: clusterRedis.url }
}
const ROWS = new Set((process.env.BENCH_ROWS ?? 'a,s,b,c,d').split(',').map((row) => row.trim()))
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg !== '')
const profileDir = process.env.BENCH_CPU_PROF
const service = await startService(serviceEnv, undefined, [...NODE_ARGS, ...(profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`])])

const chat = async (conversation: string, question: string, accept?: string) => await call(service.port, 'POST', '/v1/chat', {
  'content-type': 'application/json',
  'x-api-key': KEY,
  'x-conversation-id': conversation,
  ...(accept === undefined ? {} : { accept })
}, JSON.stringify({ message: question }), accept === undefined ? undefined : 'event: token')

const rows: string[][] = []
// Each row as soon as it is measured too: a later phase failing on a loaded machine loses nothing.
const report = (row: string[]): void => {
  rows.push(row)
  console.log(`| ${row.join(' | ')} |`)
}

/** A refused or reset connection counts as an error (a worker restarting under load), not a crash of the run. */
const attempt = async <T>(request: () => Promise<T>): Promise<T | undefined> => {
  try {
    return await request()
  } catch {
    return undefined
  }
}

// (a) and (s): users who think between turns, as people do; the latency a user sees, the model's own
// time taken out for (a).
const conversations = async (port: number, label: string, options: { users: number, modelMs: number, title: string, target: string, overhead: boolean }): Promise<void> => {
  modelDelayMs = options.modelMs
  const latencies: number[] = []
  // Where the time went, from the answer's own exec_time: the service's work outside the model call,
  // and the model call as the service saw it minus the fake's delay (the load generator's process).
  const service: number[] = []
  const modelCall: number[] = []
  let errors = 0
  let turns = 0
  // This process (load generator and fake model) is part of every measured latency: its own delay.
  const harnessDelay = monitorEventLoopDelay({ resolution: 5 })
  harnessDelay.enable()
  await users(SECONDS, options.users, { arrivalSeconds: 3, thinkMs: [1000, 3000] }, async (user, index) => {
    const response = await attempt(async () => await call(port, 'POST', '/v1/chat', { 'content-type': 'application/json', 'x-api-key': KEY, 'x-conversation-id': `${label}-${user}` },
      JSON.stringify({ message: QUESTIONS[(user + index) % QUESTIONS.length] as string })))
    turns++
    if (response?.status !== 200) { errors++; return }
    latencies.push(response.totalMs - (options.overhead ? MODEL_CALLS_PER_TURN * modelDelayMs : 0))
    const time = (JSON.parse(response.body) as { exec_time: { llm: number, total: number } }).exec_time
    service.push((time.total - time.llm) * 1000)
    modelCall.push(time.llm * 1000 - MODEL_CALLS_PER_TURN * modelDelayMs)
  })
  harnessDelay.disable()
  const what = options.overhead ? 'overhead' : 'latency'
  const p = (values: number[]): string => `p50 ${fmt(percentile(values, 50))} ms, p95 ${fmt(percentile(values, 95))} ms, p99 ${fmt(percentile(values, 99))} ms`
  report([options.title, `${what} ${p(latencies)}`,
    `${turns} turns, ${errors} errors, ${fmt(turns / SECONDS)} turns/s over ${SECONDS} s; in the service outside the model call ${p(service)}; model call beyond the fake's delay ${p(modelCall)}; the load generator's own event-loop delay p99 ${fmt(harnessDelay.percentile(99) / 1e6)} ms, max ${fmt(harnessDelay.max / 1e6)} ms`, options.target])
}
const rowA = { users: 200, modelMs: 500, overhead: true, target: 'p99 ≤ 30 ms, 0 errors' }
/** Started and idle, then a few hundred turns so the rows measure compiled code, not the JIT's warm-up. */
const warmUp = async (pid: number, port: number): Promise<void> => {
  await settle(pid)
  modelDelayMs = 0
  let next = 0
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < 400) {
      await attempt(async () => await call(port, 'POST', '/v1/chat', { 'content-type': 'application/json', 'x-api-key': KEY, 'x-conversation-id': `warm-${next % 50}` },
        JSON.stringify({ message: QUESTIONS[next++ % QUESTIONS.length] as string })))
    }
  }))
}
await warmUp(service.child.pid as number, service.port)
if (ROWS.has('a')) {
  await conversations(service.port, 'a', { ...rowA, title: '(a) 500 ms model, 200 users thinking 1–3 s' })
  const clustered = await startService(await clusterEnv(), undefined, NODE_ARGS)
  await warmUp(clustered.child.pid as number, clustered.port)
  await conversations(clustered.port, 'a2', { ...rowA, title: '(a) the same, WORKERS=2' })
  await clustered.stop()
}
if (ROWS.has('s')) await conversations(service.port, 's', { users: 100, modelMs: 1000, overhead: false, title: '(s) seed load: 1 s model, 100 users thinking 1–3 s', target: 'p95 ≤ 1,250 ms, 0 errors' })

// (b): saturation, with the light load generator and model stand-in (bench/chat-saturation.ts).
if (ROWS.has('b')) {
  await saturation({
    seconds: SECONDS,
    key: KEY,
    questions: QUESTIONS,
    serviceEnv,
    clusterEnv: async () => ({ env: { ...await clusterEnv(), DATA_DIR: dataDir }, redisPid: clusterRedis?.pid }),
    profileArgs: profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
    nodeArgs: NODE_ARGS,
    report
  })
}

// (c)
modelDelayMs = 200
if (ROWS.has('c')) {
  const overheads: number[] = []
  // The warm-up above ran JSON turns only: the first streams compile the streaming path, not counted.
  const WARM = 20
  for (let index = 0; index < WARM + 100; index++) {
    const response = await attempt(async () => await chat(`c-${index}`, QUESTIONS[index % QUESTIONS.length] as string, 'text/event-stream'))
    if (response === undefined || index < WARM) continue
    // The model's first token arrives after the answer call's own delay (the search ran before it).
    if (response.firstEventMs !== undefined) overheads.push(response.firstEventMs - MODEL_CALLS_PER_TURN * modelDelayMs)
  }
  report(['(c) first SSE token', `overhead p50 ${fmt(percentile(overheads, 50))} ms, p95 ${fmt(percentile(overheads, 95))} ms`, `${overheads.length} streams`, '≤ 20 ms'])
}

await service.stop()
if (process.env.BENCH_CHAT_LOG !== undefined) writeFileSync(process.env.BENCH_CHAT_LOG, service.output())
clearInterval(forget)

// (d) in this process: CPU per operation, the fake's share included (it answers instantly).
if (ROWS.has('d')) {
  modelDelayMs = 0
  const measure = async (operation: (index: number) => Promise<unknown>): Promise<number> => {
    for (let index = 0; index < 300; index++) await operation(index)
    const calls = 3000
    const before = process.cpuUsage()
    let next = 0
    await Promise.all(Array.from({ length: 16 }, async () => { while (next < calls) await operation(next++) }))
    const used = process.cpuUsage(before)
    return (used.user + used.system) / 1000 / calls
  }
  const prompt = [new SystemMessage('Anda adalah asisten ITB.'), new HumanMessage('Kapan ITB didirikan?')]
  // Retries: on a busy machine a keep-alive socket the fake is closing gets reused now and then (ECONNRESET),
  // which with no retry ended the whole run; the fake answers at once, so a retry is only ever that.
  const stockModel = new ChatOpenAI({ model: 'bench', apiKey: 'bench', maxRetries: 2, configuration: { baseURL: fake.baseURL } })
  const nodeHttp = createNodeFetch()
  // No retries of its own (failover is the service's): a reset keep-alive socket is retried here, once.
  const leanModel = new ChatCompletions({ model: 'bench', apiKey: 'bench', baseURL: fake.baseURL, fetch: nodeHttp.fetch })
  const serviceModel = { invoke: async (messages: BaseMessage[]) => await leanModel.invoke(messages).catch(async () => await leanModel.invoke(messages)) }
  const trivial = new StateGraph(MessagesAnnotation).addNode('node', async () => ({ messages: [new AIMessage('ok')] }))
    .addEdge(START, 'node').addEdge('node', END).compile({ checkpointer: new MemorySaver() })
  const withModel = (chat: { invoke: (messages: BaseMessage[]) => Promise<BaseMessage> }) => new StateGraph(MessagesAnnotation).addNode('node', async (state) => ({ messages: [await chat.invoke(state.messages)] }))
    .addEdge(START, 'node').addEdge('node', END).compile({ checkpointer: new MemorySaver() })
  const plainCall = (fetcher: typeof globalThis.fetch) => async () => {
    const response = await fetcher(`${fake.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer bench', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'bench', messages: [{ role: 'user', content: 'Kapan ITB didirikan?' }] })
    })
    await response.json()
  }
  const http = await measure(plainCall(fetch))
  const nodeHttpCall = await measure(plainCall(nodeHttp.fetch))
  const model = await measure(async () => await stockModel.invoke(prompt))
  const serviceCall = await measure(async () => await serviceModel.invoke(prompt))
  const runTrivial = (thread: string) => async (index: number) => await trivial.invoke({ messages: [new HumanMessage('hai')] }, { configurable: { thread_id: `${thread}${index}` }, durability: 'exit' })
  const runWithModel = (thread: string, chat: { invoke: (messages: BaseMessage[]) => Promise<BaseMessage> }) => {
    const graph = withModel(chat)
    return async (index: number) => await graph.invoke({ messages: prompt }, { configurable: { thread_id: `${thread}${index}` }, durability: 'exit' })
  }
  const graph = await measure(runTrivial('t'))
  const both = await measure(runWithModel('m', stockModel))
  const floor = graph + MODEL_CALLS_PER_TURN * (both - graph)
  // The same two runs as the service makes them: its per-step context (last: it cannot be undone)
  // and its fetch.
  installLightRunContext()
  const lightGraph = await measure(runTrivial('lt'))
  const lightBoth = await measure(runWithModel('lm', serviceModel))
  const lightFloor = lightGraph + MODEL_CALLS_PER_TURN * (lightBoth - lightGraph)
  report(['(d) stack floor, in process', `stock: graph run ${fmt(graph, 2)} ms; ChatOpenAI call ${fmt(model, 2)} ms (${fmt(both - graph, 2)} ms inside a graph); plain HTTP call ${fmt(http, 2)} ms; ` +
    `as the service runs them (light run context, ChatCompletions, node:http fetch): graph run ${fmt(lightGraph, 2)} ms, ChatCompletions call ${fmt(serviceCall, 2)} ms (${fmt(lightBoth - lightGraph, 2)} ms inside a graph), plain HTTP call ${fmt(nodeHttpCall, 2)} ms`,
    `one run + one model call ≈ ${fmt(floor, 2)} CPU ms/turn stock, ${fmt(lightFloor, 2)} as the service runs them ⇒ at most ≈ ${fmt(2000 / lightFloor, 0)} turns/s on 2 fully used cores, before any of our code`, '—'])
  nodeHttp.close()
}
await fake.close()
await clusterRedis?.destroy()
rmSync(dataDir, { recursive: true, force: true })

console.log(`\nbench:chat — Node ${process.version}, ${SECONDS} s phases (a) and (s), conversations ${redis === undefined ? 'in process memory (no Redis; WORKERS=2 rows in Redis)' : 'in Redis'}\n`)
console.log('| scenario | result | detail | target |')
console.log('| --- | --- | --- | --- |')
for (const row of rows) console.log(`| ${row.join(' | ')} |`)
process.exit(0)
