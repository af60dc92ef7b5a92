// Turns files of the supported formats into plain (or Markdown) text plus the metadata a passage cites.
// A bad file never throws: it comes back as `{ ok: false, reason }` so an ingest run carries on.
import { readFile, readdir, stat } from 'node:fs/promises'
import { basename, extname, join, resolve } from 'node:path'
import { htmlCanonicalUrl, htmlLanguage, htmlTitle, htmlToMarkdown } from './html.ts'
import type { DocumentMetadata, SkippedFile } from './types.ts'

export type DocumentFormat = 'markdown' | 'text' | 'html' | 'pdf' | 'docx'

export interface LoadedDocument extends DocumentMetadata {
  format: DocumentFormat
  /** Markdown for `markdown` and `html` (headings kept as `#` lines), plain text otherwise. */
  content: string
}

export type LoadResult =
  | { ok: true, document: LoadedDocument }
  | { ok: false, skipped: SkippedFile }

const FORMATS: Record<string, DocumentFormat> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx'
}

const MAX_FILE_BYTES = 25 * 1024 * 1024

export function formatOf (path: string): DocumentFormat | undefined {
  return FORMATS[extname(path).toLowerCase()]
}

export interface CollectedFile {
  absolutePath: string
  /** The folder (or the file's own folder) it was found under; paths are made relative to its parent. */
  root: string
}

/**
 * Expands files and folders (recursively, dot-files ignored) into the list of files to ingest.
 * Inputs that do not exist are reported, not thrown.
 */
export async function collectFiles (inputs: string[]): Promise<{ files: CollectedFile[], missing: SkippedFile[] }> {
  const files: CollectedFile[] = []
  const missing: SkippedFile[] = []
  const seen = new Set<string>()
  for (const input of inputs) {
    const absolute = resolve(input)
    let info
    try {
      info = await stat(absolute)
    } catch {
      missing.push({ path: input, reason: 'not found' })
      continue
    }
    if (info.isDirectory()) {
      for (const file of await listFiles(absolute)) {
        if (!seen.has(file)) {
          seen.add(file)
          files.push({ absolutePath: file, root: absolute })
        }
      }
    } else if (!seen.has(absolute)) {
      seen.add(absolute)
      files.push({ absolutePath: absolute, root: resolve(absolute, '..') })
    }
  }
  return { files, missing }
}

/** Files under `dir`, recursively, in name order; dot-files and dot-folders are left out. */
export async function listFiles (dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  entries.sort((a, b) => a.name.localeCompare(b.name))
  const files: string[] = []
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    const full = join(dir, entry.name)
    if (entry.isDirectory()) files.push(...await listFiles(full))
    else if (entry.isFile()) files.push(full)
  }
  return files
}

/** Reads one file; `path` is the display/metadata path (relative, forward slashes). */
export async function loadDocument (absolutePath: string, path: string): Promise<LoadResult> {
  const skip = (reason: string): LoadResult => ({ ok: false, skipped: { path, reason } })
  if (basename(absolutePath).toLowerCase() === 'readme.md') return skip('readme')
  const format = formatOf(absolutePath)
  if (format === undefined) return skip(`unsupported file type "${extname(absolutePath) || 'none'}"`)

  let bytes: Buffer
  try {
    const info = await stat(absolutePath)
    if (info.size > MAX_FILE_BYTES) return skip(`too large (${info.size} bytes)`)
    bytes = await readFile(absolutePath)
  } catch (error) {
    return skip(`unreadable: ${messageOf(error)}`)
  }

  let parsed: Omit<LoadedDocument, 'path' | 'format'>
  try {
    parsed = await PARSERS[format](bytes, absolutePath)
  } catch (error) {
    return skip(`corrupt ${format}: ${messageOf(error)}`)
  }
  if (parsed.content.trim() === '') return skip('no extractable text')
  return {
    ok: true,
    document: { ...parsed, source: parsed.source === '' ? path : parsed.source, path, format }
  }
}

type Parser = (bytes: Buffer, absolutePath: string) => Promise<Omit<LoadedDocument, 'path' | 'format'>>

