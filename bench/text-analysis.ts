// How the time each reader of text takes grows with its input: per stage (the question's analysis,
// the model's answer, its spoken sentences, the passages' inline markup, sentences, lists and
// subjects, markdown and HTML ingestion), the time for normal input (the knowledge base, the eval's
// questions) and for the worst of the adversarial inputs of 5,000 and 50,000 characters
// (test/support/helpers/adversarial-text.ts).
// Linear reading costs ~10× more at 50,000 than at 5,000; quadratic ~100×. Best of 3, in ms.
//   node bench/text-analysis.ts [small large]   (the two sizes, 5000 50000 by default)
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AIMessage, HumanMessage } from '@langchain/core/messages'
import { createExtractiveAnswerer } from '../src/services/rag/extractive.ts'
import type { Candidate } from '../src/services/rag/extractive/candidates.ts'
import { searchTexts } from '../src/services/rag/extractive/follow-up.ts'
import { enumerated } from '../src/services/rag/extractive/lists.ts'
import { subjectChecks } from '../src/services/rag/extractive/subject.ts'
import { sentenceSubject } from '../src/services/rag/extractive/terms.ts'
import { citedNumbers, stripCitations } from '../src/services/rag/citations.ts'
import { detectLanguage } from '../src/services/text/language.ts'
import { standaloneQueries } from '../src/services/rag/state.ts'
import { expandedQuery } from '../src/services/retrieval/aliases.ts'
import { loadDocument } from '../src/services/retrieval/loaders.ts'
import { plainInline } from '../src/services/text/inline-markup.ts'
import { splitSentences } from '../src/services/text/sentences.ts'
import { splitSpokenSentences } from '../src/services/text/spoken-sentences.ts'
import { ADVERSARIAL_TEXTS, adversarialQuestions } from '../test/support/helpers/adversarial-text.ts'
import { passage } from '../test/support/helpers/passages.ts'

const ROOT = new URL('../', import.meta.url)
const knowledgeDir = new URL('knowledge/', ROOT)
const documents = readdirSync(knowledgeDir).filter((name) => name.endsWith('.md')).map((name) => readFileSync(new URL(name, knowledgeDir), 'utf8'))
const sentences = documents.flatMap((text) => splitSentences(text))
const paragraphs = documents.flatMap((text) => text.split(/\n{2,}/))
const questions = readFileSync(new URL('eval/answers.jsonl', ROOT), 'utf8').split('\n').filter((line) => line !== '')
  .map((line) => (JSON.parse(line) as { question: string }).question)
// A model's answer: the knowledge base's sentences with citation markers.
const modelAnswer = sentences.slice(0, 40).map((sentence, i) => `${sentence.slice(0, -1)} [${(i % 9) + 1}].`).join(' ')

const answerer = createExtractiveAnswerer()
const passages = [
  passage('biaya', 'Biaya Kuliah', 'Besaran UKT diumumkan di admission.itb.ac.id setiap tahun. Biaya kuliah berbeda untuk setiap kelompok.'),
  passage('sejarah', 'Sejarah ITB', 'ITB didirikan pada 3 Juli 1920 di Bandung. Soekarno lulus dari ITB pada 1926.')
]
const history = [new HumanMessage('Apa itu IUP?'), new AIMessage('IUP adalah program kelas internasional.')]
const checks = subjectChecks({
  formal: 'Di mana Sabuga?', subjectText: '', names: new Set(), query: [], mode: 'id', match: () => 0, tableAliases: new Map(), candidates: [], decisive: []
})
const directory = mkdtempSync(join(tmpdir(), 'bench-text-'))
let files = 0
/** A file loaded as the ingester loads it (markdown: front matter, title from the first heading). */
const load = (extension: string) => async (text: string): Promise<unknown> => {
  const path = join(directory, `${files++}.${extension}`)
  writeFileSync(path, text)
  return await loadDocument(path, path)
}
/** A knowledge file as a web page: a head with a script, its headings and paragraphs as tags. */
const HEAD = '<!doctype html><html lang="id"><head><title>ITB</title><link rel="canonical" href="https://www.itb.ac.id/">' +
  '<script>if (a < b) run()</script></head><body><!-- isi -->'
