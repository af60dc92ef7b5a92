// /v1/audio against a hostile client: malformed multipart, slow uploads, many large uploads at once
// (missing or bad headers: conversation-headers.test.ts). Each case answers a clear 4xx/503 in the
// common error shape.
import t from 'tap'
import { build, TEST_API_KEY, waitFor } from '../../support/helpers/app.ts'
import { ffmpegChildren, speak } from '../../support/helpers/audio-fixtures.ts'
import { BOUNDARY, partHead, unfinishedUpload, voiceEnv, wellFormed, type UnfinishedUpload } from '../../support/helpers/uploads.ts'

const QUESTION = 'Kapan ITB didirikan?'
const question = await speak(QUESTION)

t.test('malformed multipart is a 400 in the common error shape, with no error log', async (t) => {
  const { app, logs } = await build(t, await voiceEnv(t, QUESTION))
  const cases: Array<[string, string, Buffer]> = [
    ['no boundary', 'multipart/form-data', wellFormed(question)],
    ['wrong boundary', 'multipart/form-data; boundary=something-else', wellFormed(question)],
    ['truncated body', `multipart/form-data; boundary=${BOUNDARY}`, wellFormed(question).subarray(0, 4000)],
    ['truncated part head', `multipart/form-data; boundary=${BOUNDARY}`, Buffer.from(partHead()).subarray(0, 50)],
    ['a raw WAV', `multipart/form-data; boundary=${BOUNDARY}`, question]
  ]
  for (const [name, contentType, payload] of cases) {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/audio',
      headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'malformed', 'content-type': contentType },
      payload
    })
    t.equal(response.statusCode, 400, `${name}: ${response.body.slice(0, 200)}`)
    t.match(response.json(), { statusCode: 400, error: 'Bad Request', code: /^AUDIO_/, message: String, requestId: String }, name)
  }
  t.same(logs.lines().filter((line) => Number(line.level) >= 50), [], 'nothing logged at error level')
})

/** Sends the request head, the part head and `bytes` of the file, then nothing more. */
async function stalledUpload (port: number, bytes: number, conversation: string, unsent = 1_000_000): Promise<UnfinishedUpload> {
  return await unfinishedUpload(port, Buffer.concat([Buffer.from(partHead()), Buffer.alloc(bytes, 1)]), conversation, unsent)
}

t.test('slow uploads: no decoder is started for them, and they get 408 at the upload deadline', async (t) => {
  const { app } = await build(t, { ...await voiceEnv(t, QUESTION), AUDIO_UPLOAD_TIMEOUT: '1.5', AUDIO_DECODE_CONCURRENCY: '1' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const before = (await ffmpegChildren()).length
  const stalled = await Promise.all(Array.from({ length: 10 }, async (_, i) => await stalledUpload(port, 2000, `slow-${i}`)))
  t.teardown(() => { for (const { socket } of stalled) socket.destroy() })
  const health = await app.inject({ url: '/health' })
  t.equal(health.statusCode, 200, 'the service keeps serving')
  t.ok((await ffmpegChildren()).length <= before, 'no ffmpeg started for uploads that have not arrived')
  for (const { response } of stalled) {
    const { status, body } = await response
    t.equal(status, 408)
    t.match(JSON.parse(body), { statusCode: 408, code: 'AUDIO_UPLOAD_TOO_SLOW', requestId: String })
  }
})

t.test('uploads held in memory share one budget: 503 with retry-after once it is spent, and it comes back', async (t) => {
  const { app } = await build(t, { ...await voiceEnv(t, QUESTION), AUDIO_UPLOAD_MEMORY: String(1536 * 1024), MAX_CONTENT_LENGTH: String(1536 * 1024), AUDIO_UPLOAD_TIMEOUT: '3' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  // Two stalled uploads (each within MAX_CONTENT_LENGTH) hold ~1.5 MB of the 1.5 MiB budget.
  const holders = [await stalledUpload(port, 750_000, 'hold-1', 200_000), await stalledUpload(port, 750_000, 'hold-2', 200_000)]
  t.teardown(() => { for (const { socket } of holders) socket.destroy() })
  const upload = async (conversation: string, file: Buffer) => await app.inject({
    method: 'POST',
    url: '/v1/audio',
    headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': conversation, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    payload: wellFormed(file)
  })
  // Until the server has read their bytes a small non-audio file is a quick 400; then it is refused.
  const probe = Buffer.alloc(100_000, 7)
  let refused = await upload('probe', probe)
  await waitFor(async () => {
    refused = await upload('probe', probe)
    return refused.statusCode !== 400
  }, 2500)
  t.equal(refused.statusCode, 503, refused.body.slice(0, 200))
  t.match(refused.json(), { code: 'AUDIO_BUSY', requestId: String })
  t.ok(Number(refused.headers['retry-after']) > 0, 'retry-after')
  for (const { response } of holders) t.equal((await response).status, 408)
  const after = await upload('after', question)
  t.equal(after.statusCode, 200, 'the budget is given back when the stalled uploads end')
})

t.test('a transcript of invisible characters alone is no speech: 400 AUDIO_NO_SPEECH, as a blank one', async (t) => {
  // Was answered: trim() left the zero-width space, a question as /v1/chat then took it.
  const { app } = await build(t, await voiceEnv(t, ' \u200b\u2060 '))
  const response = await app.inject({
    method: 'POST',
    url: '/v1/audio',
    headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'invisible', 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    payload: wellFormed(question)
  })
  t.equal(response.statusCode, 400, response.body.slice(0, 200))
  t.match(response.json(), { code: 'AUDIO_NO_SPEECH', requestId: String })
})
