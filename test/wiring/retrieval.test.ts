import { test } from 'tap'
import { loadConfig } from '../../src/config.ts'
import { knowledgeBaseOptions } from '../../src/wiring/retrieval.ts'

const optionsFor = (env: Record<string, string>) => knowledgeBaseOptions(loadConfig({ env, dotenvPath: false }))

test('defaults: a local lexical store', async (t) => {
  const options = optionsFor({})
  t.match(options, { store: 'local', knowledgeDir: 'knowledge', dataDir: 'data', chunkSize: 1000, chunkOverlap: 150, k: 10 })
  t.equal(options.embeddings, undefined)
  t.equal(options.pinecone, undefined)
  t.equal(options.cache, undefined, 'no Redis, no cache')
})

test('an OPENAI_API_KEY alone does not make the local store call the embeddings API', async (t) => {
  t.equal(optionsFor({ OPENAI_API_KEY: 'sk-chat' }).embeddings, undefined)
  const hybrid = optionsFor({ EMBEDDINGS_BASE_URL: 'http://127.0.0.1:8080/v1', EMBEDDINGS_MODEL: 'bge-m3', EMBEDDINGS_DIMENSIONS: '1024' })
  t.same(hybrid.embeddings, { apiKey: 'not-needed', model: 'bge-m3', dimensions: 1024, baseURL: 'http://127.0.0.1:8080/v1' })
})

test('Pinecone is the default when its key is set, with the documented defaults', async (t) => {
  const options = optionsFor({
    PINECONE_API_KEY: 'pc-key',
    OPENAI_API_KEY: 'sk-openai',
    PINECONE_INDEX_HOST: 'http://127.0.0.1:5081',
    RETRIEVAL_K: '5',
    RETRIEVAL_MIN_SCORE: '0.4',
    RETRIEVAL_MIN_SIMILARITY: '0.25',
    CHUNK_SIZE: '800',
    CHUNK_OVERLAP: '100'
  })
  t.equal(options.store, 'pinecone')
  t.match(options.pinecone, { apiKey: 'pc-key', indexName: 'informasi-umum-itb', indexHost: 'http://127.0.0.1:5081' })
  t.same(options.embeddings, { apiKey: 'sk-openai', model: 'text-embedding-3-large', dimensions: 3072, baseURL: 'https://api.openai.com/v1' })
  t.same([options.k, options.minScore, options.minSimilarity, options.chunkSize, options.chunkOverlap], [5, 0.4, 0.25, 800, 100])
  t.equal(optionsFor({ PINECONE_API_KEY: 'pc', OPENAI_API_KEY: 'sk', EMBEDDINGS_API_KEY: 'emb' }).embeddings?.apiKey, 'emb')
  t.equal(optionsFor({ PINECONE_API_KEY: 'pc', OPENAI_API_KEY: 'sk', VECTOR_STORE: 'local' }).store, 'local')
})

test('the cache is used only with Redis and CACHE_ENABLED', async (t) => {
  const redis = { get: async () => null, set: async () => 'OK' }
  t.match(knowledgeBaseOptions(loadConfig({ env: { CACHE_TTL: '60' }, dotenvPath: false }), redis).cache, { ttlSeconds: 60 })
  t.equal(knowledgeBaseOptions(loadConfig({ env: { CACHE_ENABLED: 'false' }, dotenvPath: false }), redis).cache, undefined)
})

test('invalid values stop the configuration, by variable name', async (t) => {
  t.throws(() => optionsFor({ VECTOR_STORE: 'chroma' }), /VECTOR_STORE/)
  t.throws(() => optionsFor({ VECTOR_STORE: 'pinecone' }), /PINECONE_API_KEY/)
  t.throws(() => optionsFor({ VECTOR_STORE: 'pinecone', PINECONE_API_KEY: 'pc' }), /EMBEDDINGS_API_KEY/)
  t.throws(() => optionsFor({ CHUNK_SIZE: 'big' }), /CHUNK_SIZE/)
  t.throws(() => optionsFor({ RETRIEVAL_K: '0' }), /RETRIEVAL_K/)
  t.throws(() => optionsFor({ RETRIEVAL_MIN_SCORE: '2' }), /RETRIEVAL_MIN_SCORE/)
})
