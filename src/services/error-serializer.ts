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
  return { start: html.index, title: titleOf(page), length: page.length }
}

/** A title's or heading's opening tag; `[^<>]` stops at the next tag, so no start is read twice. */
const TITLE_OPEN = /<(title|h1)\b[^<>]*>/i
const TAG = /<[^<>]*>/g
/** How soon after its opening tag a title must close to be read: a title is a line, not a page. */
const MAX_TITLE_SOURCE = 4096

/**
 * The page's title or first heading, tags stripped, at most 80 characters. Read in time linear in the
 * page, whatever it holds: the page is what a vendor's address answered (one answering runs of
 * `<title` or `<` took seconds to minutes to describe with a lazy match to the closing tag).
 */
function titleOf (page: string): string | undefined {
  const open = TITLE_OPEN.exec(page)
  if (open === null) return undefined
  const from = open.index + open[0].length
  const source = page.slice(from, from + MAX_TITLE_SOURCE)
  const close = source.toLowerCase().indexOf(`</${(open[1] as string).toLowerCase()}>`)
  if (close === -1) return undefined
  const title = source.slice(0, close).replace(TAG, '').replace(/\s+/g, ' ').trim().slice(0, 80)
  return title === '' ? undefined : title
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
