// scripts/ingest.ts as a user runs it: a child process configured through the environment.
import { test } from 'tap'
import { execFile } from 'node:child_process'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { SAMPLE_DOCUMENTS, createCorpus } from './fixtures.ts'
import { formatSummary, progressReporter } from '../../../scripts/ingest.ts'

const run = promisify(execFile)
const script = resolve(import.meta.dirname, '../../../scripts/ingest.ts')

async function ingest (env: Record<string, string>, args: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args], { env: { PATH: process.env.PATH ?? '', ...env } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number, stdout: string, stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

test('ingest CLI: summary, idempotent re-run, skipped files and exit codes', async (t) => {
  const corpus = await createCorpus({ ...SAMPLE_DOCUMENTS, 'knowledge/README.md': '# not a document' })
  t.teardown(corpus.cleanup)
  const env = { VECTOR_STORE: 'local', KNOWLEDGE_DIR: corpus.knowledgeDir, DATA_DIR: corpus.dataDir }

  const first = await ingest(env, [corpus.knowledgeDir])
  t.equal(first.code, 0, first.stderr)
  t.match(first.stdout, /store: +local/)
  t.match(first.stdout, /documents: 3\n/)
  t.match(first.stdout, /removed: +0\n/)
  t.match(first.stdout, /knowledge\/README\.md: readme/)
  t.equal(first.stderr, '', 'no progress bar for a short run off a TTY')

  const second = await ingest(env, [])
  t.equal(second.code, 0)
  t.equal(second.stdout, first.stdout, 'a re-run (defaulting to KNOWLEDGE_DIR) reports the same')

  await corpus.write('knowledge/rusak.docx', Buffer.from('not a zip'))
  const third = await ingest(env, [join(corpus.knowledgeDir, 'rusak.docx'), join(corpus.knowledgeDir, 'observatorium.md')])
  t.equal(third.code, 1, 'a corrupt file makes the run fail after the others are ingested')
  t.match(third.stdout, /documents: 1\n/)
  t.match(third.stdout, /knowledge\/rusak\.docx: corrupt docx/)

  const misconfigured = await ingest({ ...env, VECTOR_STORE: 'chroma' }, [])
  t.equal(misconfigured.code, 2)
  t.match(misconfigured.stderr, /VECTOR_STORE/)
})

test('progress: a bar on a terminal, a line per 10 % on a pipe for long runs, nothing for short piped runs', async (t) => {
  const stream = (isTTY: boolean): { isTTY: boolean, written: string[], write: (text: string) => boolean } => {
    const written: string[] = []
    return { isTTY, written, write: (text: string) => { written.push(text); return true } }
  }
  const tty = stream(true)
  const onTty = progressReporter(tty as unknown as NodeJS.WriteStream)
  for (let done = 0; done <= 4; done++) onTty(done, 4)
  t.match(tty.written.at(-2), /\r\[#{30}\] 4\/4/)
  t.equal(tty.written.at(-1), '\n')

  const pipe = stream(false)
  const onPipe = progressReporter(pipe as unknown as NodeJS.WriteStream)
  for (let done = 0; done <= 200; done++) onPipe(done, 200)
  t.equal(pipe.written.length, 11, 'one line per decile')
  t.equal(pipe.written.at(-1), 'ingested 200/200 files\n')

  const short = stream(false)
  const onShort = progressReporter(short as unknown as NodeJS.WriteStream)
  for (let done = 0; done <= 10; done++) onShort(done, 10)
  t.same(short.written, [])

  t.equal(formatSummary({ documents: 1, chunks: 2, removed: 0, skipped: [{ path: 'a.xyz', reason: 'unsupported file type ".xyz"' }] }, 'local'),
    'store:     local\ndocuments: 1\nchunks:    2\nremoved:   0\nskipped:   1\n  - a.xyz: unsupported file type ".xyz"')
})

test('ingest CLI: --help prints the usage and ingests nothing; an unknown option is refused (exit 2), not taken for a run', async (t) => {
  const corpus = await createCorpus(SAMPLE_DOCUMENTS)
  t.teardown(corpus.cleanup)
  const env = { VECTOR_STORE: 'local', KNOWLEDGE_DIR: corpus.knowledgeDir, DATA_DIR: corpus.dataDir }
  for (const flag of ['--help', '-h']) {
    const help = await ingest(env, [flag])
    t.equal(help.code, 0, flag)
    t.match(help.stdout, /^usage: node scripts\/ingest\.ts /, flag)
    t.notMatch(help.stdout, /documents:/, `${flag} ingests nothing`)
  }
  for (const args of [['--bogus'], ['--verbos', corpus.knowledgeDir], ['-x']]) {
    const refused = await ingest(env, args)
    t.equal(refused.code, 2, args.join(' '))
    t.match(refused.stderr, /Unknown option[\s\S]*usage: node scripts\/ingest\.ts/, args.join(' '))
    t.equal(refused.stdout, '', `${args.join(' ')} ingests nothing`)
  }
})

test('ingest CLI: a folder with no document in it (a wrong path, a forgotten copy) fails with exit 1 and says so', async (t) => {
  const corpus = await createCorpus({ 'empty/.gitkeep': '', 'only-readme/README.md': '# not a document' })
  t.teardown(corpus.cleanup)
  const env = { VECTOR_STORE: 'local', KNOWLEDGE_DIR: join(corpus.root, 'empty'), DATA_DIR: corpus.dataDir }
  for (const args of [[], [join(corpus.root, 'only-readme')]]) {
    const run = await ingest(env, args)
    t.equal(run.code, 1, args.join(' ') || 'KNOWLEDGE_DIR')
    t.match(run.stdout, /documents: 0\n/)
    t.match(run.stderr, /^nothing ingested: no document found in /m)
  }
})
