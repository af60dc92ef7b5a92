// The public API as the demo uses it: fetch with X-API-Key, server-sent events read from the
// response body (EventSource cannot POST or send headers), and every failure turned into an
// ApiError carrying the service's error body {statusCode, error, message, code, requestId} and its
// Retry-After: the header of a JSON error, or a stream's `error` event's retryAfter (a stream has no
// headers left to send once it has begun).
const API_BASE = new URL('../v1/', import.meta.url)

export class ApiError extends Error {
  constructor (status, body = {}, retryAfter = null) {
    super(body.message ?? `HTTP ${status}`)
    this.status = status
    this.code = body.code ?? null
    this.requestId = body.requestId ?? null
    this.retryAfter = retryAfter
  }
}

async function failure (response) {
  let body = {}
  try {
    body = await response.json()
  } catch {
    // A proxy's HTML error page: the status alone must do.
  }
  return new ApiError(response.status, body, response.headers.get('retry-after'))
}

/** The stream broke before its `done` event: the connection dropped, or what came was not SSE. */
function interrupted (cause) {
  return new ApiError(0, { code: 'STREAM_INTERRUPTED', message: cause?.message ?? 'stream ended early' })
}

async function call (path, { key, conversationId, method = 'GET', body, accept = 'application/json', prefer, signal }) {
  const headers = { 'x-api-key': key, accept }
  if (prefer !== undefined) headers.prefer = prefer
  if (conversationId !== undefined) headers['x-conversation-id'] = conversationId
  if (typeof body === 'string') headers['content-type'] = 'application/json'
  let response
  try {
    response = await fetch(new URL(path, API_BASE), { method, headers, body, signal, cache: 'no-store', referrerPolicy: 'no-referrer' })
  } catch (error) {
    if (error.name === 'AbortError') throw error
    throw new ApiError(0, { message: error.message })
  }
  if (!response.ok) throw await failure(response)
  return response
}

/** Splits an SSE byte stream into {event, data} with data parsed as JSON. */
async function * readEvents (response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  for (;;) {
    let chunk
    try {
      chunk = await reader.read()
    } catch (error) {
      if (error.name === 'AbortError') throw error
      throw interrupted(error)
    }
    const { value, done } = chunk
    if (done) return
    buffer += value.replace(/\r\n?/g, '\n')
    let end
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      let event = 'message'
      const data = []
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim()
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''))
      }
      if (data.length === 0) continue
      let parsed
      try {
        parsed = JSON.parse(data.join('\n'))
      } catch (error) {
        throw interrupted(error)
      }
      yield { event, data: parsed }
    }
  }
}

/**
 * Runs one streamed turn, calling `handlers[event](data)` as events arrive; resolves with the
 * `done` payload. An `error` event rejects with its ApiError.
 */
async function streamTurn (response, handlers) {
  let result = null
  for await (const { event, data } of readEvents(response)) {
    if (event === 'error') throw new ApiError(data.statusCode ?? 500, data, data.retryAfter === undefined ? null : String(data.retryAfter))
    if (event === 'done') result = data
    handlers[event]?.(data)
  }
  if (result === null) throw interrupted()
  return result
}

export async function askByText ({ key, conversationId, message, signal }, handlers) {
  const response = await call('chat', { key, conversationId, method: 'POST', body: JSON.stringify({ message }), accept: 'text/event-stream', signal })
  return await streamTurn(response, handlers)
}

export async function askByVoice ({ key, conversationId, recording, fileName, signal }, handlers) {
  const form = new FormData()
  form.append('audio', recording, fileName)
  // The page plays the `audio` events: `done` need not repeat the whole answer's audio (half the bytes).
  const response = await call('audio', { key, conversationId, method: 'POST', body: form, accept: 'text/event-stream', prefer: 'return=minimal', signal })
  return await streamTurn(response, handlers)
}

export async function readConversation ({ key, conversationId }) {
  const response = await call(`conversations/${encodeURIComponent(conversationId)}`, { key })
  return await response.json()
}

export async function deleteConversation ({ key, conversationId }) {
  await call(`conversations/${encodeURIComponent(conversationId)}`, { key, method: 'DELETE' })
}

/** GET /v1/me: the key's id and hourly budget when it is valid (not counted against that budget). */
export async function checkKey ({ key }) {
  const response = await call('me', { key })
  return await response.json()
}
