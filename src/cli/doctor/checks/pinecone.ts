// Pinecone, when it is the vector store: the index exists, is ready, matches the dimensions, has vectors.
import { Pinecone } from '@pinecone-database/pinecone'
import type { Env as Config } from '../../../../schemas/env.ts'
import { vectorStoreOf } from '../../../wiring/retrieval.ts'
import type { PlannedCheck } from '../types.ts'
import { hostOf } from './common.ts'

export function pineconeCheck (config: Config, controllerHostUrl: string | undefined): PlannedCheck {
  const store = vectorStoreOf(config)
  if (store !== 'pinecone' || config.PINECONE_API_KEY === undefined) return { name: 'pinecone', skip: `not configured (VECTOR_STORE resolves to ${store})` }
  const apiKey = config.PINECONE_API_KEY
  const indexName = config.PINECONE_INDEX_NAME
  const namespace = config.PINECONE_NAMESPACE
  return {
    name: 'pinecone',
    hints: {
      key: 'PINECONE_API_KEY',
      model: config.PINECONE_INDEX_HOST === undefined ? 'PINECONE_INDEX_NAME' : 'PINECONE_INDEX_HOST and PINECONE_INDEX_NAME',
      what: `index "${indexName}"`,
      url: config.PINECONE_INDEX_HOST === undefined ? undefined : 'PINECONE_INDEX_HOST',
      host: config.PINECONE_INDEX_HOST === undefined ? 'Pinecone' : hostOf(config.PINECONE_INDEX_HOST)
    },
    run: async ({ signal }) => {
      const fetchApi: typeof fetch = async (input, init) =>
        await fetch(input, { ...init, signal: init?.signal != null ? AbortSignal.any([init.signal, signal]) : signal })
      const client = new Pinecone({ apiKey, fetchApi, maxRetries: 0, ...(controllerHostUrl === undefined ? {} : { controllerHostUrl }) })
      const warnings: string[] = []
      let host = config.PINECONE_INDEX_HOST
      let dimension: number | undefined
      if (host === undefined) {
        // The control plane knows the index's host, dimension, metric and state.
        const model = await client.describeIndex(indexName)
        host = model.host
        dimension = model.dimension ?? undefined
        if (model.status?.ready === false) warnings.push(`the index is not ready (${model.status.state})`)
        if (model.metric !== undefined && model.metric !== 'cosine') warnings.push(`its metric is ${model.metric}, the service expects cosine`)
      }
      const stats = await client.index(indexName, host).describeIndexStats()
      if (stats.dimension !== undefined && stats.dimension > 0) dimension = stats.dimension
      if (dimension !== undefined && dimension !== config.EMBEDDINGS_DIMENSIONS) {
        return {
          status: 'fail',
          code: 'mismatch',
          detail: `index "${indexName}" has ${dimension} dimensions but EMBEDDINGS_DIMENSIONS is ${config.EMBEDDINGS_DIMENSIONS} — use an index of ${config.EMBEDDINGS_DIMENSIONS} dimensions, or set EMBEDDINGS_DIMENSIONS (and EMBEDDINGS_MODEL) to match the index`
        }
      }
      const total = stats.totalRecordCount ?? 0
      const count = namespace === undefined ? total : stats.namespaces?.[namespace]?.recordCount ?? 0
      const where = namespace === undefined ? '' : ` in namespace "${namespace}"`
      let detail = `index "${indexName}": ${dimension ?? 'unknown'} dimensions, ${count} vector${count === 1 ? '' : 's'}${where}`
      if (count === 0) warnings.push('it is empty: run npm run ingest')
      if (warnings.length > 0) detail += ` — ${warnings.join('; ')}`
      return { status: warnings.length > 0 ? 'warn' : 'ok', detail }
    }
  }
}
