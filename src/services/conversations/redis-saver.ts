// LangGraph checkpoint saver over plain Redis (no RedisJSON / RediSearch modules needed).
//
// Keys of one thread (all share the hash tag `{thread}`):
//   <prefix>{<thread>}:keys               SET   every other key of the thread (expiry refresh, delete)
//   <prefix>{<thread>}:ns                 SET   checkpoint namespaces of the thread
//   <prefix>{<thread>}:idx:<ns>           ZSET  checkpoint ids (score 0, ordered by id: uuid6 sorts by time)
//   <prefix>{<thread>}:cp:<ns>            HASH  checkpoint id -> packed checkpoint + metadata + parent id
//   <prefix>{<thread>}:blobs:<ns>         HASH  [channel, version] -> packed channel value
//   <prefix>{<thread>}:w:<ns>:<id>        HASH  [task id, idx] -> packed pending write
//   <prefix>threads                       HASH  thread id -> its `keys` key (only for `list` without a thread id)
// Every write is one Lua script (one round trip, atomic) that also resets the expiry of every key of
// the thread to `ttlSeconds`, so a conversation expires `ttlSeconds` after its last write.
// Standalone Redis or Sentinel only: the scripts also touch the registry and keys read from the
// `keys` set, which Redis Cluster does not allow (the hash tags already keep a thread in one slot).
import type { Redis } from 'ioredis'
import type { SerializerProtocol } from '@langchain/langgraph-checkpoint'
import { defineScript, runScript } from './redis-script.ts'
import {
  VersionedCheckpointSaver,
  compareRefsNewestFirst,
  type BlobRecord,
  type CheckpointRecord,
  type CheckpointRef,
  type ListQuery,
  type SerializedValue,
  type WriteRecord
} from './versioned-saver.ts'

export interface RedisCheckpointSaverOptions {
  redis: Redis
  /** Every key of a thread expires this long after the thread's last write. */
  ttlSeconds: number
  /** Default `itb:cp:`. Savers with different prefixes never see each other's data. */
  keyPrefix?: string
  serde?: SerializerProtocol
}

// Resets the expiry of every key of a thread (ARGV[1] ms) and registers the thread. Expects
// `keysSet` and `registry` as KEYS[1] and KEYS[2] and the thread id as ARGV[2].
const TOUCH_LUA = `
local function touch()
  local ttl = tonumber(ARGV[1])
  local members = redis.call('SMEMBERS', KEYS[1])
  for _, key in ipairs(members) do
    redis.call('PEXPIRE', key, ttl)
  end
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('HSET', KEYS[2], ARGV[2], KEYS[1])
  if redis.call('PTTL', KEYS[2]) < ttl then
    redis.call('PEXPIRE', KEYS[2], ttl)
  end
end
`

// KEYS: keys set, registry, ns set, index, checkpoints hash, blobs hash
// ARGV: ttl ms, thread id, ns, checkpoint id, packed checkpoint, then blob field/value pairs
const PUT_SCRIPT = defineScript(`${TOUCH_LUA}
redis.call('HSET', KEYS[5], ARGV[4], ARGV[5])
redis.call('ZADD', KEYS[4], 0, ARGV[4])
redis.call('SADD', KEYS[3], ARGV[3])
for i = 6, #ARGV, 2 do
  redis.call('HSET', KEYS[6], ARGV[i], ARGV[i + 1])
end
redis.call('SADD', KEYS[1], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
touch()
return 1
`)

// KEYS: keys set, registry, writes hash
// ARGV: ttl ms, thread id, then (field, value, mode) triples; mode 'r' replaces, 'n' keeps a stored value
const PUT_WRITES_SCRIPT = defineScript(`${TOUCH_LUA}
for i = 3, #ARGV, 3 do
  if ARGV[i + 2] == 'r' then
    redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
  else
    redis.call('HSETNX', KEYS[3], ARGV[i], ARGV[i + 1])
  end
end
redis.call('SADD', KEYS[1], KEYS[3])
touch()
return 1
`)

// KEYS: keys set, registry; ARGV: thread id
const DELETE_SCRIPT = defineScript(`
local members = redis.call('SMEMBERS', KEYS[1])
for i = 1, #members, 500 do
  redis.call('DEL', unpack(members, i, math.min(i + 499, #members)))
end
redis.call('DEL', KEYS[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return #members
`)

// KEYS: registry. Drops threads whose keys expired, returns the live thread ids.
const LIVE_THREADS_SCRIPT = defineScript(`
local entries = redis.call('HGETALL', KEYS[1])
local live = {}
for i = 1, #entries, 2 do
  if redis.call('EXISTS', entries[i + 1]) == 1 then
    table.insert(live, entries[i])
  else
    redis.call('HDEL', KEYS[1], entries[i])
  end
end
return live
`)

// Packed value: u32 header length, UTF-8 header, payload bytes.
function pack (header: string, ...parts: Uint8Array[]): Buffer {
  const head = Buffer.from(header, 'utf8')
  const length = Buffer.allocUnsafe(4)
  length.writeUInt32BE(head.length, 0)
  return Buffer.concat([length, head, ...parts])
}

function unpack (buffer: Buffer): { header: string, data: Buffer } {
  const headerLength = buffer.readUInt32BE(0)
  return {
    header: buffer.toString('utf8', 4, 4 + headerLength),
    data: buffer.subarray(4 + headerLength)
  }
}

/** A standalone copy (never a view into a larger reply buffer, never a Buffer subclass). */
function bytes (view: Uint8Array): Uint8Array {
  return Uint8Array.from(view)
}

