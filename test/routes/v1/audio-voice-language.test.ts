// /v1/audio with the local espeak-ng: each sentence of the spoken answer is read with the voice of its
// language (ESPEAK_VOICE_EN for an English one, ESPEAK_VOICE otherwise). The real espeak-ng speaks,
// behind a wrapper first on PATH that notes the voice of each run.
import t, { type Test } from 'tap'
import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { startFakeChat, type ChatRequest, type Reply } from '../../support/fakes/openai-chat.ts'
import { build } from '../../support/helpers/app.ts'
import { commandOnPath } from '../../support/helpers/command-on-path.ts'
import { question, upload, vendors } from './audio-fixture.ts'

const realEspeak = execFileSync('sh', ['-c', 'command -v espeak-ng'], { encoding: 'utf8' }).trim()

/** Puts the wrapper first on PATH for this test; returns the voices it was run with so far. */
async function recordVoices (t: Test): Promise<() => Promise<string[]>> {
  const dir = await commandOnPath(t, 'espeak-ng', (dir) =>
    `#!/bin/sh\n[ "$1" = -v ] && echo "$2" >> '${join(dir, 'voices')}'\n[ "$1" = --stdout ] && echo '(default)' >> '${join(dir, 'voices')}'\nexec '${realEspeak}' "$@"\n`)
  const log = join(dir, 'voices')
  return async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter((line) => line !== '')
}

interface AudioEvent { index: number, sentence: string, language?: string, voice?: string, audio: string, audio_format: string }

/** The `audio` events of a server-sent event stream, in order. */
function audioEvents (body: string): AudioEvent[] {
  return body.trim().split('\n\n').map((block) => block.split('\n'))
    .filter(([event]) => event === 'event: audio')
    .map(([, data]) => JSON.parse(data?.replace('data: ', '') ?? '{}') as AudioEvent)
}

/** The sentences of the `audio` events of a server-sent event stream, in order. */
function spokenSentences (body: string): string[] {
  return audioEvents(body).map((event) => event.sentence)
}

/** Asks by voice (the fake speech-to-text hears `transcript`); the sentences spoken and the voice of each. */
async function ask (app: Awaited<ReturnType<typeof build>>['app'], voices: () => Promise<string[]>, conversation: string): Promise<Array<[string, string | undefined]>> {
  const before = (await voices()).length
  const response = await upload(app, question, { accept: 'text/event-stream', conversation })
  if (response.statusCode !== 200) throw new Error(`${response.statusCode}: ${response.body.slice(0, 300)}`)
  const used = (await voices()).slice(before)
  return spokenSentences(response.body).map((sentence, index) => [sentence, used[index]])
}

t.test('extractive: an English answer is spoken with the English voice, an Indonesian one with the Indonesian voice, the English framing of an Indonesian sentence with the English one', async (t) => {
  const voices = await recordVoices(t)
  let heard = ''
  const { env: { PROSA_TTS_API_KEY, PROSA_TTS_URL, ...env } } = await vendors(t, { transcript: () => heard })
  const { app } = await build(t, { ...env, ESPEAK_VOICE_EN: 'en-us' })

  heard = 'When was ITB founded?'
  const english = await ask(app, voices, 'voices-en')
  t.equal(english.length, 1)
  t.match(english[0], [/^According to the available information, ITB .*1920/, 'en-us'], 'ESPEAK_VOICE_EN')
  heard = 'Kapan ITB didirikan?'
  const indonesian = await ask(app, voices, 'voices-id')
  t.ok(indonesian.length >= 1)
  t.same(indonesian.map(([, voice]) => voice), indonesian.map(() => 'id'), 'every Indonesian sentence in the Indonesian voice')
  // An English question answered from Indonesian text: the framing is spoken apart, in English (it
  // was read in the Indonesian voice with its sentence, or took that sentence into English).
  heard = 'Where is the Bosscha Observatory?'
  const framed = await ask(app, voices, 'voices-framed')
  t.same(framed[0], ['According to the available information (in Indonesian),', 'en-us'])
  t.match(framed[1], [/^Observatorium Bosscha/, 'id'])
  t.same(framed.slice(1).map(([, voice]) => voice), framed.slice(1).map(() => 'id'))
})

/**
 * An app that answers 'When was ITB founded?' (heard by the fake speech-to-text) with a model writing
 * `answer` in pieces, spoken by the local espeak-ng (`env`: ESPEAK_VOICE_EN and the like).
 */
