// In-process checkpoint saver for development and single-instance deployments, bounded in two ways:
// at most `maxThreads` conversations (the least recently used thread is evicted as a whole), and a
// thread expires `ttlSeconds` after its last write or turn, never during a turn (`hold`, called by
// the conversation lock, as the Redis saver's lock script does); expired threads are invisible at
// once and purged on access, when a thread is added, and by an unref'd sweep timer.
//
// It stores data like the Redis saver (serialized checkpoints without channel values, one blob per
// channel version, MemorySaver's pending-write semantics, the transcript beside the checkpoints), so
// both behave the same. Every operation is synchronous inside, so reads are atomic by themselves.
import type { RunnableConfig } from '@langchain/core/runnables'
import type { CheckpointTuple, SerializerProtocol } from '@langchain/langgraph-checkpoint'
import {
  compareRefsNewestFirst,
  type BlobRecord,
  type CheckpointRecord,
  type CheckpointRef,
  blobField,
  type ListQuery,
  type SerializedValue,
  type StoreExtras,
  type WriteRecord
} from './saver-records.ts'
import { VersionedCheckpointSaver } from './versioned-saver.ts'

export interface BoundedMemorySaverOptions {
  /** Maximum number of live conversations; adding one more evicts the least recently used. */
  maxThreads: number
  /** A thread expires this long after its last write or turn (`hold`). */
  ttlSeconds: number
  /** Clock in milliseconds (default `Date.now`). */
  now?: () => number
  /** Period of the background purge of expired threads (default 60 s, 0 disables; the timer is unref'd). */
  sweepIntervalMs?: number
  serde?: SerializerProtocol
  /** See VersionedCheckpointSaver. */
  transcriptChannel?: string
  latestOnly?: boolean
  maxTranscriptEntries?: number
}

interface NamespaceData {
  checkpoints: Map<string, CheckpointRecord>
  blobs: Map<string, SerializedValue>
  /** checkpoint id -> `taskId,idx` -> write */
  writes: Map<string, Map<string, WriteRecord>>
}

interface ThreadData {
  /** The last write, or the start or end of the last turn (`hold`). */
  activeAt: number
  namespaces: Map<string, NamespaceData>
  transcript: string[]
}

function copy (value: SerializedValue): SerializedValue {
  return { type: value.type, data: Uint8Array.from(value.data) }
}

export class BoundedMemorySaver extends VersionedCheckpointSaver {
  readonly maxThreads: number
  readonly ttlSeconds: number
  private readonly ttlMs: number
  private readonly now: () => number
  /** Insertion order is recency order: the first entry is the least recently used thread. */
  private readonly threads = new Map<string, ThreadData>()
  /** Threads with a turn in progress, by id: how many holds (they never expire while held). */
  private readonly held = new Map<string, number>()
  private sweepTimer: NodeJS.Timeout | undefined

  constructor (options: BoundedMemorySaverOptions) {
    super(options.serde, options)
    if (!Number.isInteger(options.maxThreads) || options.maxThreads < 1) {
      throw new RangeError('maxThreads must be a positive integer')
    }
    if (!Number.isFinite(options.ttlSeconds) || options.ttlSeconds <= 0) {
      throw new RangeError('ttlSeconds must be a positive number')
    }
    this.maxThreads = options.maxThreads
    this.ttlSeconds = options.ttlSeconds
    this.ttlMs = options.ttlSeconds * 1000
    this.now = options.now ?? Date.now
    const sweepIntervalMs = options.sweepIntervalMs ?? 60_000
    if (sweepIntervalMs > 0) {
      this.sweepTimer = setInterval(() => { this.purgeExpired() }, sweepIntervalMs)
      this.sweepTimer.unref()
    }
  }

  /** Number of live (not expired) threads. */
  get size (): number {
    this.purgeExpired()
    return this.threads.size
  }

