// Shared checkpoint logic for the conversation savers (Redis and bounded in-memory).
//
// Storage model (the one the official Postgres saver uses): a checkpoint is stored WITHOUT its
// `channel_values`; every channel value is stored once per (channel, version) as a "blob", and only
// the channels listed in `newVersions` are written by `put`. Reading a checkpoint rebuilds
// `channel_values` from the blobs named by its `channel_versions`, so a value that did not change is
// not rewritten on every step. Pending writes follow MemorySaver's semantics exactly: keyed by
// (task id, idx) where special channels (ERROR, SCHEDULED, INTERRUPT, RESUME) use the negative index
// from WRITES_IDX_MAP and overwrite, regular writes keep the first value stored; they come back in
// `writesSortKey` order. Subclasses implement a handful of storage primitives.
//
// Two options the application uses (both off by default, which is what the conformance suite runs):
// `transcriptChannel` names a channel whose value (an array: this turn's records) is appended to an
// append-only transcript kept beside the checkpoints, in the same atomic write; `latestOnly` keeps
// only a thread namespace's newest checkpoint (older ones, their writes and unused blobs go).
// The records it stores and the helpers the savers share are in saver-records.ts.
import { isDeepStrictEqual } from 'node:util'
import type { RunnableConfig } from '@langchain/core/runnables'
import {
  BaseCheckpointSaver,
  TASKS,
  getCheckpointId,
  maxChannelVersion,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointPendingWrite,
  type CheckpointTuple,
  type PendingWrite,
  type SerializerProtocol
} from '@langchain/langgraph-checkpoint'
import {
  EMPTY_BLOB_TYPE, PREFETCHED_CHECKPOINT, PrefetchedCheckpoint, blobField, identifier, namespaceOf, optionalCheckpointId, orderWrites, requiredThreadId, writeIndex,
  type BlobRecord, type CheckpointRecord, type CheckpointRef, type ListQuery, type LoadedCheckpoint, type SerializedValue,
  type StoreExtras, type VersionedSaverOptions, type WriteRecord
} from './saver-records.ts'
import { CompactSerializer } from './compact-serde.ts'

const LIST_BATCH = 25

export abstract class VersionedCheckpointSaver extends BaseCheckpointSaver {
  protected readonly transcriptChannel: string | undefined
  protected readonly latestOnly: boolean
  /** Both stores keep at most this many transcript entries per thread, the newest. */
  protected readonly maxTranscriptEntries: number

  constructor (serde?: SerializerProtocol, options: VersionedSaverOptions = {}) {
    // JsonPlus with shortcuts for a turn's plain messages and lc-free JSON (compact-serde.ts).
    super(serde ?? new CompactSerializer())
    this.transcriptChannel = options.transcriptChannel
    this.latestOnly = options.latestOnly ?? false
    this.maxTranscriptEntries = options.maxTranscriptEntries ?? 2000
    if (!Number.isInteger(this.maxTranscriptEntries) || this.maxTranscriptEntries < 1) {
      throw new RangeError('maxTranscriptEntries must be a positive integer')
    }
  }

  /** The thread's transcript entries, oldest first (empty when there are none). */
  abstract transcript (threadId: string): Promise<unknown[]>

  /**
   * The newest (or the given) checkpoint with its writes. Stores whose reads are not atomic
   * override this to read everything in one step: with latestOnly a turn may delete the checkpoint
   * between two reads.
   */
  protected async loadLatest (threadId: string, checkpointNs: string, checkpointId: string | undefined): Promise<LoadedCheckpoint | undefined> {
    const id = checkpointId ?? await this.latestCheckpointId(threadId, checkpointNs)
    if (id === undefined) return undefined
    const ref: CheckpointRef = { threadId, checkpointNs, checkpointId: id }
    const [record, writes] = await Promise.all([this.loadCheckpoint(ref), this.loadWrites(ref)])
    return record === undefined ? undefined : { ref, record, writes }
  }
  /** Id of the newest checkpoint of a thread namespace. */
  protected abstract latestCheckpointId (threadId: string, checkpointNs: string): Promise<string | undefined>
  protected abstract loadCheckpoint (ref: CheckpointRef): Promise<CheckpointRecord | undefined>
  protected abstract loadWrites (ref: CheckpointRef): Promise<WriteRecord[]>
  /** Values for [channel, version] pairs, in order; undefined where none is stored. */
  protected abstract loadBlobs (
    threadId: string, checkpointNs: string, refs: ReadonlyArray<readonly [string, string]>
  ): Promise<Array<SerializedValue | undefined>>

