// What `npm run ingest` adds from outside the knowledge directory stays: across restarts, a change in
// the bundled corpus and a rebuild from scratch, until `--remove`. Running instances load it by
// themselves. The CLI runs as a user runs it (a child process); the instances are real knowledge bases.
import { test } from 'tap'
import { execFile } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { createKnowledgeBase } from '../../../src/services/retrieval/index.ts'
import type { KnowledgeBase, KnowledgeBaseOptions } from '../../../src/services/retrieval/index.ts'
import { waitFor } from '../../support/helpers/app.ts'
import { SAMPLE_DOCUMENTS, createCorpus, markdownDocument } from './fixtures.ts'
import type { Corpus } from './fixtures.ts'

const run = promisify(execFile)
const script = resolve(import.meta.dirname, '../../../scripts/ingest.ts')

const ROBOTICS = markdownDocument({ title: 'Laboratorium Robotika', source: 'https://www.itb.ac.id/robotika' },
  '# Laboratorium Robotika\n\n## Kegiatan\n\nLaboratorium Robotika merakit drone pemadam kebakaran untuk lomba nasional.\n')
const CANTEEN = markdownDocument({ title: 'Kantin Kampus', source: 'https://www.itb.ac.id/kantin' },
  '# Kantin\n\n## Menu\n\nKantin Salman menjual nasi goreng dan soto.\n')

async function cli (corpus: Corpus, args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH ?? '', VECTOR_STORE: 'local', KNOWLEDGE_DIR: corpus.knowledgeDir, DATA_DIR: corpus.dataDir, ...env }
  })
  return stdout
}

function options (corpus: Corpus, extra: Partial<KnowledgeBaseOptions> = {}): KnowledgeBaseOptions {
  return { store: 'local', knowledgeDir: corpus.knowledgeDir, dataDir: corpus.dataDir, ...extra }
}

async function topPath (kb: KnowledgeBase, query: string): Promise<string | undefined> {
  return (await kb.retrieve(query)).passages[0]?.path
}

test('ingested documents survive a change of the corpus and a rebuild from scratch, until removed', async (t) => {
  const corpus = await createCorpus({ ...SAMPLE_DOCUMENTS, 'extra/robotika.md': ROBOTICS })
  t.teardown(corpus.cleanup)
  await (await createKnowledgeBase(options(corpus))).close()
  t.match(await cli(corpus, [join(corpus.root, 'extra')]), /documents: 1\n/)

  // The bundled corpus changes: before the fix the rebuild dropped the ingested document silently.
  await corpus.write('knowledge/kantin.md', CANTEEN)
  const changed = await createKnowledgeBase(options(corpus))
  t.equal(await topPath(changed, 'nasi goreng soto'), 'knowledge/kantin.md', 'the corpus change is picked up')
  t.equal(await topPath(changed, 'drone pemadam kebakaran'), 'extra/robotika.md', 'the ingested document stays')
  await changed.close()

  // New chunk settings: nothing saved can be reused; the recorded sources are read again.
  const rebuilt = await createKnowledgeBase(options(corpus, { chunkSize: 500 }))
  t.equal(await topPath(rebuilt, 'drone pemadam kebakaran'), 'extra/robotika.md', 'rebuilt from its recorded source')
  await rebuilt.close()

  t.match(await cli(corpus, ['--remove', join(corpus.root, 'extra')], { CHUNK_SIZE: '500' }), /removed: +[1-9]\d* chunks/)
  await corpus.write('knowledge/kantin.md', CANTEEN.replace('soto', 'soto ayam'))
  for (const chunkSize of [500, 1000]) {
    const after = await createKnowledgeBase(options(corpus, { chunkSize }))
    t.equal(await topPath(after, 'drone pemadam kebakaran'), undefined, `removed on purpose stays removed (chunk size ${chunkSize})`)
    t.equal(await topPath(after, 'observatorium Lembang'), 'knowledge/observatorium.md', 'the corpus is intact')
    await after.close()
  }
})

test('a single ingested file, even after it was deleted, is removed by its path', async (t) => {
  const corpus = await createCorpus({ ...SAMPLE_DOCUMENTS, 'extra/robotika.md': ROBOTICS })
  t.teardown(corpus.cleanup)
  const file = join(corpus.root, 'extra', 'robotika.md')
  await cli(corpus, [file])
  await rm(file)
  await cli(corpus, ['--remove', file])
  const kb = await createKnowledgeBase(options(corpus))
  t.teardown(kb.close)
  t.equal(await topPath(kb, 'drone pemadam kebakaran'), undefined)
})

test('every running instance picks up an ingest and a removal by itself, within seconds', async (t) => {
  const corpus = await createCorpus({ ...SAMPLE_DOCUMENTS, 'extra/robotika.md': ROBOTICS })
  t.teardown(corpus.cleanup)
  const instances = [await createKnowledgeBase(options(corpus, { reloadIntervalMs: 200 })), await createKnowledgeBase(options(corpus, { reloadIntervalMs: 200 }))]
  t.teardown(async () => { for (const kb of instances) await kb.close() })
  for (const kb of instances) t.equal(await topPath(kb, 'drone pemadam kebakaran'), undefined, 'not there before the ingest')

  await cli(corpus, [join(corpus.root, 'extra')])
  for (const [i, kb] of instances.entries()) {
    await waitFor(async () => await topPath(kb, 'drone pemadam kebakaran') === 'extra/robotika.md', 30_000)
    t.pass(`instance ${i + 1} answers from the ingested document without a restart`)
  }
  await cli(corpus, ['--remove', join(corpus.root, 'extra')])
  for (const [i, kb] of instances.entries()) {
    await waitFor(async () => await topPath(kb, 'drone pemadam kebakaran') === undefined, 30_000)
    t.pass(`instance ${i + 1} no longer finds the removed document`)
  }
})
