// The ingest pipeline the knowledge base runs for every store: collect → load → chunk → replace per
// document (the backend embeds what changed), then remove what vanished from an ingested folder and
// let the backend record the run (the local one saves its index).
import { readFile, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { splitDocument } from './chunking.ts'
import { collectFiles, loadDocument } from './loaders.ts'
import type { CollectedFile } from './loaders.ts'
import { contentHash } from './local/index-file.ts'
import { INDEXING_FAILED, indexingFailed, isInside, messageOf, round } from './backends/backend.ts'
import type { Backend, Context } from './backends/backend.ts'
import type { Chunk, IngestSummary, SkippedFile } from './types.ts'

export async function ingestFiles (
  context: Context,
  backend: Backend,
  inputs: string[],
  onProgress?: (done: number, total: number) => void
): Promise<IngestSummary> {
  const started = performance.now()
  const { files, missing } = await collectFiles(inputs)
  const summary: IngestSummary = { documents: 0, chunks: 0, removed: 0, skipped: [...missing] }
  const seen = new Set<string>()
  // Content hash of every file inside the knowledge directory this run processed (null: vanished).
  const knowledgeFiles = new Map<string, string | null>()
  onProgress?.(0, files.length)
  for (const [i, file] of files.entries()) {
    const path = context.pathOf(file.absolutePath, file.root)
    seen.add(path)
    const skipped = await ingestFile(context, backend, file, path, summary)
    if (skipped !== undefined) summary.skipped.push(skipped)
    // A document the store could not take keeps its previous manifest entry (or none): it is not up
    // to date, so the next start tries it again instead of serving an index without it for good.
    if (isInside(file.absolutePath, context.knowledgeDir) && (skipped === undefined || !indexingFailed(skipped))) {
      knowledgeFiles.set(path, await readFile(file.absolutePath).then(contentHash, () => null))
    }
    onProgress?.(i + 1, files.length)
  }
  const added: string[] = []
  for (const input of inputs) {
    const absolute = resolve(input)
    const info = await stat(absolute).catch(() => undefined)
    if (info === undefined) continue
    if (absolute !== context.knowledgeDir && !isInside(absolute, context.knowledgeDir)) added.push(absolute)
    if (info.isDirectory()) summary.removed += await backend.removeVanished(context.folderPathOf(absolute), seen)
  }
  await backend.afterIngest(knowledgeFiles, { added, removed: [] })
  const durationMs = performance.now() - started
  context.metrics?.('ingest', durationMs, 'ok')
  context.logger?.info({ ...summary, skipped: summary.skipped.length, durationMs: round(durationMs) }, 'ingest finished')
  return summary
}

/** Removes what was ingested from each path: the file's document, or every document under the folder. */
export async function removeInputs (context: Context, backend: Backend, inputs: string[]): Promise<number> {
  let removed = 0
  const absolutes = inputs.map((input) => resolve(input))
  for (const absolute of absolutes) {
    // The path may be gone already, so both readings are tried: a file's document and a folder's.
    removed += await backend.removeDocuments(context.pathOf(absolute, dirname(absolute)), context.folderPathOf(absolute))
  }
  await backend.afterIngest(new Map(), { added: [], removed: absolutes })
  context.logger?.info({ inputs, removed }, 'documents removed')
  return removed
}

async function ingestFile (context: Context, backend: Backend, file: CollectedFile, path: string, summary: IngestSummary): Promise<SkippedFile | undefined> {
  const loaded = await loadDocument(file.absolutePath, path)
  if (!loaded.ok) return loaded.skipped
  let chunks: Chunk[]
  try {
    chunks = await splitDocument(loaded.document, context.chunking)
  } catch (error) {
    return { path, reason: `could not be split: ${messageOf(error)}` }
  }
  try {
    const outcome = await backend.replaceDocument(path, chunks)
    summary.documents += 1
    summary.chunks += chunks.length
    summary.removed += outcome.removed
    return undefined
  } catch (error) {
    context.logger?.error({ err: error, path }, 'indexing a document failed')
    return { path, reason: `${INDEXING_FAILED}: ${messageOf(error)}` }
  }
}
