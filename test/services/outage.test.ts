import t from 'tap'
import { createOutageReporter, type OutageLogger } from '../../src/services/outage.ts'

type Line = { level: string, obj: Record<string, unknown>, msg?: string }
/** A logger that keeps what it is told. */
function recorder (): { lines: Line[], logger: OutageLogger } {
  const lines: Line[] = []
  const keep = (level: string) => (obj: object, msg?: string): void => { lines.push({ level, obj: obj as Record<string, unknown>, msg }) }
  return { lines, logger: { warn: keep('warn'), info: keep('info') } }
}

/** A reporter of the retrieval cache's outages on a clock the test moves. */
function cacheReporter (quietMs?: number): { lines: Line[], outage: ReturnType<typeof createOutageReporter>, clock: { now: number } } {
  const { lines, logger } = recorder()
  const clock = { now: 0 }
  const outage = createOutageReporter({ logger, dependency: 'redis', failure: 'cache down', recovery: 'cache back', ...(quietMs === undefined ? {} : { quietMs }), now: () => clock.now })
  return { lines, outage, clock }
}

t.test('an outage is logged when it starts and when it ends; every failure is counted', async (t) => {
  const { lines, logger } = recorder()
  let counted = 0
  let clock = 0
  const outage = createOutageReporter({
    logger,
    dependency: 'redis',
    failure: 'store down',
    recovery: 'store back',
    onFailure: () => { counted += 1 },
    now: () => clock
  })
  outage.succeeded()
  t.same(lines, [], 'nothing to say while it works')
  const error = new Error('connect ECONNREFUSED')
  for (let i = 0; i < 100; i++) outage.failed(error)
  t.equal(counted, 100)
  t.equal(outage.down, true)
  t.same(lines, [{ level: 'warn', obj: { err: error, dependency: 'redis' }, msg: 'store down' }])
  outage.succeeded()
  outage.succeeded()
  t.same(lines.slice(1), [{ level: 'info', obj: { dependency: 'redis', failures: 100 }, msg: 'store back' }])
  clock = 60_000
  outage.failed(error)
  t.equal(lines.length, 3, 'a new outage a minute later is logged again')
})

t.test('a flapping dependency is logged at most once per quiet time, with the outages it did not log', async (t) => {
  const { lines, outage, clock } = cacheReporter(60_000)
  const error = new Error('redis did not answer within 100 ms')
  const flap = (failures: number): void => {
    for (let i = 0; i < failures; i++) outage.failed(error)
    outage.succeeded()
  }
  flap(1)
  t.same(lines.map((line) => line.level), ['warn', 'info'], 'the first outage: its start and end')
  // 200 short outages, one every 100 ms of the next 20 s: none logged.
  for (let i = 0; i < 200; i++) { clock.now += 100; flap(2) }
  t.equal(lines.length, 2, 'outages within the quiet time are not logged')
  clock.now = 60_000
  flap(3)
  t.same(lines.slice(2), [
    { level: 'warn', obj: { err: error, dependency: 'redis', earlierOutages: 200, earlierFailures: 400 }, msg: 'cache down' },
    { level: 'info', obj: { dependency: 'redis', failures: 3 }, msg: 'cache back' }
  ], 'the next warning says how many outages and failures went unlogged')
  clock.now += 1000
  flap(1)
  clock.now += 1000
  flap(1)
  clock.now = 120_000
  flap(1)
  t.same(lines[4]?.obj, { err: error, dependency: 'redis', earlierOutages: 2, earlierFailures: 2 }, 'and the count starts again after it')
})

t.test('an outage that starts within the quiet time and lasts is logged when the quiet time ends', async (t) => {
  const { lines, outage, clock } = cacheReporter()
  const error = new Error('connect ECONNREFUSED')
  outage.failed(error)
  outage.succeeded()
  clock.now = 5000
  outage.failed(error)
  t.equal(lines.length, 2, 'not logged yet: a warning was given 5 s ago')
  for (; clock.now < 61_000; clock.now += 1000) outage.failed(error)
  t.same(lines.slice(2), [{ level: 'warn', obj: { err: error, dependency: 'redis' }, msg: 'cache down' }], 'logged once the default minute has passed')
  outage.succeeded()
  t.same(lines[3], { level: 'info', obj: { dependency: 'redis', failures: 57 }, msg: 'cache back' }, 'and its end, with all its failures')
})
