// A conversation belongs to the API key that started it. The owner is recorded on the first turn
// (in Redis, so every instance agrees; in a bounded map without Redis) and expires with the
// conversation; another key can then neither read nor continue it.
import type { Redis } from 'ioredis'
import { ServiceError } from '../errors.ts'
import { defineScript, runScript } from './redis-script.ts'

export interface ConversationOwnership {
  /** Records `keyId` as owner if the conversation has none; throws when another key owns it. */
  claim: (conversationId: string, keyId: string) => Promise<void>
  /** 'owner' or 'unknown' (nobody owns it); throws when another key owns it. */
  check: (conversationId: string, keyId: string) => Promise<'owner' | 'unknown'>
  release: (conversationId: string, keyId: string) => Promise<void>
}

export interface OwnershipOptions {
  redis?: Redis
  ttlSeconds: number
  /** Without Redis: most conversations remembered (oldest forgotten first). */
  maxEntries?: number
  keyPrefix?: string
  now?: () => number
}

export class ConversationForbiddenError extends ServiceError {
  constructor () {
    super('forbidden', 'CONVERSATION_FORBIDDEN', 'This conversation belongs to another API key')
    this.name = 'ConversationForbiddenError'
  }
}

// 1: claimed or already ours (expiry refreshed); 0: someone else's.
const CLAIM = defineScript(`
local owner = redis.call('GET', KEYS[1])
if owner == false then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return 1
end
if owner == ARGV[1] then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`)

const RELEASE = defineScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`)

export function createConversationOwnership (options: OwnershipOptions): ConversationOwnership {
  const prefix = options.keyPrefix ?? 'itb:owner:'
  const { redis, ttlSeconds } = options
  if (redis !== undefined) {
    return {
      async claim (conversationId, keyId) {
        const result = await runScript(redis, CLAIM, [prefix + conversationId], [keyId, ttlSeconds])
        if (Number(result) !== 1) throw new ConversationForbiddenError()
      },
      async check (conversationId, keyId) {
        const owner = await redis.get(prefix + conversationId)
        if (owner === null) return 'unknown'
        if (owner !== keyId) throw new ConversationForbiddenError()
        return 'owner'
      },
      async release (conversationId, keyId) {
        await runScript(redis, RELEASE, [prefix + conversationId], [keyId])
      }
    }
  }

  const now = options.now ?? Date.now
  const maxEntries = options.maxEntries ?? 10_000
  // Insertion order is recency order: a claim re-inserts, so the first entry is the stalest.
  const owners = new Map<string, { keyId: string, expiresAt: number }>()
  const current = (conversationId: string): string | undefined => {
    const entry = owners.get(conversationId)
    if (entry === undefined) return undefined
    if (entry.expiresAt <= now()) {
      owners.delete(conversationId)
      return undefined
    }
    return entry.keyId
  }
  return {
    async claim (conversationId, keyId) {
      const owner = current(conversationId)
      if (owner !== undefined && owner !== keyId) throw new ConversationForbiddenError()
      owners.delete(conversationId)
      owners.set(conversationId, { keyId, expiresAt: now() + ttlSeconds * 1000 })
      while (owners.size > maxEntries) owners.delete(owners.keys().next().value as string)
    },
    async check (conversationId, keyId) {
      const owner = current(conversationId)
      if (owner === undefined) return 'unknown'
      if (owner !== keyId) throw new ConversationForbiddenError()
      return 'owner'
    },
    async release (conversationId, keyId) {
      if (current(conversationId) === keyId) owners.delete(conversationId)
    }
  }
}
