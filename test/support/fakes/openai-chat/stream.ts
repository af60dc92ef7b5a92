// The streamed side of the wire format: a completion as SSE `chat.completion.chunk` events (content
// word by word, tool-call arguments in fragments, the usage chunk, `data: [DONE]`), written with the
// pacing and the interruption a script asked for.
import type { ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { randomId, untilAborted, type Completion } from './responses.ts'
import type { StreamInterrupt } from './types.ts'

/** Splits text into small deltas that concatenate back to it exactly (word + leading whitespace). */
function splitContent (text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? (text === '' ? [] : [text])
}

function splitArguments (json: string, size = 8): string[] {
  const parts: string[] = []
  for (let i = 0; i < json.length; i += size) parts.push(json.slice(i, i + size))
  return parts
}

/**
 * The events in order: the role, the content deltas, each tool call (its id, type and name with empty
 * arguments, then `{index, function: {arguments}}` fragments, as OpenAI sends them), the finish
 * reason, then (with include_usage) a usage chunk, then '[DONE]'.
 */
export function completionChunks (completion: Completion, includeUsage: boolean): unknown[] {
  const { id, created, model, content, calls, finishReason, usage } = completion
  const base = { id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_fake' }
  const usageField = includeUsage ? { usage: null } : {}
  const events: unknown[] = []
  const choiceChunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...usageField
  })
  events.push(choiceChunk({ role: 'assistant', content: content === null && calls.length > 0 ? null : '', refusal: null }))
  for (const piece of splitContent(content ?? '')) events.push(choiceChunk({ content: piece }))
  for (const [index, call] of calls.entries()) {
    events.push(choiceChunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }))
    for (const fragment of splitArguments(call.function.arguments)) {
      events.push(choiceChunk({ tool_calls: [{ index, function: { arguments: fragment } }] }))
    }
  }
  events.push(choiceChunk({}, finishReason))
  if (includeUsage) events.push({ ...base, choices: [], usage })
  events.push('[DONE]')
  return events
}

export interface StreamPacing {
  chunkDelayMs?: number
  interrupt?: StreamInterrupt
}

/**
 * Writes the headers and the events as `data: …` lines. True when every event was written (the
 * caller ends the response); false when the client went away, or when the scripted interruption
 * happened (`onInterrupt` runs first, then the stream stalls until aborted or its connection is cut).
 */
export async function writeEventStream (
  res: ServerResponse, events: unknown[], pacing: StreamPacing, signal: AbortSignal, onInterrupt: () => void
): Promise<boolean> {
  const chunkDelay = pacing.chunkDelayMs ?? 0
  const interrupt = pacing.interrupt
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': `req_${randomId(24)}`
  })
  for (const [i, event] of events.entries()) {
    if (interrupt !== undefined && i >= interrupt.afterChunks) {
      onInterrupt()
      if (interrupt.mode === 'destroy') {
        // Let what was written reach the client, then drop the connection without ending the body.
        await new Promise<void>((resolve) => res.write('', () => resolve()))
        res.socket?.end()
        res.socket?.destroySoon()
        return false
      }
      res.flushHeaders()
      await untilAborted(signal)
      return false
    }
    if (i > 0 && chunkDelay > 0) await sleep(chunkDelay, undefined, { signal })
    if (signal.aborted) return false
    res.write(`data: ${typeof event === 'string' ? event : JSON.stringify(event)}\n\n`)
  }
  return true
}