  /** Removes every expired thread; returns how many were removed. */
  purgeExpired (): number {
    const now = this.now()
    let removed = 0
    for (const [threadId, thread] of this.threads) {
      if (this.isExpired(threadId, thread, now)) {
        this.threads.delete(threadId)
        removed += 1
      }
    }
    return removed
  }

  /**
   * Drops expired threads from the least recently used end, stopping at the first live one: O(1)
   * amortised, so creating a conversation never scans them all. (A thread read recently but written
   * long ago can hide further on; reads check expiry themselves and the periodic sweep removes it.)
   */
  private purgeOldest (): void {
    const now = this.now()
    for (const [threadId, thread] of this.threads) {
      if (!this.isExpired(threadId, thread, now)) return
      this.threads.delete(threadId)
    }
  }

  /** Stops the background sweep timer. */
  close (): void {
    if (this.sweepTimer !== undefined) clearInterval(this.sweepTimer)
    this.sweepTimer = undefined
  }

  /** Reading a thread's state counts as using it (LRU). */
  override async getTuple (config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId: unknown = config.configurable?.thread_id
    if (typeof threadId === 'string' || typeof threadId === 'number') this.liveThread(String(threadId))
    return await super.getTuple(config)
  }

  async deleteThread (threadId: string): Promise<void> {
    this.threads.delete(threadId)
  }

  /**
   * A turn of the thread starts (its conversation lock is taken): a message is activity, answered
   * or not, so the thread's lifetime restarts now and again when the returned function ends the
   * turn, and the thread does not expire in between: the turn's read and write see one conversation.
   * A thread that expired before stays expired (the turn starts a new conversation).
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
    const thread = this.liveThread(threadId)
    if (thread !== undefined) thread.activeAt = this.now()
  }

  // --- thread bookkeeping -----------------------------------------------------------------------

  private isExpired (threadId: string, thread: ThreadData, now: number): boolean {
    return now - thread.activeAt >= this.ttlMs && !this.held.has(threadId)
  }

  /** The live thread, marked most recently used; expired threads are dropped on the way. */
  private liveThread (threadId: string, touch = true): ThreadData | undefined {
    const thread = this.threads.get(threadId)
    if (thread === undefined) return undefined
    if (this.isExpired(threadId, thread, this.now())) {
      this.threads.delete(threadId)
      return undefined
    }
    if (touch) {
      this.threads.delete(threadId)
      this.threads.set(threadId, thread)
    }
    return thread
  }

  /** The thread's namespace for a write, creating the thread (and evicting others) if needed. */
  private writableNamespace (threadId: string, checkpointNs: string): NamespaceData {
    let thread = this.liveThread(threadId)
    if (thread === undefined) {
      this.purgeOldest()
      while (this.threads.size >= this.maxThreads) {
        const oldest = this.threads.keys().next().value
        if (oldest === undefined) break
        this.threads.delete(oldest)
      }
      thread = { activeAt: this.now(), namespaces: new Map(), transcript: [] }
      this.threads.set(threadId, thread)
    }
    thread.activeAt = this.now()
    let namespace = thread.namespaces.get(checkpointNs)
    if (namespace === undefined) {
      namespace = { checkpoints: new Map(), blobs: new Map(), writes: new Map() }
      thread.namespaces.set(checkpointNs, namespace)
    }
    return namespace
  }

  /** Read access (does not count as a use: getTuple and list of one thread do that). */
  private namespace (threadId: string, checkpointNs: string): NamespaceData | undefined {
    return this.liveThread(threadId, false)?.namespaces.get(checkpointNs)
  }

  // --- storage primitives -----------------------------------------------------------------------

  async transcript (threadId: string): Promise<unknown[]> {
    return (this.liveThread(threadId, false)?.transcript ?? []).map((entry) => JSON.parse(entry) as unknown)
  }