async function generativeApp (t: Test, answer: string, env: Record<string, string> = {}): Promise<Awaited<ReturnType<typeof build>>['app']> {
  const { env: { PROSA_TTS_API_KEY, PROSA_TTS_URL, ...vendorEnv } } = await vendors(t, { transcript: () => 'When was ITB founded?' })
  const chat = await startFakeChat({
    apiKey: 'llm',
    respond: (request: ChatRequest): Reply => request.toolResults.length === 0
      ? { toolCalls: [{ name: 'fetch_documents', arguments: { search_query: request.lastUserText } }] }
      : { content: answer, chunkDelayMs: 20 }
  })
  t.teardown(chat.close)
  const { app } = await build(t, { ...vendorEnv, LLM_BASE_URL: chat.baseURL, LLM_MODEL: 'fake', LLM_API_KEY: 'llm', ...env })
  return app
}

t.test('generative: a mixed answer switches voice sentence by sentence while it streams', async (t) => {
  const voices = await recordVoices(t)
  const app = await generativeApp(t, 'ITB was founded on 3 July 1920 [1]. Dalam bahasa Indonesia: ITB didirikan pada tanggal 3 Juli 1920 [1]. The main campus is on Jalan Ganesa [1].')
  const mixed = await ask(app, voices, 'voices-mixed')
  t.equal(mixed.length, 3)
  t.match(mixed, [
    [/^ITB was founded/, 'en'],
    [/^Dalam bahasa Indonesia/, 'id'],
    [/^The main campus/, 'en']
  ])
})

t.test('each audio event says the language of its sentence and the voice that spoke it', async (t) => {
  const voices = await recordVoices(t)
  const app = await generativeApp(t, 'ITB was founded on 3 July 1920 [1]. SBM ITB menawarkan Master of Business Administration [1].', { ESPEAK_VOICE_EN: 'en-us' })
  const response = await upload(app, question, { accept: 'text/event-stream', conversation: 'voices-events' })
  t.equal(response.statusCode, 200)
  const events = audioEvents(response.body)
  t.match(events, [
    { index: 0, sentence: /^ITB was founded/, language: 'en', voice: 'en-us', audio_format: 'wav' },
    { index: 1, sentence: /^SBM ITB menawarkan Master of Business Administration/, language: 'id', voice: 'id', audio_format: 'wav' }
  ])
  t.equal(events.length, 2)
  t.same(events.map((event) => event.voice), await voices(), 'the voices espeak-ng was run with')
})

t.test('an ESPEAK_VOICE_EN espeak-ng does not have: a warning at start-up, English sentences in ESPEAK_VOICE, the audio kept', async (t) => {
  const voices = await recordVoices(t)
  const { env: { PROSA_TTS_API_KEY, PROSA_TTS_URL, ...env } } = await vendors(t, { transcript: () => 'When was ITB founded?' })
  const { app, logs } = await build(t, { ...env, ESPEAK_VOICE_EN: 'zz' })
  t.match(logs.lines().filter((line) => line.level === 40 && /ESPEAK_VOICE_EN/.test(String(line.msg))), [{ voice: 'zz' }])
  const response = await upload(app, question, { conversation: 'voices-missing' })
  t.equal(response.statusCode, 200)
  const body = response.json()
  t.match(body, { language: 'en', audio_format: 'wav', warnings: [] })
  t.type(body.audio, 'string', 'spoken, where every English sentence used to fail and the audio was dropped')
  t.same(await voices(), ['id'])
})

t.test('an ESPEAK_VOICE espeak-ng does not have: a warning at start-up, the answer spoken with espeak-ng\'s default voice, the audio kept', async (t) => {
  const voices = await recordVoices(t)
  const { env: { PROSA_TTS_API_KEY, PROSA_TTS_URL, ...env } } = await vendors(t, { transcript: () => 'Kapan ITB didirikan?' })
  const { app, logs } = await build(t, { ...env, ESPEAK_VOICE: 'zz' })
  t.match(logs.lines().filter((line) => line.level === 40 && /espeak-ng/.test(String(line.msg))), [
    { voice: 'zz', msg: 'espeak-ng has no such voice (ESPEAK_VOICE): Indonesian sentences are spoken with espeak-ng\'s default voice (English)' }
  ], 'one warning, and it says what happens')
  const response = await upload(app, question, { conversation: 'voices-missing-id' })
  t.equal(response.statusCode, 200)
  const body = response.json()
  t.match(body, { language: 'id', audio_format: 'wav', warnings: [] })
  t.type(body.audio, 'string', 'spoken, where espeak-ng refused every sentence (exit 1) and the answer came back text only')
  const used = await voices()
  t.ok(used.length >= 1)
  t.same(used, used.map(() => '(default)'), 'every sentence without -v')
})
