// glibc's `malloc_trim`, called after the idle collection (src/services/idle-gc.ts). When V8 frees a
// burst's buffers, glibc keeps the pages: it returns only the free top of each heap to the system, and
// a voice burst leaves its free memory in the middle of the main heap (~30 MB 60 s after 20 uploads,
// docs/benchmarks.md). `malloc_trim(0)` walks every arena and gives each free page back
// (`madvise(MADV_DONTNEED)`). Node cannot call it itself, so it goes through koffi (a foreign-function
// interface with prebuilt binaries). A process on another C library (musl) has no `libc.so.6` and no
// trim; under an LD_PRELOADed allocator (jemalloc) it trims glibc's unused arenas, which is harmless.

/** Returns the allocator's free pages to the system; false when this process has no `malloc_trim`. */
export type MallocTrim = () => Promise<boolean>

export function createMallocTrim (): MallocTrim {
  let loading: Promise<((pad: number) => number) | undefined> | undefined
  const load = async (): Promise<((pad: number) => number) | undefined> => {
    try {
      const { default: koffi } = await import('koffi')
      return koffi.load('libc.so.6').func('int malloc_trim(size_t pad)') as (pad: number) => number
    } catch {
      return undefined
    }
  }
  return async () => {
    loading ??= load()
    const trim = await loading
    if (trim === undefined) return false
    trim(0)
    return true
  }
}
