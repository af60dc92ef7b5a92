// linkedSignal: aborts with its source or its timeout, and leaves nothing on the sources once disposed.
import t from 'tap'
import { getEventListeners, once } from 'node:events'
import { abortable, linkedSignal } from '../../src/services/abort.ts'

t.test('aborts with the reason of the source that aborted, and then lets go of every source', async (t) => {
  const first = new AbortController()
  const second = new AbortController()
  const linked = linkedSignal([first.signal, undefined, second.signal], 60_000)
  t.equal(getEventListeners(first.signal, 'abort').length, 1)
  second.abort(new Error('client went away'))
  t.ok(linked.signal.aborted)
  t.equal((linked.signal.reason as Error).message, 'client went away')
  t.notOk(linked.timedOut())
  t.equal(getEventListeners(first.signal, 'abort').length, 0, 'listener removed from the other source')
})

t.test('a source already aborted aborts it at once', async (t) => {
  const linked = linkedSignal([AbortSignal.abort('gone')])
  t.ok(linked.signal.aborted)
  t.equal(linked.signal.reason, 'gone')
})

t.test('times out with a TimeoutError and says so', async (t) => {
  const source = new AbortController()
  const linked = linkedSignal([source.signal], 20)
  // Its timer is unref'd (it must not hold a process open): this one keeps the test alive meanwhile.
  const alive = setTimeout(() => {}, 10_000)
  await once(linked.signal, 'abort')
  clearTimeout(alive)
  t.ok(linked.timedOut())
  t.equal((linked.signal.reason as DOMException).name, 'TimeoutError')
  t.equal(getEventListeners(source.signal, 'abort').length, 0)
})

t.test('dispose removes its listeners and its timer: later aborts no longer reach it', async (t) => {
  const source = new AbortController()
  const linked = linkedSignal([source.signal], 20)
  linked.dispose()
  t.equal(getEventListeners(source.signal, 'abort').length, 0)
  source.abort()
  // A later timer: timers fire in the order they expire, so a timer dispose failed to clear (20 ms) would have fired first.
  await new Promise<void>((resolve) => { setTimeout(resolve, 40) })
  t.notOk(linked.signal.aborted)
  t.notOk(linked.timedOut())
})

t.test('abortable rejects with the reason when the signal aborts first', async (t) => {
  const controller = new AbortController()
  const pending = abortable(new Promise(() => {}), controller.signal)
  controller.abort(new Error('stop'))
  await t.rejects(pending, { message: 'stop' })
})