  /** Matching checkpoints, newest first. */
  protected abstract listRefs (query: ListQuery): Promise<CheckpointRef[]>
  protected abstract storeCheckpoint (ref: CheckpointRef, record: CheckpointRecord, blobs: BlobRecord[], extras: StoreExtras): Promise<void>
  /** Stores writes: a regular write (idx >= 0) never replaces a stored one, a special write does. */
  protected abstract storeWrites (ref: CheckpointRef, writes: WriteRecord[]): Promise<void>

  async getTuple (config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const rawThreadId: unknown = config.configurable?.thread_id
    if (rawThreadId === undefined || rawThreadId === null) return undefined
    const threadId = identifier('thread_id', rawThreadId)
    const checkpointNs = namespaceOf(config) ?? ''
    const checkpointId = optionalCheckpointId(getCheckpointId(config))
    const prefetched: unknown = config.configurable?.[PREFETCHED_CHECKPOINT]
    const taken = checkpointId === undefined && prefetched instanceof PrefetchedCheckpoint ? prefetched.take(threadId, checkpointNs) : false
    const loaded = taken !== false ? taken : await this.loadLatest(threadId, checkpointNs, checkpointId)
    if (loaded === undefined) return undefined
    return await this.buildTuple(loaded.ref, loaded.record, loaded.writes, undefined, loaded.blobs)
  }

  async * list (config: RunnableConfig, options: CheckpointListOptions = {}): AsyncGenerator<CheckpointTuple> {
    const { before, filter } = options
    let remaining = options.limit
    if (remaining !== undefined && remaining <= 0) return
    const rawThreadId: unknown = config.configurable?.thread_id
    const threadId = rawThreadId === undefined || rawThreadId === null ? undefined : identifier('thread_id', rawThreadId)
    const filterEntries = Object.entries(filter ?? {})
    const refs = await this.listRefs({
      threadId,
      checkpointNs: namespaceOf(config),
      checkpointId: optionalCheckpointId(config.configurable?.checkpoint_id),
      before: optionalCheckpointId(before?.configurable?.checkpoint_id),
      limit: filterEntries.length === 0 ? remaining : undefined
    })
    let index = 0
    while (index < refs.length) {
      const size = filterEntries.length > 0 || remaining === undefined ? LIST_BATCH : Math.min(LIST_BATCH, remaining)
      const batch = refs.slice(index, index + size)
      index += batch.length
      const loaded = await Promise.all(batch.map(async (ref) => {
        const [record, writes] = await Promise.all([this.loadCheckpoint(ref), this.loadWrites(ref)])
        return { ref, record, writes }
      }))
      for (const { ref, record, writes } of loaded) {
        if (record === undefined) continue
        const metadata = await this.serde.loadsTyped(record.metadata.type, record.metadata.data) as CheckpointMetadata
        const values = metadata as Record<string, unknown>
        if (!filterEntries.every(([key, value]) => isDeepStrictEqual(values[key], value))) continue
        yield await this.buildTuple(ref, record, writes, metadata)
        if (remaining !== undefined) {
          remaining -= 1
          if (remaining <= 0) return
        }
      }
    }
  }

  async put (
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions
  ): Promise<RunnableConfig> {
    const threadId = requiredThreadId(config, 'put checkpoint')
    const checkpointNs = namespaceOf(config) ?? ''
    const checkpointId = identifier('checkpoint.id', checkpoint.id)
    const parentId = optionalCheckpointId(config.configurable?.checkpoint_id)
    const { channel_values: channelValues, ...withoutValues } = checkpoint
    const values = (channelValues ?? {}) as Record<string, unknown>
    const [[checkpointType, checkpointData], [metadataType, metadataData], blobs] = await Promise.all([
      this.serde.dumpsTyped(withoutValues),
      this.serde.dumpsTyped(metadata),
      Promise.all(Object.entries(newVersions).map(async ([channel, version]): Promise<BlobRecord> => {
        const present = Object.hasOwn(values, channel) && values[channel] !== undefined
        const [type, data] = present
          ? await this.serde.dumpsTyped(values[channel])
          : [EMPTY_BLOB_TYPE, new Uint8Array(0)]
        return { channel, version: String(version), value: { type, data } }
      }))
    ])
    const ref: CheckpointRef = { threadId, checkpointNs, checkpointId }
    const blobFields = Object.entries(checkpoint.channel_versions ?? {}).map(([channel, version]) => blobField(channel, String(version)))
    const appended = this.transcriptChannel !== undefined && Object.hasOwn(newVersions, this.transcriptChannel) &&
      Array.isArray(values[this.transcriptChannel])
      ? (values[this.transcriptChannel] as unknown[]).map((entry) => JSON.stringify(entry))
      : []
    await this.storeCheckpoint(ref, {
      checkpoint: { type: checkpointType, data: checkpointData },
      metadata: { type: metadataType, data: metadataData },
      parentId,
      blobFields
    }, blobs, { transcript: appended, retain: this.latestOnly ? blobFields : undefined })
    return { configurable: { thread_id: threadId, checkpoint_ns: checkpointNs, checkpoint_id: checkpointId } }
  }

