// An outage is logged when it starts and when it ends, not once per failed call: a 10 s Redis stop
// under load was 957 log lines. Every failure still counts (the caller's metric), so rates stay
// visible on dashboards.

export interface OutageLogger {
  warn: (obj: object, msg?: string) => void
  info: (obj: object, msg?: string) => void
}

export interface OutageReporter {
  /** A call failed: logged only if the dependency was up until now. */
  failed: (error: unknown) => void
  /** A call succeeded: logged only if the dependency was down. */
  succeeded: () => void
  readonly down: boolean
}

export function createOutageReporter (options: { logger: OutageLogger, dependency: string, failure: string, recovery: string, onFailure?: () => void }): OutageReporter {
  const { logger, dependency } = options
  let down = false
  let failures = 0
  return {
    failed (error) {
      failures += 1
      options.onFailure?.()
      if (down) return
      down = true
      failures = 1
      logger.warn({ err: error, dependency }, options.failure)
    },
    succeeded () {
      if (!down) return
      down = false
      logger.info({ dependency, failures }, options.recovery)
    },
    get down () { return down }
  }
}
