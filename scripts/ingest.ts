// Ingests documents into the configured knowledge store (local Orama index or Pinecone).
//   node scripts/ingest.ts [--verbose] <files or folders...>     (no argument: KNOWLEDGE_DIR)
//   node scripts/ingest.ts --remove <files or folders...>        (drops what was ingested from them)
// Idempotent: chunk ids derive from the document path and position, so a re-run replaces a document's
// chunks and deletes the ones it no longer has. What is ingested from outside KNOWLEDGE_DIR stays
// until removed, across restarts and rebuilds; running services load the new index by themselves.
// Configuration: the service's own (.env and the environment, validated by schemas/env.ts), so the
// CLI fills the store the service searches.
import { readCommandLine } from '../src/cli/args.ts'
import { loadConfig } from '../src/config.ts'
import { createKnowledgeBase } from '../src/services/retrieval/index.ts'
import { knowledgeBaseOptions } from '../src/wiring/retrieval.ts'
import type { IngestSummary, RetrievalLogger } from '../src/services/retrieval/index.ts'

const USAGE = [
  'usage: node scripts/ingest.ts [--verbose] [files or folders...]   (none: KNOWLEDGE_DIR)',
  '       node scripts/ingest.ts --remove <files or folders...>',
  'Exit code: 0 done, 1 a file could not be ingested or none was found, 2 bad arguments or configuration.'
].join('\n')

/** Reasons that mean the file was deliberately left out rather than failed. */
const BENIGN = /^(readme|unsupported file type)/

export function formatSummary (summary: IngestSummary, store: string): string {
  const lines = [
    `store:     ${store}`,
    `documents: ${summary.documents}`,
    `chunks:    ${summary.chunks}`,
    `removed:   ${summary.removed}`,
    `skipped:   ${summary.skipped.length}`
  ]
  for (const { path, reason } of summary.skipped) lines.push(`  - ${path}: ${reason}`)
  return lines.join('\n')
}

/** A progress bar on a TTY; on a pipe, a line every 10 % (only worth it for long runs). */
export function progressReporter (stream: NodeJS.WriteStream): (done: number, total: number) => void {
  let lastDecile = -1
  return (done, total) => {
    if (total === 0 || (!stream.isTTY && total <= 50)) return
    if (stream.isTTY) {
      const width = 30
      const filled = Math.round((done / total) * width)
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`)
      if (done === total) stream.write('\n')
      return
    }
    const decile = Math.floor((done / total) * 10)
    if (decile !== lastDecile) {
      lastDecile = decile
      stream.write(`ingested ${done}/${total} files\n`)
    }
  }
}

function stderrLogger (verbose: boolean): RetrievalLogger {
  const print = (level: string) => (obj: object, msg?: string): void => {
    const err = (obj as { err?: unknown }).err
    const detail = err instanceof Error ? `: ${err.message}` : ''
    process.stderr.write(`${level} ${msg ?? ''}${detail}\n`)
  }
  return { info: verbose ? print('info') : () => {}, warn: print('warn'), error: print('error') }
}

async function main (): Promise<number> {
  const parsed = readCommandLine(process.argv.slice(2), {
    usage: USAGE,
    options: { verbose: { type: 'boolean' }, remove: { type: 'boolean' } },
    allowPositionals: true
  })
  if (typeof parsed === 'number') return parsed
  const { values, positionals: paths } = parsed
  const verbose = values.verbose === true
  // A one-off process: it writes the index, it never needs to reload one.
  const options = { ...knowledgeBaseOptions(loadConfig()), logger: stderrLogger(verbose), reloadIntervalMs: 0 }
  if (values.remove === true && paths.length === 0) {
    process.stderr.write('--remove needs the files or folders to remove\n')
    return 2
  }
  const kb = await createKnowledgeBase(options)
  try {
    if (values.remove === true) {
      console.log(`store:     ${kb.store}\nremoved:   ${await kb.remove(paths)} chunks`)
      return 0
    }
    const inputs = paths.length > 0 ? paths : [options.knowledgeDir]
    const summary = await kb.ingest(inputs, progressReporter(process.stderr))
    console.log(formatSummary(summary, kb.store))
    // Nothing read and nothing removed is a wrong path, not a successful run (a service on that
    // KNOWLEDGE_DIR would not become ready).
    if (summary.documents === 0 && summary.removed === 0) {
      process.stderr.write(`nothing ingested: no document found in ${inputs.join(', ')} (Markdown, text, HTML, PDF or .docx files; README.md is skipped)\n`)
      return 1
    }
    return summary.skipped.some(({ reason }) => !BENIGN.test(reason)) ? 1 : 0
  } finally {
    await kb.close()
  }
}

if (import.meta.main) {
  process.exitCode = await main().catch((error: unknown) => {
    process.stderr.write(`ingest failed: ${error instanceof Error ? error.message : String(error)}\n`)
    return 2
  })
}
