// In-process checkpoint saver for development and single-instance deployments, bounded in two ways:
// at most `maxThreads` conversations (the least recently used thread is evicted as a whole), and a
// thread expires `ttlSeconds` after its last write or turn; a thread whose turn is in progress is
// neither expired nor evicted (`hold`, called by the conversation lock, as the Redis saver's lock
// script does). Expired threads are invisible at once and purged on access, when a thread is added,
// and by an unref'd sweep timer. The threads' bookkeeping is in memory-saver-threads.ts.
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
import { MemoryThreads } from './memory-saver-threads.ts'
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
  namespaces: Map<string, NamespaceData>
  transcript: string[]
}

function copy (value: SerializedValue): SerializedValue {
  return { type: value.type, data: Uint8Array.from(value.data) }
}

export class BoundedMemorySaver extends VersionedCheckpointSaver {
  readonly maxThreads: number
  readonly ttlSeconds: number
  private readonly threads: MemoryThreads<ThreadData>
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
    this.threads = new MemoryThreads({ maxThreads: options.maxThreads, ttlMs: options.ttlSeconds * 1000, now: options.now ?? Date.now })
    const sweepIntervalMs = options.sweepIntervalMs ?? 60_000
    if (sweepIntervalMs > 0) {
      this.sweepTimer = setInterval(() => { this.purgeExpired() }, sweepIntervalMs)
      this.sweepTimer.unref()
    }
  }

  /** Number of live (not expired) threads. */
  get size (): number {
    return this.threads.size
  }

  /** Removes every expired thread; returns how many were removed. */
  purgeExpired (): number {
    return this.threads.purgeExpired()
  }

  /** Stops the background sweep timer. */
  close (): void {
    if (this.sweepTimer !== undefined) clearInterval(this.sweepTimer)
    this.sweepTimer = undefined
  }

  /** Reading a thread's state counts as using it (LRU). */
  override async getTuple (config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId: unknown = config.configurable?.thread_id
    if (typeof threadId === 'string' || typeof threadId === 'number') this.threads.get(String(threadId))
    return await super.getTuple(config)
  }

  async deleteThread (threadId: string): Promise<void> {
    this.threads.delete(threadId)
  }

  /**
   * A turn of the thread starts (its conversation lock is taken): a message is activity, answered
   * or not, so the thread's lifetime restarts now and again when the returned function ends the
   * turn, and the thread is neither expired nor evicted in between: the turn's read and write see
   * one conversation. A thread that expired before stays expired (the turn starts a new conversation).
   */
  hold (threadId: string): () => void {
    return this.threads.hold(threadId)
  }

  /** The thread for a write, creating it (and evicting others) if needed. */
  private writableThread (threadId: string): ThreadData {
    return this.threads.writable(threadId, () => ({ namespaces: new Map(), transcript: [] }))
  }

  private writableNamespace (thread: ThreadData, checkpointNs: string): NamespaceData {
    let namespace = thread.namespaces.get(checkpointNs)
    if (namespace === undefined) {
      namespace = { checkpoints: new Map(), blobs: new Map(), writes: new Map() }
      thread.namespaces.set(checkpointNs, namespace)
    }
    return namespace
  }

  /** Read access (does not count as a use: getTuple and list of one thread do that). */
  private namespace (threadId: string, checkpointNs: string): NamespaceData | undefined {
    return this.threads.get(threadId, false)?.namespaces.get(checkpointNs)
  }

  // --- storage primitives -----------------------------------------------------------------------

  async transcript (threadId: string): Promise<unknown[]> {
    return (this.threads.get(threadId, false)?.transcript ?? []).map((entry) => JSON.parse(entry) as unknown)
  }

  protected async storeCheckpoint (ref: CheckpointRef, record: CheckpointRecord, blobs: BlobRecord[], extras: StoreExtras): Promise<void> {
    const thread = this.writableThread(ref.threadId)
    const namespace = this.writableNamespace(thread, ref.checkpointNs)
    namespace.checkpoints.set(ref.checkpointId, {
      checkpoint: copy(record.checkpoint),
      metadata: copy(record.metadata),
      parentId: record.parentId
    })
    for (const blob of blobs) namespace.blobs.set(blobField(blob.channel, blob.version), copy(blob.value))
    if (extras.transcript.length > 0) {
      const transcript = thread.transcript
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
    const namespace = this.writableNamespace(this.writableThread(ref.threadId), ref.checkpointNs)
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
    const threadIds = query.threadId !== undefined ? [query.threadId] : this.threads.ids()
    const refs: CheckpointRef[] = []
    for (const threadId of threadIds) {
      // Listing every thread must not reorder the LRU; listing one thread counts as using it.
      const thread = this.threads.get(threadId, query.threadId !== undefined)
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