const page = (markdown: string): string => HEAD + markdown.split(/\n{2,}/).map((block) => {
  const heading = /^(#{1,6}) (.*)/.exec(block)
  return heading === null ? `<p>${block.replace(/&/g, '&amp;')}</p>` : `<h${heading[1].length}>${heading[2]}</h${heading[1].length}>`
}).join('\n') + '</body></html>'

interface Stage {
  name: string
  normal: string
  read: (text: string) => unknown
  normalInputs: string[]
  adversarial: (length: number) => Record<string, string>
}

const questionInputs = (length: number): Record<string, string> =>
  Object.fromEntries(adversarialQuestions(length).map((question) => [JSON.stringify(question.slice(0, 16)) + '…', question]))
const texts = (...names: Array<keyof typeof ADVERSARIAL_TEXTS>) => (length: number): Record<string, string> =>
  Object.fromEntries(names.map((name) => [name, ADVERSARIAL_TEXTS[name](length)]))

const STAGES: Stage[] = [
  { name: 'question: searchTexts + standaloneQueries', normal: `${questions.length} eval questions`, normalInputs: questions, adversarial: questionInputs, read: (question) => [searchTexts(question, ['Apa itu IUP?']), standaloneQueries(question, history)] },
  { name: 'question: expandedQuery', normal: `${questions.length} eval questions`, normalInputs: questions, adversarial: questionInputs, read: (question) => expandedQuery(question) },
  { name: 'question: extractive answer', normal: `${questions.length} eval questions`, normalInputs: questions, adversarial: questionInputs, read: (question) => answerer.answer({ question, passages, found: true, language: detectLanguage(question), previousQuestion: 'Apa itu IUP?' }) },
  { name: 'model answer: citations', normal: `an answer of ${modelAnswer.length} chars`, normalInputs: [modelAnswer], adversarial: texts('answer'), read: (text) => [citedNumbers(text), stripCitations(text)] },
  { name: 'spoken sentences', normal: `an answer of ${modelAnswer.length} chars`, normalInputs: [modelAnswer], adversarial: texts('spokenAnswer', 'answer', 'punctuationRun'), read: (text) => splitSpokenSentences(text) },
  { name: 'passages: lists, subject', normal: `${sentences.length} knowledge sentences`, normalInputs: sentences, adversarial: texts('enumeration', 'capitals', 'openingWord'), read: (text) => [enumerated(text), sentenceSubject(text), checks.cueText({ text } as Candidate)] },
  {
    name: 'passages: inline Markdown and HTML',
    normal: `${paragraphs.length} knowledge paragraphs`,
    normalInputs: paragraphs,
    adversarial: texts('openImages', 'imagesBeforeBracket', 'openImageTargets', 'openFootnotes', 'openLinkTexts', 'openLinkTargets', 'openStrong', 'openUnderscores', 'openInlineTags', 'openAutolinks'),
    read: (text) => plainInline(text)
  },
  { name: 'passages: sentence splitting', normal: `${documents.length} knowledge files`, normalInputs: documents, adversarial: texts('punctuationRun', 'url', 'hostName'), read: (text) => splitSentences(text) },
  { name: 'ingest: markdown loading', normal: `${documents.length} knowledge files`, normalInputs: documents, adversarial: texts('frontMatter', 'heading'), read: load('md') },
  {
    name: 'ingest: HTML loading',
    normal: `${documents.length} knowledge files as pages`,
    normalInputs: documents.map(page),
    adversarial: texts('openAngles', 'openComments', 'openScripts', 'openHeadings', 'openBlockTags', 'openTitles', 'openLinks', 'openMetas', 'openHtmlTags'),
    read: load('html')
  }
]

async function bestMs (inputs: string[], read: (text: string) => unknown): Promise<number> {
  let best = Infinity
  for (let run = 0; run < 3 && (run === 0 || best < 1000); run++) {
    const started = performance.now()
    for (const input of inputs) await read(input)
    best = Math.min(best, performance.now() - started)
  }
  return best
}

async function worst (stage: Stage, length: number): Promise<{ ms: number, label: string }> {
  let result = { ms: 0, label: '' }
  for (const [label, input] of Object.entries(stage.adversarial(length))) {
    const ms = await bestMs([input], stage.read)
    if (ms >= result.ms) result = { ms, label }
  }
  return result
}

const [small, large] = process.argv.slice(2).map(Number).filter((n) => n > 0).concat([5000, 50_000]).slice(0, 2) as [number, number]
const figure = (ms: number): string => ms.toFixed(2).padStart(9)
const size = (n: number): string => n.toLocaleString('en').padStart(9)
console.log(`text analysis, Node ${process.version}: ms (best of 3); adversarial: the worst input of each size (characters)`)
console.log(`${'stage'.padEnd(44)} ${'normal'.padStart(9)} ${size(small)} ${size(large)} ${'growth'.padStart(7)}  worst at ${size(large).trim()} | normal input`)
for (const stage of STAGES) {
  await bestMs(stage.normalInputs, stage.read) // warm-up
  const normal = await bestMs(stage.normalInputs, stage.read)
  const first = await worst(stage, small)
  const second = await worst(stage, large)
  const growth = `${(second.ms / Math.max(first.ms, 0.01)).toFixed(0)}×`.padStart(7)
  console.log(`${stage.name.padEnd(44)} ${figure(normal)} ${figure(first.ms)} ${figure(second.ms)} ${growth}  ${second.label} | ${stage.normal}`)
}
rmSync(directory, { recursive: true, force: true })
