// POST /v1/chat in flight at the shutdown deadline (closeWithin, SHUTDOWN_TIMEOUT): the turn is
// cancelled through its own abort path and answered as it ended. Stored as the deadline came (its
// checkpoint write in flight): the normal answer, as JSON and as a stream's `done`. Not stored (the
// model still writing): 503 SHUTTING_DOWN, or a stream's `error` event, with the model's call
// cancelled, so a client that retries as told does not ask it twice. A turn that does not wind down
// within the grace (its store hung) is still answered 503, so the process exits. The conversation
// is read by another instance on the same Redis.
import t, { type Test } from 'tap'
import type { Respond } from '../../support/fakes/openai-chat.ts'
import { build, waitFor } from '../../support/helpers/app.ts'
import { honestModel } from '../../support/helpers/chat.ts'
import { startModelPair, type ModelPair } from '../../support/helpers/models.ts'
import { startRedis } from '../../support/helpers/redis-server.ts'
import { closeAtDeadline, eventsOf, holdTurnWrite, notStoredAtDeadline, post, STREAM, storedTurns, writingModel } from '../../support/helpers/shutdown.ts'

const redis = await startRedis()
t.teardown(redis.destroy)
const reader = await build(t, { REDIS_URL: redis.url })
await waitFor(() => reader.app.redis?.status === 'ready')

const JSON_TYPE = 'application/json'
const question = JSON.stringify({ message: 'Kapan ITB didirikan?' })

/** An app on the file's Redis, listening, whose models answer with `respond`. */
async function serving (t: Test, respond: Respond): Promise<Awaited<ReturnType<typeof build>> & { models: ModelPair }> {
  const models = await startModelPair(t, { primary: respond, fallback: respond, llmTimeout: '60' })
  const built = await build(t, { ...models.env, REDIS_URL: redis.url })
  await waitFor(() => built.app.redis?.status === 'ready')
  await built.app.listen({ port: 0, host: '127.0.0.1' })
  return { ...built, models }
}

for (const accept of [JSON_TYPE, STREAM]) {
  t.test(`${accept}: a turn stored as the deadline came is answered, and the conversation has it`, async (t) => {
    const { app, logs } = await serving(t, honestModel)
    const conversation = `stored-${accept === STREAM ? 'stream' : 'json'}`
    const writing = holdTurnWrite(app, redis)
    t.teardown(() => { redis.resume() })
    const { answer } = post(app, '/v1/chat', conversation, question, accept)
    await writing
    const { closed } = await closeAtDeadline(app, logs)
    redis.resume()
    const { status, body } = await answer
    t.equal(status, 200)
    const done = accept === STREAM ? eventsOf(body).at(-1) : { event: 'done', data: JSON.parse(body) }
    t.equal(done?.event, 'done', 'the stream ends with done, not an error')
    t.match(done?.data, { answer: /1920/, conversation_id: conversation })
    await closed
    t.equal((await storedTurns(reader.app, conversation)).length, 2, 'the answered turn is the stored one')
  })

  t.test(`${accept}: a turn not stored at the deadline is cancelled and answered 503 SHUTTING_DOWN; nothing is stored`, async (t) => {
    const model = writingModel()
    const { app, logs } = await serving(t, model.respond)
    const conversation = `cancelled-${accept === STREAM ? 'stream' : 'json'}`
    await notStoredAtDeadline(t, { app, logs, reader: reader.app }, model, { path: '/v1/chat', conversation, body: question, accept })
  })
}

t.test('a cancelled turn that does not wind down within the grace (its store hung) is still answered 503', async (t) => {
  const { app, logs } = await serving(t, honestModel)
  const writing = holdTurnWrite(app, redis)
  t.teardown(() => { redis.resume() })
  const { answer } = post(app, '/v1/chat', 'hung-store', question, JSON_TYPE)
  await writing
  const closed = app.closeWithin(0, 1)
  const { status, body } = await answer
  redis.resume()
  t.equal(status, 503)
  t.match(JSON.parse(body), { code: 'SHUTTING_DOWN' })
  await closed
  t.match(logs.text(), /cancelled turns not settled in time/)
})
