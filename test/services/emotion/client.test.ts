import { test } from 'tap'
import { spawnSync } from 'node:child_process'
import { isAbortError } from '../../../src/services/errors.ts'
import { createEmotionClient, normalizeEmotionLabel } from '../../../src/services/emotion/client.ts'
import { startFakeEmotion } from '../../support/fakes/emotion.ts'
import { closedPort, recordCalls, speechWav } from '../speech/helpers.ts'

/** Real FLAC bytes, encoded by ffmpeg as the voice pipeline does. */
function flac (): Buffer {
  const result = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'wav', '-i', 'pipe:0', '-f', 'flac', 'pipe:1'], { input: speechWav(0.5) })
  if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr.toString()}`)
  return result.stdout
}

test('posts the FLAC as "file" with the transcript in ?text= and reads the prediction', async (t) => {
  const fake = await startFakeEmotion({ label: '  Happy ' })
  t.teardown(fake.close)
  const { calls, observer } = recordCalls()
  const client = createEmotionClient({ url: `${fake.url}/`, timeoutMs: 2000, observer })
  const audio = flac()
  const transcript = 'Apa itu ITB? Biaya & syarat = 100% jelas'
  t.equal(await client.analyze(audio, transcript), 'happy')
  t.same(fake.violations, [])
  t.equal(fake.requests.length, 1)
  t.match(fake.requests[0], { text: transcript, fields: ['file'], fileName: 'audio.flac', contentType: 'audio/flac', fileSize: audio.length })
  t.equal(fake.requests[0].fileHead?.toString('latin1', 0, 4), 'fLaC', 'the FLAC arrived intact')
  t.match(calls, [{ service: 'emotion', outcome: 'ok' }])
})

test('labels are normalised to ≤ 32 characters of a-z and -', async (t) => {
  t.equal(normalizeEmotionLabel('SAD'), 'sad')
  t.equal(normalizeEmotionLabel(' Very Happy! '), 'very-happy')
  t.equal(normalizeEmotionLabel('not_so__angry'), 'not-so-angry')
  t.equal(normalizeEmotionLabel('x'.repeat(40)), 'x'.repeat(32))
  t.equal(normalizeEmotionLabel(`${'a'.repeat(31)} b`), 'a'.repeat(31), 'no trailing dash after the cut')
  t.equal(normalizeEmotionLabel('😀'), '')

  for (const [label, expected] of [['Very Happy', 'very-happy'], ['netral', 'netral']]) {
    const fake = await startFakeEmotion({ label })
    t.equal(await createEmotionClient({ url: fake.url, timeoutMs: 2000 }).analyze(flac(), 'halo'), expected)
    await fake.close()
  }
  const emoji = await startFakeEmotion({ label: '😀' })
  t.teardown(emoji.close)
  await t.rejects(createEmotionClient({ url: emoji.url, timeoutMs: 2000 }).analyze(flac(), 'halo'), { kind: 'upstream', code: 'EMOTION_INVALID' })
})

test('a slow service times out within the budget', async (t) => {
  const fake = await startFakeEmotion({ mode: 'slow', delayMs: 60_000 })
  t.teardown(fake.close)
  const { calls, observer } = recordCalls()
  const client = createEmotionClient({ url: fake.url, timeoutMs: 300, observer })
  const started = Date.now()
  await t.rejects(client.analyze(flac(), 'halo'), { name: 'ServiceError', kind: 'timeout', code: 'EMOTION_TIMEOUT' })
  t.ok(Date.now() - started < 10_000, `the 300 ms budget, not the minute the server takes (${Date.now() - started} ms)`)
  t.match(calls, [{ service: 'emotion', outcome: 'timeout' }])

  const controller = new AbortController()
  setTimeout(() => controller.abort(), 50)
  const error = await createEmotionClient({ url: fake.url, timeoutMs: 10_000 }).analyze(flac(), 'halo', { signal: controller.signal }).catch((err: unknown) => err)
  t.ok(isAbortError(error), String(error))
})

test('a failing or unreachable service throws a ServiceError', async (t) => {
  const fake = await startFakeEmotion({ mode: 'failing' })
  t.teardown(fake.close)
  const { calls, observer } = recordCalls()
  await t.rejects(createEmotionClient({ url: fake.url, timeoutMs: 2000, observer }).analyze(flac(), 'halo'),
    { kind: 'upstream', code: 'EMOTION_FAILED', message: /HTTP 500.*model crashed/ })
  t.match(calls, [{ service: 'emotion', outcome: 'error' }])
  await t.rejects(createEmotionClient({ url: `http://127.0.0.1:${await closedPort()}`, timeoutMs: 2000 }).analyze(flac(), 'halo'),
    { kind: 'unavailable', code: 'EMOTION_UNAVAILABLE' })

  const { createServer } = await import('node:http')
  const server = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy page</html>') })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const { port } = server.address() as { port: number }
  await t.rejects(createEmotionClient({ url: `http://127.0.0.1:${port}`, timeoutMs: 2000 }).analyze(flac(), 'halo'), { kind: 'upstream', code: 'EMOTION_FAILED' })
})

test('a very long transcript is cut so the URL stays reasonable', async (t) => {
  const fake = await startFakeEmotion()
  t.teardown(fake.close)
  await createEmotionClient({ url: fake.url, timeoutMs: 2000 }).analyze(flac(), 'kata '.repeat(1000))
  t.equal(fake.requests[0].text?.length, 1000)
})

test('the cut never splits a character outside the Basic Multilingual Plane (an emoji): it is sent whole or not at all', async (t) => {
  const fake = await startFakeEmotion({ label: 'happy' })
  t.teardown(fake.close)
  // 999 units, then an emoji of two: a cut at 1,000 units would leave half of it, which
  // encodeURIComponent refuses (URIError) and the tone would fall back to neutral.
  const transcript = `${'a'.repeat(999)}😀 lagi`
  t.equal(await createEmotionClient({ url: fake.url, timeoutMs: 2000 }).analyze(flac(), transcript), 'happy')
  t.equal(fake.requests[0].text, 'a'.repeat(999))
})
