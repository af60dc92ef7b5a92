// Shared by the extractive answerer's tests (extractive*.test.ts): passages built from the real
// knowledge files, one per paragraph, without the retrieval module: the answerer must cope with
// whatever order a retriever returns, so the tests pick the order.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ExtractiveAnswer, ExtractivePassage } from '../../../src/services/rag/extractive.ts'

const knowledgeDir = join(import.meta.dirname, '../../../knowledge')

interface Doc {
  path: string
  title: string
  url: string
  passages: ExtractivePassage[]
}

const docCache = new Map<string, Doc>()

export function loadDoc (file: string): Doc {
  const cached = docCache.get(file)
  if (cached !== undefined) return cached
  const raw = readFileSync(join(knowledgeDir, file), 'utf8')
  const frontMatter = /^---\n([\s\S]*?)\n---\n/.exec(raw)
  if (frontMatter === null) throw new Error(`${file}: no front matter`)
  const field = (name: string): string => new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(frontMatter[1])?.[1].trim() ?? ''
  const path = `knowledge/${file}`
  const doc: Doc = { path, title: field('title'), url: field('source'), passages: [] }
  let section = ''
  for (const block of raw.slice(frontMatter[0].length).split(/\n\s*\n/)) {
    const text = block.trim()
    if (text === '') continue
    const heading = /^#{1,6}\s+(.+)$/.exec(text)
    if (heading !== null) {
      section = heading[1]
      continue
    }
    doc.passages.push({ id: `${file}#${doc.passages.length}`, text, title: doc.title, url: doc.url, path, section, score: 1 })
  }
  docCache.set(file, doc)
  return doc
}

/** Passages of the given documents in the given order, with descending retrieval scores. */
export function passagesOf (...files: string[]): ExtractivePassage[] {
  const passages = files.flatMap((file) => loadDoc(file).passages)
  return passages.map((passage, i) => ({ ...passage, score: Math.max(0.3, 1 - i * 0.05) }))
}

/** Document paths of the used passages, deduplicated, in order of use. */
export function usedPaths (result: ExtractiveAnswer, passages: readonly ExtractivePassage[]): string[] {
  const paths = result.usedPassageIds.map((id) => passages.find((passage) => passage.id === id)?.path)
  return [...new Set(paths)].filter((path): path is string => path !== undefined)
}

export const SPEECH_UNFRIENDLY = /[*_#`|[\]<>•▪◦]|https?:\/\/|\n|^\s*[-+]\s|\s[-+]\s/
