// `npm run doctor`: checks every configured dependency with the real credentials, each within a
// budget, and reports one line per dependency. Checks run concurrently; results come back in a fixed
// order. Every detail is redacted against the configured secrets before anyone sees it.
import type { Env as Config } from '../../../schemas/env.ts'
import { defaultTools, planChecks } from './plan.ts'
import { DoctorTimeoutError, explainError } from './explain.ts'
import { redactResult, secretValues } from './report.ts'
import type { CheckResult, DoctorOptions, DoctorReport, PlannedCheck } from './types.ts'

export const DEFAULT_TIMEOUT_MS = 10_000
const KNOWLEDGE_MIN_TIMEOUT_MS = 60_000

async function runCheck (check: PlannedCheck, defaultTimeoutMs: number): Promise<CheckResult> {
  const { name, run } = check
  if (run === undefined) return { name, status: 'skip', detail: check.skip ?? 'not configured' }
  const timeoutMs = check.timeoutMs ?? defaultTimeoutMs
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new DoctorTimeoutError(timeoutMs)
      controller.abort(error)
      reject(error)
    }, timeoutMs)
  })
  const started = performance.now()
  try {
    const outcome = await Promise.race([run({ signal: controller.signal, timeoutMs }), timedOut])
    return { name, ...outcome, durationMs: Math.round(performance.now() - started) }
  } catch (error) {
    const { code, detail } = explainError(error, check.hints ?? {}, timeoutMs)
    return { name, status: 'fail', code, detail, durationMs: Math.round(performance.now() - started) }
  } finally {
    clearTimeout(timer)
  }
}

export async function runDoctor (config: Config, options: DoctorOptions = {}): Promise<DoctorReport> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const secrets = secretValues(config)
  const checks = planChecks(config, {
    timeoutMs,
    knowledgeTimeoutMs: options.knowledgeTimeoutMs ?? Math.max(KNOWLEDGE_MIN_TIMEOUT_MS, timeoutMs),
    pineconeControllerHost: options.pineconeControllerHost,
    tools: { ...defaultTools, ...options.tools }
  })
  const pending = checks.map(async (check) => redactResult(await runCheck(check, timeoutMs), secrets))
  const results: CheckResult[] = []
  for (const next of pending) {
    const result = await next
    results.push(result)
    options.onResult?.(result)
  }
  return { results, exitCode: results.some((result) => result.status === 'fail') ? 1 : 0 }
}
