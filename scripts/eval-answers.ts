// Answer-level evaluation of offline mode: every question of eval/answers.jsonl is retrieved from the
// local store and answered by the extractive answerer, as the service does with no language model
// (a follow-up is searched together with its conversation's subject). An answer is correct when it
// contains every fact the question lists ("a|b": either), its first sentence every lead fact (what a
// "kapan"/"di mana" question asks for opens the answer), none of the texts it must not contain, and
// no sentence about another subject (after the first, a sentence opening with a name that neither
// the question nor the first sentence has: "SBM ITB didirikan …" after "Kapan ITB didirikan?"); a
// question with no facts must be declined.
// Prints the correct-answer rate (answerable questions) and the refusal accuracy (questions to
// decline) separately, per kind and language, and the answering time (answerer only, retrieval
// excluded) on a first pass and on a second one with the answerer's per-passage cache warm.
//   node scripts/eval-answers.ts [--verbose] [--write]     --write: also write eval/ANSWERS.md (--help: the options)
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { readCommandLine } from '../src/cli/args.ts'
import { createKnowledgeBase } from '../src/services/retrieval/index.ts'
import { conversationSubject, createExtractiveAnswerer, NO_ANSWER, searchTexts } from '../src/services/rag/extractive.ts'
import { splitSentences } from '../src/services/text/sentences.ts'
import type { ExtractiveAnswer, ExtractiveInput } from '../src/services/rag/extractive.ts'

export interface AnswerQuestion {
  id: string
  kind: string
  lang: string
  question: string
  /** The question before it in the same conversation (follow-ups). */
  previous?: string
  /** What the answer must contain; "a|b" accepts either. Empty: the question must be declined. */
  facts: string[]
  /** What the answer's first sentence must contain: the date a "kapan" question asks for, not a later sentence. */
  leadFacts?: string[]
  /** Texts the answer must not contain (a sentence about something else, seen once). */
  mustNotContain?: string[]
  /** Documents that answer it, for diagnosis. */
  expected?: string[]
}

export function parseAnswerQuestions (jsonl: string): AnswerQuestion[] {
  return jsonl.split('\n').filter((line) => line.trim() !== '').map((line, i) => {
    const value = JSON.parse(line) as AnswerQuestion
    if (typeof value.question !== 'string' || !Array.isArray(value.facts)) throw new Error(`line ${i + 1}: not a question`)
    return value
  })
}

const FRAMING = /^(Berdasarkan informasi yang tersedia(?: \(dalam bahasa Inggris\))?|According to the available information(?: \(in Indonesian\))?), /
const isNoAnswer = (text: string): boolean => text === NO_ANSWER.id || text === NO_ANSWER.en
const comparable = (text: string): string => text.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ')

/** The answer's first sentence, after the framing ("Berdasarkan informasi yang tersedia, …"). */
export function firstSentence (answer: string): string {
  return splitSentences(answer.replace(FRAMING, ''))[0] ?? ''
}

/** Facts of `question` missing from `answer` (all of them when it declined), lead facts marked "first sentence: …". */
export function missingFacts (question: AnswerQuestion, answer: string): string[] {
  if (isNoAnswer(answer)) return question.facts
  const absent = (text: string) => (fact: string): boolean => !fact.split('|').some((option) => text.includes(comparable(option)))
  const first = comparable(firstSentence(answer))
  return [
    ...question.facts.filter(absent(comparable(answer))),
    ...(question.leadFacts ?? []).filter(absent(first)).map((fact) => `first sentence: ${fact}`)
  ]
}

/** The institution's own name opens sentences about anything. */
const OWN_NAME = /^(ITB|Institut|Teknologi|Bandung|Institute|Technology)$/

/**
 * Sentences of `answer` after its first that are about another subject than the question's: each
 * opens with a run of capitalised words whose names (the first word only as an acronym, the
 * institution's own left out) include none that the question, the previous question or the first
 * sentence has, nor their initials ("Tahap Persiapan Bersama" after "TPB"), nor, for a unit's group, its unit
 * ("SITH-R …" after "… di SITH?").
 */
