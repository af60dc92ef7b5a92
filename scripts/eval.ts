// Retrieval evaluation: runs eval/questions.jsonl against the local store (and Pinecone when configured),
// prints hit@1, hit@5, MRR and no-answer accuracy per store; with --write it also writes
// eval/RESULTS.md (so a plain run leaves the checkout clean).
//   node scripts/eval.ts [--verbose] [--write] [--engine=minisearch]       (--help: the options)
// --engine=minisearch evaluates the local store on the MiniSearch lexical index instead of Orama (the
// comparison in docs/benchmarks.md), with its index in a temporary directory.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { readCommandLine, refuseCommandLine } from '../src/cli/args.ts'
import { loadConfig } from '../src/config.ts'
import { DEFAULT_K, DEFAULT_MIN_SCORE, DEFAULT_MIN_SIMILARITY, createKnowledgeBase } from '../src/services/retrieval/index.ts'
import { knowledgeBaseOptions } from '../src/wiring/retrieval.ts'
import type { KnowledgeBaseOptions } from '../src/services/retrieval/index.ts'

export interface Question {
  id: string
  question: string
  expected: string[]
  lang: string
  kind: string
}

export interface StoreReport {
  store: string
  answerable: number
  unanswerable: number
  hitAt1: number
  hitAt5: number
  mrr: number
  /** Unanswerable questions that got found=false. */
  noAnswerAccuracy: number
  /** Answerable questions that got found=true. */
  answerRate: number
  p50Ms: number
  misses: string[]
}

export function parseQuestions (jsonl: string): Question[] {
  return jsonl.split('\n').filter((line) => line.trim() !== '').map((line, i) => {
    const value = JSON.parse(line) as Question
    if (typeof value.question !== 'string' || !Array.isArray(value.expected)) throw new Error(`line ${i + 1}: not a question`)
    return value
  })
}

/** Distinct document paths in the order their first passage ranks. */
function rankedDocuments (paths: string[]): string[] {
  return [...new Set(paths)]
}

export async function evaluate (options: KnowledgeBaseOptions, questions: Question[], verbose = false): Promise<StoreReport> {
  const kb = await createKnowledgeBase(options)
  try {
    await kb.check()
    let hit1 = 0
    let hit5 = 0
    let reciprocal = 0
    let answerable = 0
    let unanswerable = 0
    let rejected = 0
    let answered = 0
    const durations: number[] = []
    const misses: string[] = []
    for (const q of questions) {
      const started = performance.now()
      const result = await kb.retrieve(q.question)
      durations.push(performance.now() - started)
      const docs = rankedDocuments(result.passages.map((p) => p.path))
      if (q.expected.length === 0) {
        unanswerable += 1
        if (!result.found) rejected += 1
        else misses.push(`${q.id} (unanswerable) found: ${docs.slice(0, 3).join(', ')} — ${q.question}`)
        continue
      }
      answerable += 1
      if (result.found) answered += 1
      const rank = docs.findIndex((doc) => q.expected.includes(doc)) + 1
      if (rank === 1) hit1 += 1
      if (rank >= 1 && rank <= 5) hit5 += 1
      if (rank >= 1) reciprocal += 1 / rank
      if (rank !== 1) misses.push(`${q.id} rank ${rank === 0 ? '—' : rank}${result.found ? '' : ' (found=false)'}: got ${docs.slice(0, 3).join(', ') || 'nothing'} — ${q.question}`)
      if (verbose) console.error(q.id, rank, docs.slice(0, 3).join(', '))
    }
    durations.sort((a, b) => a - b)
    return {
      store: options.store,
      answerable,
      unanswerable,
      hitAt1: answerable === 0 ? 0 : hit1 / answerable,
      hitAt5: answerable === 0 ? 0 : hit5 / answerable,
      mrr: answerable === 0 ? 0 : reciprocal / answerable,
      noAnswerAccuracy: unanswerable === 0 ? 0 : rejected / unanswerable,
      answerRate: answerable === 0 ? 0 : answered / answerable,
      p50Ms: durations[Math.floor(durations.length / 2)] ?? 0,
      misses
    }
  } finally {
    await kb.close()
  }
}

function table (reports: StoreReport[]): string {
  const f = (n: number): string => n.toFixed(3)
  return [
    '| store | answerable | hit@1 | hit@5 | MRR | found=true on answerable | found=false on unanswerable | p50 latency |',
    '|---|---|---|---|---|---|---|---|',
    ...reports.map((r) => `| ${r.store} | ${r.answerable} | ${f(r.hitAt1)} | ${f(r.hitAt5)} | ${f(r.mrr)} | ${f(r.answerRate)} | ${f(r.noAnswerAccuracy)} (${r.unanswerable} questions) | ${r.p50Ms.toFixed(2)} ms |`)
  ].join('\n')
}