  protected async storeCheckpoint (ref: CheckpointRef, record: CheckpointRecord, blobs: BlobRecord[], extras: StoreExtras): Promise<void> {
    const namespace = this.writableNamespace(ref.threadId, ref.checkpointNs)
    namespace.checkpoints.set(ref.checkpointId, {
      checkpoint: copy(record.checkpoint),
      metadata: copy(record.metadata),
      parentId: record.parentId
    })
    for (const blob of blobs) namespace.blobs.set(blobField(blob.channel, blob.version), copy(blob.value))
    if (extras.transcript.length > 0) {
      const transcript = (this.threads.get(ref.threadId) as ThreadData).transcript
      transcript.push(...extras.transcript)
      if (transcript.length > this.maxTranscriptEntries) transcript.splice(0, transcript.length - this.maxTranscriptEntries)
    }
    if (extras.retain === undefined) return
    for (const id of namespace.checkpoints.keys()) if (id !== ref.checkpointId) namespace.checkpoints.delete(id)
    for (const id of namespace.writes.keys()) if (id !== ref.checkpointId) namespace.writes.delete(id)
    const kept = new Set(extras.retain)
    for (const key of namespace.blobs.keys()) if (!kept.has(key)) namespace.blobs.delete(key)
  }

  protected async storeWrites (ref: CheckpointRef, writes: WriteRecord[]): Promise<void> {
    const namespace = this.writableNamespace(ref.threadId, ref.checkpointNs)
    let stored = namespace.writes.get(ref.checkpointId)
    if (stored === undefined) {
      stored = new Map()
      namespace.writes.set(ref.checkpointId, stored)
    }
    for (const write of writes) {
      const key = `${write.taskId},${write.idx}`
      if (write.idx >= 0 && stored.has(key)) continue
      stored.set(key, { ...write, value: copy(write.value) })
    }
  }

  protected async latestCheckpointId (threadId: string, checkpointNs: string): Promise<string | undefined> {
    const namespace = this.namespace(threadId, checkpointNs)
    if (namespace === undefined) return undefined
    let latest: string | undefined
    for (const id of namespace.checkpoints.keys()) {
      if (latest === undefined || id > latest) latest = id
    }
    return latest
  }

  protected async loadCheckpoint (ref: CheckpointRef): Promise<CheckpointRecord | undefined> {
    return this.namespace(ref.threadId, ref.checkpointNs)?.checkpoints.get(ref.checkpointId)
  }

  protected async loadWrites (ref: CheckpointRef): Promise<WriteRecord[]> {
    const stored = this.namespace(ref.threadId, ref.checkpointNs)?.writes.get(ref.checkpointId)
    return stored === undefined ? [] : [...stored.values()]
  }

  protected async loadBlobs (
    threadId: string, checkpointNs: string, refs: ReadonlyArray<readonly [string, string]>
  ): Promise<Array<SerializedValue | undefined>> {
    const namespace = this.namespace(threadId, checkpointNs)
    return refs.map(([channel, version]) => namespace?.blobs.get(blobField(channel, version)))
  }

  protected async listRefs (query: ListQuery): Promise<CheckpointRef[]> {
    const threadIds = query.threadId !== undefined ? [query.threadId] : [...this.threads.keys()]
    const refs: CheckpointRef[] = []
    for (const threadId of threadIds) {
      // Listing every thread must not reorder the LRU; listing one thread counts as using it.
      const thread = this.liveThread(threadId, query.threadId !== undefined)
      if (thread === undefined) continue
      for (const [checkpointNs, namespace] of thread.namespaces) {
        if (query.checkpointNs !== undefined && checkpointNs !== query.checkpointNs) continue
        for (const checkpointId of namespace.checkpoints.keys()) {
          if (query.checkpointId !== undefined && checkpointId !== query.checkpointId) continue
          if (query.before !== undefined && checkpointId >= query.before) continue
          refs.push({ threadId, checkpointNs, checkpointId })
        }
      }
    }
    refs.sort(compareRefsNewestFirst)
    return query.limit !== undefined ? refs.slice(0, query.limit) : refs
  }
}
