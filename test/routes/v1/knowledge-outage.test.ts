// Issue 11.9: a knowledge-store outage is a 503 to retry (with retry-after), in the common error
// shape and without the store's own error text, not a 500.
import t from 'tap'
import { build, TEST_API_KEY } from '../../support/helpers/app.ts'
import { startFakeEmbeddings } from '../../support/fakes/openai-embeddings.ts'
import { startFakePinecone } from '../../support/fakes/pinecone.ts'

const DIMENSIONS = 64
const ask = (message: string) => ({
  method: 'POST' as const,
  url: '/v1/chat',
  headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'outage' },
  payload: { message }
})

t.test('Pinecone down: /v1/chat answers 503 STORE_UNAVAILABLE with retry-after', async (t) => {
  const pinecone = await startFakePinecone({ dimension: DIMENSIONS })
  const embeddings = await startFakeEmbeddings({ dimensions: DIMENSIONS })
  t.teardown(async () => { await embeddings.close() })
  const { app, logs } = await build(t, {
    VECTOR_STORE: 'pinecone',
    PINECONE_API_KEY: pinecone.apiKey,
    PINECONE_INDEX_HOST: pinecone.host,
    EMBEDDINGS_BASE_URL: embeddings.baseURL,
    EMBEDDINGS_API_KEY: embeddings.apiKey,
    EMBEDDINGS_DIMENSIONS: String(DIMENSIONS)
  })
  t.equal((await app.inject(ask('Kapan ITB didirikan?'))).statusCode, 200, 'served while Pinecone is up')

  pinecone.failNext(500, 100)
  const failing = await app.inject(ask('Di mana kampus Ganesha?'))
  t.equal(failing.statusCode, 503)
  t.equal(failing.headers['retry-after'], '5')
  t.same(Object.keys(failing.json()).sort(), ['code', 'error', 'message', 'requestId', 'statusCode'])
  t.match(failing.json(), { statusCode: 503, code: 'STORE_UNAVAILABLE', message: 'The knowledge base is temporarily unavailable. Retry shortly.' })

  await pinecone.close()
  const down = await app.inject(ask('Apa motto ITB?'))
  t.equal(down.statusCode, 503, 'the Pinecone server gone entirely')
  t.equal(down.headers['retry-after'], '5')
  t.notMatch(down.body, /pinecone|127\.0\.0\.1|ECONNREFUSED/i, 'the store\'s own error stays in the logs')
  t.match(logs.text(), /retrieval failed/, 'operators see the failure')

  // The same outage on /ready, which is public: its state in fixed words, the store's words in the log.
  const ready = await app.inject({ url: '/ready' })
  t.equal(ready.statusCode, 503)
  t.equal(ready.json().checks.knowledge, 'error: store unavailable')
  t.notMatch(ready.body, /pinecone|informasi-umum|127\.0\.0\.1|ECONNREFUSED/i)
  t.match(logs.lines().find((line) => line.msg === 'readiness check failed' && line.check === 'knowledge'),
    { status: 'error: store unavailable', err: { type: 'KnowledgeBaseError', message: /Pinecone index "[^"]+" is not usable/ } })
})
