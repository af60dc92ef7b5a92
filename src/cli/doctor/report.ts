// The doctor's output: one aligned line per dependency, a summary, and the last line of defence
// against printing a secret (every configured secret value is masked wherever it appears).
import { SECRET_VARIABLES } from '../../../schemas/env.ts'
import type { Env as Config } from '../../../schemas/env.ts'
import type { CheckResult, CheckStatus } from './types.ts'

const MARKS: Record<'unicode' | 'ascii', Record<CheckStatus, string>> = {
  unicode: { ok: '✔', warn: '!', fail: '✖', skip: '–' },
  ascii: { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', skip: '--  ' }
}
const NAME_WIDTH = 16
const SECOND_WIDTH = 8
const MASK = '***'

export interface FormatOptions {
  /** ✔/✖ marks and typographic dashes (a terminal); otherwise plain ASCII (a pipe, a log file). */
  unicode: boolean
}

export function formatDuration (ms: number | undefined): string {
  if (ms === undefined) return ''
  if (ms < 1000) return `${Math.round(ms)} ms`
  return `${(ms / 1000).toFixed(1)} s`
}

const ASCII_REPLACEMENTS: Array<[RegExp, string]> = [
  [/[—–]/g, '-'], [/→/g, '->'], [/…/g, '...'], [/[“”]/g, '"'], [/[‘’]/g, '\'']
]

/** Plain ASCII: known typography replaced, accents dropped, anything else as "?". */
export function toAscii (text: string): string {
  let out = text
  for (const [pattern, replacement] of ASCII_REPLACEMENTS) out = out.replace(pattern, replacement)
  // eslint-disable-next-line no-control-regex
  return out.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x00-\x7f]/g, '?')
}

export function formatResult (result: CheckResult, options: FormatOptions): string {
  const marks = MARKS[options.unicode ? 'unicode' : 'ascii']
  const name = result.name.padEnd(NAME_WIDTH)
  const line = result.status === 'skip'
    ? `${marks.skip} ${name} ${result.detail}`
    : `${marks[result.status]} ${name} ${(result.code ?? formatDuration(result.durationMs)).padEnd(SECOND_WIDTH)} ${result.detail}`
  return options.unicode ? line : toAscii(line)
}

export function formatSummary (results: CheckResult[]): string {
  const count = (status: CheckStatus): number => results.filter((result) => result.status === status).length
  const parts = [`${count('ok')} ok`]
  const warnings = count('warn')
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`)
  const failed = count('fail')
  if (failed > 0) parts.push(`${failed} failed`)
  const skipped = count('skip')
  if (skipped > 0) parts.push(`${skipped} not configured`)
  return parts.join(', ')
}

/** The configured secret values (API_KEYS item by item), longest first so none is masked partially. */
export function secretValues (config: Config): string[] {
  const values = new Set<string>()
  for (const name of SECRET_VARIABLES) {
    const value = config[name]
    if (typeof value !== 'string') continue
    values.add(value)
    for (const item of parseList(value)) values.add(item)
  }
  // Very short values would mask ordinary words; no real credential is that short.
  return [...values].filter((value) => value.length >= 4).sort((a, b) => b.length - a.length)
}

/** `text` with every secret value and every URL's user:password masked. */
export function redact (text: string, secrets: string[]): string {
  let out = text
  for (const secret of secrets) out = out.split(secret).join(MASK)
  return out.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, `$1${MASK}@`)
}

export function redactResult (result: CheckResult, secrets: string[]): CheckResult {
  return {
    ...result,
    detail: redact(result.detail, secrets),
    ...(result.code === undefined ? {} : { code: redact(result.code, secrets) })
  }
}

function parseList (value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '')
}
