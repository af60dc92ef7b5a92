// Lua scripts run with EVALSHA and fall back to EVAL when the server does not know the script yet
// (first use, SCRIPT FLUSH, failover). The client object is never mutated (no defineCommand).
import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'

export interface LuaScript {
  readonly lua: string
  readonly sha: string
}

export function defineScript (lua: string): LuaScript {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') }
}

export async function runScript (
  redis: Redis,
  script: LuaScript,
  keys: readonly string[],
  args: ReadonlyArray<string | Buffer | number>
): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args)
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error
    return await redis.eval(script.lua, keys.length, ...keys, ...args)
  }
}
