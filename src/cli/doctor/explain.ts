// Turns whatever a client threw (OpenAI SDK errors through LangChain, Pinecone SDK errors, the speech
// clients' ServiceErrors, ioredis and fetch errors) into one short line that names the variable to
// check. Provider error bodies are not echoed for credential failures: some quote part of the key.
import { htmlPageIn, type HtmlPage } from '../../services/error-serializer.ts'
import { ServiceError } from '../../services/errors.ts'
import { KnowledgeBaseError } from '../../services/retrieval/errors.ts'
import { brief, isUnreachable } from '../../services/vendor-call.ts'
import type { ErrorHints } from './types.ts'

/** The rejection a check gets when its budget is spent. */
export class DoctorTimeoutError extends Error {
  readonly timeoutMs: number
  constructor (timeoutMs: number) {
    super(`no answer within ${formatSeconds(timeoutMs)}`)
    this.name = 'DoctorTimeoutError'
    this.timeoutMs = timeoutMs
  }
}

export interface Explained {
  /** Short tag for the second column: an HTTP status, or auth, timeout, unreachable, quota, error. */
  code: string
  detail: string
}

type Category = 'auth' | 'not_found' | 'rate_limited' | 'quota' | 'unreachable' | 'connection' | 'server' | 'config' | 'timeout' | 'other'

