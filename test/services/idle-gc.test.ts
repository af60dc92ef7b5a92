// The idle collection: after `idleMs` with no request in flight, once, and only when the heap and
// buffers grew enough since the last one. Driven by a manual clock; the last test runs V8's own.
import t from 'tap'
import { createIdleGc, createInspectorCollector, type IdleGcOptions, type IdleTimers } from '../../src/services/idle-gc.ts'

/** Timers that run only when the test moves the clock. */
function manualClock (): IdleTimers & { advance: (ms: number) => Promise<void>, pending: () => number } {
  let now = 0
  let timers: Array<{ at: number, run: () => void }> = []
  return {
    now: () => now,
    setTimeout: (run, ms) => { const timer = { at: now + ms, run }; timers.push(timer); return timer },
    clearTimeout: (handle) => { timers = timers.filter((timer) => timer !== handle) },
    pending: () => timers.length,
    async advance (ms) {
      const until = now + ms
      for (;;) {
        const due = timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0]
        if (due === undefined) break
        timers = timers.filter((timer) => timer !== due)
        now = due.at
        due.run()
        await new Promise((resolve) => setImmediate(resolve)) // let a collection's promise settle
      }
      now = until
    }
  }
}

const MB = 2 ** 20

function setup (options: Partial<IdleGcOptions> = {}) {
  const clock = manualClock()
  const state = { footprint: 100 * MB, rss: 300 * MB, collections: 0, collected: [] as Array<{ beforeBytes: number, afterBytes: number }>, trimmed: [] as Array<{ beforeBytes: number, afterBytes: number }>, steps: [] as string[] }
  const idleGc = createIdleGc({
    idleMs: 10_000,
    timers: clock,
    footprint: () => state.footprint,
    collect: async () => { state.collections++; state.footprint = 60 * MB; state.steps.push('collect') },
    trim: async () => { state.steps.push('trim'); state.rss = 200 * MB },
    rss: () => state.rss,
    onTrimmed: (result) => { state.trimmed.push(result) },
    onCollected: (result) => { state.collected.push(result) },
    ...options
  })
  return { clock, state, idleGc }
}

t.test('collects once after the idle time that follows start-up, then not again without growth', async (t) => {
  const { clock, state, idleGc } = setup()
  t.teardown(idleGc.close)
  await clock.advance(9_999)
  t.equal(state.collections, 0, 'not before the idle time')
  await clock.advance(1)
  t.equal(state.collections, 1)
  t.same(state.collected, [{ beforeBytes: 100 * MB, afterBytes: 60 * MB, ms: 0 }])
  t.same(state.steps, ['collect', 'trim'], "the allocator's free pages are given back after the collection")
  // A request that allocated little: the next idle spell does not collect.
  idleGc.requestStarted()
  idleGc.requestEnded()
  state.footprint = 70 * MB
  await clock.advance(60_000)
  t.equal(state.collections, 1, '10 MB of growth is not worth a full collection')
  t.equal(clock.pending(), 0, 'no timer left while nothing happens')
})

t.test('V8 collected by itself and the heap is back, but RSS is not: the freed pages are returned without a collection', async (t) => {
  const { clock, state, idleGc } = setup()
  t.teardown(idleGc.close)
  await clock.advance(10_000)
  t.same(state.steps, ['collect', 'trim'])
  // A burst whose garbage V8's memory reducer collected before the idle time was up.
  idleGc.requestStarted()
  idleGc.requestEnded()
  state.footprint = 62 * MB
  state.rss = 250 * MB
  await clock.advance(10_000)
  t.same(state.steps, ['collect', 'trim', 'trim'], 'a trim, no second collection')
  t.same(state.trimmed, [{ beforeBytes: 250 * MB, afterBytes: 200 * MB, ms: 0 }])
  // RSS 10 MB up: not worth a trim.
  idleGc.requestStarted()
  idleGc.requestEnded()
  state.rss = 210 * MB
  await clock.advance(60_000)
  t.same(state.steps, ['collect', 'trim', 'trim'])
})

t.test('a burst: no collection while requests keep coming or one is in flight; one after the last ends', async (t) => {
  const { clock, state, idleGc } = setup()
  t.teardown(idleGc.close)
  await clock.advance(10_000)
  t.equal(state.collections, 1)
  for (let i = 0; i < 30; i++) {
    idleGc.requestStarted()
    await clock.advance(3_000)
    idleGc.requestEnded()
    state.footprint += 2 * MB
  }
  t.equal(state.collections, 1, 'requests every 3 s keep it from running')
  idleGc.requestStarted() // a long one: a streamed answer, a slow vendor
  await clock.advance(45_000)
  t.equal(state.collections, 1, 'not while a request is in flight')
  idleGc.requestEnded()
  await clock.advance(9_000)
  t.equal(state.collections, 1)
  await clock.advance(1_000)
  t.equal(state.collections, 2, '10 s after the last request ended')
  t.equal(state.collected[1]?.beforeBytes, 120 * MB)
})

t.test('a failed collection is reported once and not tried again; close stops the timer', async (t) => {
  const errors: unknown[] = []
  let calls = 0
  const { clock, idleGc } = setup({ collect: async () => { calls++; throw new Error('no inspector') }, onError: (error) => errors.push(error) })
  await clock.advance(10_000)
  t.equal(calls, 1)
  t.match(errors, [{ message: 'no inspector' }])
  idleGc.requestStarted()
  idleGc.requestEnded()
  await clock.advance(60_000)
  t.equal(calls, 1)
  await idleGc.close()
  t.equal(clock.pending(), 0)
})

t.test('refuses a non-positive idle time', async (t) => {
  t.throws(() => createIdleGc({ idleMs: 0 }), RangeError)
})

/** Garbage as a burst leaves it: ~50 MB of buffers and some strings, unreferenced once `drop` runs. */
function burstGarbage (): { drop: () => void } {
  const state = { turns: Array.from({ length: 200 }, (_, i) => ({ samples: Buffer.alloc(256 * 1024, i), text: `turn ${i}`.repeat(1000) })) }
  return { drop: () => { state.turns = [] } }
}

t.test("V8's collection through the inspector frees dead buffers at once", async (t) => {
  const collector = createInspectorCollector()
  t.teardown(collector.close)
  await collector.collect() // the session is opened on first use
  const garbage = burstGarbage()
  const before = process.memoryUsage().external
  garbage.drop()
  await collector.collect() // called with no turn of the event loop after the drop: nothing else ran
  const after = process.memoryUsage().external
  t.ok(before - after >= 40 * MB, `external memory ${Math.round(before / MB)} → ${Math.round(after / MB)} MB`)
})

t.test('with the real collector and clock: collects once the request that made garbage is over', async (t) => {
  const collected: Array<{ beforeBytes: number, afterBytes: number }> = []
  const idleGc = createIdleGc({ idleMs: 50, minGrowthBytes: 0, onCollected: (result) => collected.push(result) })
  t.teardown(idleGc.close)
  idleGc.requestStarted()
  const garbage = burstGarbage()
  const before = process.memoryUsage().external
  garbage.drop()
  idleGc.requestEnded()
  while (collected.length === 0) await new Promise((resolve) => setTimeout(resolve, 20))
  const after = process.memoryUsage().external
  t.ok(before - after >= 40 * MB, `external memory ${Math.round(before / MB)} → ${Math.round(after / MB)} MB`)
  t.ok((collected[0]?.afterBytes ?? Infinity) <= (collected[0]?.beforeBytes ?? 0), 'it reports the footprint before and after')
})