const PARSERS: Record<DocumentFormat, Parser> = {
  markdown: async (bytes, absolutePath) => {
    const { data, body } = parseFrontMatter(decodeUtf8(bytes))
    return {
      title: data.title ?? firstHeading(body) ?? titleFromFileName(absolutePath),
      source: data.source ?? data.url ?? '',
      language: data.language ?? data.lang ?? 'id',
      updated: data.updated,
      content: body
    }
  },
  text: async (bytes, absolutePath) => {
    const content = decodeUtf8(bytes)
    return { title: titleFromFirstLine(content) ?? titleFromFileName(absolutePath), source: '', language: 'id', content }
  },
  html: async (bytes, absolutePath) => {
    const html = decodeUtf8(bytes)
    const content = htmlToMarkdown(html)
    return {
      title: htmlTitle(html) ?? firstHeading(content) ?? titleFromFileName(absolutePath),
      source: htmlCanonicalUrl(html) ?? '',
      language: htmlLanguage(html) ?? 'id',
      content
    }
  },
  pdf: async (bytes, absolutePath) => {
    const { getDocumentProxy, extractText, getMeta } = await import('unpdf')
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 })
    try {
      const { text } = await extractText(pdf, { mergePages: true })
      const { info } = await getMeta(pdf).catch(() => ({ info: {} as Record<string, unknown> }))
      const metaTitle = typeof info.Title === 'string' && info.Title.trim() !== '' ? info.Title.trim() : undefined
      return { title: metaTitle ?? titleFromFirstLine(text) ?? titleFromFileName(absolutePath), source: '', language: 'id', content: text }
    } finally {
      // Releases pdf.js's worker-side document; without it every ingested PDF stays in memory.
      await pdf.loadingTask.destroy()
    }
  },
  docx: async (bytes, absolutePath) => {
    const mammoth = (await import('mammoth')).default
    const { value } = await mammoth.extractRawText({ buffer: bytes })
    return { title: titleFromFirstLine(value) ?? titleFromFileName(absolutePath), source: '', language: 'id', content: value }
  }
}

/** A value's trailing comment, looked for from the first space of a run only (from each one, the run is read to its end). */
const COMMENT = /(?<!\s)\s+#.*$/

/** Minimal YAML front matter: flat `key: value` pairs, optional quotes; anything else is ignored. */
export function parseFrontMatter (text: string): { data: Record<string, string>, body: string } {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  const match = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(normalized)
  if (match === null) return { data: {}, body: normalized }
  const data: Record<string, string> = {}
  for (const line of match[1].split('\n')) {
    const pair = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line)
    if (pair === null) continue
    let value = pair[2].trim()
    if (value.startsWith('#')) value = ''
    const quoted = /^(['"])(.*)\1$/.exec(value)
    if (quoted !== null) value = quoted[2]
    else value = value.replace(COMMENT, '')
    if (value !== '') data[pair[1].toLowerCase()] = value
  }
  return { data, body: normalized.slice(match[0].length) }
}

function decodeUtf8 (bytes: Buffer): string {
  // fatal: a binary file with a text extension is reported instead of indexed as garbage
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '')
}

/**
 * The text of the first level-1 or level-2 heading, without closing hashes and spaces. These are cut
 * off by hand: as "(.+?)\s*#*\s*$", tried after each character, they took time cubic in a run of spaces.
 */
function firstHeading (markdown: string): string | undefined {
  const line = /^#{1,2}\s+(.+)/m.exec(markdown)?.[1]
  if (line === undefined) return undefined
  let end = line.trimEnd().length
  while (end > 0 && line[end - 1] === '#') end--
  return line.slice(0, Math.max(1, line.slice(0, end).trimEnd().length))
}

function titleFromFirstLine (text: string): string | undefined {
  const line = text.split('\n').map((l) => l.trim()).find((l) => l !== '')
  if (line === undefined || line.length > 120 || /[.:;,]$/.test(line)) return undefined
  return line
}

function titleFromFileName (absolutePath: string): string {
  const name = basename(absolutePath, extname(absolutePath)).replace(/[-_]+/g, ' ').trim()
  return name === '' ? basename(absolutePath) : name[0].toUpperCase() + name.slice(1)
}

function messageOf (error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0].slice(0, 200)
}
