// The fake model's default script: a small, honest RAG agent that calls `fetch_documents` first, then
// answers from the tool result. Exported for tests that script replies of their own.
import type { ChatRequest, Reply } from './types.ts'

const PASSAGE_KEYS = ['text', 'pageContent', 'page_content', 'content', 'passage', 'snippet', 'chunk']

function findPassageInJson (value: unknown, depth = 0): string | undefined {
  if (depth > 6 || value === null || typeof value !== 'object') return undefined
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = typeof item === 'string' ? item : findPassageInJson(item, depth + 1)
      if (found !== undefined && found.trim() !== '') return found
    }
    return undefined
  }
  const record = value as Record<string, unknown>
  for (const key of PASSAGE_KEYS) {
    const field = record[key]
    if (typeof field === 'string' && field.trim() !== '') return field
  }
  for (const field of Object.values(record)) {
    const found = findPassageInJson(field, depth + 1)
    if (found !== undefined) return found
  }
  return undefined
}

/** First sentence of the first passage found in the tool results (JSON or plain text), or undefined. */
export function firstPassageSentence (toolResults: string[]): string | undefined {
  for (const result of toolResults) {
    let passage: string | undefined
    try {
      passage = findPassageInJson(JSON.parse(result))
    } catch {
      passage = result
        .split('\n')
        .map((line) => line.replace(/^\s*\[\d+\]\s*/, '').trim())
        .filter((line) => line !== '' && !/^(sumber|source|url|judul|title)\s*:/i.test(line))
        .join(' ')
    }
    const text = passage?.replace(/\s+/g, ' ').trim()
    if (text === undefined || text === '') continue
    const sentence = /^(.+?[.!?])(?:\s|$)/.exec(text)?.[1] ?? text
    return sentence.length > 400 ? `${sentence.slice(0, 400)}…` : sentence
  }
  return undefined
}

export const NOT_FOUND_ANSWER = 'Maaf, saya tidak menemukan informasi tersebut dalam dokumen ITB.'

/**
 * The default script: with tools offered and no tool result since the last user message, call
 * `fetch_documents` (or the first / the forced tool) with `{search_query: <last user text>}`;
 * otherwise answer from the first passage of the tool results.
 */
export function defaultRespond (request: ChatRequest): Reply {
  const choice = request.toolChoice
  const forced = choice !== null && typeof choice === 'object'
    ? (choice as { function?: { name?: unknown } }).function?.name
    : undefined
  if (request.tools.length > 0 && request.toolResults.length === 0 && choice !== 'none') {
    const name = typeof forced === 'string' && request.tools.includes(forced)
      ? forced
      : request.tools.includes('fetch_documents') ? 'fetch_documents' : request.tools[0]
    return { toolCalls: [{ name, arguments: { search_query: request.lastUserText } }] }
  }
  const sentence = firstPassageSentence(request.toolResults)
  return { content: sentence === undefined ? NOT_FOUND_ANSWER : `Menurut dokumen [1], ${sentence}` }
}