const USAGE = [
  'usage: node scripts/eval.ts [--verbose] [--write] [--engine=orama|minisearch]',
  '  --verbose  print each question\'s rank and top documents on stderr',
  '  --write    also write eval/RESULTS.md',
  '  --engine   the local store\'s lexical index (default orama; minisearch: the docs/benchmarks.md comparison)',
  'Exit code: 0 done, 2 bad arguments.'
].join('\n')

async function main (argv: string[]): Promise<number> {
  const parsed = readCommandLine(argv, {
    usage: USAGE,
    options: { verbose: { type: 'boolean' }, write: { type: 'boolean' }, engine: { type: 'string' } },
    allowPositionals: false
  })
  if (typeof parsed === 'number') return parsed
  const { verbose = false, write = false, engine } = parsed.values
  if (engine !== undefined && engine !== 'orama' && engine !== 'minisearch') return refuseCommandLine(`unknown --engine=${engine} (orama or minisearch)`, USAGE)
  const root = resolve(import.meta.dirname, '..')
  const questions = parseQuestions(await readFile(join(root, 'eval', 'questions.jsonl'), 'utf8'))
  const configured = knowledgeBaseOptions(loadConfig())
  const base = {
    ...configured,
    knowledgeDir: resolve(root, configured.knowledgeDir),
    dataDir: resolve(root, configured.dataDir)
  }
  const runs: KnowledgeBaseOptions[] = engine === 'minisearch'
    ? [{ ...base, store: 'local', lexicalEngine: engine, dataDir: await mkdtemp(join(tmpdir(), 'itb-eval-minisearch-')) }]
    : [{ ...base, store: 'local' }]
  if (configured.store === 'pinecone' && engine === undefined) runs.push(base)

  const reports: StoreReport[] = []
  for (const options of runs) {
    const report = await evaluate(options, questions, verbose)
    reports.push(report)
    console.log(`\n${report.store}: hit@1 ${report.hitAt1.toFixed(3)}  hit@5 ${report.hitAt5.toFixed(3)}  MRR ${report.mrr.toFixed(3)}  ` +
      `no-answer accuracy ${report.noAnswerAccuracy.toFixed(3)} (unanswerable → found=false)  ` +
      `answer rate ${report.answerRate.toFixed(3)} (answerable → found=true)  p50 ${report.p50Ms.toFixed(2)} ms`)
    for (const miss of report.misses) console.log(`  ${miss}`)
  }

  const date = new Date().toISOString().slice(0, 10)
  const markdown = [
    '# Retrieval evaluation',
    '',
    `Run on ${date} with \`npm run eval -- --write\` over ${questions.length} questions of \`eval/questions.jsonl\`.`,
    'hit@k and MRR count answerable questions only, by document path: the ranked list is the distinct documents',
    'of the returned passages (k = 10), and a question is a hit when any of its expected documents is in the first k.',
    'No-answer accuracy is the share of unanswerable questions that came back `found: false`.',
    '',
    `Settings: chunk size ${base.chunkSize ?? 1000}, overlap ${base.chunkOverlap ?? 150}, k ${base.k ?? DEFAULT_K}, ` +
      `lexical floor ${base.minScore ?? DEFAULT_MIN_SCORE}, cosine floor ${base.minSimilarity ?? DEFAULT_MIN_SIMILARITY}, ` +
      `local store ${base.embeddings === undefined ? 'lexical (no embeddings configured)' : `hybrid with ${base.embeddings.model}`}.`,
    '',
    table(reports),
    '',
    '## Notes',
    '',
    '- Lexical misses are vocabulary gaps: paraphrases that share no word with the document that answers them',
    '  (slang, nicknames, synonyms). An embeddings model (the hybrid local store or Pinecone) closes them, and',
    '  so does writing the words people use into the documents.',
    '- The lexical relevance floor rejects questions whose topic words the corpus never uses, but lets through',
    '  off-topic questions that share a common word with it (a city, "biaya kuliah"): the answering model must',
    '  still judge whether the passages answer the question.',
    '',
    '## Questions not answered at rank 1',
    '',
    ...reports.flatMap((r) => [`### ${r.store}`, '', ...(r.misses.length === 0 ? ['None.'] : r.misses.map((m) => `- ${m}`)), '']),
    ''
  ].join('\n')
  console.log(`\n${table(reports)}`)
  if (!write) return 0
  await writeFile(join(root, 'eval', 'RESULTS.md'), markdown)
  console.log('\nwrote eval/RESULTS.md')
  return 0
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2))
