// Nice levels for audio work beside the event loop: set per process and, on Linux, per thread.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { Worker } from 'node:worker_threads'
import t from 'tap'
import { currentThreadId, niceCurrentThread, setNiceness } from '../../../src/services/speech/niceness.ts'
import { niceOf } from '../../support/helpers/audio-fixtures.ts'

t.test('a process gets the nice level it is given', async (t) => {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' })
  t.teardown(() => { child.kill('SIGKILL') })
  await once(child, 'spawn')
  t.equal(await niceOf(`/proc/${child.pid as number}/stat`), 0)
  t.equal(setNiceness(child.pid as number, 7), true)
  t.equal(await niceOf(`/proc/${child.pid as number}/stat`), 7)
  t.equal(setNiceness(0x7fffffff, 7), false, 'no such process: refused, not thrown')
})

t.test('a worker thread lowers its own priority and no other thread\'s', async (t) => {
  t.equal(currentThreadId(), process.pid, 'the main thread\'s id is the process id')
  const module = new URL('../../../src/services/speech/niceness.ts', import.meta.url).href
  const worker = new Worker(`
    const { parentPort } = require('node:worker_threads')
    import(${JSON.stringify(module)}).then(({ currentThreadId, niceCurrentThread }) => {
      parentPort.postMessage({ unchanged: niceCurrentThread(0), lowered: niceCurrentThread(5), id: currentThreadId() })
    })`, { eval: true })
  t.teardown(async () => { await worker.terminate() })
  const [reply] = await once(worker, 'message') as [{ unchanged: boolean, lowered: boolean, id: number }]
  t.match(reply, { unchanged: true, lowered: true })
  t.not(reply.id, process.pid)
  t.equal(await niceOf(`/proc/self/task/${reply.id}/stat`), 5, 'the worker thread')
  t.equal(await niceOf(`/proc/self/task/${process.pid}/stat`), 0, 'the main thread is untouched')
  t.equal(niceCurrentThread(0), true, '0 changes nothing')
  t.equal(await niceOf(`/proc/self/task/${process.pid}/stat`), 0)
})
