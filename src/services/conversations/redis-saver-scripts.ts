// The Lua scripts of the Redis checkpoint saver (redis-saver.ts): one per write (checkpoint, pending
// writes, delete), one read, that read behind the taking of a conversation's lock, and the lock's
// extension, each atomic and one round trip. They work on the key layout described in
// redis-saver.ts's header, which passes them the keys: a change to that layout changes both files.
import { defineScript } from './redis-script.ts'

// Resets the expiry of every key of a thread (the keys set and its members) to `ttl` ms.
const TOUCH_LUA = `
local function touch(keysSet, ttl)
  for _, key in ipairs(redis.call('SMEMBERS', keysSet)) do
    redis.call('PEXPIRE', key, ttl)
  end
  redis.call('PEXPIRE', keysSet, ttl)
end
`

// KEYS: keys set, ns set, index, checkpoints hash, blobs hash, transcript list
// ARGV: ttl ms, ns, checkpoint id, packed checkpoint, n, n blob field/value pairs, most transcript
//       entries kept, m, m transcript entries, then (latestOnly) the writes-key prefix of the
//       namespace and the blob fields to keep
export const PUT_SCRIPT = defineScript(`${TOUCH_LUA}
redis.call('HSET', KEYS[4], ARGV[3], ARGV[4])
redis.call('ZADD', KEYS[3], 0, ARGV[3])
redis.call('SADD', KEYS[2], ARGV[2])
local i = 6
for _ = 1, tonumber(ARGV[5]) do
  redis.call('HSET', KEYS[5], ARGV[i], ARGV[i + 1])
  i = i + 2
end
local keep = tonumber(ARGV[i])
local m = tonumber(ARGV[i + 1])
i = i + 2
if m > 0 then
  for first = i, i + m - 1, 500 do
    redis.call('RPUSH', KEYS[6], unpack(ARGV, first, math.min(first + 499, i + m - 1)))
  end
  redis.call('LTRIM', KEYS[6], -keep, -1)
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
touch(KEYS[1], ARGV[1])
return 1
`)

// KEYS: keys set, writes hash
// ARGV: ttl ms, then (field, value, mode) triples; mode 'r' replaces, 'n' keeps a stored value
export const PUT_WRITES_SCRIPT = defineScript(`${TOUCH_LUA}
for i = 2, #ARGV, 3 do
  if ARGV[i + 2] == 'r' then
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
  else
    redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[i + 1])
  end
end
redis.call('SADD', KEYS[1], KEYS[2])
touch(KEYS[1], ARGV[1])
return 1
`)

// KEYS: keys set
export const DELETE_SCRIPT = defineScript(`
local members = redis.call('SMEMBERS', KEYS[1])
for i = 1, #members, 500 do
  redis.call('DEL', unpack(members, i, math.min(i + 499, #members)))
end
redis.call('DEL', KEYS[1])
return #members
`)

// read(index, checkpoints hash, blobs hash, checkpoint id ('' for the newest), writes key of that id
// or the namespace's writes-key prefix)
// Returns nil or { id, packed checkpoint, blob field/value pairs (false: fields not recorded), writes (flat) }
const READ_LUA = `
local function read(index, checkpoints, blobsKey, id, writesKey)
  if id == '' then
    id = redis.call('ZRANGE', index, '+', '-', 'BYLEX', 'REV', 'LIMIT', 0, 1)[1]
    if id == nil then return nil end
    writesKey = writesKey .. id
  end
  local raw = redis.call('HGET', checkpoints, id)
  if raw == false then return nil end
  local length = struct.unpack('>I4', raw)
  local header = cjson.decode(string.sub(raw, 5, 4 + length))
  local blobs = false
  if type(header.b) == 'table' then
    blobs = {}
    if #header.b > 0 then
      local values = redis.call('HMGET', blobsKey, unpack(header.b))
      for i, field in ipairs(header.b) do
        table.insert(blobs, field)
        table.insert(blobs, values[i])
      end
    end
  end
  return { id, raw, blobs, redis.call('HGETALL', writesKey) }
end
`

// KEYS: index, checkpoints hash, blobs hash
// ARGV: checkpoint id ('' for the newest), writes key of that id or the namespace's writes-key prefix
// Returns what read() returns.
export const READ_SCRIPT = defineScript(`${READ_LUA}
return read(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2])
`)

// A conversation's lock (lock.ts: SET NX PX) and, when it was taken, the thread's expiry reset to
// the full conversation lifetime (a message is activity, answered or not: the turn's write may
// never come) and its newest checkpoint read. Together, so a conversation never expires between
// the turn's read and its write: the lock's extensions (EXTEND_AND_TOUCH_SCRIPT) keep it alive
// while the turn runs, and the write resets it once more.
// KEYS: lock key, keys set, index, checkpoints hash, blobs hash (of the root namespace)
// ARGV: lock token, lock lifetime ms, conversation lifetime ms, the namespace's writes-key prefix
// Returns 0 (the lock is held by another), 1 (taken, no checkpoint) or what read() returns (taken).
export const LOCK_AND_READ_SCRIPT = defineScript(`${TOUCH_LUA}${READ_LUA}
if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 0 end
touch(KEYS[2], ARGV[3])
return read(KEYS[3], KEYS[4], KEYS[5], '', ARGV[4]) or 1
`)

// The lock's extension (lock.ts: compare-and-PEXPIRE) that also resets the thread's expiry: a turn
// that outlasts the conversation lifetime (CONVERSATION_TTL may be shorter than the request's)
// does not lose its conversation under it.
// KEYS: lock key, keys set
// ARGV: lock token, lock lifetime ms, conversation lifetime ms
// Returns 1 (extended) or 0 (the lock is not this token's any more; nothing touched).
export const EXTEND_AND_TOUCH_SCRIPT = defineScript(`${TOUCH_LUA}
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
touch(KEYS[2], ARGV[3])
return 1
`)
