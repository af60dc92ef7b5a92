// LangSmith tracing: on only when configured, with the conversation id and key id as metadata.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import t from 'tap'
import { chatProviderSettings, tracingSettings } from '../../src/wiring/rag.ts'
import { startFakeChat } from '../support/fakes/openai-chat.ts'
import { build, TEST_API_KEY, testConfig, waitFor } from '../support/helpers/app.ts'

t.test('off unless switched on; the newer LANGSMITH_* names win over LANGCHAIN_*', async (t) => {
  t.equal(tracingSettings(testConfig()), undefined)
  t.equal(tracingSettings(testConfig({ LANGSMITH_API_KEY: 'k' })), undefined, 'a key alone does not switch it on')
  t.same(tracingSettings(testConfig({ LANGCHAIN_TRACING_V2: 'true', LANGCHAIN_API_KEY: 'old', LANGCHAIN_PROJECT: 'p-old' })), { apiKey: 'old', project: 'p-old', endpoint: undefined })
  t.match(tracingSettings(testConfig({ LANGSMITH_TRACING: 'true', LANGSMITH_API_KEY: 'new', LANGCHAIN_API_KEY: 'old', LANGSMITH_PROJECT: 'p' })), { apiKey: 'new', project: 'p' })
  t.match(tracingSettings(testConfig({ LANGSMITH_TRACING: 'true', LANGSMITH_API_KEY: 'new' })), { project: 'itb-chatbot' })
  t.same(chatProviderSettings(testConfig()), [], 'sanity: no provider configured here')
})

t.test('a traced turn reaches LangSmith with the conversation id and the key id', async (t) => {
  const bodies: string[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const raw = Buffer.concat(chunks)
      const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw
      bodies.push(`${request.method ?? ''} ${request.url ?? ''} ${request.headers['x-api-key'] ?? ''}\n${body.toString('utf8')}`)
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.close() })
  const chat = await startFakeChat({ apiKey: 'llm' })
  t.teardown(chat.close)
  const { app } = await build(t, {
    LANGSMITH_TRACING: 'true',
    LANGSMITH_API_KEY: 'ls-key',
    LANGSMITH_ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    LLM_BASE_URL: chat.baseURL,
    LLM_MODEL: 'fake',
    LLM_API_KEY: 'llm'
  })
  const response = await app.inject({ method: 'POST', url: '/v1/chat', headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'traced-conv-7' }, payload: { message: 'Kapan ITB didirikan?' } })
  t.equal(response.statusCode, 200)
  await waitFor(() => bodies.some((body) => body.includes('traced-conv-7')), 15_000)
  const traced = bodies.filter((body) => body.includes('traced-conv-7')).join('\n')
  t.match(traced, /ls-key/, 'sent with the configured key')
  t.match(traced, /"conversation_id":"traced-conv-7"/)
  t.match(traced, /"key_id":"[A-Za-z0-9_-]{12}"/)
  t.notMatch(traced, new RegExp(TEST_API_KEY), 'the API key itself is never traced')
})
