// LangGraph checkpoint saver over plain Redis (no RedisJSON / RediSearch modules needed).
//
// Keys of one thread (all share the hash tag `{thread}`):
//   <prefix>{<thread>}:keys               SET   every other key of the thread (expiry refresh, delete)
//   <prefix>{<thread>}:ns                 SET   checkpoint namespaces of the thread
//   <prefix>{<thread>}:idx:<ns>           ZSET  checkpoint ids (score 0, ordered by id: uuid6 sorts by time)
//   <prefix>{<thread>}:cp:<ns>            HASH  checkpoint id -> packed checkpoint + metadata + parent id + blob fields
//   <prefix>{<thread>}:blobs:<ns>         HASH  [channel, version] -> packed channel value
//   <prefix>{<thread>}:w:<ns>:<id>        HASH  [task id, idx] -> packed pending write
//   <prefix>{<thread>}:log                LIST  the transcript (JSON entries, append-only)
// Every write is one Lua script (one round trip, atomic) that also resets the expiry of every key of
// the thread to `ttlSeconds`, and so do the taking of a turn's lock and its extensions (lockAndRead,
// extendLock): a conversation expires `ttlSeconds` after its last turn, answered or not, and never
// during one (its read and its write see the same conversation); reading
// a checkpoint is one script too (checkpoint, writes and blobs together), so a reader never meets a
// checkpoint half deleted by latestOnly. `list` without a thread id (diagnostics, the conformance
// suite) finds threads with SCAN: there is no registry to grow with every conversation ever held.
// Standalone Redis or Sentinel only: the scripts touch keys read from the `keys` set, which Redis
// Cluster does not allow (the hash tags already keep a thread in one slot).
// The Lua scripts that work on this layout are in redis-saver-scripts.ts, the packed value format in
// redis-saver-records.ts.
import type { Redis } from 'ioredis'
import type { SerializerProtocol } from '@langchain/langgraph-checkpoint'
import { runScript } from './redis-script.ts'
import { DELETE_SCRIPT, EXTEND_AND_TOUCH_SCRIPT, LOCK_AND_READ_SCRIPT, PUT_SCRIPT, PUT_WRITES_SCRIPT, READ_SCRIPT } from './redis-saver-scripts.ts'
import { blobValue, checkpointRecord, pack, writeRecord, type CheckpointHeader, type WriteHeader } from './redis-saver-records.ts'
import {
  PrefetchedCheckpoint,
  compareRefsNewestFirst,
  type BlobRecord,
  type CheckpointRecord,
  type CheckpointRef,
  type ListQuery,
  type LoadedCheckpoint,
  type SerializedValue,
  type StoreExtras,
  type VersionedSaverOptions,
  type WriteRecord,
  blobField
} from './saver-records.ts'
import { VersionedCheckpointSaver } from './versioned-saver.ts'

/** READ_SCRIPT's reply: id, packed checkpoint, blob field/value pairs (null: not recorded), writes (flat). */
type ReadReply = [Buffer, Buffer, Array<Buffer | null> | null, Buffer[]]

export interface RedisCheckpointSaverOptions extends VersionedSaverOptions {
  redis: Redis
  /** Every key of a thread expires this long after the thread's last write or turn (its lock). */
  ttlSeconds: number
  /** Default `itb:cp:`. Savers with different prefixes never see each other's data. */
  keyPrefix?: string
  serde?: SerializerProtocol
}

export class RedisCheckpointSaver extends VersionedCheckpointSaver {
  readonly redis: Redis
  readonly ttlSeconds: number
  readonly keyPrefix: string
  private readonly ttlMs: number

  constructor (options: RedisCheckpointSaverOptions) {
    super(options.serde, options)
    if (!Number.isFinite(options.ttlSeconds) || options.ttlSeconds <= 0) {
      throw new RangeError('ttlSeconds must be a positive number')
    }
    this.redis = options.redis
    this.ttlSeconds = options.ttlSeconds
    this.ttlMs = Math.max(1, Math.round(options.ttlSeconds * 1000))
    this.keyPrefix = options.keyPrefix ?? 'itb:cp:'
  }

  // --- keys -------------------------------------------------------------------------------------

  private threadBase (threadId: string): string {
    return `${this.keyPrefix}{${encodeURIComponent(threadId)}}:`
  }

  private keysSetKey (threadId: string): string { return `${this.threadBase(threadId)}keys` }
  private namespacesKey (threadId: string): string { return `${this.threadBase(threadId)}ns` }
  private indexKey (threadId: string, ns: string): string { return `${this.threadBase(threadId)}idx:${encodeURIComponent(ns)}` }
  private checkpointsKey (threadId: string, ns: string): string { return `${this.threadBase(threadId)}cp:${encodeURIComponent(ns)}` }
  private blobsKey (threadId: string, ns: string): string { return `${this.threadBase(threadId)}blobs:${encodeURIComponent(ns)}` }
  private writesKey (ref: CheckpointRef): string {
    return this.writesKeyPrefix(ref.threadId, ref.checkpointNs) + encodeURIComponent(ref.checkpointId)
  }

