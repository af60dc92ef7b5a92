// EMBEDDINGS_BASE_URL at the wrong address (a web server answering 404 HTML pages): the start-up
// build cannot index a document. The index says why it is empty, the log names the page instead of
// copying it, and the documents are tried again at the next start, once the address is corrected.
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'tap'
import { serializeError } from '../../../src/services/error-serializer.ts'
import { createKnowledgeBase } from '../../../src/services/retrieval/index.ts'
import { startFakeEmbeddings } from '../../support/fakes/openai-embeddings.ts'
import { SAMPLE_DOCUMENTS, createCorpus } from './fixtures.ts'

test('embeddings at a web server: "index empty (indexing failed)", no HTML in the log, and the next start with the right address indexes the documents', async (t) => {
  const page = `<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>${'<p>nothing here</p>'.repeat(100)}</body></html>`
  const web = createServer((request, response) => { response.writeHead(404, { 'content-type': 'text/html' }).end(page) })
  web.listen(0, '127.0.0.1')
  await once(web, 'listening')
  t.teardown(() => { web.closeAllConnections(); web.close() })
  const embeddings = await startFakeEmbeddings()
  t.teardown(embeddings.close)
  const corpus = await createCorpus(SAMPLE_DOCUMENTS)
  t.teardown(corpus.cleanup)

  const lines: Array<{ obj: { err?: { message?: string }, path?: string, host?: string }, msg?: string }> = []
  // As the service's logger writes them: errors through its serializer.
  const log = (obj: object, msg?: string): void => {
    const { err, ...rest } = obj as { err?: unknown }
    lines.push({ obj: JSON.parse(JSON.stringify(err === undefined ? rest : { ...rest, err: serializeError(err) })), msg })
  }
  const options = (baseURL: string) => ({
    store: 'local' as const,
    knowledgeDir: corpus.knowledgeDir,
    dataDir: corpus.dataDir,
    embeddings: { baseURL, apiKey: embeddings.apiKey, model: 'fake-embed', dimensions: 128 },
    logger: { info: log, warn: log, error: log }
  })

  const wrong = await createKnowledgeBase(options(`http://127.0.0.1:${(web.address() as AddressInfo).port}/v1`))
  const failure = await wrong.check().then(() => undefined, (error: { state?: string }) => error)
  t.equal(failure?.state, 'index empty (indexing failed)', 'not "no documents found": there are documents, they could not be indexed')
  await wrong.close()
  const failed = lines.filter((line) => line.msg === 'indexing a document failed')
  t.equal(failed.length, Object.keys(SAMPLE_DOCUMENTS).length, 'each document named once')
  t.match(failed[0]?.obj.err?.message, /^404 \[an HTML page titled "404 Not Found", \d+ characters\]$/)
  t.equal(lines.filter((line) => line.msg === 'embeddings of documents failed').length, 1, 'the embeddings failure once, not once per document')
  t.match(lines.find((line) => line.msg === 'embeddings of documents failed')?.obj, { host: `127.0.0.1:${(web.address() as AddressInfo).port}` },
    'the embeddings failure names the server it asked')
  t.notMatch(JSON.stringify(lines), 'nothing here', 'no page body in any line')

  // The operator corrects EMBEDDINGS_BASE_URL: same model and dimensions, so the saved index's settings match.
  const right = await createKnowledgeBase(options(embeddings.baseURL))
  t.teardown(right.close)
  await right.check()
  const passages = (await right.retrieve('Bagaimana cara mendaftar ke ITB?')).passages
  t.equal(passages[0]?.path, 'knowledge/pendaftaran-mahasiswa.md', 'the documents that failed are indexed now')
})
