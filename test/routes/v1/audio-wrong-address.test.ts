// PROSA_STT_URL and PROSA_TTS_URL at a plain HTTP server (a 404 page where Prosa's WebSocket should
// be): the client gets the usual fixed words, and the failed call's log line names the host.
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { startFakeOpenAiAudio } from '../../support/fakes/openai-audio.ts'
import { build } from '../../support/helpers/app.ts'
import { QUESTION, question, upload } from './audio-fixture.ts'

const web = createServer((request, response) => { response.writeHead(404, { 'content-type': 'text/html' }).end('<html><body><h1>Not Found</h1></body></html>') })
web.listen(0, '127.0.0.1')
await once(web, 'listening')
t.teardown(() => { web.closeAllConnections(); web.close() })
const host = `127.0.0.1:${(web.address() as AddressInfo).port}`

t.test('PROSA_STT_URL at a web server: 502 STT_FAILED, and the voice call line names its host', async (t) => {
  const { app, logs } = await build(t, { PROSA_STT_API_KEY: 'prosa-stt-s3cret', PROSA_STT_URL: `ws://${host}/v2/speech/stt` })
  const response = await upload(app, question)
  t.equal(response.statusCode, 502)
  t.match(response.json(), { code: 'STT_FAILED', message: 'Speech-to-text connection failed (HTTP 404)' })
  t.match(logs.lines().find((line) => line.msg === 'voice call'), { service: 'prosa-stt', outcome: 'error', host })
  t.notMatch(logs.text(), 's3cret')
})

t.test('PROSA_TTS_URL at a web server: a text answer, and the failed voice call line names its host', async (t) => {
  const stt = await startFakeOpenAiAudio({ transcript: QUESTION })
  t.teardown(stt.close)
  const { app, logs } = await build(t, { STT_BASE_URL: stt.baseURL, PROSA_TTS_API_KEY: 'prosa-tts-s3cret', PROSA_TTS_URL: `ws://${host}/v2/speech/tts` })
  const response = await upload(app, question)
  t.equal(response.statusCode, 200)
  t.equal(response.json().audio, null, 'text only, as documented')
  const calls = logs.lines().filter((line) => line.msg === 'voice call')
  t.match(calls.find((line) => line.service === 'prosa-tts-connect'), { outcome: 'error', host })
  t.equal(calls.find((line) => line.service === 'openai-stt')?.host, undefined, 'a call that succeeded names no host')
  t.notMatch(logs.text(), 's3cret')
})
