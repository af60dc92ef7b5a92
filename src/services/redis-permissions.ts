// A Redis user whose ACL lacks a command the service runs (or the keys it names) is refused with NOPERM,
// on a connection that is up and answers PING: a deployment mistake, not a bug and not an outage. Every
// command the client sends is watched (ioredis has no event for a refused command; errors of requests,
// of the rate limiter and of the readiness check all pass through sendCommand), so /ready can say so
// and one log line names what to grant. The server's message names the command, never a key or value;
// the log adds the user's name, never its password.
import type { Redis } from 'ioredis'

/**
 * How long a refusal keeps /ready and /health saying so after the last one. A pod taken out of
 * rotation gets no more requests to be refused, so the state cannot end on a success: it ends when
 * this passes (several readiness periods), and the next refusal, if the ACL was not fixed, starts it again.
 */
export const DENIAL_STANDS_MS = 30_000

/** What /ready and /health say while a refusal stands: fixed words, the command is in the log. */
export const PERMISSION_REFUSED = 'the server refuses a command to the configured user (ACL NOPERM)'

/**
 * Redis refusing a command, or its keys, to the connection's user: `NOPERM …`, or, for a command a Lua
 * script runs, Redis 7.0's `ERR The user executing the script can't …` (7.2 says NOPERM there too).
 */
export function isPermissionDenial (error: unknown): error is Error {
  return error instanceof Error && /^NOPERM\b|^ERR The user executing the script can't\b/.test(error.message)
}

export interface PermissionDenial {
  /** What the user may not do, in words: `run the 'hset' command`, `access the keys of 'eval'`. */
  denied: string
  /** The ACL rule that would grant it, when the command is known: `+hset`. */
  grant?: string
}

/** What a refusal denies, from the server's words and the command ioredis sent (its name only: the arguments hold keys and values). */
export function describeDenial (error: Error): PermissionDenial {
  const sent = (error as { command?: { name?: unknown } }).command?.name
  const via = typeof sent === 'string' ? ` (sent as '${sent}')` : ''
  const named = /run the '([^']+)' command/.exec(error.message)?.[1]
  if (named !== undefined) return { denied: `run the '${named}' command`, grant: `+${named}` }
  if (/can't run this command/.test(error.message)) return { denied: `run a command of a Lua script${via}` }
  if (/\bkey/.test(error.message)) return { denied: `access the keys of a command${via} (the key patterns: ~itb:*)` }
  if (/\bchannel/.test(error.message)) return { denied: `use a pub/sub channel${via} (the channel patterns: &itb:*)` }
  return { denied: `run a command${via}` }
}

export interface PermissionWatchLogger {
  error: (obj: object, msg: string) => void
}

export interface PermissionWatch {
  /** The last refusal while it stands (DENIAL_STANDS_MS after it), else undefined. */
  denied: () => Error | undefined
}

export interface PermissionWatchOptions {
  logger: PermissionWatchLogger
  /** Commands the service can do without (a refusal is no fault): ROLE, which the readiness check only tries. */
  optional?: readonly string[]
  now?: () => number
}

/**
 * Watches every command `redis` sends from now on. A refusal is logged once while it stands (a
 * different one gets its own line); commands of the connection's set-up (INFO's ready check, which
 * ioredis skips when refused) are not watched.
 */
export function watchPermissions (redis: Redis, options: PermissionWatchOptions): PermissionWatch {
  const { logger, now = Date.now } = options
  // ioredis keeps a command's name as the caller wrote it: redis.call('ROLE') is 'ROLE'.
  const optional = new Set((options.optional ?? []).map((name) => name.toLowerCase()))
  const user = redis.options.username ?? 'default'
  let last: { error: Error, denied: string, at: number } | undefined
  const standing = (): typeof last => last !== undefined && now() - last.at < DENIAL_STANDS_MS ? last : undefined

  const refused = (error: unknown): void => {
    if (!isPermissionDenial(error)) return
    const { denied, grant } = describeDenial(error)
    const logged = standing()?.denied === denied
    last = { error, denied, at: now() }
    if (logged) return
    const check = grant === undefined ? `the ACL of the user '${user}'` : `the ACL of the user '${user}' (ACL SETUSER ${user} ${grant})`
    logger.error({ err: error, user, denied, check }, `redis refuses a command to the user '${user}': it may not ${denied}`)
  }

  const send = redis.sendCommand.bind(redis)
  redis.sendCommand = (command, stream) => {
    const watched = redis.status === 'ready' && !optional.has(command.name.toLowerCase())
    const sent = send(command, stream)
    if (watched) command.promise.catch(refused)
    return sent
  }
  return { denied: () => standing()?.error }
}