export function offTopicSentences (question: AnswerQuestion, answer: string): string[] {
  if (isNoAnswer(answer)) return []
  const [first = '', ...rest] = splitSentences(answer.replace(FRAMING, ''))
  const known = comparable(`${question.question} ${question.previous ?? ''} ${first}`)
  const has = (word: string): boolean => new RegExp(`(^|[^\\p{L}\\p{N}])${word.toLowerCase()}($|[^\\p{L}\\p{N}])`, 'u').test(known)
  return rest.filter((sentence) => {
    const opening = /^(?:\p{Lu}[\p{L}\p{N}-]*(?:\s+(?:dan|and|of)\b)?\s+)*\p{Lu}[\p{L}\p{N}-]*/u.exec(sentence)?.[0] ?? ''
    const words = opening.split(/\s+/).filter((word) => /^\p{Lu}/u.test(word))
    const names = words.filter((word, i) => (i > 0 || /^\p{Lu}{2,}/u.test(word)) && !OWN_NAME.test(word))
    const initials = words.length > 1 ? words.map((word) => word[0]).join('') : ''
    // A unit's group ("SITH-R" of SITH, "STEI-K" of STEI) is its unit's subject.
    return names.length > 0 && !names.some((name) => has(name) || (/^\p{Lu}{2,}-\p{Lu}+$/u.test(name) && has(name.split('-')[0]))) && !(initials !== '' && has(initials))
  })
}

/** The texts of `question.mustNotContain` that `answer` contains. */
export function forbiddenTexts (question: AnswerQuestion, answer: string): string[] {
  const text = comparable(answer)
  return (question.mustNotContain ?? []).filter((forbidden) => text.includes(comparable(forbidden)))
}

interface Outcome {
  question: AnswerQuestion
  input: ExtractiveInput
  result: ExtractiveAnswer
  correct: boolean
  missing: string[]
  /** Texts it must not contain, and sentences about another subject, that the answer has. */
  stray: string[]
  ms: number
  warmMs: number
}

function percentile (sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]
}

const USAGE = [
  'usage: node scripts/eval-answers.ts [--verbose] [--write]',
  '  --verbose  also print every answer with its sources',
  '  --write    also write eval/ANSWERS.md',
  'Exit code: 0 done, 2 bad arguments.'
].join('\n')

