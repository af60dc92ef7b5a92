// Shared by the app's logger (plugins/logging.ts) and the cluster primary's, so it sits below both.
const ERROR_FIELDS = ['code', 'statusCode', 'status', 'errno', 'syscall'] as const

/** Longest error message a log line carries: a vendor's error may quote its whole response body. */
export const MAX_MESSAGE_LENGTH = 300

/** Where a web page starts in a message: an address that is no API answered with HTML. */
const HTML_START = /<(?:!doctype\s+html|html|head|body)\b/i

/**
 * A message as a log line may carry it: an HTML page in it (a proxy's or web server's 404 page
 * quoted by an SDK: "404 <html>…") is named by its title or first heading and its length instead of
 * being copied; any other message is cut at MAX_MESSAGE_LENGTH characters with what was left out counted.
 */
export function boundedMessage (message: string): string {
  const page = htmlPageIn(message)
  if (page !== undefined) {
    const before = boundedMessage(message.slice(0, page.start).trimEnd())
    const described = `[${describePage(page)}]`
    return before === '' ? described : `${before} ${described}`
  }
  if (message.length <= MAX_MESSAGE_LENGTH) return message
  return `${message.slice(0, MAX_MESSAGE_LENGTH)}…[${message.length - MAX_MESSAGE_LENGTH} characters]`
}

export interface HtmlPage {
  /** Where the page starts in the message. */
  start: number
  /** Its title or first heading, tags stripped, at most 80 characters; undefined when it has neither. */
  title?: string
  length: number
}

/** The web page a message quotes (an SDK's "404 <html>…"), if it quotes one. */
export function htmlPageIn (message: string): HtmlPage | undefined {
  const html = HTML_START.exec(message)
  if (html === null) return undefined
  const page = message.slice(html.index)
  const title = /<(title|h1)\b[^>]*>([\s\S]*?)<\/\1>/i.exec(page)?.[2]?.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim().slice(0, 80)
  return { start: html.index, title: title === '' ? undefined : title, length: page.length }
}

/** `an HTML page titled "404 Not Found", 2143 characters` */
export function describePage (page: HtmlPage): string {
  return `an HTML page${page.title === undefined ? '' : ` titled "${page.title}"`}, ${page.length} characters`
}

/**
 * How an error appears in a log line (the `err` key): its type, message (bounded), code and causes, never its
 * stack. Stack traces stay out of logs, which are shipped and read widely; with SENTRY_DSN set, Sentry
 * keeps them for 5xx errors.
 */
export function serializeError (error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error, message: boundedMessage(String(error)) }
  const fields = error as unknown as Record<string, unknown>
  const out: Record<string, unknown> = { type: error.constructor.name === 'Error' ? error.name : error.constructor.name, message: boundedMessage(error.message) }
  for (const key of ERROR_FIELDS) if (fields[key] !== undefined) out[key] = fields[key]
  if (depth < 3 && error.cause !== undefined) out.cause = serializeError(error.cause, depth + 1)
  if (depth < 3 && error instanceof AggregateError) out.errors = error.errors.slice(0, 5).map((inner: unknown) => serializeError(inner, depth + 1))
  return out
}
