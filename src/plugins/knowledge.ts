// The knowledge base: the local Orama index (embedded default, rebuilt from KNOWLEDGE_DIR when the
// corpus changed) or Pinecone, with the Redis retrieval cache when enabled.
import fp from 'fastify-plugin'
import { createKnowledgeBase, knowledgeBaseOptions, type KnowledgeBase } from '../services/retrieval/index.ts'

declare module 'fastify' {
  interface FastifyInstance {
    knowledgeBase: KnowledgeBase
  }
}

export default fp(async (fastify) => {
  const knowledgeBase = await createKnowledgeBase({ ...knowledgeBaseOptions(fastify.config, fastify.redis), logger: fastify.log })
  fastify.decorate('knowledgeBase', knowledgeBase)
  fastify.readiness.add('knowledge', async () => { await knowledgeBase.check() })
  fastify.addHook('onClose', async () => { await knowledgeBase.close() })
}, { name: 'knowledge', fastify: '5.x', dependencies: ['config', 'redis', 'readiness'] })
