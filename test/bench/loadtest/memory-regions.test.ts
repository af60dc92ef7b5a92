import { readFileSync } from 'node:fs'
import t from 'tap'
import { memoryRegions, regionGrowth, regionsOf, REGIONS } from '../../../bench/loadtest/memory-regions.ts'

/** One smaps entry: the mapping line and the fields the parser reads or must skip. */
const entry = (start: number, sizeKib: number, perms: string, name: string, rssKib: number): string => [
  `${start.toString(16)}-${(start + sizeKib * 1024).toString(16)} ${perms} 00000000 00:00 0${name === '' ? '' : `                          ${name}`}`,
  `Size:             ${sizeKib} kB`,
  `Rss:              ${rssKib} kB`,
  `Pss:              ${rssKib} kB`,
  'VmFlags: rd wr mr mw me ac sd'
].join('\n')

t.test('each mapping goes to the region its shape names', async (t) => {
  const GIB = 2 ** 30
  const smaps = [
    entry(0x400000, 3380, 'r--p', '/usr/bin/node', 1024), // the binary
    entry(0x20d62000, 60844, 'rw-p', '[heap]', 2048), // glibc's brk heap
    entry(0x7f4000000000, 9880, 'rw-p', '', 4096), // a thread arena: 64 MiB boundary
    entry(0x7f4000000000 + 9880 * 1024, 65536 - 9880, '---p', '', 0), // its reserved rest
    entry(0x1ae35c000000, 256, 'rw-p', '', 256), // a V8 page (on a 64 MiB boundary, as some are)
    entry(0x1ae35c000000 + 256 * 1024, 256, 'rw-p', '', 128), // another
    entry(0x7fbb00000000 + 4096, 521728, 'rwxp', '', 512), // the code range (not on a 64 MiB boundary)
    entry(0x7ff000100000 + 4096, 256, 'rw-p', '', 64), // 256 KiB, not aligned: not a V8 page
    entry(40 * GIB + 256 * 1024, 900, 'rw-p', '', 900), // a large object
    entry(0x7ffd00000000, 132, 'rw-p', '[stack]', 32)
  ].join('\n')
  const regions = regionsOf(smaps)
  t.same(regions, {
    files: 1,
    'glibc main heap': 2,
    'glibc thread arenas': 4,
    'V8 heap pages': 0.375,
    'JIT code': 0.5,
    'other anonymous': (64 + 900 + 32) / 1024
  })
})

t.test('a live process: the regions add up to its RSS', async (t) => {
  const regions = memoryRegions(process.pid)
  if (regions === undefined) throw new Error('no smaps')
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024
  const total = REGIONS.reduce((sum, region) => sum + regions[region], 0)
  t.ok(Math.abs(total - rss) < 0.05 * rss, `regions ${total.toFixed(1)} MiB, VmRSS ${rss.toFixed(1)} MiB`)
  t.ok(regions.files > 0, 'the node binary is a mapped file')
  t.ok(regions['V8 heap pages'] > 1, 'V8 keeps its heap in 256 KiB pages')
  t.equal(memoryRegions(2 ** 30), undefined, 'a process that does not exist')
})

t.test('growth between two readings, largest change first', async (t) => {
  const before = regionsOf('')
  const after = { ...before, 'V8 heap pages': 7.14, 'glibc main heap': -1.9, files: 0.04 }
  t.equal(regionGrowth(before, after),
    'V8 heap pages +7.1, glibc main heap −1.9, files +0.0, JIT code +0.0, glibc thread arenas +0.0, other anonymous +0.0')
})
