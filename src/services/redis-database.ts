// A Redis that refuses the database number it is given (REDIS_URL's `/16` past the server's
// `databases`, or any number but 0 where SELECT is not allowed: Redis Cluster, some managed services)
// fails the SELECT ioredis sends while connecting, and ioredis carries on regardless, ready in
// database 0: the service said ready and wrote its conversations and counters into database 0,
// another application's perhaps, with one warn line to show for it. Such a connection is dropped
// before it is used (ioredis connects again after its retry delay, in case the server was reconfigured),
// and the refusal is what /ready and /health say until a connection is ready.
import type { Redis } from 'ioredis'

/** Whether a connection error is the server refusing the SELECT of the configured database. */
export function isDatabaseRefusal (error: unknown): error is Error {
  return error instanceof Error && (error as { command?: { name?: unknown } }).command?.name === 'select'
}

/** The setting to correct, given the variable that names Redis (REDIS_URL, or REDIS_HOST and REDIS_PORT). */
export function databaseSetting (variable: string): string {
  return variable === 'REDIS_URL' ? 'the number at the end of REDIS_URL' : 'REDIS_DB'
}

/** The state /ready and /health show: fixed words, the server's own are in the log. */
export const DATABASE_REFUSED = 'the server refuses the configured database number'

export interface DatabaseGuard {
  /** The server's refusal of the database number while it stands (undefined once a connection is ready). */
  refused: () => Error | undefined
}

/**
 * Drops every connection whose SELECT the server refused, so none becomes ready in database 0.
 * `onRefused` hears the first refusal of an outage (for one log line).
 */
export function guardDatabase (redis: Redis, onRefused: (error: Error) => void): DatabaseGuard {
  let refusal: Error | undefined
  redis.on('error', (error: unknown) => {
    if (!isDatabaseRefusal(error)) {
      // The server gone (ECONNREFUSED, ETIMEDOUT…: errors of the socket, with a code) is another diagnosis;
      // not the errors of the connection being dropped ("Stream isn't writeable").
      if ((error as { code?: unknown }).code !== undefined) refusal = undefined
      return
    }
    if (refusal === undefined) onRefused(error)
    refusal = error
    // Synchronously, inside the handshake: ioredis has not marked the connection ready yet.
    redis.disconnect(true)
  })
  redis.on('ready', () => { refusal = undefined })
  return { refused: () => refusal }
}
