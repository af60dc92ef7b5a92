// A Redis user whose ACL lacks a command the service runs (or the keys it names) is refused with NOPERM,
// on a connection that is up and answers PING: a deployment mistake, not a bug and not an outage. Every
// command the client sends is watched (ioredis has no event for a refused command; errors of requests,
// of the rate limiter and of the readiness check all pass through sendCommand), so /ready can say so
// and one log line names what to grant: the command refused, also inside a Lua script, and the key
// when Redis or the command sent names it (never a value); the log adds the user's name, never its password.
import type { Redis } from 'ioredis'
import { scriptSource } from './conversations/redis-script.ts'

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
 * script runs, Redis 7.0's `ERR The user executing the script can't …` and 7.2's `ERR ACL failure in script: …`.
 */
export function isPermissionDenial (error: unknown): error is Error {
  return error instanceof Error && /^NOPERM\b|^ERR The user executing the script can't\b|^ERR ACL failure in script:/.test(error.message)
}

export interface PermissionDenial {
  /** What the user may not do, in words: `run the 'hset' command in a Lua script`, `access the key 'x' (sent as 'get')`. */
  denied: string
  /** The ACL rule that would grant it, when the command is known: `+hset`. */
  grant?: string
}

/** Where Redis says a script's command failed: `script: <sha>, on @user_script:<line>.` */
const SCRIPT_LINE = /script: ([0-9a-f]{40}), on @user_script:(\d+)/

const text = (value: unknown): string | undefined => typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : undefined

/**
 * The command at the line of the script Redis names (Redis 7.0 names neither): one of the service's
 * scripts (redis-script.ts), or the body of the EVAL that was refused.
 */
function scriptCommand (message: string, sent: { name?: unknown, args?: unknown } | undefined): string | undefined {
  const at = SCRIPT_LINE.exec(message)
  if (at === null) return undefined
  const body = scriptSource(at[1] as string) ?? (sent?.name === 'eval' && Array.isArray(sent.args) ? text(sent.args[0]) : undefined)
  const line = body?.split('\n')[Number(at[2]) - 1]
  return line === undefined ? undefined : /redis\.p?call\(\s*['"]([\w|.-]+)['"]/.exec(line)?.[1]?.toLowerCase()
}

/** At most three names, each cut to 120 characters: enough to find them, never a flood. */
function quoted (names: readonly string[]): string {
  const shown = names.slice(0, 3).map((name) => `'${name.length > 120 ? `${name.slice(0, 120)}…` : name}'`).join(', ')
  return names.length > 3 ? `${shown}…` : shown
}

/**
 * What a refusal denies, from the server's words, the command ioredis sent (its name) and, for a
 * refusal of the keys it was sent with, `keys` (never the other arguments: they hold values).
 */
export function describeDenial (error: Error, keys: readonly string[] = []): PermissionDenial {
  const { message } = error
  const sentCommand = (error as { command?: { name?: unknown, args?: unknown } }).command
  const via = typeof sentCommand?.name === 'string' ? ` (sent as '${sentCommand.name}')` : ''
  const inScript = /^ERR (ACL failure in script|The user executing the script)/.test(message)
  const where = inScript ? ' in a Lua script' : ''
  const named = /run the '([^']+)' command/.exec(message)?.[1]
  const command = named ?? (inScript ? scriptCommand(message, sentCommand) : undefined)
  if (named === undefined && /\bkeys?\b/.test(message)) {
    const key = /access the '(.+)' key\b/.exec(message)?.[1]
    const what = key !== undefined
      ? `the key ${quoted([key])}${where}`
      : inScript
        ? command === undefined ? `a key of a command of a Lua script${via}` : `a key of the '${command}' command in a Lua script`
        : keys.length === 1 ? `the key ${quoted(keys)}${via}` : keys.length > 1 ? `one of the keys ${quoted(keys)}${via}` : `the keys of a command${via}`
    return { denied: `access ${what} (the key patterns: ~itb:*)` }
  }
  if (named === undefined && /\bchannels?\b/.test(message)) {
    const channel = /access the '(.+)' channel\b/.exec(message)?.[1]
    return { denied: `use ${channel === undefined ? `a pub/sub channel${via}` : `the pub/sub channel ${quoted([channel])}${where}`} (the channel patterns: &itb:*)` }
  }
  if (command !== undefined) return { denied: `run the '${command}' command${where}`, grant: `+${command}` }
  if (inScript) return { denied: `run a command of a Lua script${via}` }
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

  const refused = (error: unknown, keys: readonly string[]): void => {
    if (!isPermissionDenial(error)) return
    const { denied, grant } = describeDenial(error, keys)
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
    // The command's keys, as ioredis finds them (an EVAL's declared keys too): named when refused.
    if (watched) command.promise.catch((error: unknown) => { refused(error, command.getKeys().map((key) => text(key) ?? '')) })
    return sent
  }
  return { denied: () => standing()?.error }
}
