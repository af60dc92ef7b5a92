// How long a shutdown may take, from the configuration (seconds become milliseconds): the drain
// until SHUTDOWN_TIMEOUT, the settle of the turns cancelled then, and the whole bound after which
// a server process, or the cluster primary waiting for its workers, gives up.
import { SHUTDOWN_MARGIN, type Env } from '../../schemas/env.ts'

export interface ShutdownSettings {
  /** In-flight requests finish until then; the turns still running are cancelled at it. */
  deadlineMs: number
  /** A cancelled turn's time to be answered as it ended before it is answered 503 (within the margin). */
  settleMs: number
  /** The deadline plus the margin that also closes Redis: past it the process exits 1. */
  giveUpMs: number
}

export function shutdownSettings (config: Pick<Env, 'SHUTDOWN_TIMEOUT' | 'SHUTDOWN_TURN_SETTLE'>): ShutdownSettings {
  return {
    deadlineMs: config.SHUTDOWN_TIMEOUT * 1000,
    settleMs: config.SHUTDOWN_TURN_SETTLE * 1000,
    giveUpMs: (config.SHUTDOWN_TIMEOUT + SHUTDOWN_MARGIN) * 1000
  }
}