async function main (argv: string[]): Promise<number> {
  const parsed = readCommandLine(argv, {
    usage: USAGE,
    options: { verbose: { type: 'boolean' }, write: { type: 'boolean' } },
    allowPositionals: false
  })
  if (typeof parsed === 'number') return parsed
  const { verbose = false, write = false } = parsed.values
  const root = resolve(import.meta.dirname, '..')
  const questions = parseAnswerQuestions(await readFile(join(root, 'eval/answers.jsonl'), 'utf8'))

  const dataDir = await mkdtemp(join(tmpdir(), 'itb-eval-answers-'))
  const kb = await createKnowledgeBase({ store: 'local', knowledgeDir: join(root, 'knowledge'), dataDir })
  const answerer = createExtractiveAnswerer()
  const outcomes: Outcome[] = []
  try {
    await kb.check()
    // One unrelated call first, so that the timings do not include compiling the answerer's code.
    answerer.answer({ question: 'Apa itu ITB?', passages: [{ id: 'w', text: 'ITB adalah institut teknologi.', title: 'W', url: 'w' }], found: true })
    for (const question of questions) {
      const previous = question.previous === undefined ? [] : [question.previous]
      // As the service's retrieve step: one search, or one for each side of a comparison.
      const retrievals = await Promise.all(searchTexts(question.question, previous).map(async (text) => await kb.retrieve(text)))
      const subject = conversationSubject(question.question, previous)
      const input: ExtractiveInput = {
        question: question.question,
        passages: retrievals.flatMap((retrieval) => retrieval.found ? retrieval.passages : []),
        found: retrievals.some((retrieval) => retrieval.found),
        ...(subject !== undefined ? { previousQuestion: subject } : {})
      }
      const started = performance.now()
      const result = answerer.answer(input)
      const ms = performance.now() - started
      const missing = missingFacts(question, result.answer)
      const stray = [...forbiddenTexts(question, result.answer), ...offTopicSentences(question, result.answer)]
      const correct = question.facts.length === 0 ? isNoAnswer(result.answer) : missing.length === 0 && stray.length === 0
      outcomes.push({ question, input, result, correct, missing, stray, ms, warmMs: 0 })
    }
    for (const outcome of outcomes) {
      const started = performance.now()
      answerer.answer(outcome.input)
      outcome.warmMs = performance.now() - started
    }
  } finally {
    await kb.close()
    await rm(dataDir, { recursive: true, force: true })
  }

  const answerable = outcomes.filter((o) => o.question.facts.length > 0)
  const declinable = outcomes.filter((o) => o.question.facts.length === 0)
  const share = (part: number, whole: number): string => `${part}/${whole} = ${whole === 0 ? '—' : (part / whole).toFixed(3)}`
  const count = (list: Outcome[]): string => share(list.filter((o) => o.correct).length, list.length)
  const times = outcomes.map((o) => o.ms).sort((a, b) => a - b)
  const warmTimes = outcomes.map((o) => o.warmMs).sort((a, b) => a - b)
  const timing = (sorted: number[]): string =>
    `p50 ${percentile(sorted, 0.5).toFixed(2)} ms, p95 ${percentile(sorted, 0.95).toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms`
  const answered = outcomes.filter((o) => !isNoAnswer(o.result.answer))
  const lengths = answered.map((o) => o.result.answer.length)
  const falseRefusals = answerable.filter((o) => isNoAnswer(o.result.answer)).length

  const summary = [
    `questions: ${outcomes.length} (${answerable.length} to answer, ${declinable.length} to decline; ` +
      `${outcomes.filter((o) => o.question.lang === 'en').length} English, ${outcomes.filter((o) => o.question.kind === 'paraphrase').length} paraphrases, ` +
      `${outcomes.filter((o) => o.question.previous !== undefined).length} follow-ups)`,
    `correct answers (every fact present): ${count(answerable)}`,
    `refusal accuracy (declined when it must be): ${count(declinable)}`,
    `answerable questions declined: ${falseRefusals}`,
    `answers with a sentence about another subject or a forbidden text: ${outcomes.filter((o) => o.stray.length > 0).length}`,
    `mean answer length: ${(lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length)).toFixed(0)} chars, longest ${Math.max(0, ...lengths)}`,
    `answer time, first pass (new passages): ${timing(times)}`,
    `answer time, second pass (passages seen before): ${timing(warmTimes)}`
  ]
  const kinds = [...new Set(outcomes.map((o) => o.question.kind))]
  const byKind = kinds.map((kind) => `| ${kind} | ${count(outcomes.filter((o) => o.question.kind === kind))} |`)
  const byLanguage = ['id', 'en'].map((lang) => `| ${lang} | ${count(answerable.filter((o) => o.question.lang === lang))} | ${count(declinable.filter((o) => o.question.lang === lang))} |`)
  const failures = outcomes.filter((o) => !o.correct).map((o) =>
    `- ${o.question.id} (${o.question.kind}) ${o.question.previous !== undefined ? `[after "${o.question.previous}"] ` : ''}${o.question.question}\n` +
    `  ${o.question.facts.length === 0 ? 'should decline' : [o.missing.length > 0 ? `missing: ${o.missing.join(', ')}` : '', o.stray.length > 0 ? `off topic: ${o.stray.join(' / ')}` : ''].filter((part) => part !== '').join('; ')} — ${o.result.answer}`)

  console.log('# Extractive answers (local store, offline mode)\n')
  for (const line of summary) console.log(line)
  console.log('\n| kind | correct |\n|---|---|\n' + byKind.join('\n'))
  console.log('\n| language | correct answers | refusals |\n|---|---|---|\n' + byLanguage.join('\n'))
  if (failures.length > 0) console.log('\n## Not correct\n\n' + failures.join('\n'))
  if (verbose) {
    for (const o of outcomes) console.log(`\n${o.question.id} ${o.correct ? '✓' : '✗'} ${o.question.question}\n  ${o.result.answer}\n  sources: ${o.result.sources.map((s) => s.title).join('; ')}`)
  }

  if (!write) return 0
  const markdown = [
    '# Offline answer evaluation',
    '',
    `Run with \`npm run eval:answers -- --write\` over the ${outcomes.length} questions of \`eval/answers.jsonl\`, on the local`,
    'store with no language model (extractive mode). An answer is correct when it contains every fact the',
    'question lists ("a|b": either one), its first sentence every lead fact, none of the texts it must not contain, and no sentence about another',
    'subject (after the first, one opening with a name that neither the question nor the first sentence has);',
    'a question with no facts is correct when it is declined. Timings are',
    'the answerer alone (retrieval excluded), on a busy shared machine.',
    '',
    ...summary.map((line) => `- ${line}`),
    '',
    '| kind | correct |',
    '|---|---|',
    ...byKind,
    '',
    '| language | correct answers | refusals |',
    '|---|---|---|',
    ...byLanguage,
    '',
    '## Not correct',
    '',
    ...(failures.length === 0 ? ['None.'] : failures),
    '',
    '## Every answer',
    '',
    ...outcomes.map((o) => `- ${o.correct ? '✓' : '✗'} ${o.question.id} ${o.question.previous !== undefined ? `[after "${o.question.previous}"] ` : ''}**${o.question.question}** — ${o.result.answer}`),
    ''
  ].join('\n')
  await writeFile(join(root, 'eval', 'ANSWERS.md'), markdown)
  console.log('\nwrote eval/ANSWERS.md')
  return 0
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2))
