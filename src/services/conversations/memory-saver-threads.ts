// The in-process saver's threads and their two bounds: a count (the least recently used thread is
// evicted as a whole) and an age (a thread expires `ttlMs` after its last write or turn). A thread
// whose turn is in progress (`hold`, called by the conversation lock) is exempt from both: removing
// it between the turn's read and its write would store a half conversation (the record restarted
// with the new turn while the checkpoint keeps the history the turn read).
export interface MemoryThreadsOptions {
  maxThreads: number
  ttlMs: number
  now: () => number
}

interface Entry<T> {
  /** The last write, or the start or end of the last turn (`hold`). */
  activeAt: number
  value: T
}

export class MemoryThreads<T> {
  private readonly maxThreads: number
  private readonly ttlMs: number
  private readonly now: () => number
  /** Insertion order is recency order: the first entry is the least recently used thread. */
  private readonly entries = new Map<string, Entry<T>>()
  /** Threads with a turn in progress, by id: how many holds (at most one per turn in flight). */
  private readonly held = new Map<string, number>()

  constructor (options: MemoryThreadsOptions) {
    this.maxThreads = options.maxThreads
    this.ttlMs = options.ttlMs
    this.now = options.now
  }

  /** Number of live (not expired) threads. */
  get size (): number {
    this.purgeExpired()
    return this.entries.size
  }

  /** Ids of the stored threads, least recently used first (expired ones included: `get` skips them). */
  ids (): string[] {
    return [...this.entries.keys()]
  }

  /** Removes every expired thread; returns how many were removed. */
  purgeExpired (): number {
    const now = this.now()
    let removed = 0
    for (const [threadId, entry] of this.entries) {
      if (this.isExpired(threadId, entry, now)) {
        this.entries.delete(threadId)
        removed += 1
      }
    }
    return removed
  }

  /** The live thread, marked most recently used unless `touch` is false; an expired one is dropped. */
  get (threadId: string, touch = true): T | undefined {
    return this.liveEntry(threadId, touch)?.value
  }

  /**
   * The live thread for a write (marked used and active now), created by `create` if there is none:
   * a new thread first makes room (see `makeRoom`).
   */
  writable (threadId: string, create: () => T): T {
    let entry = this.liveEntry(threadId, true)
    if (entry === undefined) {
      this.makeRoom()
      entry = { activeAt: this.now(), value: create() }
      this.entries.set(threadId, entry)
    }
    entry.activeAt = this.now()
    return entry.value
  }

  delete (threadId: string): void {
    this.entries.delete(threadId)
  }

  /**
   * A turn of the thread starts: its lifetime restarts now and again when the returned function ends
   * the turn, and the thread is neither expired nor evicted in between. A thread that expired before
   * stays expired (the turn starts a new conversation, which is held as soon as it is written).
   */
  hold (threadId: string): () => void {
    this.refresh(threadId)
    this.held.set(threadId, (this.held.get(threadId) ?? 0) + 1)
    let held = true
    return () => {
      if (!held) return
      held = false
      this.refresh(threadId) // still held here: a turn longer than the ttl does not expire the thread
      const count = (this.held.get(threadId) ?? 1) - 1
      if (count > 0) this.held.set(threadId, count)
      else this.held.delete(threadId)
    }
  }

  private refresh (threadId: string): void {
    const entry = this.liveEntry(threadId, true)
    if (entry !== undefined) entry.activeAt = this.now()
  }

  private isExpired (threadId: string, entry: Entry<T>, now: number): boolean {
    return now - entry.activeAt >= this.ttlMs && !this.held.has(threadId)
  }

  private liveEntry (threadId: string, touch: boolean): Entry<T> | undefined {
    const entry = this.entries.get(threadId)
    if (entry === undefined) return undefined
    if (this.isExpired(threadId, entry, this.now())) {
      this.entries.delete(threadId)
      return undefined
    }
    if (touch) {
      this.entries.delete(threadId)
      this.entries.set(threadId, entry)
    }
    return entry
  }

  /**
   * Room for one more thread: expired threads go first, then the least recently used ones that no
   * turn holds. When every thread left is held, the count exceeds maxThreads rather than evicting
   * one (its turn would write a half conversation). The excess is bounded by the turns in flight
   * (one hold each, released when the turn ends, whatever its outcome; the lock serialises a
   * conversation's turns): after adding a thread the count is at most max(maxThreads, held threads
   * + 1), and the first thread added once fewer than maxThreads are held evicts back within it.
   * The scan skips only held threads, so it visits at most (turns in flight + evicted) entries.
   */
  private makeRoom (): void {
    this.purgeOldest()
    if (this.entries.size < this.maxThreads) return
    // Deleting the entry being visited is safe: a Map iterator moves on to the next live entry.
    for (const threadId of this.entries.keys()) {
      if (this.held.has(threadId)) continue
      this.entries.delete(threadId)
      if (this.entries.size < this.maxThreads) return
    }
  }

  /**
   * Drops expired threads from the least recently used end, stopping at the first live one: O(1)
   * amortised, so creating a conversation never scans them all. (A thread read recently but written
   * long ago can hide further on; reads check expiry themselves and the periodic sweep removes it.)
   */
  private purgeOldest (): void {
    const now = this.now()
    for (const [threadId, entry] of this.entries) {
      if (!this.isExpired(threadId, entry, now)) return
      this.entries.delete(threadId)
    }
  }
}
