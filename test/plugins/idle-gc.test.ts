// IDLE_GC_SECONDS: one full garbage collection after that long with no request in flight (the
// timing rules are tested in test/services/idle-gc.test.ts).
import t from 'tap'
import { startFakeChat } from '../support/fakes/openai-chat.ts'
import { build, sendChatQuestion, waitFor } from '../support/helpers/app.ts'

const collectedLines = (lines: Array<Record<string, unknown>>) => lines.filter((line) => line.msg === 'idle: garbage collected')

t.test('IDLE_GC_SECONDS after start-up with no request in flight: one collection, logged at debug level with the memory it returned', async (t) => {
  const started = Date.now()
  const { app, logs } = await build(t, { IDLE_GC_SECONDS: '1', LOG_LEVEL: 'debug' })
  t.equal((await app.inject({ url: '/health' })).statusCode, 200)
  while (collectedLines(logs.lines()).length === 0) await new Promise((resolve) => setTimeout(resolve, 50))
  const [line] = collectedLines(logs.lines())
  // Start-up's allocations count as growth: the first idle second after it (or after the request) collects.
  t.ok(Number(line?.time) - started >= 950, 'not before a second had passed since start-up')
  t.match(line, { level: 20, beforeMb: Number, afterMb: Number, ms: Number })
  t.ok(Number(line?.afterMb) <= Number(line?.beforeMb))
  const metrics = (await app.inject({ url: '/metrics' })).body
  t.match(metrics, /^itb_idle_gc_duration_seconds_count 1$/m, 'counted in the metrics')
  const released = Number(/^itb_idle_gc_released_bytes_total (\S+)$/m.exec(metrics)?.[1])
  t.ok(Math.abs(released / 2 ** 20 - (Number(line?.beforeMb) - Number(line?.afterMb))) <= 1, `${Math.round(released / 2 ** 20)} MB returned`)
})

t.test('probes do not hold it back: /health every 200 ms, and the collection still comes', async (t) => {
  const started = Date.now()
  const { app, logs } = await build(t, { IDLE_GC_SECONDS: '5', LOG_LEVEL: 'debug' })
  let probes = 0
  // Bounded: with probes counted as requests it would never come.
  while (collectedLines(logs.lines()).length === 0 && Date.now() - started < 20_000) {
    t.equal((await app.inject({ url: '/health' })).statusCode, 200)
    probes++
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  const [line] = collectedLines(logs.lines())
  t.ok(line, `collected, after ${probes} probes`)
  t.ok(probes >= 5, 'probes were coming while the service waited')
})

t.test('a request in flight holds it back for longer than IDLE_GC_SECONDS; its client going away ends it', async (t) => {
  const model = await startFakeChat({ apiKey: 'llm', respond: () => ({ hang: true }) })
  t.teardown(model.close)
  const { app, logs } = await build(t, { IDLE_GC_SECONDS: '5', LOG_LEVEL: 'debug', LLM_BASE_URL: model.baseURL, LLM_MODEL: 'fake', LLM_API_KEY: 'llm', LLM_TIMEOUT: '60' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const req = sendChatQuestion(app, 'slow')
  await waitFor(() => model.requests.length > 0)
  // Longer than the idle time: a collection now would stop a request that is being answered.
  await new Promise((resolve) => setTimeout(resolve, 6_000))
  t.same(collectedLines(logs.lines()), [], 'none while the answer is awaited')
  req.destroy()
  const gone = Date.now()
  await waitFor(() => collectedLines(logs.lines()).length > 0, 20_000)
  t.ok(Number(collectedLines(logs.lines())[0]?.time) - gone >= 4_900, 'five seconds after the client went away')
})
