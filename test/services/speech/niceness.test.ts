// Nice levels for audio work beside the event loop: lowered per process and, on Linux, per thread,
// relative to where each is (this test may itself run under `nice`).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { Worker } from 'node:worker_threads'
import t from 'tap'
import { currentThreadId, lowerPriority, lowerThisThreadPriority, LOWEST_PRIORITY } from '../../../src/services/speech/niceness.ts'
import { niceOf } from '../../support/helpers/audio-fixtures.ts'

const own = await niceOf('/proc/self/stat')

t.test('a process moves the given levels down, to 19 at most', { skip: own > LOWEST_PRIORITY - 3 ? 'this process runs at the lowest priorities' : false }, async (t) => {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' })
  t.teardown(() => { child.kill('SIGKILL') })
  await once(child, 'spawn')
  const stat = `/proc/${child.pid as number}/stat`
  t.equal(await niceOf(stat), own, 'a child starts at its parent\'s level')
  t.equal(lowerPriority(child.pid as number, 2), true)
  t.equal(await niceOf(stat), own + 2)
  t.equal(lowerPriority(child.pid as number, 40), true)
  t.equal(await niceOf(stat), LOWEST_PRIORITY, 'no lower than 19')
  t.equal(lowerPriority(0x7fffffff, 2), false, 'no such process: refused, not thrown')
})

t.test('a worker thread lowers its own priority and no other thread\'s', { skip: own > LOWEST_PRIORITY - 5 ? 'this process runs at the lowest priorities' : false }, async (t) => {
  t.equal(currentThreadId(), process.pid, 'the main thread\'s id is the process id')
  const module = new URL('../../../src/services/speech/niceness.ts', import.meta.url).href
  const worker = new Worker(`
    const { parentPort } = require('node:worker_threads')
    import(${JSON.stringify(module)}).then(({ currentThreadId, lowerThisThreadPriority }) => {
      parentPort.postMessage({ unchanged: lowerThisThreadPriority(0), lowered: lowerThisThreadPriority(5), id: currentThreadId() })
      parentPort.on('message', () => {}) // stays (its /proc entry with it) until terminated
    })`, { eval: true })
  t.teardown(async () => { await worker.terminate() })
  const [reply] = await once(worker, 'message') as [{ unchanged: boolean, lowered: boolean, id: number }]
  t.match(reply, { unchanged: true, lowered: true })
  t.not(reply.id, process.pid)
  t.equal(await niceOf(`/proc/self/task/${reply.id}/stat`), own + 5, 'the worker thread')
  t.equal(await niceOf(`/proc/self/task/${process.pid}/stat`), own, 'the main thread is untouched')
  t.equal(lowerThisThreadPriority(0), true, '0 changes nothing')
  t.equal(await niceOf(`/proc/self/task/${process.pid}/stat`), own)
})
