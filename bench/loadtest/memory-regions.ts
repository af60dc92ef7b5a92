// Where a process's resident memory lies, from /proc/PID/smaps: which allocator holds the pages RSS
// counts. The soak's RSS slope alone cannot tell a leak from an allocator settling; growth by region
// can (docs/performance.md). Classified by what each mapping looks like on Linux x64 with glibc:
// - V8 heap pages: V8 maps each regular page on its own, 256 KiB, aligned to 256 KiB (every isolate:
//   the main thread's and the decoder threads');
// - JIT code: anonymous and executable (V8's code range);
// - glibc main heap: `[heap]`, the brk heap of glibc's main arena;
// - glibc thread arenas: anonymous, starting on a 64 MiB boundary and at most 64 MiB long (glibc's
//   per-thread heaps, HEAP_MAX_SIZE);
// - other anonymous: V8's large objects, buffers mapped on their own, WebAssembly memory, stacks;
// - files: the node binary, shared libraries, mapped files.
import { readFileSync } from 'node:fs'

export const REGIONS = ['V8 heap pages', 'JIT code', 'glibc main heap', 'glibc thread arenas', 'other anonymous', 'files'] as const
export type Region = typeof REGIONS[number]

const KIB_256 = 256 * 1024
const MIB_64 = 64 * 1024 * 1024

function classify (start: bigint, sizeBytes: number, perms: string, name: string): Region {
  if (name === '[heap]') return 'glibc main heap'
  if (name !== '' && !name.startsWith('[')) return 'files'
  if (name !== '') return 'other anonymous' // [stack], [vdso], [vvar]
  if (perms.includes('x')) return 'JIT code'
  if (sizeBytes === KIB_256 && start % BigInt(KIB_256) === 0n) return 'V8 heap pages' // some on a 64 MiB boundary too
  if (start % BigInt(MIB_64) === 0n && sizeBytes <= MIB_64) return 'glibc thread arenas'
  return 'other anonymous'
}

/** Resident MiB by region, from the text of /proc/PID/smaps. */
export function regionsOf (smaps: string): Record<Region, number> {
  const regions = Object.fromEntries(REGIONS.map((region) => [region, 0])) as Record<Region, number>
  let current: Region | undefined
  for (const line of smaps.split('\n')) {
    const mapping = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line)
    if (mapping !== null) {
      const start = BigInt(`0x${mapping[1] as string}`)
      current = classify(start, Number(BigInt(`0x${mapping[2] as string}`) - start), mapping[3] as string, mapping[4] as string)
    } else if (current !== undefined && line.startsWith('Rss:')) {
      regions[current] += Number(/(\d+)/.exec(line)?.[1]) / 1024
    }
  }
  return regions
}

/** Resident MiB by region of a running process; undefined when it is gone or unreadable. */
export function memoryRegions (pid: number): Record<Region, number> | undefined {
  try {
    return regionsOf(readFileSync(`/proc/${pid}/smaps`, 'utf8'))
  } catch {
    return undefined
  }
}

/** "V8 heap pages +7.1, JIT code +0.1, …" MiB between two readings, largest change first. */
export function regionGrowth (before: Record<Region, number>, after: Record<Region, number>): string {
  return REGIONS.map((region) => [region, after[region] - before[region]] as const)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .map(([region, mb]) => `${region} ${mb >= 0 ? '+' : '−'}${Math.abs(mb).toFixed(1)}`).join(', ')
}
