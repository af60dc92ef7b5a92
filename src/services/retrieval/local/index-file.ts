// On-disk form of the local index: `local-index.json` (the snapshot) and `local-index.manifest.json`
// (what it was built from). The manifest is small, so a stale index is detected without parsing it.
import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { listFiles } from '../loaders.ts'
import type { LocalIndexSnapshot } from './snapshot.ts'

export const INDEX_FILE = 'local-index.json'
export const MANIFEST_FILE = 'local-index.manifest.json'

export interface LocalIndexManifest {
  format: number
  /** sha256 of every file of the knowledge directory the index reflects, by document path. */
  files: Record<string, string>
  chunkSize: number
  chunkOverlap: number
  /** `model@dimensions`, or null for a lexical-only index. */
  embeddings: string | null
  /**
   * Files and folders ingested from outside the knowledge directory (absolute paths): a full rebuild
   * reads them again, so they stay ingested until removed on purpose.
   */
  sources?: string[]
  documents: number
  chunks: number
  /** When this index was written; another process seeing a new value loads it. */
  builtAt: string
}

/** What a saved index must agree with to be reused at all (else it is rebuilt from scratch). */
export type IndexSettings = Pick<LocalIndexManifest, 'format' | 'chunkSize' | 'chunkOverlap' | 'embeddings'>

export function settingsMatch (manifest: LocalIndexManifest | undefined, expected: IndexSettings): manifest is LocalIndexManifest {
  return manifest !== undefined &&
    manifest.format === expected.format &&
    manifest.chunkSize === expected.chunkSize &&
    manifest.chunkOverlap === expected.chunkOverlap &&
    manifest.embeddings === expected.embeddings
}

export function sameEntries (a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key])
}

export function contentHash (bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * Content hashes rather than mtimes: a fresh checkout or a copy keeps the saved index valid, and an
 * edit within the same second is still noticed. The bundled corpus hashes in a few milliseconds.
 * Every file counts (also README.md and unsupported ones), so the set matches what an ingest saw.
 */
export async function corpusFiles (knowledgeDir: string, pathOf: (absolutePath: string) => string): Promise<Record<string, string>> {
  let files: string[]
  try {
    files = await listFiles(knowledgeDir)
  } catch {
    return {}
  }
  const hashes: Record<string, string> = {}
  for (const file of files) hashes[pathOf(file)] = contentHash(await readFile(file))
  return hashes
}

export async function readManifest (dataDir: string): Promise<LocalIndexManifest | undefined> {
  try {
    return JSON.parse(await readFile(join(dataDir, MANIFEST_FILE), 'utf8')) as LocalIndexManifest
  } catch {
    return undefined
  }
}

export async function readSnapshot (dataDir: string): Promise<LocalIndexSnapshot> {
  return JSON.parse(await readFile(join(dataDir, INDEX_FILE), 'utf8')) as LocalIndexSnapshot
}

/** Index first, manifest last, both by rename: a crash leaves a manifest that does not match. */
export async function writeIndex (dataDir: string, snapshot: LocalIndexSnapshot, manifest: LocalIndexManifest): Promise<void> {
  await mkdir(dataDir, { recursive: true })
  await writeAtomic(join(dataDir, INDEX_FILE), JSON.stringify(snapshot))
  await writeAtomic(join(dataDir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n')
}

async function writeAtomic (file: string, content: string): Promise<void> {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`
  await writeFile(temporary, content)
  await rename(temporary, file)
}
