// Reading an upload whole: the memory budget is shared and given back, the deadline holds, and a
// stream that fails with a parser error is the client's mistake.
import { once } from 'node:events'
import { PassThrough, Readable } from 'node:stream'
import { MessageChannel } from 'node:worker_threads'
import t from 'tap'
import { ServiceError } from '../../../src/services/errors.ts'
import { createUploadBudget, readUpload } from '../../../src/services/voice/upload.ts'

t.test('uploads share one budget; release gives the bytes back', async (t) => {
  const budget = createUploadBudget(1000)
  const first = await readUpload(Readable.from([Buffer.alloc(400), Buffer.alloc(300)]), { budget, deadlineMs: 5000 })
  t.equal(first.data.length, 700)
  t.equal(budget.used, 700)
  const refused = await readUpload(Readable.from([Buffer.alloc(200), Buffer.alloc(200)]), { budget, deadlineMs: 5000 }).catch((error: unknown) => error)
  t.ok(refused instanceof ServiceError)
  t.match(refused, { kind: 'unavailable', code: 'AUDIO_BUSY', retryAfter: Number })
  t.equal(budget.used, 700, 'a refused upload keeps nothing')
  first.release()
  first.release()
  t.equal(budget.used, 0, 'release is idempotent')
  const again = await readUpload(Readable.from([Buffer.alloc(900)]), { budget, deadlineMs: 5000 })
  t.equal(again.data.length, 900)
})

t.test('the bytes are gathered in shared memory: a message to the decoder\'s worker does not copy them', async (t) => {
  const budget = createUploadBudget(100_000)
  const chunks = [Buffer.alloc(40_000, 1), Buffer.alloc(1, 2), Buffer.alloc(30_000, 3)]
  const upload = await readUpload(Readable.from(chunks), { budget, deadlineMs: 5000 })
  t.ok(upload.data.equals(Buffer.concat(chunks)))
  t.ok(upload.data.buffer instanceof SharedArrayBuffer)
  const single = await readUpload(Readable.from([Buffer.from('RIFF')]), { budget, deadlineMs: 5000 })
  t.equal(single.data.toString(), 'RIFF')
  t.ok(single.data.buffer instanceof SharedArrayBuffer, 'one chunk too')

  const { port1, port2 } = new MessageChannel()
  t.teardown(() => { port1.close() })
  const received = once(port2, 'message')
  port1.postMessage({ data: upload.data })
  const [{ data }] = await received as [{ data: Uint8Array }]
  upload.data[0] = 9
  t.equal(data[0], 9, 'the receiver reads the same memory')
})

t.test('an upload that does not arrive by the deadline is a 408', async (t) => {
  const budget = createUploadBudget(1000)
  const stream = new PassThrough()
  stream.write(Buffer.alloc(100))
  const error = await readUpload(stream, { budget, deadlineMs: 200 }).catch((error: unknown) => error)
  t.match(error, { kind: 'request_timeout', code: 'AUDIO_UPLOAD_TOO_SLOW' })
  t.equal(budget.used, 0)
  t.ok(stream.destroyed)
})

t.test('a stream error is a malformed upload; a ServiceError and an abort pass through', async (t) => {
  const budget = createUploadBudget(1000)
  const broken = new PassThrough()
  setImmediate(() => broken.destroy(new Error('Unexpected end of form')))
  t.match(await readUpload(broken, { budget, deadlineMs: 5000 }).catch((error: unknown) => error), { kind: 'bad_request', code: 'AUDIO_MALFORMED_UPLOAD' })
  const limited = new PassThrough()
  const tooLarge = new ServiceError('payload_too_large', 'AUDIO_TOO_LARGE', 'too large')
  setImmediate(() => limited.destroy(tooLarge))
  t.equal(await readUpload(limited, { budget, deadlineMs: 5000 }).catch((error: unknown) => error), tooLarge)
  const controller = new AbortController()
  const waiting = readUpload(new PassThrough(), { budget, deadlineMs: 5000, signal: controller.signal })
  const reason = new Error('client gone')
  controller.abort(reason)
  t.equal(await waiting.catch((error: unknown) => error), reason)
  t.equal(budget.used, 0)
})
