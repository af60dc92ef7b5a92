// `npm run doctor` when a provider fails (the fakes in fixture.ts): a wrong key names the variable
// to check; server errors, timeouts, unreachable hosts and unknown models each say so; a key a server
// echoes back is masked.
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { startFakeEmotion } from '../../support/fakes/emotion.ts'
import { freePort } from '../../support/helpers/redis-server.ts'
import { SECRETS, assertNoSecret, startDoctorFixture } from './fixture.ts'

const { together, fullEnv, doctor } = await startDoctorFixture(t)

t.test('a wrong key on one provider fails that line with the variable to check, exit code 1', async (t) => {
  const report = await doctor(fullEnv({ OPENAI_API_KEY: 'sk-wrong-key-00000000' }))
  t.equal(report.exitCode, 1)
  t.match(report.byName['llm:openai'], { status: 'fail', code: '401', detail: 'rejected the API key — check OPENAI_API_KEY' })
  t.equal(report.byName['llm:together'].status, 'ok', 'the other provider still passes')
  t.equal(report.results.filter((result) => result.status === 'fail').length, 1)

  const prosa = await doctor(fullEnv({ PROSA_STT_API_KEY: 'wrong-prosa-key', PROSA_TTS_API_KEY: 'wrong-prosa-key' }))
  t.match(prosa.byName['stt:prosa'], { status: 'fail', code: 'auth', detail: 'rejected the API key — check PROSA_STT_API_KEY' })
  t.match(prosa.byName['tts:prosa'], { status: 'fail', code: 'auth', detail: 'rejected the API key — check PROSA_TTS_API_KEY' })

  const keys = await doctor(fullEnv({ EMBEDDINGS_API_KEY: 'wrong-embeddings-key', PINECONE_API_KEY: 'wrong-pinecone-key' }))
  t.match(keys.byName.embeddings, { status: 'fail', code: '401', detail: 'rejected the API key — check EMBEDDINGS_API_KEY' })
  t.match(keys.byName.pinecone, { status: 'fail', code: '401', detail: 'rejected the API key — check PINECONE_API_KEY' })
  t.equal(keys.byName.knowledge.status, 'fail', 'the knowledge base cannot search either')
})

t.test('provider failures: server error, timeout, unreachable, unknown model; a key echoed by a server is masked', async (t) => {
  const closedPort = await freePort()
  t.teardown(() => { together.setRespond(() => ({ content: 'OK' })) })

  together.setRespond(() => ({ status: 503 }))
  const overloaded = await doctor({ TOGETHER_API_KEY: SECRETS.together, TOGETHER_BASE_URL: together.baseURL })
  t.match(overloaded.byName['llm:together'], { status: 'fail', code: '503', detail: /^server error \(HTTP 503\)/ })

  together.setRespond(() => ({ status: 404 }))
  const missing = await doctor({ TOGETHER_API_KEY: SECRETS.together, TOGETHER_BASE_URL: together.baseURL, TOGETHER_MODEL: 'no-such-model' })
  t.match(missing.byName['llm:together'], { code: '404', detail: 'model "no-such-model" not found — check TOGETHER_MODEL and TOGETHER_BASE_URL' })

  together.setRespond(() => ({ status: 400, error: `bad request from key ${SECRETS.together}` }))
  const echoed = await doctor({ TOGETHER_API_KEY: SECRETS.together, TOGETHER_BASE_URL: together.baseURL })
  t.match(echoed.byName['llm:together'], { code: '400', detail: /bad request from key \*\*\*/ })
  assertNoSecret(t, JSON.stringify(echoed.results))

  together.setRespond(() => ({ hang: true }))
  const slow = await doctor({ TOGETHER_API_KEY: SECRETS.together, TOGETHER_BASE_URL: together.baseURL }, { timeoutMs: 1500 })
  t.match(slow.byName['llm:together'], { status: 'fail', code: 'timeout', detail: `no answer within 1.5 s from 127.0.0.1:${together.port}` })
  t.ok((slow.byName['llm:together'].durationMs ?? 0) < 3000, 'the budget is kept')

  const unreachable = await doctor({ LLM_BASE_URL: `http://127.0.0.1:${closedPort}/v1`, LLM_MODEL: 'local-model' })
  t.match(unreachable.byName['llm:custom'], { status: 'fail', code: 'unreachable', detail: `cannot reach 127.0.0.1:${closedPort} — check LLM_BASE_URL` })
  t.equal(unreachable.exitCode, 1)
})

t.test('emotion service errors', async (t) => {
  const failing = await startFakeEmotion({ mode: 'failing' })
  t.teardown(failing.close)
  const report = await doctor({ EMOTION_ANALYSIS_URL: failing.url })
  t.match(report.byName.emotion, { status: 'fail', code: '500', detail: /^server error \(HTTP 500\)/ })

  const closedPort = await freePort()
  const down = await doctor({ EMOTION_ANALYSIS_URL: `http://127.0.0.1:${closedPort}` })
  t.match(down.byName.emotion, { status: 'fail', code: 'unreachable', detail: `cannot reach 127.0.0.1:${closedPort} — check EMOTION_ANALYSIS_URL` })
})

t.test('an address that answers with web pages, or plain HTTP where a WebSocket is expected: the address variable is named, not the model', async (t) => {
  const page = `<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>${'<p>page text</p>'.repeat(100)}</body></html>`
  const web = createServer((request, response) => { response.writeHead(404, { 'content-type': 'text/html' }).end(page) })
  web.listen(0, '127.0.0.1')
  await once(web, 'listening')
  t.teardown(() => { web.closeAllConnections(); web.close() })
  const host = `127.0.0.1:${(web.address() as AddressInfo).port}`
  const report = await doctor({
    LLM_BASE_URL: `http://${host}/v1`,
    LLM_MODEL: 'local-model',
    EMBEDDINGS_BASE_URL: `http://${host}/v1`,
    EMBEDDINGS_API_KEY: SECRETS.embeddings,
    PROSA_STT_API_KEY: SECRETS.prosaStt,
    PROSA_STT_URL: `ws://${host}/v2/speech/stt`,
    PROSA_TTS_API_KEY: SECRETS.prosaTts,
    PROSA_TTS_URL: `ws://${host}/v2/speech/tts`
  })
  const webPage = (variable: string): string => `${host} answered HTTP 404 with a web page ("404 Not Found"), not the API: wrong address or path — check ${variable}`
  t.match(report.byName['llm:custom'], { status: 'fail', code: '404', detail: webPage('LLM_BASE_URL') }, 'not: model "local-model" not found')
  t.match(report.byName.embeddings, { status: 'fail', code: '404', detail: webPage('EMBEDDINGS_BASE_URL') }, 'not: check EMBEDDINGS_MODEL')
  const noSocket = (variable: string): string => `${host} answered HTTP 404 instead of opening a WebSocket: no streaming endpoint at that URL — check ${variable}`
  t.match(report.byName['stt:prosa'], { status: 'fail', code: '404', detail: noSocket('PROSA_STT_URL') }, 'not: check PROSA_STT_MODEL')
  t.match(report.byName['tts:prosa'], { status: 'fail', code: '404', detail: noSocket('PROSA_TTS_URL') })
  t.match(report.byName.knowledge, { status: 'fail', detail: /indexing failed for \d+ documents .* — check the embeddings line \(EMBEDDINGS_BASE_URL\)$/ },
    'the documents the embeddings server refused: not "check KNOWLEDGE_DIR"')
  t.notMatch(JSON.stringify(report.results), 'page text', 'no page body')
  assertNoSecret(t, JSON.stringify(report.results))
})
