// Horizontal scale: two real server processes on one Redis, no sticky routing.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { startFakeChat, type ChatRequest, type Reply } from './support/fakes/openai-chat.ts'
import { waitFor } from './support/helpers/app.ts'
import { startRedis } from './support/helpers/redis-server.ts'
import { call, startService } from './support/helpers/service.ts'

const KEY = 'scale-test-key-0123456789'
const SECOND_KEY = 'scale-test-second-key-987'

t.test('a conversation alternates between two instances, the rate limit is shared, a killed instance loses no stored turn', async (t) => {
  const redis = await startRedis()
  t.teardown(redis.destroy)
  let slow = false
  /** The question whose answer the model is writing now. */
  let writing = ''
  const model = await startFakeChat({
    apiKey: 'llm',
    respond: (request: ChatRequest): Reply => {
      if (request.toolResults.length === 0) return { toolCalls: [{ name: 'fetch_documents', arguments: { search_query: request.lastUserText } }] }
      writing = request.lastUserText
      return { content: `Jawaban untuk: ${request.lastUserText} ITB didirikan pada 1920 [1].`, chunkDelayMs: slow ? 500 : 0 }
    }
  })
  t.teardown(model.close)
  const dataDir = mkdtempSync(join(tmpdir(), 'itb-scale-'))
  t.teardown(() => { rmSync(dataDir, { recursive: true, force: true }) })
  const env = {
    API_KEYS: `${KEY},${SECOND_KEY}`,
    REDIS_URL: redis.url,
    LLM_BASE_URL: model.baseURL,
    LLM_MODEL: 'fake',
    LLM_API_KEY: 'llm',
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_HOUR: '9'
  }
  const a = await startService(env)
  const b = await startService(env)
  t.teardown(async () => { await a.stop(); await b.stop() })

  const ask = async (port: number, message: string, accept?: string, key = KEY, conversation = 'shared-conv') => await call(port, 'POST', '/v1/chat', {
    'content-type': 'application/json',
    'x-api-key': key,
    'x-conversation-id': conversation,
    ...(accept === undefined ? {} : { accept })
  }, JSON.stringify({ message }), accept === undefined ? undefined : 'event: token')
  const turns = async (port: number, key = KEY, conversation = 'shared-conv') =>
    JSON.parse((await call(port, 'GET', `/v1/conversations/${conversation}`, { 'x-api-key': key })).body).turns as Array<{ role: string, text: string }>

  const questions = ['Pertanyaan satu?', 'Pertanyaan dua?', 'Pertanyaan tiga?', 'Pertanyaan empat?']
  for (const [index, question] of questions.entries()) {
    const response = await ask(index % 2 === 0 ? a.port : b.port, question)
    t.equal(response.status, 200, `turn ${index + 1} on instance ${index % 2 === 0 ? 'A' : 'B'}`)
  }
  const stored = await turns(b.port)
  t.same(stored.filter((turn) => turn.role === 'user').map((turn) => turn.text), questions, 'every turn, in order, whichever instance served it')
  const history = model.requests.at(-2)?.body as { messages: Array<{ role: string, content: string }> }
  t.ok(history.messages.some((message) => message.content === 'Pertanyaan tiga?'), 'instance B saw the turns A stored')

  // 4 chats + 1 read so far on the shared budget of 9: four more pass, then both instances refuse.
  const statuses = []
  for (let index = 0; index < 6; index++) {
    statuses.push((await call(index % 2 === 0 ? a.port : b.port, 'GET', '/v1/conversations/shared-conv', { 'x-api-key': KEY })).status)
  }
  t.same(statuses, [200, 200, 200, 200, 429, 429], 'one budget for both instances')

  // Another key (its own budget): two stored turns, then instance A dies in the middle of a third.
  slow = true
  for (const question of questions.slice(0, 2)) t.equal((await ask(b.port, question, undefined, SECOND_KEY, 'kill-conv')).status, 200)
  const streaming = ask(a.port, 'Pertanyaan yang terputus?', 'text/event-stream', SECOND_KEY, 'kill-conv').catch((error: Error) => error)
  // Killed while the model writes the third answer (its chunks come 0.5 s apart).
  await waitFor(() => writing === 'Pertanyaan yang terputus?', 20_000)
  a.child.kill('SIGKILL')
  await streaming
  const after = await turns(b.port, SECOND_KEY, 'kill-conv')
  t.same(after.filter((turn) => turn.role === 'user').map((turn) => turn.text), questions.slice(0, 2), 'no stored turn lost; the unfinished one was never stored')
  t.equal(after.length, 4)
})