interface CheckpointHeader { c: string, m: string, p: string | null, n: number }
type WriteHeader = [channel: string, type: string, taskPath: string, taskId: string, idx: number]

export class RedisCheckpointSaver extends VersionedCheckpointSaver {
  readonly redis: Redis
  readonly ttlSeconds: number
  readonly keyPrefix: string
  private readonly ttlMs: number

  constructor (options: RedisCheckpointSaverOptions) {
    super(options.serde)
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
    return `${this.threadBase(ref.threadId)}w:${encodeURIComponent(ref.checkpointNs)}:${encodeURIComponent(ref.checkpointId)}`
  }

  private get registryKey (): string { return `${this.keyPrefix}threads` }

  /** Every key the saver currently holds for a thread (for tests and diagnostics). */
  async threadKeys (threadId: string): Promise<string[]> {
    const keysSet = this.keysSetKey(threadId)
    const members = await this.redis.smembers(keysSet)
    const all = [keysSet, ...members]
    const exists = await Promise.all(all.map(async (key) => await this.redis.exists(key)))
    return all.filter((_, i) => exists[i] === 1).sort()
  }

  // --- writes -----------------------------------------------------------------------------------

  protected async storeCheckpoint (ref: CheckpointRef, record: CheckpointRecord, blobs: BlobRecord[]): Promise<void> {
    const { threadId, checkpointNs, checkpointId } = ref
    const header: CheckpointHeader = {
      c: record.checkpoint.type,
      m: record.metadata.type,
      p: record.parentId ?? null,
      n: record.checkpoint.data.byteLength
    }
    const args: Array<string | Buffer | number> = [
      this.ttlMs, threadId, checkpointNs, checkpointId,
      pack(JSON.stringify(header), record.checkpoint.data, record.metadata.data)
    ]
    for (const blob of blobs) {
      args.push(JSON.stringify([blob.channel, blob.version]), pack(blob.value.type, blob.value.data))
    }
    await runScript(this.redis, PUT_SCRIPT, [
      this.keysSetKey(threadId),
      this.registryKey,
      this.namespacesKey(threadId),
      this.indexKey(threadId, checkpointNs),
      this.checkpointsKey(threadId, checkpointNs),
      this.blobsKey(threadId, checkpointNs)
    ], args)
  }

  protected async storeWrites (ref: CheckpointRef, writes: WriteRecord[]): Promise<void> {
    const args: Array<string | Buffer | number> = [this.ttlMs, ref.threadId]
    for (const write of writes) {
      const header: WriteHeader = [write.channel, write.value.type, write.taskPath, write.taskId, write.idx]
      args.push(
        JSON.stringify([write.taskId, write.idx]),
        pack(JSON.stringify(header), write.value.data),
        write.idx < 0 ? 'r' : 'n'
      )
    }
    await runScript(this.redis, PUT_WRITES_SCRIPT, [this.keysSetKey(ref.threadId), this.registryKey, this.writesKey(ref)], args)
  }

  async deleteThread (threadId: string): Promise<void> {
    await runScript(this.redis, DELETE_SCRIPT, [this.keysSetKey(threadId), this.registryKey], [threadId])
  }

  // --- reads ------------------------------------------------------------------------------------

  protected async latestCheckpointId (threadId: string, checkpointNs: string): Promise<string | undefined> {
    const ids = await this.redis.zrange(this.indexKey(threadId, checkpointNs), '+', '-', 'BYLEX', 'REV', 'LIMIT', 0, 1)
    return ids[0]
  }

  protected async loadCheckpoint (ref: CheckpointRef): Promise<CheckpointRecord | undefined> {
    const raw = await this.redis.hgetBuffer(this.checkpointsKey(ref.threadId, ref.checkpointNs), ref.checkpointId)
    if (raw === null) return undefined
    const { header, data } = unpack(raw)
    const parsed = JSON.parse(header) as CheckpointHeader
    return {
      checkpoint: { type: parsed.c, data: bytes(data.subarray(0, parsed.n)) },
      metadata: { type: parsed.m, data: bytes(data.subarray(parsed.n)) },
      parentId: parsed.p ?? undefined
    }
  }

  protected async loadWrites (ref: CheckpointRef): Promise<WriteRecord[]> {
    const raw = await this.redis.hgetallBuffer(this.writesKey(ref))
    return Object.values(raw).map((value) => {
      const { header, data } = unpack(value)
      const [channel, type, taskPath, taskId, idx] = JSON.parse(header) as WriteHeader
      return { taskId, idx, channel, taskPath, value: { type, data: bytes(data) } }
    })
  }

  protected async loadBlobs (
    threadId: string, checkpointNs: string, refs: ReadonlyArray<readonly [string, string]>
  ): Promise<Array<SerializedValue | undefined>> {
    const fields = refs.map(([channel, version]) => JSON.stringify([channel, version]))
    const raw = await this.redis.hmgetBuffer(this.blobsKey(threadId, checkpointNs), ...fields)
    return raw.map((value) => {
      if (value === null) return undefined
      const { header, data } = unpack(value)
      return { type: header, data: bytes(data) }
    })
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

  /** Registered thread ids whose keys have not expired; expired ones are dropped from the registry. */
  private async liveThreadIds (): Promise<string[]> {
    const live = await runScript(this.redis, LIVE_THREADS_SCRIPT, [this.registryKey], []) as string[]
    return live.sort()
  }
}
