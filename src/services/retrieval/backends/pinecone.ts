// The Pinecone knowledge-base backend: searches, replaces and removes through PineconePassageStore
// (pinecone-store.ts), timing each call for the vector_store metric. Pinecone is filled by other
// processes too (npm run ingest), so it has no local state to reload.
import { abortable } from '../../abort.ts'
import type { PineconePassageStore } from './pinecone-store.ts'
import { KnowledgeBaseError, messageOf, toPassage } from './backend.ts'
import type { Backend, Context } from './backend.ts'

export function pineconeBackend (context: Context, pinecone: PineconePassageStore, dimensions: number): Backend {
  const { metrics } = context
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const started = performance.now()
    try {
      const result = await call()
      metrics?.('vector_store', performance.now() - started, 'ok')
      return result
    } catch (error) {
      metrics?.('vector_store', performance.now() - started, 'error')
      throw error
    }
  }
  return {
    async search (query, k, signal) {
      const hits = await abortable(timed(async () => await pinecone.search(query, k)), signal)
      return hits
        .filter((hit) => hit.similarity >= context.minSimilarity)
        .map((hit) => toPassage(hit.chunk, hit.similarity))
    },
    async replaceDocument (path, chunks) {
      return await timed(async () => await pinecone.replaceDocument(path, chunks))
    },
    // Ids are hashes of the path, so this lists the namespace and reads each unseen document's path.
    async removeVanished (folderPath, seen) {
      return await timed(async () => await pinecone.removeVanished(folderPath, seen))
    },
    async removeDocuments (documentPath, folderPath) {
      const file = await timed(async () => (await pinecone.replaceDocument(documentPath, [])).removed)
      return file + await timed(async () => await pinecone.removeVanished(folderPath, new Set()))
    },
    async afterIngest () {},
    close () {},
    // Pinecone is filled by other processes (npm run ingest): cached results expire with CACHE_TTL.
    version: () => 'pinecone',
    async check () {
      try {
        await timed(async () => await pinecone.check(dimensions))
      } catch (error) {
        throw new KnowledgeBaseError('STORE_UNAVAILABLE', `Pinecone index "${context.options.pinecone?.indexName ?? ''}" is not usable: ${messageOf(error)}`, { cause: error })
      }
    }
  }
}
