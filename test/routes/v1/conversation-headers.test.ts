// The headers every conversation turn needs, refused alike by POST /v1/chat and POST /v1/audio: the
// same status, code and message for the same defect, whichever way the body is read (JSON, multipart).
import t from 'tap'
import { build, TEST_API_KEY } from '../../support/helpers/app.ts'

const BOUNDARY = 'headers-boundary'
const TURNS = {
  chat: { url: '/v1/chat', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ message: 'Halo' }) },
  audio: { url: '/v1/audio', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, payload: `--${BOUNDARY}--\r\n` }
}

const PATTERN_MESSAGE = 'headers/x-conversation-id must match pattern "^[A-Za-z0-9_-]{1,128}$"'
const CASES: Array<{ name: string, headers: Record<string, string>, status: number, code: string, message: string }> = [
  { name: 'no conversation id', headers: { 'x-api-key': TEST_API_KEY }, status: 400, code: 'VALIDATION_ERROR', message: "headers must have required property 'x-conversation-id'" },
  { name: 'empty conversation id', headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': '' }, status: 400, code: 'VALIDATION_ERROR', message: PATTERN_MESSAGE },
  { name: 'bad characters', headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'bad id!' }, status: 400, code: 'VALIDATION_ERROR', message: PATTERN_MESSAGE },
  { name: 'too long', headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'x'.repeat(129) }, status: 400, code: 'VALIDATION_ERROR', message: PATTERN_MESSAGE },
  // Was the pattern's message, though each id matched it: Node joins repeated headers with ", ".
  { name: 'repeated conversation ids', headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'c-1, c-2' }, status: 400, code: 'VALIDATION_ERROR', message: 'Send one conversation id in one X-Conversation-Id header: this request has several (repeated headers, or a list)' },
  { name: 'no API key', headers: { 'x-conversation-id': 'c-1' }, status: 400, code: 'MISSING_API_KEY', message: 'Missing X-API-Key header' },
  { name: 'wrong API key', headers: { 'x-api-key': 'nope', 'x-conversation-id': 'c-1' }, status: 401, code: 'INVALID_API_KEY', message: 'Invalid API key' }
]

t.test('a missing or malformed header gets the same answer from /v1/chat and /v1/audio', async (t) => {
  const { app } = await build(t)
  for (const { name, headers, status, code, message } of CASES) {
    for (const [route, turn] of Object.entries(TURNS)) {
      const response = await app.inject({ method: 'POST', url: turn.url, headers: { ...turn.headers, ...headers }, payload: turn.payload })
      t.equal(response.statusCode, status, `${route}, ${name}`)
      t.same(response.json(), { statusCode: status, error: response.json().error, code, message, requestId: response.headers['x-request-id'] }, `${route}, ${name}`)
    }
  }
})
