// /v1/audio when the answer fails after some of it was written: the speech synthesis of that answer
// stops with it (Prosa's socket closed, the espeak-ng process killed, no further sentence sent)
// instead of running on for a request that already failed. Fake vendors over real sockets, as in
// audio.test.ts, and a real client connection that stays open (keep-alive).
import { once } from 'node:events'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { startFakeChat, type FakeChat } from '../../support/fakes/openai-chat.ts'
import { startFakeProsaStt } from '../../support/fakes/prosa-stt.ts'
import { startFakeProsaTts } from '../../support/fakes/prosa-tts.ts'
import { build, TEST_API_KEY, waitFor } from '../../support/helpers/app.ts'
import { speak } from '../../support/helpers/audio-fixtures.ts'
import { commandOnPath } from '../../support/helpers/command-on-path.ts'

const QUESTION = 'Kapan ITB didirikan?'
const question = await speak(QUESTION)
const ANSWER = 'ITB didirikan pada tanggal 3 Juli 1920. Namanya dahulu Technische Hoogeschool te Bandoeng. Kampusnya di Jalan Ganesa.'
/** Generous: an abort takes milliseconds. It only turns "never" into a failure instead of a hang. */
const BOUND_MS = 20_000

/**
 * Speech-to-text and a model that writes the first sentence and a half of the answer, then stalls
 * until the test closes it (the only model fails: LLM_UNAVAILABLE). Synthesis may not end by its
 * own deadline (TTS_TIMEOUT far beyond the bound).
 */
async function setup (t: Test): Promise<{ chat: FakeChat, env: Record<string, string> }> {
  const stt = await startFakeProsaStt({ apiKey: 'stt-key', transcript: QUESTION })
  const chat = await startFakeChat({ apiKey: 'llm', respond: () => ({ content: ANSWER, interrupt: { afterChunks: 12, mode: 'hang' } }) })
  t.teardown(async () => { await stt.close(); await chat.close() })
  return {
    chat,
    env: { PROSA_STT_API_KEY: 'stt-key', PROSA_STT_URL: stt.url, TTS_TIMEOUT: '3600', LLM_BASE_URL: chat.baseURL, LLM_MODEL: 'fake', LLM_API_KEY: 'llm' }
  }
}

/** POSTs the question over a real socket; resolves with the status and body. */
async function ask (app: Awaited<ReturnType<typeof build>>['app']): Promise<{ status: number, body: { code?: string } }> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const form = new FormData()
  form.append('audio', new Blob([question], { type: 'audio/wav' }), 'question.wav')
  const response = await fetch(`http://127.0.0.1:${port}/v1/audio`, { method: 'POST', headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'voice-cancel' }, body: form })
  return { status: response.status, body: await response.json() as { code?: string } }
}

t.test('Prosa: the answer failing mid-stream closes the synthesis socket; no sentence follows', async (t) => {
  const { chat, env } = await setup(t)
  // The vendor holds each sentence for ten minutes: only the service can end the wait.
  const tts = await startFakeProsaTts({ apiKey: 'tts-key', delayPerSentenceMs: 600_000 })
  t.teardown(tts.close)
  const { app } = await build(t, { ...env, PROSA_TTS_API_KEY: 'tts-key', PROSA_TTS_URL: tts.url })

  const answer = ask(app)
  await once(tts.events, 'text')
  t.equal(tts.texts.length, 1, 'the first sentence is being synthesized')
  await chat.close()
  const { status, body } = await answer
  t.equal(status, 503)
  t.equal(body.code, 'LLM_UNAVAILABLE')

  const session = tts.sessions[0]
  const closed = session?.closed === true || await Promise.race([
    once(tts.events, 'closed').then(() => true),
    sleep(BOUND_MS, false, { ref: false })
  ])
  t.ok(closed, 'the synthesis socket is closed once the answer failed')
  t.equal(session?.clientCloseCode, 1000, 'closed by the service, normally')
  t.equal(tts.texts.length, 1, 'no sentence was sent after the failure')
})

t.test('espeak-ng: the answer failing mid-stream kills the running synthesis process', async (t) => {
  const { chat, env } = await setup(t)
  // An espeak-ng on PATH that answers the start-up probe, records its pid, then never finishes.
  const dir = await commandOnPath(t, 'espeak-ng', (dir) => [
    '#!/bin/sh',
    'case "$1" in',
    '  --version) echo "eSpeak NG text-to-speech: 1.51  Data at: /usr/share/espeak-ng-data"; exit 0 ;;',
    '  --voices=id) echo "Pty Language       Age/Gender VoiceName          File                 Other Languages"; echo " 5  id              --/M      Indonesian         roa/id"; exit 0 ;;',
    '  -q) exit 0 ;;', // the start-up check of the English voice (missingEspeakVoices)
    'esac',
    `echo $$ >> '${join(dir, 'pids')}'`,
    'exec sleep 600',
    ''
  ].join('\n'))
  const pids = join(dir, 'pids')
  const { app } = await build(t, env)

  const started = async (): Promise<number[]> => (await readFile(pids, 'utf8').catch(() => '')).split('\n').filter((line) => line !== '').map(Number)
  const running = (pid: number): boolean => {
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }
  t.teardown(async () => { for (const pid of await started()) if (running(pid)) process.kill(pid, 'SIGKILL') })

  const answer = ask(app)
  await waitFor(async () => (await started()).length > 0, BOUND_MS)
  const [pid] = await started()
  t.ok(running(pid as number), 'the first sentence is being synthesized')
  await chat.close()
  const { status, body } = await answer
  t.equal(status, 503)
  t.equal(body.code, 'LLM_UNAVAILABLE')

  await waitFor(() => !running(pid as number), BOUND_MS).catch(() => {})
  t.notOk(running(pid as number), 'the espeak-ng process is gone once the answer failed')
  t.equal((await started()).length, 1, 'no sentence was synthesized after the failure')
})
