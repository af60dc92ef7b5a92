// Reading an HTML knowledge file: its title, canonical URL, language and body text (headings kept as
// Markdown). In time linear in its length: a pattern such as /<[^>]*>/g or /<title>[\s\S]*?<\/title>/
// reads from each of its starts to the end of the text when nothing closes it, so crafted markup
// (50,000 unclosed "<") took seconds. Each is read here by a scan that gives up once nothing can
// close it, with the same results on any text.

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…', copy: '©', laquo: '«', raquo: '»', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“'
}

export function decodeEntities (text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    return ENTITIES[name.toLowerCase()] ?? whole
  })
}

/**
 * `text` with each match of `tag` replaced, `tag` being a global pattern that ends at the first ">"
 * after its start. It is matched before the last ">" only, where every start it has succeeds: after
 * it, each start would read to the end and fail.
 */
function replaceTags (text: string, tag: RegExp, replacement: string): string {
  const end = text.lastIndexOf('>') + 1
  return text.slice(0, end).replace(tag, replacement) + text.slice(end)
}

const TAG = /<[^>]*>/g

interface Element {
  start: number
  end: number
  /** The opening pattern's first group: the element's name. */
  name: string
  inner: string
}

/**
 * What /open[\s\S]*?close/g would match, where `open` (global) names the element in its first group
 * and `closing(name)` (global) is its closing tag: from the end of the opening tag (the first ">"
 * after its name) when `tagEnd`, else from the name. A name found unclosed is not looked for again
 * (nothing closes a later one either), nor is anything once no ">" is left.
 */
function * elements (text: string, open: RegExp, closing: (name: string) => RegExp, tagEnd: boolean): Generator<Element> {
  const unclosed = new Set<string>()
  const closers = new Map<string, RegExp>()
  open.lastIndex = 0
  for (let opening = open.exec(text); opening !== null; opening = open.exec(text)) {
    const name = opening[1].toLowerCase()
    let from = open.lastIndex
    if (tagEnd) {
      from = text.indexOf('>', from) + 1
      if (from === 0) return
    }
    open.lastIndex = opening.index + 1
    if (unclosed.has(name)) continue
    const closer = closers.get(name) ?? closing(name)
    closers.set(name, closer)
    closer.lastIndex = from
    const close = closer.exec(text)
    if (close === null) {
      unclosed.add(name)
      continue
    }
    open.lastIndex = closer.lastIndex
    yield { start: opening.index, end: closer.lastIndex, name: opening[1], inner: text.slice(from, close.index) }
  }
}

function replaceElements (text: string, found: Iterable<Element>, replacement: (element: Element) => string): string {
  let result = ''
  let copied = 0
  for (const element of found) {
    result += text.slice(copied, element.start) + replacement(element)
    copied = element.end
  }
  return result + text.slice(copied)
}

const closingTag = (name: string): RegExp => new RegExp(`</${name}\\s*>`, 'gi')

export function htmlTitle (html: string): string | undefined {
  const title = elements(html, /<title()/gi, () => /<\/title>/gi, true).next().value?.inner
  if (title === undefined) return undefined
  const clean = decodeEntities(replaceTags(title, TAG, '')).replace(/\s+/g, ' ').trim()
  return clean === '' ? undefined : clean
}

/**
 * The first tag `open` (global) starts whose inside, up to the next ">" (or to the end unless
 * `closed`), `inside` (global) matches, with its last match there: what /open[^>]*inside[^>]*>/
 * matches. Of the starts before one ">", only the first is read: the others see less of the same tag.
 */
function firstTag (html: string, open: RegExp, inside: RegExp, closed: boolean): { tag: string, match: RegExpExecArray } | undefined {
  open.lastIndex = 0
  for (let opening = open.exec(html); opening !== null; opening = open.exec(html)) {
    const close = html.indexOf('>', open.lastIndex)
    if (close < 0 && closed) return undefined
    const end = close < 0 ? html.length : close + 1
    const within = html.slice(open.lastIndex, close < 0 ? html.length : close)
    let match: RegExpExecArray | undefined
    inside.lastIndex = 0
    for (let found = inside.exec(within); found !== null; found = inside.exec(within)) match = found
    if (match !== undefined) return { tag: html.slice(opening.index, end), match }
    if (close < 0) return undefined
    open.lastIndex = end
  }
  return undefined
}

export function htmlCanonicalUrl (html: string): string | undefined {
  const link = firstTag(html, /<link\b/gi, /rel=["']?canonical/gi, true)?.tag
  const href = link === undefined ? undefined : /href=["']([^"']+)["']/i.exec(link)?.[1]
  if (href !== undefined && /^https?:\/\//i.test(href)) return decodeEntities(href)
  const og = firstTag(html, /<meta\b/gi, /property=["']og:url["']/gi, true)?.tag
  const content = og === undefined ? undefined : /content=["']([^"']+)["']/i.exec(og)?.[1]
  return content !== undefined && /^https?:\/\//i.test(content) ? decodeEntities(content) : undefined
}

/** The `lang` of the `<html>` tag, two letters, lowercased. */
export function htmlLanguage (html: string): string | undefined {
  return firstTag(html, /<html/gi, /\slang=["']?([a-z]{2})/gi, false)?.match[1].toLowerCase()
}

const BLOCK_TAGS = /<\/?(?:p|div|section|article|header|footer|main|aside|nav|ul|ol|li|table|thead|tbody|tr|td|th|blockquote|pre|figure|figcaption|dl|dt|dd|form|hr)\b[^>]*>/gi

/** Body text of an HTML page, with h1–h6 turned into Markdown headings so chunking can follow them. */
export function htmlToMarkdown (html: string): string {
  let text = replaceElements(html, elements(html, /<!--()/g, () => /-->/g, false), () => ' ')
  text = replaceElements(text, elements(text, /<(script|style|noscript|template|svg|head|iframe)\b/gi, closingTag, false), () => ' ')
  text = replaceElements(text, elements(text, /<h([1-6])\b/gi, (level) => closingTag(`h${level}`), true), ({ name, inner }) => {
    const heading = replaceTags(inner, TAG, ' ').replace(/\s+/g, ' ').trim()
    return heading === '' ? '\n' : `\n\n${'#'.repeat(Number(name))} ${heading}\n\n`
  })
  text = replaceTags(replaceTags(text.replace(/<br\s*\/?>/gi, '\n'), BLOCK_TAGS, '\n'), TAG, ' ')
  text = decodeEntities(text)
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
