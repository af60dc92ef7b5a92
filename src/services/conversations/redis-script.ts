// Lua scripts run with EVALSHA and fall back to EVAL when the server does not know the script yet
// (first use, SCRIPT FLUSH, failover). The client object is never mutated (no defineCommand).
import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'

export interface LuaScript {
  readonly lua: string
  readonly sha: string
}

/** ioredis defines a Buffer variant of every command at run time; its types omit these two. */
interface BufferScripting {
  evalshaBuffer: (sha: string, numKeys: number, ...args: Array<string | Buffer | number>) => Promise<unknown>
  evalBuffer: (lua: string, numKeys: number, ...args: Array<string | Buffer | number>) => Promise<unknown>
}

/** Every script defined, by sha: a refusal inside one names its line (redis-permissions.ts). A few, defined at load. */
const sources = new Map<string, string>()

export function defineScript (lua: string): LuaScript {
  const sha = createHash('sha1').update(lua).digest('hex')
  sources.set(sha, lua)
  return { lua, sha }
}

/** The Lua of a script defined here, by its sha. */
export function scriptSource (sha: string): string | undefined {
  return sources.get(sha)
}

export async function runScript (
  redis: Redis,
  script: LuaScript,
  keys: readonly string[],
  args: ReadonlyArray<string | Buffer | number>,
  /** Reply strings as Buffers (binary values). */
  binary = false
): Promise<unknown> {
  // The named commands, not redis.call/callBuffer(…): with auto-pipelining, ioredis 6 sends a
  // callBuffer's first argument (the sha) as the command name.
  try {
    return binary
      ? await (redis as unknown as BufferScripting).evalshaBuffer(script.sha, keys.length, ...keys, ...args)
      : await redis.evalsha(script.sha, keys.length, ...keys, ...args)
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error
    return binary
      ? await (redis as unknown as BufferScripting).evalBuffer(script.lua, keys.length, ...keys, ...args)
      : await redis.eval(script.lua, keys.length, ...keys, ...args)
  }
}
