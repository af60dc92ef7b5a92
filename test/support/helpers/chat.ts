// The /v1/chat tests' common parts: headers, a question request, and two fake models that behave
// like decent ones (test/routes/v1/chat*.test.ts).
import type { Test } from 'tap'
import type { ChatRequest, Reply } from '../fakes/openai-chat.ts'
import { TEST_API_KEY } from './app.ts'
import { startModelPair, type ModelPair } from './models.ts'

export const OTHER_KEY = 'the-other-client-key-987654'
export const headers = (conversationId: string, key = TEST_API_KEY) => ({ 'x-api-key': key, 'x-conversation-id': conversationId })

/** Passages the service sent to the model in its tool results: `<dokumen nomor="n" judul="…">text</dokumen>`. */
export function passagesIn (toolResults: string[]): Array<{ number: number, title: string, text: string }> {
  const found = []
  for (const result of toolResults) {
    for (const match of result.matchAll(/<dokumen nomor="(\d+)" judul="([^"]*)"[^>]*>\n([\s\S]*?)\n<\/dokumen>/g)) {
      found.push({ number: Number(match[1]), title: match[2] as string, text: match[3] as string })
    }
  }
  return found
}

/**
 * A model that behaves like a decent one: rewrites the question into a search query (a follow-up
 * borrows the subject of the previous question), then answers with the first sentence of the
 * passage that best matches the query, citing it.
 */
export function honestModel (request: ChatRequest): Reply {
  if (request.toolResults.length === 0 && request.tools.includes('fetch_documents')) {
    const previousQuestions = request.messages.filter((message) => message.role === 'user').slice(0, -1)
    const previous = previousQuestions.length > 0 ? String(previousQuestions[previousQuestions.length - 1]?.content) : ''
    const query = request.lastUserText.split(/\s+/).length < 5 && previous !== ''
      ? `${previous.replace(/\?$/, '')} ${request.lastUserText}`
      : request.lastUserText
    return { toolCalls: [{ name: 'fetch_documents', arguments: { search_query: `rewritten: ${query}` } }] }
  }
  const passages = passagesIn(request.toolResults)
  const first = passages[0]
  if (first === undefined) return { content: 'Maaf, informasinya belum ditemukan. Silakan hubungi www.itb.ac.id.' }
  const sentence = /^(.+?[.!?])(\s|$)/.exec(first.text.replace(/^#+ .*\n/gm, '').trim())?.[1] ?? first.text
  return { content: `${sentence} [${first.number}]` }
}

export async function fakes (t: Test): Promise<ModelPair> {
  return await startModelPair(t, { primary: honestModel, fallback: honestModel, llmTimeout: '1' })
}

export const ask = (message: string, conversationId = 'conv-1', key = TEST_API_KEY) =>
  ({ method: 'POST' as const, url: '/v1/chat', headers: headers(conversationId, key), payload: { message } })