  private writesKeyPrefix (threadId: string, ns: string): string { return `${this.threadBase(threadId)}w:${encodeURIComponent(ns)}:` }
  private transcriptKey (threadId: string): string { return `${this.threadBase(threadId)}log` }

  /** Every key the saver currently holds for a thread (for tests and diagnostics). */
  async threadKeys (threadId: string): Promise<string[]> {
    const keysSet = this.keysSetKey(threadId)
    const members = await this.redis.smembers(keysSet)
    const all = [keysSet, ...members]
    const exists = await Promise.all(all.map(async (key) => await this.redis.exists(key)))
    return all.filter((_, i) => exists[i] === 1).sort()
  }

  // --- writes -----------------------------------------------------------------------------------

  protected async storeCheckpoint (ref: CheckpointRef, record: CheckpointRecord, blobs: BlobRecord[], extras: StoreExtras): Promise<void> {
    const { threadId, checkpointNs, checkpointId } = ref
    const header: CheckpointHeader = {
      c: record.checkpoint.type,
      m: record.metadata.type,
      p: record.parentId ?? null,
      n: record.checkpoint.data.byteLength,
      b: record.blobFields ?? []
    }
    const args: Array<string | Buffer | number> = [
      this.ttlMs, checkpointNs, checkpointId,
      pack(JSON.stringify(header), record.checkpoint.data, record.metadata.data),
      blobs.length
    ]
    for (const blob of blobs) args.push(blobField(blob.channel, blob.version), pack(blob.value.type, blob.value.data))
    args.push(this.maxTranscriptEntries, extras.transcript.length, ...extras.transcript)
    // Checkpoint ids are uuid6 strings, which encodeURIComponent leaves as they are: the script can
    // append them to the writes-key prefix.
    if (extras.retain !== undefined) args.push(this.writesKeyPrefix(threadId, checkpointNs), ...extras.retain)
    await runScript(this.redis, PUT_SCRIPT, [
      this.keysSetKey(threadId),
      this.namespacesKey(threadId),
      this.indexKey(threadId, checkpointNs),
      this.checkpointsKey(threadId, checkpointNs),
      this.blobsKey(threadId, checkpointNs),
      this.transcriptKey(threadId)
    ], args)
  }

  protected async storeWrites (ref: CheckpointRef, writes: WriteRecord[]): Promise<void> {
    const args: Array<string | Buffer | number> = [this.ttlMs]
    for (const write of writes) {
      const header: WriteHeader = [write.channel, write.value.type, write.taskPath, write.taskId, write.idx]
      args.push(
        JSON.stringify([write.taskId, write.idx]),
        pack(JSON.stringify(header), write.value.data),
        write.idx < 0 ? 'r' : 'n'
      )
    }
    await runScript(this.redis, PUT_WRITES_SCRIPT, [this.keysSetKey(ref.threadId), this.writesKey(ref)], args)
  }

  async deleteThread (threadId: string): Promise<void> {
    await runScript(this.redis, DELETE_SCRIPT, [this.keysSetKey(threadId)], [])
  }

  // --- reads ------------------------------------------------------------------------------------

  protected async latestCheckpointId (threadId: string, checkpointNs: string): Promise<string | undefined> {
    const ids = await this.redis.zrange(this.indexKey(threadId, checkpointNs), '+', '-', 'BYLEX', 'REV', 'LIMIT', 0, 1)
    return ids[0]
  }

  async transcript (threadId: string): Promise<unknown[]> {
    const entries = await this.redis.lrange(this.transcriptKey(threadId), 0, -1)
    return entries.map((entry) => JSON.parse(entry) as unknown)
  }

  /** The checkpoint, its writes and its blobs in one script: nothing can be deleted between the reads. */
  protected override async loadLatest (threadId: string, checkpointNs: string, checkpointId: string | undefined): Promise<LoadedCheckpoint | undefined> {
    const reply = await runScript(this.redis, READ_SCRIPT, [
      this.indexKey(threadId, checkpointNs),
      this.checkpointsKey(threadId, checkpointNs),
      this.blobsKey(threadId, checkpointNs)
    ], [
      checkpointId ?? '',
      checkpointId === undefined ? this.writesKeyPrefix(threadId, checkpointNs) : this.writesKey({ threadId, checkpointNs, checkpointId })
    ], true) as ReadReply | null
    return reply === null ? undefined : this.loaded(threadId, checkpointNs, reply)
  }

  /**
   * A conversation lock's attempt (lock.ts's `acquire`, `SET lockKey token NX PX ttlMs`) that, when
   * it takes the lock, resets the expiry of every key of thread `threadId` to `ttlSeconds` and reads
   * its newest checkpoint, in the same round trip: the turn's run takes that read
   * (PrefetchedCheckpoint) instead of a round trip of its own. The thread cannot expire while the
   * lock is held (extendLock), so the read is still the thread's state when the run starts, however
   * long a voice turn's speech-to-text took.
   */
  async lockAndRead (lockKey: string, token: string, ttlMs: number, threadId: string): Promise<PrefetchedCheckpoint | false> {
    const reply = await runScript(this.redis, LOCK_AND_READ_SCRIPT, [
      lockKey, this.keysSetKey(threadId), this.indexKey(threadId, ''), this.checkpointsKey(threadId, ''), this.blobsKey(threadId, '')
    ], [token, ttlMs, this.ttlMs, this.writesKeyPrefix(threadId, '')], true) as ReadReply | 0 | 1
    if (reply === 0) return false
    return new PrefetchedCheckpoint(threadId, reply === 1 ? undefined : this.loaded(threadId, '', reply))
  }

