// An outage is logged when it starts and when it ends, not once per failed call: a 10 s Redis stop
// under load was 957 log lines. Every failure still counts (the caller's metric), so rates stay
// visible on dashboards. A dependency that flaps (a slow Redis under load: the retrieval cache's
// 100 ms budget missed and met again, 1,574 times in a 30-minute soak on a busy machine) is logged at
// most once per `quietMs`: the outages that start within it are counted into the next warning, and
// one of them that is still going when the quiet time ends is logged then.

export interface OutageLogger {
  warn: (obj: object, msg?: string) => void
  info: (obj: object, msg?: string) => void
}

export interface OutageReporter {
  /** A call failed: logged if the dependency was up until now (or its outage is not logged yet), unless a warning was given within the quiet time. */
  failed: (error: unknown) => void
  /** A call succeeded: logged only if the dependency was down and that outage was logged. */
  succeeded: () => void
  readonly down: boolean
}

export function createOutageReporter (options: {
  logger: OutageLogger
  dependency: string
  failure: string
  recovery: string
  onFailure?: () => void
  /** After a warning, the outages starting within this long are only counted. Default one minute. */
  quietMs?: number
  now?: () => number
}): OutageReporter {
  const { logger, dependency } = options
  const quietMs = options.quietMs ?? 60_000
  const now = options.now ?? (() => performance.now())
  let down = false
  let warned = false
  let failures = 0
  let lastWarning = Number.NEGATIVE_INFINITY
  /** Outages, and their failures, that started and ended within a quiet time without a warning. */
  let unlogged = { outages: 0, failures: 0 }

  const warn = (error: unknown): void => {
    const time = now()
    if (time - lastWarning < quietMs) return
    lastWarning = time
    warned = true
    logger.warn({ err: error, dependency, ...(unlogged.outages === 0 ? {} : { earlierOutages: unlogged.outages, earlierFailures: unlogged.failures }) }, options.failure)
    unlogged = { outages: 0, failures: 0 }
  }

  return {
    failed (error) {
      failures += 1
      options.onFailure?.()
      if (!down) {
        down = true
        warned = false
        failures = 1
      }
      if (!warned) warn(error)
    },
    succeeded () {
      if (!down) return
      down = false
      if (warned) logger.info({ dependency, failures }, options.recovery)
      else unlogged = { outages: unlogged.outages + 1, failures: unlogged.failures + failures }
    },
    get down () { return down }
  }
}
