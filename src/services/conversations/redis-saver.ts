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
// the thread to `ttlSeconds`, so a conversation expires `ttlSeconds` after its last write; reading
// a checkpoint is one script too (checkpoint, writes and blobs together), so a reader never meets a
// checkpoint half deleted by latestOnly. `list` without a thread id (diagnostics, the conformance
// suite) finds threads with SCAN: there is no registry to grow with every conversation ever held.
// Standalone Redis or Sentinel only: the scripts touch keys read from the `keys` set, which Redis
// Cluster does not allow (the hash tags already keep a thread in one slot).
// Over 300 lines (389): the Lua scripts and the key layout they share must change together, so they
// stay in one file until issue 13's split moves the scripts beside it (redis-scripts.ts).
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
  type LoadedCheckpoint,
  type SerializedValue,
  type StoreExtras,
  type VersionedSaverOptions,
  type WriteRecord,
  blobField
} from './versioned-saver.ts'

export interface RedisCheckpointSaverOptions extends VersionedSaverOptions {
  redis: Redis
  /** Every key of a thread expires this long after the thread's last write. */
  ttlSeconds: number
  /** Default `itb:cp:`. Savers with different prefixes never see each other's data. */
  keyPrefix?: string
  serde?: SerializerProtocol
}

// Resets the expiry of every key of a thread (ARGV[1] ms). Expects the `keys` set as KEYS[1].
const TOUCH_LUA = `
local function touch()
  local ttl = tonumber(ARGV[1])
  local members = redis.call('SMEMBERS', KEYS[1])
  for _, key in ipairs(members) do
    redis.call('PEXPIRE', key, ttl)
  end
  redis.call('PEXPIRE', KEYS[1], ttl)
end
`

// KEYS: keys set, ns set, index, checkpoints hash, blobs hash, transcript list
// ARGV: ttl ms, ns, checkpoint id, packed checkpoint, n, n blob field/value pairs, m, m transcript
//       entries, then (latestOnly) the writes-key prefix of the namespace and the blob fields to keep
const PUT_SCRIPT = defineScript(`${TOUCH_LUA}
redis.call('HSET', KEYS[4], ARGV[3], ARGV[4])
redis.call('ZADD', KEYS[3], 0, ARGV[3])
redis.call('SADD', KEYS[2], ARGV[2])
local i = 6
for _ = 1, tonumber(ARGV[5]) do
  redis.call('HSET', KEYS[5], ARGV[i], ARGV[i + 1])
  i = i + 2
end
local m = tonumber(ARGV[i])
i = i + 1
if m > 0 then
  for first = i, i + m - 1, 500 do
    redis.call('RPUSH', KEYS[6], unpack(ARGV, first, math.min(first + 499, i + m - 1)))
  end
  redis.call('SADD', KEYS[1], KEYS[6])
end
i = i + m
if i <= #ARGV then
  local prefix = ARGV[i]
  for _, id in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
    if id ~= ARGV[3] then
      redis.call('ZREM', KEYS[3], id)
      redis.call('HDEL', KEYS[4], id)
      redis.call('DEL', prefix .. id)
      redis.call('SREM', KEYS[1], prefix .. id)
    end
  end
  local retain = {}
  for j = i + 1, #ARGV do
    retain[ARGV[j]] = true
  end
  for _, field in ipairs(redis.call('HKEYS', KEYS[5])) do
    if not retain[field] then
      redis.call('HDEL', KEYS[5], field)
    end
  end
end
redis.call('SADD', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5])
touch()
return 1
`)

// KEYS: keys set, writes hash
// ARGV: ttl ms, then (field, value, mode) triples; mode 'r' replaces, 'n' keeps a stored value
const PUT_WRITES_SCRIPT = defineScript(`${TOUCH_LUA}
for i = 2, #ARGV, 3 do
  if ARGV[i + 2] == 'r' then
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
  else
    redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[i + 1])
  end
end
redis.call('SADD', KEYS[1], KEYS[2])
touch()
return 1
`)

// KEYS: keys set
const DELETE_SCRIPT = defineScript(`
local members = redis.call('SMEMBERS', KEYS[1])
for i = 1, #members, 500 do
  redis.call('DEL', unpack(members, i, math.min(i + 499, #members)))
end
redis.call('DEL', KEYS[1])
return #members
`)

// KEYS: index, checkpoints hash, blobs hash
// ARGV: checkpoint id ('' for the newest), writes key of that id or the namespace's writes-key prefix
// Returns nil or { id, packed checkpoint, blob field/value pairs (false: fields not recorded), writes (flat) }
const READ_SCRIPT = defineScript(`
local id = ARGV[1]
local writesKey = ARGV[2]
if id == '' then
  id = redis.call('ZRANGE', KEYS[1], '+', '-', 'BYLEX', 'REV', 'LIMIT', 0, 1)[1]
  if id == nil then return nil end
  writesKey = writesKey .. id
end
local raw = redis.call('HGET', KEYS[2], id)
if raw == false then return nil end
local length = struct.unpack('>I4', raw)
local header = cjson.decode(string.sub(raw, 5, 4 + length))
local blobs = false
if type(header.b) == 'table' then
  blobs = {}
  if #header.b > 0 then
    local values = redis.call('HMGET', KEYS[3], unpack(header.b))
    for i, field in ipairs(header.b) do
      table.insert(blobs, field)
      table.insert(blobs, values[i])
    end
  end
end
return { id, raw, blobs, redis.call('HGETALL', writesKey) }
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

/** `b`: blob fields of the checkpoint's channel versions (absent in checkpoints stored before it existed). */
interface CheckpointHeader { c: string, m: string, p: string | null, n: number, b?: string[] }
type WriteHeader = [channel: string, type: string, taskPath: string, taskId: string, idx: number]

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
    args.push(extras.transcript.length, ...extras.transcript)
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
    ], true) as [Buffer, Buffer, Array<Buffer | null> | null, Buffer[]] | null
    if (reply === null) return undefined
    const [id, raw, blobPairs, writePairs] = reply
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

function checkpointRecord (raw: Buffer): CheckpointRecord {
  const { header, data } = unpack(raw)
  const parsed = JSON.parse(header) as CheckpointHeader
  return {
    checkpoint: { type: parsed.c, data: bytes(data.subarray(0, parsed.n)) },
    metadata: { type: parsed.m, data: bytes(data.subarray(parsed.n)) },
    parentId: parsed.p ?? undefined,
    blobFields: parsed.b
  }
}

function writeRecord (value: Buffer): WriteRecord {
  const { header, data } = unpack(value)
  const [channel, type, taskPath, taskId, idx] = JSON.parse(header) as WriteHeader
  return { taskId, idx, channel, taskPath, value: { type, data: bytes(data) } }
}

function blobValue (value: Buffer): SerializedValue {
  const { header, data } = unpack(value)
  return { type: header, data: bytes(data) }
}