  /**
   * A conversation lock's extension (lock.ts's `extend`, compare-and-PEXPIRE) that also resets the
   * expiry of thread `threadId`'s keys: a turn longer than `ttlSeconds` keeps its conversation.
   * False when the lock is not `token`'s any more.
   */
  async extendLock (lockKey: string, token: string, ttlMs: number, threadId: string): Promise<boolean> {
    return await runScript(this.redis, EXTEND_AND_TOUCH_SCRIPT, [lockKey, this.keysSetKey(threadId)], [token, ttlMs, this.ttlMs]) === 1
  }

  private loaded (threadId: string, checkpointNs: string, [id, raw, blobPairs, writePairs]: ReadReply): LoadedCheckpoint {
    const ref: CheckpointRef = { threadId, checkpointNs, checkpointId: id.toString('utf8') }
    let blobs: Map<string, SerializedValue | undefined> | undefined
    if (blobPairs !== null) {
      blobs = new Map()
      for (let i = 0; i < blobPairs.length; i += 2) {
        const value = blobPairs[i + 1]
        blobs.set((blobPairs[i] as Buffer).toString('utf8'), value === null || value === undefined ? undefined : blobValue(value))
      }
    }
    return { ref, record: checkpointRecord(raw), writes: writePairs.filter((_, i) => i % 2 === 1).map(writeRecord), blobs }
  }

  protected async loadCheckpoint (ref: CheckpointRef): Promise<CheckpointRecord | undefined> {
    const raw = await this.redis.hgetBuffer(this.checkpointsKey(ref.threadId, ref.checkpointNs), ref.checkpointId)
    return raw === null ? undefined : checkpointRecord(raw)
  }

  protected async loadWrites (ref: CheckpointRef): Promise<WriteRecord[]> {
    return Object.values(await this.redis.hgetallBuffer(this.writesKey(ref))).map(writeRecord)
  }

  protected async loadBlobs (
    threadId: string, checkpointNs: string, refs: ReadonlyArray<readonly [string, string]>
  ): Promise<Array<SerializedValue | undefined>> {
    const fields = refs.map(([channel, version]) => blobField(channel, version))
    const raw = await this.redis.hmgetBuffer(this.blobsKey(threadId, checkpointNs), ...fields)
    return raw.map((value) => value === null ? undefined : blobValue(value))
  }

  protected async listRefs (query: ListQuery): Promise<CheckpointRef[]> {
    const threadIds = query.threadId !== undefined ? [query.threadId] : await this.liveThreadIds()
    const namespaces = await Promise.all(threadIds.map(async (threadId) =>
      query.checkpointNs !== undefined ? [query.checkpointNs] : await this.redis.smembers(this.namespacesKey(threadId))
    ))
    const slots = threadIds.flatMap((threadId, i) => namespaces[i].map((checkpointNs) => ({ threadId, checkpointNs })))
    const perSlot = await Promise.all(slots.map(async ({ threadId, checkpointNs }): Promise<CheckpointRef[]> => {
      const index = this.indexKey(threadId, checkpointNs)
      let ids: string[]
      if (query.checkpointId !== undefined) {
        const found = await this.redis.zscore(index, query.checkpointId)
        const beforeOk = query.before === undefined || query.checkpointId < query.before
        ids = found !== null && beforeOk ? [query.checkpointId] : []
      } else {
        const max = query.before !== undefined ? `(${query.before}` : '+'
        ids = query.limit !== undefined
          ? await this.redis.zrange(index, max, '-', 'BYLEX', 'REV', 'LIMIT', 0, query.limit)
          : await this.redis.zrange(index, max, '-', 'BYLEX', 'REV')
      }
      return ids.map((checkpointId) => ({ threadId, checkpointNs, checkpointId }))
    }))
    const refs = perSlot.flat().sort(compareRefsNewestFirst)
    return query.limit !== undefined ? refs.slice(0, query.limit) : refs
  }

  /** Threads with live keys (expired keys are never returned by SCAN). */
  private async liveThreadIds (): Promise<string[]> {
    const pattern = `${this.keyPrefix.replace(/[*?[\]\\]/g, '\\$&')}{*}:keys`
    const threads = new Set<string>()
    let cursor = '0'
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500)
      cursor = next
      for (const key of keys) {
        const encoded = key.slice(this.keyPrefix.length + 1, -'}:keys'.length)
        threads.add(decodeURIComponent(encoded))
      }
    } while (cursor !== '0')
    return [...threads].sort()
  }
}
