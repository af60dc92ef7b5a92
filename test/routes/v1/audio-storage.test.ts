// POST /v1/audio with conversations in Redis: a voice turn takes its conversation's lock before the
// speech-to-text vendor is called, so a storage outage fails it before that (billed, ~1 s) call, and a
// second turn on the same conversation is transcribed after the first is answered, not lost.
import t, { type Test } from 'tap'
import { startFakeProsaStt, type FakeProsaStt } from '../../support/fakes/prosa-stt.ts'
import { build, TEST_API_KEY, waitFor } from '../../support/helpers/app.ts'
import { startRedis, type TestRedis } from '../../support/helpers/redis-server.ts'
import { QUESTION, question, upload, vendors } from './audio-fixture.ts'

type App = Awaited<ReturnType<typeof build>>['app']

/** An app on a Redis of its own (persisted: it survives a restart), connected, with a fake Prosa STT of `stt`'s options. */
async function voiceOnRedis (t: Test, stt: Parameters<typeof startFakeProsaStt>[0] = {}): Promise<{ app: App, redis: TestRedis, stt: FakeProsaStt }> {
  const redis = await startRedis({ appendOnly: true })
  t.teardown(redis.destroy)
  const { env } = await vendors(t)
  const fakeStt = await startFakeProsaStt({ apiKey: 'stt-key', transcript: QUESTION, ...stt })
  t.teardown(fakeStt.close)
  const { app } = await build(t, { ...env, PROSA_STT_URL: fakeStt.url, REDIS_URL: redis.url })
  await waitFor(() => app.redis?.status === 'ready')
  return { app, redis, stt: fakeStt }
}

const turnsOf = async (app: App, conversation: string): Promise<unknown[]> =>
  (await app.inject({ url: `/v1/conversations/${conversation}`, headers: { 'x-api-key': TEST_API_KEY } })).json().turns

t.test('with Redis down a voice turn is a 503 STORAGE_UNAVAILABLE before speech-to-text is called, as JSON and as a stream', async (t) => {
  const { app, redis, stt } = await voiceOnRedis(t)
  t.equal((await upload(app, question, { conversation: 'voice-outage' })).statusCode, 200)
  t.equal(stt.sessions.length, 1)
  await redis.stop()
  await waitFor(() => app.redis?.status !== 'ready')

  for (const accept of ['application/json', 'text/event-stream']) {
    const response = await upload(app, question, { conversation: 'voice-outage', accept })
    t.equal(response.statusCode, 503, accept)
    t.match(response.json(), { code: 'STORAGE_UNAVAILABLE', message: 'Conversation storage is temporarily unavailable. Retry shortly.', requestId: String }, accept)
    t.equal(response.headers['retry-after'], '2', accept)
  }
  t.equal(stt.sessions.length, 1, 'no speech-to-text call during the outage')

  await redis.start()
  await waitFor(() => app.redis?.status === 'ready', 15_000)
  t.equal((await upload(app, question, { conversation: 'voice-outage' })).statusCode, 200, 'serves again once Redis is back')
  t.equal((await turnsOf(app, 'voice-outage')).length, 4, 'both answered turns are stored')
})

t.test('with Redis hung (connection open, nothing answered) a voice turn is a 503 without a speech-to-text call', async (t) => {
  const { app, redis, stt } = await voiceOnRedis(t)
  redis.pause()
  t.teardown(() => { redis.resume() })
  const response = await upload(app, question, { conversation: 'voice-hung' })
  t.equal(response.statusCode, 503)
  t.match(response.json(), { code: 'STORAGE_UNAVAILABLE', requestId: String })
  t.equal(stt.sessions.length, 0, 'no speech-to-text call while Redis hangs')
})

t.test('two voice turns on one conversation: the second is transcribed once the first is answered, and both are stored', async (t) => {
  // What the fake heard when each transcript was asked for: how many sessions had been opened by then.
  const opened: number[] = []
  const heard = (): string => { opened.push(stt.sessions.length); return QUESTION }
  const { app, stt } = await voiceOnRedis(t, { delayMs: 2000, transcript: () => heard() })
  const first = upload(app, question, { conversation: 'voice-twice' })
  await waitFor(() => stt.sessions.length === 1)
  const second = upload(app, question, { conversation: 'voice-twice' })
  t.same([(await first).statusCode, (await second).statusCode], [200, 200])
  t.same(opened, [1, 2], 'the second turn waited for the lock instead of transcribing alongside the first')
  t.equal((await turnsOf(app, 'voice-twice')).length, 4, 'both turns are stored, one after the other')
})
