// Splits a loaded document into passages: Markdown sections first (so a passage never straddles two
// headings and knows its section), then LangChain's recursive splitter for sections that are too long.
import { createHash } from 'node:crypto'
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters'
import type { LoadedDocument } from './loaders.ts'
import type { Chunk } from './types.ts'

export interface ChunkingOptions {
  chunkSize: number
  chunkOverlap: number
}

export const DEFAULT_CHUNKING: ChunkingOptions = { chunkSize: 1000, chunkOverlap: 150 }

/**
 * Chunk ids are `<document key>-<position>`: stable across runs, and the shared prefix lets a vector
 * store list every chunk of a document (Pinecone `list({ prefix })`) to delete stale ones.
 */
export function documentKey (path: string): string {
  return createHash('sha256').update(path).digest('hex').slice(0, 20)
}

export function chunkId (path: string, position: number): string {
  return `${documentKey(path)}-${position}`
}

export interface Section {
  heading: string
  body: string
}

const HEADING = /^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$/
const FENCE = /^[ \t]*(```|~~~)/

/** Splits Markdown at ATX headings outside code fences; `###` and deeper keep their `##` parent. */
export function markdownSections (markdown: string): Section[] {
  const sections: Section[] = []
  const trail: string[] = []
  let heading = ''
  let lines: string[] = []
  let fence: string | undefined
  const flush = (): void => {
    const body = lines.join('\n').trim()
    if (body !== '') sections.push({ heading, body })
    lines = []
  }
  for (const line of markdown.split('\n')) {
    const fenceMatch = FENCE.exec(line)
    if (fenceMatch !== null) {
      if (fence === undefined) fence = fenceMatch[1]
      else if (fenceMatch[1] === fence) fence = undefined
      lines.push(line)
      continue
    }
    const match = fence === undefined ? HEADING.exec(line) : null
    if (match === null) {
      lines.push(line)
      continue
    }
    flush()
    const level = match[1].length
    trail.length = level - 1
    trail[level - 1] = match[2].replace(/[*_`]/g, '')
    // The H1 is normally the document title, so it is left out of deeper section labels.
    const labels = trail.slice(level === 1 ? 0 : 1).filter((label) => label !== undefined && label !== '')
    heading = labels.slice(-2).join(' › ')
  }
  flush()
  return sections
}

export async function splitDocument (document: LoadedDocument, options: ChunkingOptions = DEFAULT_CHUNKING): Promise<Chunk[]> {
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize: options.chunkSize,
    chunkOverlap: Math.min(options.chunkOverlap, Math.max(0, options.chunkSize - 1))
  })
  const sections = document.format === 'markdown' || document.format === 'html'
    ? markdownSections(document.content)
    : [{ heading: '', body: document.content.trim() }]
  const chunks: Chunk[] = []
  for (const section of sections) {
    for (const piece of await splitter.splitText(section.body)) {
      const text = piece.trim()
      if (text === '') continue
      const position = chunks.length
      chunks.push({
        id: chunkId(document.path, position),
        text,
        metadata: {
          source: document.source,
          path: document.path,
          title: document.title,
          section: section.heading,
          position,
          language: document.language
        }
      })
    }
  }
  return chunks
}
