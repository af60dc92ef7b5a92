// Failover on a streamed answer (SSE). A model that breaks off after part of its answer went out as
// `token` events is not replaced by the next one: that one's answer would follow the first one's
// beginning, and `done` would hold an answer the client never read. The turn ends with an `error`
// event instead. A model that fails before its first word is failed over as on every other path.
import t, { type Test } from 'tap'
import type { Reply } from '../../support/fakes/openai-chat.ts'
import { build, TEST_API_KEY } from '../../support/helpers/app.ts'
import { startModelPair, type ModelPair } from '../../support/helpers/models.ts'

const PARTIAL = 'PRIMARY PARTIAL ANSWER yang tidak pernah selesai ditulis [1].'
const FALLBACK = 'Jawaban cadangan lengkap [1].'

async function models (t: Test): Promise<ModelPair> {
  // LLM_TIMEOUT long enough for a cold first call on a busy machine to stream its first words in time.
  return await startModelPair(t, { fallback: () => ({ content: FALLBACK }), llmTimeout: '5' })
}

interface StreamEvent { event: string, data: Record<string, unknown> }

function eventsOf (body: string): StreamEvent[] {
  return body.trim().split('\n\n').map((block) => {
    const [eventLine, dataLine] = block.split('\n')
    return { event: eventLine?.replace('event: ', '') ?? '', data: JSON.parse(dataLine?.replace('data: ', '') ?? 'null') }
  })
}

const tokensOf = (events: StreamEvent[]): string => events.filter((event) => event.event === 'token').map((event) => String(event.data.text)).join('')
const words = (text: string): string => text.replace(/\s+/g, ' ').trim()

const askStreaming = async (app: Awaited<ReturnType<typeof build>>['app'], conversationId: string) => await app.inject({
  method: 'POST',
  url: '/v1/chat',
  headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': conversationId, accept: 'text/event-stream' },
  payload: { message: 'Kapan ITB didirikan?' }
})

t.test('a model that breaks off mid-answer ends the stream with an error event; the next model is not asked', async (t) => {
  const { primary, fallback, env } = await models(t)
  const { app, logs } = await build(t, env)
  // Four SSE chunks: the role, then "PRIMARY", " PARTIAL", " ANSWER"; then the connection is cut, or
  // the stream stalls until LLM_TIMEOUT (which covers the whole streamed answer).
  for (const mode of ['destroy', 'hang'] as const) {
    primary.setRespond((): Reply => ({ content: PARTIAL, interrupt: { afterChunks: 4, mode } }))
    fallback.reset()
    const before = logs.lines().length
    const response = await askStreaming(app, `conv-broken-${mode}`)
    t.equal(response.statusCode, 200, `${mode}: the stream had started`)
    const events = eventsOf(response.body)
    const streamed = tokensOf(events)
    t.equal(words(streamed), 'PRIMARY PARTIAL ANSWER', `${mode}: the client read the first model's words only`)
    t.notOk(events.some((event) => event.event === 'done'), `${mode}: no done event`)
    t.match(events.at(-1), { event: 'error', data: { statusCode: 503, code: 'LLM_UNAVAILABLE', requestId: String } }, `${mode}: an error event ends it`)
    // What broke it, in words (a cut connection read 'Error after part of its answer was streamed').
    t.match(events.at(-1)?.data.message, mode === 'destroy' ? /: connection lost after part of its answer was streamed\)/ : /: timeout after part of its answer was streamed\)/, `${mode}: named`)
    t.equal(fallback.requests.length, 0, `${mode}: the fallback was not asked to write a second answer`)
    // One line for the failure, with where the model is (before: a warn 'llm call' line beside it, and no host in this one).
    const serious = logs.lines().slice(before).filter((line) => (line.level as number) >= 40)
    t.equal(serious.length, 1, `${mode}: one warn-or-worse line`)
    t.match(serious[0], { level: 50, msg: 'stream failed', route: '/v1/chat', code: 'LLM_UNAVAILABLE', provider: 'together', host: new URL(primary.baseURL).host })
  }
})

t.test('a model that fails before its first word is failed over: the tokens are the answer in done', async (t) => {
  const { primary, fallback, env } = await models(t)
  const { app } = await build(t, env)
  const failures: Array<[string, Reply]> = [
    ['HTTP 500', { status: 500 }],
    // The stream opened (its role chunk came) but no text did.
    ['a stream cut before its first word', { content: PARTIAL, interrupt: { afterChunks: 1, mode: 'destroy' } }],
    ['no answer within LLM_TIMEOUT', { hang: true }]
  ]
  for (const [index, [name, failure]] of failures.entries()) {
    primary.setRespond(() => failure)
    fallback.reset()
    const response = await askStreaming(app, `conv-failover-${index}`)
    const events = eventsOf(response.body)
    const done = events.at(-1)
    t.equal(done?.event, 'done', `${name}: answered`)
    t.equal(fallback.requests.length, 1, `${name}: by the fallback`)
    t.equal(done?.data.answer, 'Jawaban cadangan lengkap.', `${name}: the fallback's answer`)
    t.equal(words(tokensOf(events)), words(String(done?.data.answer)), `${name}: the tokens make that answer, nothing before it`)
  }
})
