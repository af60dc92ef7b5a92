// The client side of the chat fake's own tests (openai-chat*.test.ts): the real ChatOpenAI of
// @langchain/openai pointed at a fake, two tools to offer it, and readers for streams and rejections.
import type { Test } from 'tap'
import { ChatOpenAI } from '@langchain/openai'
import type { AIMessageChunk } from '@langchain/core/messages'
import { tool } from '@langchain/core/tools'
import { z } from 'zod'
import { startFakeChat, type ChatCompletionBody } from './openai-chat.ts'

/**
 * A fake for the whole test file (closed at its end, back to the default agent with nothing recorded
 * before each test), a ChatOpenAI on it, and the body of the last request it received.
 */
export async function startFakeWithClient (t: Test) {
  const fake = await startFakeChat()
  t.teardown(async () => { await fake.close() })

  function model (options: { apiKey?: string, timeout?: number, baseURL?: string } = {}) {
    return new ChatOpenAI({
      model: 'fake-model',
      apiKey: options.apiKey ?? 'fake-key',
      temperature: 0,
      maxRetries: 0,
      timeout: options.timeout ?? 5_000,
      configuration: { baseURL: options.baseURL ?? fake.baseURL }
    })
  }

  function lastBody (): ChatCompletionBody {
    const body = fake.requests.at(-1)?.body
    if (body === undefined) throw new Error('no request recorded')
    return body as ChatCompletionBody
  }

  t.beforeEach(() => {
    fake.reset()
    fake.setRespond()
  })
  return { fake, model, lastBody }
}

export const PASSAGE = 'ITB didirikan pada tahun 1920 sebagai Technische Hoogeschool te Bandoeng. Kampus utamanya di Jalan Ganesa.'

export const fetchDocuments = tool(
  async ({ search_query: query }) => JSON.stringify({
    found: true,
    passages: [{ id: 'sejarah#0', title: 'Sejarah ITB', url: 'https://itb.ac.id/sejarah', text: PASSAGE, query }]
  }),
  {
    name: 'fetch_documents',
    description: 'Cari dokumen resmi ITB yang relevan.',
    schema: z.object({ search_query: z.string().describe('Kata kunci pencarian') })
  }
)

export const otherTool = tool(async () => 'ok', {
  name: 'get_time',
  description: 'Waktu sekarang.',
  schema: z.object({ zone: z.string() })
})

/** Rejection of `promise`, or a failure when it resolves. */
export async function rejection (promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise
  } catch (error) {
    return error as Error & Record<string, unknown>
  }
  throw new Error('expected a rejection')
}

/** Every chunk of a stream, and all of them concatenated. */
export async function collect (stream: AsyncIterable<AIMessageChunk>): Promise<{ chunks: AIMessageChunk[], full: AIMessageChunk }> {
  const chunks: AIMessageChunk[] = []
  let full: AIMessageChunk | undefined
  for await (const chunk of stream) {
    chunks.push(chunk)
    full = full === undefined ? chunk : full.concat(chunk)
  }
  if (full === undefined) throw new Error('empty stream')
  return { chunks, full }
}
