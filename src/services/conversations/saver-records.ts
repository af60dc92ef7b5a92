// The records the conversation savers store and the helpers both savers and their base class share:
// serialized values, checkpoint and pending-write records, blob fields, the MemorySaver ordering of
// writes, and the checks of a RunnableConfig's thread id, namespace and checkpoint id (the error
// messages the official savers give). The storage model is described in versioned-saver.ts.
import type { RunnableConfig } from '@langchain/core/runnables'
import { WRITES_IDX_MAP, compareWritesSortKeys, writesSortKey } from '@langchain/langgraph-checkpoint'

/** Output of `serde.dumpsTyped`. */
export interface SerializedValue {
  type: string
  data: Uint8Array
}

/** Serialized checkpoint (without channel values) and metadata. */
export interface CheckpointRecord {
  checkpoint: SerializedValue
  metadata: SerializedValue
  parentId: string | undefined
  /** Blob fields (`blobField`) of the checkpoint's channel versions, so one read can fetch them. */
  blobFields?: string[]
}

/** What `put` stores besides the checkpoint and its new blobs. */
export interface StoreExtras {
  /** Entries (JSON) appended to the thread's transcript. */
  transcript: string[]
  /** latestOnly: blob fields still used; every other checkpoint of the namespace goes. */
  retain?: string[]
}

/** A checkpoint read in one step: its record, writes and (when the store can) its blobs. */
export interface LoadedCheckpoint {
  ref: CheckpointRef
  record: CheckpointRecord
  writes: WriteRecord[]
  blobs?: Map<string, SerializedValue | undefined>
}

/**
 * A thread's newest checkpoint, read in the round trip that took its conversation's lock (lock.ts,
 * RedisCheckpointSaver.lockAndRead). Handed to the run in `configurable[PREFETCHED_CHECKPOINT]`, it
 * answers that run's first getTuple of the thread's root namespace, once: nothing else can write
 * the thread while the lock is held, expiry cannot take it then (the lock's taking and extensions
 * reset its lifetime), and the run's own write makes it stale.
 */
export class PrefetchedCheckpoint {
  private readonly threadId: string
  private loaded: LoadedCheckpoint | undefined
  private taken = false

  constructor (threadId: string, loaded: LoadedCheckpoint | undefined) {
    this.threadId = threadId
    this.loaded = loaded
  }

  /** The read (undefined: the thread had no checkpoint), or false when it is not for this thread or was taken. */
  take (threadId: string, checkpointNs: string): LoadedCheckpoint | undefined | false {
    if (this.taken || threadId !== this.threadId || checkpointNs !== '') return false
    this.taken = true
    const { loaded } = this
    this.loaded = undefined
    return loaded
  }
}

/** The configurable key of a run's PrefetchedCheckpoint. */
export const PREFETCHED_CHECKPOINT = 'itb_prefetched_checkpoint'

export interface VersionedSaverOptions {
  transcriptChannel?: string
  latestOnly?: boolean
  /** Most transcript entries kept per conversation, oldest dropped first (default 2,000: 1,000 turns). */
  maxTranscriptEntries?: number
}

export interface WriteRecord {
  taskId: string
  /** Index in the write batch, or the negative WRITES_IDX_MAP index of a special channel. */
  idx: number
  channel: string
  taskPath: string
  value: SerializedValue
}

/** One channel value at one version; type `empty` marks a channel that had no value. */
export interface BlobRecord {
  channel: string
  version: string
  value: SerializedValue
}

export interface CheckpointRef {
  threadId: string
  checkpointNs: string
  checkpointId: string
}

export interface ListQuery {
  threadId: string | undefined
  /** undefined: every namespace. */
  checkpointNs: string | undefined
  /** Only this checkpoint id. */
  checkpointId: string | undefined
  /** Only ids strictly lower than this one. */
  before: string | undefined
  /** Upper bound on how many refs are needed (a hint; undefined when a metadata filter applies). */
  limit: number | undefined
}

export const EMPTY_BLOB_TYPE = 'empty'

/** Storage field of a channel value at a version. */
export function blobField (channel: string, version: string): string {
  return JSON.stringify([channel, version])
}

/** Storage key of a pending write, as MemorySaver computes it. */
export function writeIndex (channel: string, idx: number): number {
  return Object.hasOwn(WRITES_IDX_MAP, channel) ? WRITES_IDX_MAP[channel] : idx
}

/** Sorts writes the way live execution applies them: (task_path, task_id, idx). */
export function orderWrites (writes: readonly WriteRecord[]): WriteRecord[] {
  return writes
    .map((write) => ({ key: writesSortKey(write.taskPath, write.taskId, write.idx), write }))
    .sort((a, b) => compareWritesSortKeys(a.key, b.key))
    .map(({ write }) => write)
}

/** Newest first; ties (same id in several threads or namespaces) in a stable order. */
export function compareRefsNewestFirst (a: CheckpointRef, b: CheckpointRef): number {
  if (a.checkpointId !== b.checkpointId) return a.checkpointId < b.checkpointId ? 1 : -1
  if (a.threadId !== b.threadId) return a.threadId < b.threadId ? -1 : 1
  if (a.checkpointNs !== b.checkpointNs) return a.checkpointNs < b.checkpointNs ? -1 : 1
  return 0
}

function kindOf (value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

/** A configurable identifier: a string (numbers are accepted and stringified). */
export function identifier (field: string, value: unknown, allowEmpty = false): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value !== 'string') {
    throw new TypeError(`Invalid configurable value for "${field}": expected a string (got ${kindOf(value)}).`)
  }
  if (!allowEmpty && value === '') throw new TypeError(`Invalid configurable value for "${field}": empty string.`)
  return value
}

export function requiredThreadId (config: RunnableConfig, operation: string): string {
  const threadId: unknown = config.configurable?.thread_id
  if (threadId === undefined || threadId === null) {
    throw new Error(
      `Failed to ${operation}. The passed RunnableConfig is missing a required "thread_id" field in its ` +
      '"configurable" property. Example: graph.invoke(input, { configurable: { thread_id: "my-thread-id" } })'
    )
  }
  return identifier('thread_id', threadId)
}

export function namespaceOf (config: RunnableConfig | undefined): string | undefined {
  const ns: unknown = config?.configurable?.checkpoint_ns
  return ns === undefined || ns === null ? undefined : identifier('checkpoint_ns', ns, true)
}

export function optionalCheckpointId (value: unknown): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : identifier('checkpoint_id', value)
}
