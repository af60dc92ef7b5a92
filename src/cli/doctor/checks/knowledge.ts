// The knowledge base the service would open: loads or rebuilds it and retrieves for a test question.
import type { Env as Config } from '../../../../schemas/env.ts'
import { createKnowledgeBase, KnowledgeBaseError } from '../../../services/retrieval/knowledge-base.ts'
import type { RetrievalLogger } from '../../../services/retrieval/types.ts'
import { brief } from '../../../services/vendor-call.ts'
import { knowledgeBaseOptions } from '../../../wiring/retrieval.ts'
import type { PlannedCheck } from '../types.ts'
import { TEST_QUESTION, type PlanOptions } from './common.ts'

export function knowledgeCheck (config: Config, options: PlanOptions): PlannedCheck {
  const base = knowledgeBaseOptions(config)
  const pinecone = base.store === 'pinecone'
  return {
    name: 'knowledge',
    timeoutMs: options.knowledgeTimeoutMs,
    hints: pinecone ? { key: 'PINECONE_API_KEY', model: 'PINECONE_INDEX_NAME', what: `index "${config.PINECONE_INDEX_NAME}"` } : {},
    run: async ({ signal }) => {
      const notes: string[] = []
      const warnings: string[] = []
      const logger: RetrievalLogger = {
        info: (obj, message) => {
          if (message === 'local index loaded' || message === 'local index rebuilt') {
            const { documents, chunks } = obj as { documents?: number, chunks?: number }
            notes.push(`${message} (${documents ?? 0} documents, ${chunks ?? 0} chunks)`)
          }
        },
        warn: (_obj, message) => { if (message !== undefined) warnings.push(message) },
        error: () => {}
      }
      const kb = await createKnowledgeBase({ ...base, logger, timeoutMs: options.timeoutMs })
      try {
        try {
          await kb.check()
        } catch (error) {
          if (error instanceof KnowledgeBaseError && error.code === 'INDEX_NOT_READY') {
            // Documents there that the embeddings server refused: its address is what to check, not the folder.
            const variable = error.state === 'index empty (indexing failed)' ? `the embeddings line (${config.EMBEDDINGS_BASE_URL === undefined ? 'OPENAI_BASE_URL' : 'EMBEDDINGS_BASE_URL'})` : 'KNOWLEDGE_DIR'
            return { status: 'fail', code: 'empty', detail: `${error.message} — check ${variable}` }
          }
          throw error
        }
        const result = await kb.retrieve(TEST_QUESTION, { signal })
        const where = pinecone ? `pinecone index "${config.PINECONE_INDEX_NAME}"` : (notes.join('; ') || 'local index')
        const top = result.passages[0]
        const found = top === undefined
          ? 'no passage passed the relevance floor'
          : `${result.passages.length} passage${result.passages.length === 1 ? '' : 's'} (top: ${brief(top.title, 60)})`
        if (top === undefined) warnings.push('the corpus may not cover it')
        const detail = `${where}; "${TEST_QUESTION}" → ${found}`
        return warnings.length > 0 ? { status: 'warn', detail: `${detail} — ${warnings.join('; ')}` } : { status: 'ok', detail }
      } finally {
        await kb.close()
      }
    }
  }
}
