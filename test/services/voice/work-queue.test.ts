// The decode queue: bounded running and waiting jobs; the excess is refused at once.
import t from 'tap'
import { ServiceError } from '../../../src/services/errors.ts'
import { createWorkQueue } from '../../../src/services/voice/work-queue.ts'

const deferred = () => {
  let release: () => void = () => {}
  const promise = new Promise<void>((resolve) => { release = resolve })
  return { promise, resolve: () => { release() } }
}

t.test('runs at most `concurrency` jobs, queues `maxWaiting` in order, refuses the rest with retry-after', async (t) => {
  const queue = createWorkQueue({ concurrency: 2, maxWaiting: 1, busyCode: 'BUSY', busyMessage: 'busy' })
  const gates = [deferred(), deferred(), deferred()]
  const order: number[] = []
  const jobs = gates.map(async (gate, i) => await queue.run(async () => { order.push(i); await gate.promise; return i }))
  t.equal(queue.running, 2)
  t.equal(queue.waiting, 1)
  const refused = await queue.run(async () => 'never').catch((error: unknown) => error)
  t.ok(refused instanceof ServiceError)
  t.match(refused, { kind: 'unavailable', code: 'BUSY', retryAfter: 1 })
  t.same(order, [0, 1], 'the third waits')
  gates[0]?.resolve()
  t.equal(await jobs[0], 0)
  await new Promise((resolve) => setImmediate(resolve))
  t.same(order, [0, 1, 2], 'a finished job hands its slot to the next')
  gates[1]?.resolve()
  gates[2]?.resolve()
  t.same(await Promise.all(jobs), [0, 1, 2])
  t.equal(queue.running, 0)
})

t.test('a failing job frees its slot; an aborted waiter leaves the queue', async (t) => {
  const queue = createWorkQueue({ concurrency: 1, maxWaiting: 5, busyCode: 'BUSY', busyMessage: 'busy' })
  const gate = deferred()
  const first = queue.run(async () => { await gate.promise; throw new Error('boom') })
  const controller = new AbortController()
  const waiting = queue.run(async () => 'no', controller.signal)
  t.equal(queue.waiting, 1)
  controller.abort(new Error('gone'))
  await t.rejects(waiting, /gone/)
  t.equal(queue.waiting, 0)
  gate.resolve()
  await t.rejects(first, /boom/)
  t.equal(queue.running, 0)
  t.equal(await queue.run(async () => 'yes'), 'yes')
})
