// Offline-answer evaluation: retrieves every question of eval/questions.jsonl from the local store and
// answers it with the extractive answerer, then prints
//   - the share of answerable questions whose first cited source is one of the expected documents,
//   - the share of unanswerable questions answered with "don't know",
//   - the mean answer length and the p50/p95 answering time (answerer only, retrieval excluded): on
//     the first pass, when every passage is new to the answerer, and on a second pass, when its
//     per-passage cache is warm (as in a running service, where the same passages recur),
//   - a few sample question/answer pairs.
//   node scripts/eval-answers.ts [--verbose] [--samples N]
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createKnowledgeBase } from '../src/services/retrieval/index.ts'
import type { RetrievalResult } from '../src/services/retrieval/index.ts'
import { createExtractiveAnswerer, NO_ANSWER } from '../src/services/rag/extractive.ts'
import type { ExtractiveAnswer } from '../src/services/rag/extractive.ts'
import { parseQuestions, type Question } from './eval.ts'

interface Outcome {
  question: Question
  retrieval: RetrievalResult
  result: ExtractiveAnswer
  /** Path of the document of the first passage used, if any. */
  firstPath?: string
  /** Answering time on the first pass and on the second. */
  ms: number
  warmMs: number
}

const root = resolve(import.meta.dirname, '..')
const args = process.argv.slice(2)
const verbose = args.includes('--verbose')
const samplesIndex = args.indexOf('--samples')
const sampleCount = samplesIndex >= 0 ? Number(args[samplesIndex + 1]) : 8

function percentile (sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]
}

const isNoAnswer = (text: string): boolean => text === NO_ANSWER.id || text === NO_ANSWER.en

const questions = parseQuestions(await readFile(join(root, 'eval/questions.jsonl'), 'utf8'))

const dataDir = await mkdtemp(join(tmpdir(), 'itb-eval-answers-'))
const kb = await createKnowledgeBase({ store: 'local', knowledgeDir: join(root, 'knowledge'), dataDir })
const answerer = createExtractiveAnswerer()
const outcomes: Outcome[] = []
try {
  await kb.check()
  // One unrelated call first, so that the timings do not include compiling the answerer's code.
  answerer.answer({ question: 'Apa itu ITB?', passages: [{ id: 'w', text: 'ITB adalah institut teknologi.', title: 'W', url: 'w' }], found: true })
  for (const question of questions) {
    const retrieval = await kb.retrieve(question.question)
    const input = { question: question.question, passages: retrieval.passages, found: retrieval.found }
    const started = performance.now()
    const result = answerer.answer(input)
    const ms = performance.now() - started
    const firstId = result.usedPassageIds[0]
    const firstPath = retrieval.passages.find((passage) => passage.id === firstId)?.path
    outcomes.push({ question, retrieval, result, ms, warmMs: 0, ...(firstPath !== undefined ? { firstPath } : {}) })
  }
  for (const outcome of outcomes) {
    const started = performance.now()
    answerer.answer({ question: outcome.question.question, passages: outcome.retrieval.passages, found: outcome.retrieval.found })
    outcome.warmMs = performance.now() - started
  }
} finally {
  await kb.close()
  await rm(dataDir, { recursive: true, force: true })
}

const answerable = outcomes.filter((o) => o.question.expected.length > 0)
const unanswerable = outcomes.filter((o) => o.question.expected.length === 0)
const correctFirst = answerable.filter((o) => o.firstPath !== undefined && o.question.expected.includes(o.firstPath))
const answered = answerable.filter((o) => !isNoAnswer(o.result.answer))
const retrievedExpected = answerable.filter((o) => o.retrieval.found && o.retrieval.passages.some((p) => o.question.expected.includes(p.path)))
const correctWhenRetrieved = retrievedExpected.filter((o) => o.firstPath !== undefined && o.question.expected.includes(o.firstPath))
const declined = unanswerable.filter((o) => isNoAnswer(o.result.answer))
const lengths = outcomes.filter((o) => !isNoAnswer(o.result.answer)).map((o) => o.result.answer.length)
const times = outcomes.map((o) => o.ms).sort((a, b) => a - b)
const warmTimes = outcomes.map((o) => o.warmMs).sort((a, b) => a - b)
const timing = (sorted: number[]): string =>
  `p50 ${percentile(sorted, 0.5).toFixed(2)} ms, p95 ${percentile(sorted, 0.95).toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms`
const share = (part: number, whole: number): string => `${part}/${whole} = ${whole === 0 ? '—' : (part / whole).toFixed(3)}`

console.log('# Extractive answers (local store, offline mode)')
console.log(`questions: ${outcomes.length} (${answerable.length} answerable, ${unanswerable.length} unanswerable)`)
console.log(`first cited source is an expected document: ${share(correctFirst.length, answerable.length)}`)
console.log(`  … among answerable questions where retrieval found an expected document: ${share(correctWhenRetrieved.length, retrievedExpected.length)}`)
console.log(`answerable questions given an answer (not "don't know"): ${share(answered.length, answerable.length)}`)
console.log(`unanswerable questions answered "don't know": ${share(declined.length, unanswerable.length)}`)
console.log(`mean answer length (excluding "don't know"): ${(lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length)).toFixed(0)} chars`)
console.log(`answer time, first pass (new passages): ${timing(times)}`)
console.log(`answer time, second pass (passages seen before): ${timing(warmTimes)}`)

for (const kind of [...new Set(answerable.map((o) => o.question.kind))]) {
  const ofKind = answerable.filter((o) => o.question.kind === kind)
  console.log(`  ${kind}: first cited source expected ${share(ofKind.filter((o) => correctFirst.includes(o)).length, ofKind.length)}`)
}

const misses = answerable.filter((o) => !correctFirst.includes(o))
if (misses.length > 0) {
  console.log('\n## Answerable questions whose first source is not expected')
  for (const o of misses) {
    const why = !o.retrieval.found ? 'retrieval found nothing' : isNoAnswer(o.result.answer) ? 'answered "don\'t know"' : `first source ${o.firstPath}`
    const rank = o.retrieval.passages.findIndex((p) => o.question.expected.includes(p.path)) + 1
    const retrieved = o.retrieval.found ? `; expected document ${rank === 0 ? 'not retrieved' : `at passage ${rank}/${o.retrieval.passages.length}`}` : ''
    console.log(`- ${o.question.id} (${o.question.kind}) ${why}${retrieved} — ${o.question.question}`)
  }
}
const wrongful = unanswerable.filter((o) => !declined.includes(o))
if (wrongful.length > 0) {
  console.log('\n## Unanswerable questions that got an answer')
  for (const o of wrongful) console.log(`- ${o.question.id} — ${o.question.question}\n  ${o.result.answer}`)
}

// Samples spread over the file: every kind, deterministic.
const step = Math.max(1, Math.floor(outcomes.length / Math.max(1, sampleCount)))
const samples = verbose ? outcomes : outcomes.filter((_, i) => i % step === 0).slice(0, sampleCount)
console.log(`\n## ${verbose ? 'All' : 'Sample'} answers`)
for (const o of samples) {
  console.log(`\nQ (${o.question.id}, ${o.question.kind}): ${o.question.question}`)
  console.log(`A: ${o.result.answer}`)
  if (o.result.sources.length > 0) console.log(`   sources: ${o.result.sources.map((s) => s.title).join('; ')}`)
}