export function formatSeconds (ms: number): string {
  const seconds = ms / 1000
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`
}

// The Pinecone SDK maps HTTP statuses to error classes and keeps no status field.
const PINECONE_STATUS: Record<string, number> = {
  PineconeBadRequestError: 400,
  PineconeAuthorizationError: 401,
  PineconeNotFoundError: 404,
  PineconeConflictError: 409,
  PineconeInternalServerError: 500,
  PineconeUnavailableError: 503
}

/** The errors of `error`'s cause chain, outermost first. */
function chain (error: unknown): unknown[] {
  const errors: unknown[] = []
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    errors.push(current)
    current = current instanceof Error ? current.cause : undefined
  }
  return errors
}

function statusOf (error: unknown): number | undefined {
  for (const link of chain(error)) {
    const status = (link as { status?: unknown }).status
    if (typeof status === 'number' && status >= 100 && status < 600) return status
    const mapped = PINECONE_STATUS[(link as { name?: unknown }).name as string]
    if (mapped !== undefined) return mapped
    if (link instanceof Error) {
      const http = /\bHTTP (\d{3})\b/.exec(link.message)
      if (http !== null) return Number(http[1])
    }
  }
  return undefined
}

function categoryOf (error: unknown, status: number | undefined): Category {
  if (error instanceof DoctorTimeoutError) return 'timeout'
  for (const link of chain(error)) {
    // A knowledge-base error wraps the store's own failure, which says more (auth, quota, …).
    if (link instanceof ServiceError && !(link instanceof KnowledgeBaseError)) {
      if (link.kind === 'timeout') return 'timeout'
      if (link.code.endsWith('_AUTH')) return 'auth'
      if (link.code.endsWith('_QUOTA')) return 'quota'
      if (link.code.endsWith('_RATE_LIMITED')) return 'rate_limited'
      if (link.code.endsWith('_UNAVAILABLE')) return 'unreachable'
      if (link.code.endsWith('_CONFIG')) return 'config'
    }
    const name = (link as { name?: unknown }).name
    const code = (link as { code?: unknown }).code
    if (name === 'TimeoutError' || name === 'AbortError' || code === 'ETIMEDOUT') return 'timeout'
    if (code === 'insufficient_quota') return 'quota'
    // Redis: NOAUTH (a password is needed), WRONGPASS (wrong user or password).
    if (link instanceof Error && /^(NOAUTH|WRONGPASS)\b|invalid password/i.test(link.message)) return 'auth'
  }
  if (status === 401 || status === 403) return 'auth'
  if (status === 404) return 'not_found'
  if (status === 429) return 'rate_limited'
  if (status !== undefined && status >= 500) return 'server'
  if (isUnreachable(error)) return 'unreachable'
  if (chain(error).some(isConnectionFailure)) return 'connection'
  return 'other'
}

/** A request that never got an answer for another reason than an unknown host or a refused port. */
function isConnectionFailure (link: unknown): boolean {
  const { name, code, message } = link as { name?: unknown, code?: unknown, message?: unknown }
  if (name === 'APIConnectionError') return true // the OpenAI SDK's "Connection error."
  if (link instanceof TypeError && message === 'fetch failed') return true // undici
  return typeof code === 'string' && /^(ECONNRESET|EPIPE|UND_ERR_|CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_)/.test(code)
}

/** The innermost message of the cause chain: the low-level reason ("bad port", "socket hang up"). */
function rootMessage (error: unknown): string {
  const links = chain(error).filter((link): link is Error => link instanceof Error && link.message !== '')
  return links.at(-1)?.message ?? messageOf(error)
}

function check (variable: string | undefined): string {
  return variable === undefined ? '' : ` — check ${variable}`
}

function messageOf (error: unknown): string {
  if (error instanceof Error) return error.message === '' ? error.name : error.message
  return String(error)
}

/** The web page an error quotes (an SDK's "404 <html>…"): the address answered, but it is no API. */
function pageOf (error: unknown): HtmlPage | undefined {
  for (const link of chain(error)) {
    const page = link instanceof Error ? htmlPageIn(link.message) : undefined
    if (page !== undefined) return page
  }
  return undefined
}

/** The status of a refused WebSocket handshake (the ws library's "Unexpected server response: 404"). */
function refusedUpgrade (error: unknown): number | undefined {
  for (const link of chain(error)) {
    const match = link instanceof Error ? /^Unexpected server response: (\d{3})$/.exec(link.message) : null
    if (match !== null) return Number(match[1])
  }
  return undefined
}

/**
 * A wrong address rather than a wrong model or key: a web page where an API was expected, or an HTTP
 * answer where a WebSocket was. Explained as such, so the variable named is the address's.
 */
function wrongAddress (error: unknown, hints: ErrorHints, status: number | undefined): Explained | undefined {
  const where = hints.host ?? 'the server'
  const upgrade = refusedUpgrade(error)
  if (upgrade !== undefined && upgrade !== 401 && upgrade !== 403) {
    return { code: String(upgrade), detail: `${where} answered HTTP ${upgrade} instead of opening a WebSocket: no streaming endpoint at that URL${check(hints.url)}` }
  }
  const page = pageOf(error)
  if (page === undefined || status === undefined || status === 401 || status === 403 || status >= 500) return undefined
  return { code: String(status), detail: `${where} answered HTTP ${status} with a web page${page.title === undefined ? '' : ` ("${page.title}")`}, not the API: wrong address or path${check(hints.url)}` }
}

export function explainError (error: unknown, hints: ErrorHints, timeoutMs: number): Explained {
  const status = statusOf(error)
  const category = categoryOf(error, status)
  if (category !== 'timeout' && category !== 'auth') {
    const wrong = wrongAddress(error, hints, status)
    if (wrong !== undefined) return wrong
  }
  const tag = (fallback: string): string => status === undefined ? fallback : String(status)
  switch (category) {
    case 'timeout': {
      const budget = error instanceof DoctorTimeoutError ? error.timeoutMs : timeoutMs
      return { code: 'timeout', detail: `no answer within ${formatSeconds(budget)}${hints.host === undefined ? '' : ` from ${hints.host}`}` }
    }
    case 'auth':
      return { code: tag('auth'), detail: `rejected the ${hints.credential ?? 'API key'}${check(hints.key)}` }
    case 'not_found':
      return { code: tag('404'), detail: `${hints.what ?? 'resource'} not found${check(hints.model ?? hints.url)}` }
    case 'quota':
      return { code: tag('quota'), detail: 'quota exhausted — check the account\'s plan and billing' }
    case 'rate_limited':
      return { code: tag('429'), detail: 'rate limited — try again shortly' }
    case 'server':
      return { code: tag('5xx'), detail: `server error (HTTP ${String(status)}) — the service has a problem, try again later` }
    case 'unreachable':
      return { code: 'unreachable', detail: `cannot reach ${hints.host ?? 'the server'}${check(hints.url)}` }
    case 'connection':
      return { code: 'conn', detail: `connection to ${hints.host ?? 'the server'} failed (${brief(rootMessage(error), 80)})${check(hints.url)}` }
    case 'config':
      return { code: tag('config'), detail: `${brief(messageOf(error))}${check(hints.model)}` }
    default:
      return { code: tag('error'), detail: brief(messageOf(error)) }
  }
}
