// POST /v1/audio in flight at the shutdown deadline (closeWithin, SHUTDOWN_TIMEOUT), as
// shutdown-chat.test.ts for text: the turn is cancelled through its own abort path and answered as it
// ended. Stored as the deadline came (its speech still being synthesized): the answer, text only, as
// JSON and as a stream's `done`. Not stored (the model still writing): 503 SHUTTING_DOWN, or a
// stream's `error` event, its conversation free and without the turn.
import { once } from 'node:events'
import t, { type Test } from 'tap'
import type { Respond } from '../../support/fakes/openai-chat.ts'
import { build, waitFor } from '../../support/helpers/app.ts'
import { startModelPair } from '../../support/helpers/models.ts'
import { startRedis } from '../../support/helpers/redis-server.ts'
import { closeAtDeadline, eventsOf, notStoredAtDeadline, post, STREAM, storedTurns, writingModel } from '../../support/helpers/shutdown.ts'
import { question, vendors } from './audio-fixture.ts'

const redis = await startRedis()
t.teardown(redis.destroy)
const reader = await build(t, { REDIS_URL: redis.url })
await waitFor(() => reader.app.redis?.status === 'ready')

/** An app on the file's Redis, listening, with the fake voice vendors (and models, when `respond` is given). */
async function serving (t: Test, respond?: Respond) {
  const voice = await vendors(t, { ttsDelayMs: 600_000 })
  const models = respond === undefined ? undefined : await startModelPair(t, { primary: respond, fallback: respond, llmTimeout: '60' })
  const built = await build(t, { ...voice.env, ...models?.env, REDIS_URL: redis.url })
  await waitFor(() => built.app.redis?.status === 'ready')
  await built.app.listen({ port: 0, host: '127.0.0.1' })
  return { ...built, voice }
}

const recording = (): FormData => {
  const form = new FormData()
  form.append('audio', new Blob([question], { type: 'audio/wav' }), 'question.wav')
  return form
}

for (const accept of ['application/json', STREAM]) {
  const kind = accept === STREAM ? 'stream' : 'json'

  t.test(`${accept}: a voice turn stored as the deadline came (its speech still being synthesized) is answered, text only`, async (t) => {
    // Extractive (no model): the answer is stored at once; the speech vendor holds its first sentence.
    const { app, logs, voice } = await serving(t)
    const conversation = `voice-stored-${kind}`
    const synthesizing = once(voice.tts.events, 'text')
    const { answer } = post(app, '/v1/audio', conversation, recording(), accept)
    await synthesizing
    await waitFor(async () => (await storedTurns(reader.app, conversation)).length === 2)
    const { closed } = await closeAtDeadline(app, logs)
    const { status, body } = await answer
    t.equal(status, 200)
    const done = accept === STREAM ? eventsOf(body).at(-1) : { event: 'done', data: JSON.parse(body) }
    t.equal(done?.event, 'done', 'the stream ends with done, not an error')
    t.match(done?.data, { transcript: 'Kapan ITB didirikan?', answer: /1920/, audio: null })
    t.match(done?.data.warnings, ['speech synthesis stopped with the request: text answer only'], 'it says why there is no audio')
    await closed
    t.equal((await storedTurns(reader.app, conversation)).length, 2, 'the answered turn is the stored one')
  })

  t.test(`${accept}: a voice turn not stored at the deadline is cancelled and answered 503 SHUTTING_DOWN; nothing is stored`, async (t) => {
    const model = writingModel()
    const { app, logs } = await serving(t, model.respond)
    await notStoredAtDeadline(t, { app, logs, reader: reader.app }, model, { path: '/v1/audio', conversation: `voice-cancelled-${kind}`, body: recording(), accept })
  })
}
