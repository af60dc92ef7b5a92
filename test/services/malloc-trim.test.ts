// glibc's malloc_trim through koffi: after V8 frees buffers, glibc keeps their pages until it is called.
import t from 'tap'
import { createInspectorCollector } from '../../src/services/idle-gc.ts'
import { createMallocTrim } from '../../src/services/malloc-trim.ts'

const MB = 2 ** 20
const rssMb = (): number => process.memoryUsage.rss() / MB

const glibc = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime

t.test('on glibc: the pages of freed buffers go back to the system', { skip: glibc === undefined && 'not a glibc process' }, async (t) => {
  const collector = createInspectorCollector()
  t.teardown(collector.close)
  const trim = createMallocTrim()
  await collector.collect()
  t.equal(await trim(), true, `malloc_trim found (glibc ${glibc})`)
  // 64 MB in 32 kB buffers (malloc'd, below glibc's mmap threshold), then one more that stays: the
  // freed memory is in the middle of the heap, which glibc does not return by itself.
  let buffers: Buffer[] = Array.from({ length: 2048 }, (_, i) => Buffer.alloc(32 * 1024, i))
  const kept = Buffer.alloc(32 * 1024, 1)
  t.equal(buffers.length, 2048)
  buffers = []
  await collector.collect()
  const collected = rssMb()
  await trim()
  const trimmed = rssMb()
  t.ok(collected - trimmed >= 40, `RSS ${Math.round(collected)} → ${Math.round(trimmed)} MB (64 MB freed)`)
  t.equal(kept[0], 1, 'the buffer still referenced is intact')
})
