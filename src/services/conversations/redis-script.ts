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
  args: ReadonlyArray<string | Buffer | number>,
  /** Reply strings as Buffers (binary values). */
  binary = false
): Promise<unknown> {
  const call = async (command: 'evalsha' | 'eval', first: string): Promise<unknown> => binary
    ? await redis.callBuffer(command, first, keys.length, ...keys, ...args)
    : await redis.call(command, first, keys.length, ...keys, ...args)
  try {
    return await call('evalsha', script.sha)
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error
    return await call('eval', script.lua)
  }
}