  async putWrites (config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath?: string): Promise<void> {
    const threadId = requiredThreadId(config, 'put writes')
    const checkpointId = optionalCheckpointId(config.configurable?.checkpoint_id)
    if (checkpointId === undefined) {
      throw new Error('Failed to put writes. The passed RunnableConfig is missing a required "checkpoint_id" field in its "configurable" property.')
    }
    const ref: CheckpointRef = { threadId, checkpointNs: namespaceOf(config) ?? '', checkpointId }
    const task = identifier('task_id', taskId)
    const records = await Promise.all(writes.map(async ([channel, value], idx): Promise<WriteRecord> => {
      const [type, data] = await this.serde.dumpsTyped(value)
      return { taskId: task, idx: writeIndex(channel, idx), channel, taskPath: taskPath ?? '', value: { type, data } }
    }))
    if (records.length === 0) return
    await this.storeWrites(ref, records)
  }

  /** Rebuilds the public tuple: channel values from blobs, ordered pending writes, parent config. */
  protected async buildTuple (
    ref: CheckpointRef,
    record: CheckpointRecord,
    writes: readonly WriteRecord[],
    parsedMetadata?: CheckpointMetadata,
    preloadedBlobs?: Map<string, SerializedValue | undefined>
  ): Promise<CheckpointTuple> {
    const { threadId, checkpointNs, checkpointId } = ref
    const checkpoint = await this.serde.loadsTyped(record.checkpoint.type, record.checkpoint.data) as Checkpoint
    const metadata = parsedMetadata ??
      await this.serde.loadsTyped(record.metadata.type, record.metadata.data) as CheckpointMetadata
    checkpoint.channel_versions ??= {}
    const versions = Object.entries(checkpoint.channel_versions)
    const blobs = versions.length === 0
      ? []
      : preloadedBlobs !== undefined
        ? versions.map(([channel, version]) => preloadedBlobs.get(blobField(channel, String(version))))
        : await this.loadBlobs(threadId, checkpointNs, versions.map(([channel, version]) => [channel, String(version)] as const))
    const channelValues: Record<string, unknown> = {}
    await Promise.all(versions.map(async ([channel], i) => {
      const blob = blobs[i]
      if (blob === undefined || blob.type === EMPTY_BLOB_TYPE) return
      channelValues[channel] = await this.serde.loadsTyped(blob.type, blob.data)
    }))
    checkpoint.channel_values = channelValues
    if (checkpoint.v < 4 && record.parentId !== undefined) {
      await this.migratePendingSends(checkpoint, { threadId, checkpointNs, checkpointId: record.parentId })
    }
    const pendingWrites = await Promise.all(orderWrites(writes).map(async (write): Promise<CheckpointPendingWrite> => [
      write.taskId,
      write.channel,
      await this.serde.loadsTyped(write.value.type, write.value.data)
    ]))
    const tuple: CheckpointTuple = {
      config: { configurable: { thread_id: threadId, checkpoint_ns: checkpointNs, checkpoint_id: checkpointId } },
      checkpoint,
      metadata,
      pendingWrites
    }
    if (record.parentId !== undefined) {
      tuple.parentConfig = {
        configurable: { thread_id: threadId, checkpoint_ns: checkpointNs, checkpoint_id: record.parentId }
      }
    }
    return tuple
  }

  /** Checkpoints older than format v4 kept pending sends as TASKS writes on their parent. */
  private async migratePendingSends (checkpoint: Checkpoint, parent: CheckpointRef): Promise<void> {
    const parentWrites = orderWrites(await this.loadWrites(parent)).filter((write) => write.channel === TASKS)
    const sends = await Promise.all(parentWrites.map(async (write) => await this.serde.loadsTyped(write.value.type, write.value.data)))
    const values = checkpoint.channel_values as Record<string, unknown>
    const versions = checkpoint.channel_versions as Record<string, number | string>
    values[TASKS] = sends
    const existing = Object.values(versions)
    versions[TASKS] = existing.length > 0 ? maxChannelVersion(...existing) : this.getNextVersion(undefined)
  }
}
