// The knowledge base: the local Orama index (embedded default, rebuilt from KNOWLEDGE_DIR when the
// corpus changed) or Pinecone, with the Redis retrieval cache when enabled.
import fp from 'fastify-plugin'
import { createKnowledgeBase, KnowledgeBaseError, type KnowledgeBase } from '../services/retrieval/index.ts'
import { knowledgeBaseOptions } from '../wiring/retrieval.ts'
import { ReadinessFailure } from './readiness.ts'

declare module 'fastify' {
  interface FastifyInstance {
    knowledgeBase: KnowledgeBase
  }
}

export default fp(async (fastify) => {
  const { metrics } = fastify
  const knowledgeBase = await createKnowledgeBase({
    ...knowledgeBaseOptions(fastify.config, fastify.redis),
    logger: fastify.log,
    metrics: (name, durationMs, outcome) => {
      if (name === 'cache_get') metrics.cache('retrieval', outcome === 'hit' ? 'hit' : outcome === 'miss' ? 'miss' : 'error')
      if (name === 'memo_get') metrics.cache('retrieval_memory', outcome === 'hit' ? 'hit' : 'miss')
      const service = name === 'embeddings' ? 'embeddings' : name === 'vector_store' ? 'pinecone' : undefined
      if (service !== undefined) metrics.externalCall(service, outcome === 'timeout' ? 'timeout' : outcome === 'error' ? 'error' : 'ok', durationMs / 1000)
    }
  })
  fastify.decorate('knowledgeBase', knowledgeBase)
  fastify.readiness.add('knowledge', async () => {
    // /ready is public: the knowledge base's fixed state (`error: index empty (no documents found)`),
    // never its message, which names the folder or quotes the vector store.
    await knowledgeBase.check().catch((error: unknown) => {
      throw error instanceof KnowledgeBaseError ? new ReadinessFailure(error.state, { cause: error }) : error
    })
  })
  fastify.addHook('onClose', async () => { await knowledgeBase.close() })
}, { name: 'knowledge', fastify: '5.x', dependencies: ['config', 'redis', 'readiness', 'metrics'] })
