// LangSmith end to end: the real service process traces a generative turn to a fake LangSmith
// (test/support/fakes/langsmith.ts) through the real langsmith client, and sends nothing when tracing is off.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { startFakeChat } from '../support/fakes/openai-chat.ts'
import { startFakeLangSmith, type TracedRun } from '../support/fakes/langsmith.ts'
import { call, startService } from '../support/helpers/service.ts'

const API_KEY = 'langsmith-test-api-key-8d7c6b'
const LLM_KEY = 'llm-vendor-secret-1q2w3e4r'
const LANGSMITH_KEY = 'lsv2-fake-secret-0p9o8i7u'

t.test('a generative turn reaches LangSmith as a run tree when tracing is on, and nothing when it is off', async (t) => {
  const langsmith = await startFakeLangSmith({ apiKey: LANGSMITH_KEY })
  t.teardown(langsmith.close)
  const model = await startFakeChat({ apiKey: LLM_KEY })
  t.teardown(model.close)
  const dataDir = mkdtempSync(join(tmpdir(), 'itb-langsmith-'))
  t.teardown(() => { rmSync(dataDir, { recursive: true, force: true }) })
  const env = {
    API_KEYS: API_KEY,
    LLM_BASE_URL: model.baseURL,
    LLM_MODEL: 'fake',
    LLM_API_KEY: LLM_KEY,
    DATA_DIR: dataDir,
    MAX_EVENT_LOOP_DELAY: '0',
    LANGSMITH_API_KEY: LANGSMITH_KEY,
    LANGSMITH_ENDPOINT: langsmith.url
  }
  const ask = async (port: number, conversation: string): Promise<number> => (await call(port, 'POST', '/v1/chat', {
    'x-api-key': API_KEY, 'x-conversation-id': conversation, 'content-type': 'application/json'
  }, JSON.stringify({ message: 'Kapan ITB didirikan?' }))).status

  // Off (endpoint and key set, tracing not switched on), then on: the traced turn's arrival shows
  // the untraced one had its chance to be sent.
  const quiet = await startService(env)
  t.teardown(quiet.stop)
  t.equal(await ask(quiet.port, 'untraced-conv'), 200)
  const traced = await startService({ ...env, LANGSMITH_TRACING: 'true', LANGSMITH_PROJECT: 'itb-test' })
  t.teardown(traced.stop)
  t.equal(await ask(traced.port, 'traced-conv'), 200)

  const root = await langsmith.waitForRun((run) => run.parent_run_id === undefined && run.end_time !== undefined &&
    run.extra?.metadata?.conversation_id === 'traced-conv')
  t.equal(root.session_name, 'itb-test', 'filed under the configured project')
  await langsmith.waitForRun((run) => run.trace_id === root.id && run.run_type === 'llm' && run.end_time !== undefined)
  const tree = langsmith.runs().filter((run: TracedRun) => run.trace_id === root.id)
  const names = tree.map((run) => `${run.run_type ?? ''}:${run.name ?? ''}`)
  t.ok(tree.some((run) => run.run_type === 'llm' && JSON.stringify(run.inputs).includes('Kapan ITB didirikan?')), `the model call is visible (${names.join(', ')})`)
  // Retrieval: the search is a run of its own (a graph node) or a model's fetch_documents call, and
  // the passages it found, as the model was given them, are in the trace.
  const trace = JSON.stringify(tree)
  t.ok(tree.some((run) => /retriev|search|fetch_documents/i.test(run.name ?? '')) || trace.includes('fetch_documents'), 'the search is visible')
  const given = model.requests.map((request) => JSON.stringify(request.body)).join('\n')
  const passage = /<dokumen nomor=\\"1\\"[^>]*>\\n([^\\<]{20,60})/.exec(given)?.[1]
  t.ok(passage, 'sanity: the model was given a passage')
  t.ok(passage !== undefined && trace.includes(passage), 'the passages retrieval found are visible')

  t.notOk(langsmith.runs().some((run) => JSON.stringify(run).includes('untraced-conv')), 'nothing from the service with tracing off')
  const everything = langsmith.bodies.join('\n')
  for (const [what, secret] of [['API key', API_KEY], ['vendor key', LLM_KEY], ['LangSmith key', LANGSMITH_KEY]]) {
    t.notOk(everything.includes(secret), `no ${what} in any run`)
  }
  t.same(langsmith.violations, [], `the client spoke the ingestion protocol: ${langsmith.violations.join('; ')}`)
})
