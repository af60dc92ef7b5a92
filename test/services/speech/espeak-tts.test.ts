import { test } from 'tap'
import type { Test } from 'tap'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEspeakTextToSpeech, missingEspeakVoices, probeEspeak, usableEspeakVoices } from '../../../src/services/speech/espeak-tts.ts'
import { joinedWavPieces, parseWav } from '../../../src/services/speech/wav.ts'
import type { SynthesizedSentence } from '../../../src/services/speech/types.ts'
import { speak } from '../../support/helpers/audio-fixtures.ts'
import { recordCalls } from './helpers.ts'

const SENTENCE = 'Institut Teknologi Bandung didirikan pada tahun seribu sembilan ratus dua puluh.'
const ENGLISH = 'The Ganesha campus is the main campus of ITB, located in the north of Bandung.'
const NAMES = 'ITB, STEI, FMIPA: 1920.'

/** What a WAV says, without its header (espeak-ng writes a streaming header with bogus sizes). */
const samplesOf = (wav: Buffer): Buffer => wav.subarray(44)

async function collect (source: AsyncIterable<SynthesizedSentence>): Promise<SynthesizedSentence[]> {
  const out: SynthesizedSentence[] = []
  for await (const item of source) out.push(item)
  return out
}

/** A stand-in executable in a temporary directory. */
async function script (t: Test, body: string): Promise<{ path: string, dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'espeak-test-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const path = join(dir, 'fake-espeak')
  await writeFile(path, `#!/bin/sh\n${body}\n`)
  await chmod(path, 0o755)
  return { path, dir }
}

test('probeEspeak finds espeak-ng with an Indonesian voice', async (t) => {
  const probe = await probeEspeak()
  t.equal(probe.available, true)
  t.match(probe.version, /^\d+\.\d+/)
  t.equal(probe.hasIndonesian, true)
  t.same(await probeEspeak('/nonexistent/espeak-ng'), { available: false, hasIndonesian: false })
})

test('missingEspeakVoices names the configured voices espeak-ng refuses', async (t) => {
  t.same(await missingEspeakVoices(['en', 'en-us', 'id+f3', 'zz', 'en', 'zz']), ['zz'])
  t.same(await missingEspeakVoices(['en', 'id'], '/nonexistent/espeak-ng'), ['en', 'id'])
  t.same(await missingEspeakVoices([]), [])
})

test('usableEspeakVoices: a refused ESPEAK_VOICE gives way to espeak-ng\'s default voice (null: no -v), a refused English voice to it', async (t) => {
  t.same(await usableEspeakVoices({ voice: 'id', englishVoice: 'en' }), { voices: { voice: 'id', englishVoice: 'en' }, refused: [] })
  t.same(await usableEspeakVoices({ voice: 'id', englishVoice: 'zz' }), { voices: { voice: 'id', englishVoice: 'id' }, refused: ['zz'] })
  t.same(await usableEspeakVoices({ voice: 'zz', englishVoice: 'en' }), { voices: { voice: null, englishVoice: 'en' }, refused: ['zz'] })
  t.same(await usableEspeakVoices({ voice: 'zz', englishVoice: 'yy' }), { voices: { voice: null, englishVoice: null }, refused: ['zz', 'yy'] })
  // An espeak-ng that speaks with no voice at all (its data missing): nothing to fall back on.
  const { path } = await script(t, 'echo "Error: The specified espeak-ng voice does not exist." >&2\nexit 1')
  t.same(await usableEspeakVoices({ voice: 'id', englishVoice: 'en' }, path), { voices: null, refused: ['id', 'en'] })
})

test('voice null: espeak-ng is run without -v and speaks with its default voice', async (t) => {
  const { path } = await script(t, 'echo "$*" >> "$(dirname "$0")/args"\nexec espeak-ng "$@"')
  const tts = createEspeakTextToSpeech({ binary: path, voice: null, englishVoice: null, timeoutMs: 15_000 })
  const [indonesian, english] = await collect(tts.synthesize([SENTENCE, ENGLISH]))
  t.ok(parseWav(indonesian.wav).durationSeconds > 1, 'audio, where -v with a voice espeak-ng lacks exits 1 for every sentence')
  t.ok(parseWav(english.wav).durationSeconds > 1)
  t.same((await readFile(join(path, '..', 'args'), 'utf8')).trim().split('\n'), ['--stdout', '--stdout'])
  t.same([indonesian.voice, english.voice], [undefined, undefined], 'no voice named')
})

test('espeak-ng really synthesizes Indonesian into a WAV that parseWav reads', async (t) => {
  const { calls, observer } = recordCalls()
  const tts = createEspeakTextToSpeech({ timeoutMs: 15_000, observer })
  t.equal(tts.name, 'espeak')
  const [result] = await collect(tts.synthesize([SENTENCE]))
  t.equal(result.sentence, SENTENCE)
  const info = parseWav(result.wav)
  t.equal(info.sampleRate, 22050)
  t.equal(info.channels, 1)
  t.equal(info.bitsPerSample, 16)
  t.ok(info.durationSeconds > 1 && info.durationSeconds < 10, `${info.durationSeconds} s`)
  t.equal(result.wav.readUInt32LE(4), result.wav.length - 8, 'streaming header sizes fixed')
  t.equal(result.wav.readUInt32LE(40), info.dataLength)
  const samples = result.wav.subarray(44)
  let peak = 0
  for (let i = 0; i + 1 < samples.length; i += 2) peak = Math.max(peak, Math.abs(samples.readInt16LE(i)))
  t.ok(peak > 1000, `audible (peak ${peak})`)
  t.match(calls, [{ service: 'espeak-tts', outcome: 'ok' }])

  const faster = createEspeakTextToSpeech({ speed: 300, timeoutMs: 15_000 })
  const [quick] = await collect(faster.synthesize([SENTENCE]))
  t.ok(parseWav(quick.wav).durationSeconds < info.durationSeconds, 'speed is passed on')
})

test('several sentences join into one WAV whose duration is the sum plus the gaps', async (t) => {
  const tts = createEspeakTextToSpeech({ timeoutMs: 15_000 })
  const results = await collect(tts.synthesize(['Selamat datang.', 'Kampus ITB ada di Bandung.']))
  t.equal(results.length, 2)
  const durations = results.map((r) => parseWav(r.wav).durationSeconds)
  const joined = parseWav(Buffer.concat(joinedWavPieces(results.map((r) => r.wav), { gapSeconds: 0.2 })))
  t.ok(Math.abs(joined.durationSeconds - (durations[0] + durations[1] + 0.2)) < 0.001)
})

test('real espeak-ng: an English sentence in the English voice, Indonesian and names-only ones in the Indonesian voice', async (t) => {
  const tts = createEspeakTextToSpeech({ timeoutMs: 15_000 })
  const [indonesian, english, names] = await collect(tts.synthesize([SENTENCE, ENGLISH, NAMES]))
  // The same samples as espeak-ng run directly with that voice on the same text.
  t.ok(samplesOf(english?.wav as Buffer).equals(samplesOf(await speak(ENGLISH, { voice: 'en' }))), 'English: espeak-ng -v en')
  t.notOk(samplesOf(english?.wav as Buffer).equals(samplesOf(await speak(ENGLISH, { voice: 'id' }))), 'English: not the Indonesian voice')
  t.ok(samplesOf(indonesian?.wav as Buffer).equals(samplesOf(await speak(SENTENCE, { voice: 'id' }))), 'Indonesian: espeak-ng -v id')
  t.ok(samplesOf(names?.wav as Buffer).equals(samplesOf(await speak(NAMES, { voice: 'id' }))), 'names and numbers only: Indonesian')
  t.same([indonesian, english, names].map((result) => parseWav(result?.wav as Buffer).sampleRate), [22050, 22050, 22050], 'one rate: the sentences join')
})

test('a mixed answer streamed sentence by sentence switches voice per sentence; both voices are configurable', async (t) => {
  // The real espeak-ng behind a wrapper that notes the voice of each run.
  const { path, dir } = await script(t, 'echo "$2" >> "$(dirname "$0")/voices"\nexec espeak-ng "$@"')
  const tts = createEspeakTextToSpeech({ binary: path, voice: 'id+f3', englishVoice: 'en-us', timeoutMs: 15_000 })
  async function * streamed (): AsyncGenerator<string> {
    yield 'According to the available information, ITB was founded in 1920.'
    yield 'Kampus utamanya berada di Jalan Ganesa 10, Bandung.'
    yield 'The campus is in the north of the city.'
    yield NAMES
    yield 'Sorry, I could not find anything else.'
  }
  const spoken = await collect(tts.synthesize(streamed()))
  t.equal(spoken.length, 5)
  t.same((await readFile(join(dir, 'voices'), 'utf8')).trim().split('\n'), ['en-us', 'id+f3', 'en-us', 'id+f3', 'en-us'])
  t.same(spoken.map((sentence) => sentence.voice), ['en-us', 'id+f3', 'en-us', 'id+f3', 'en-us'], 'each sentence says the voice that spoke it')
  t.throws(() => createEspeakTextToSpeech({ englishVoice: '--help', timeoutMs: 1 }), RangeError)
})

test('the text goes through stdin, never the command line', async (t) => {
  const { path, dir } = await script(t, [
    'printf "%s\\n" "$@" > "$(dirname "$0")/args"',
    'cat > "$(dirname "$0")/stdin"',
    'echo "voice not found" >&2',
    'exit 1'
  ].join('\n'))
  const tts = createEspeakTextToSpeech({ binary: path, voice: 'id', speed: 150, timeoutMs: 5000 })
  const hostile = 'Halo"; rm -rf / #$(whoami) `id` --version'
  await t.rejects(collect(tts.synthesize([hostile])), { kind: 'upstream', code: 'TTS_FAILED', message: /exited with 1: voice not found/ })
  t.same((await readFile(join(dir, 'args'), 'utf8')).trim().split('\n'), ['-v', 'id', '--stdout', '-s', '150'])
  t.equal(await readFile(join(dir, 'stdin'), 'utf8'), `${hostile}\n`)
})

test('espeak-ng failures: missing binary, no WAV, a hang (timeout), an abort', async (t) => {
  await t.rejects(collect(createEspeakTextToSpeech({ binary: '/nonexistent/espeak-ng', timeoutMs: 5000 }).synthesize(['Halo.'])),
    { kind: 'unavailable', code: 'TTS_UNAVAILABLE' })

  const garbage = await script(t, 'cat > /dev/null\necho not audio')
  await t.rejects(collect(createEspeakTextToSpeech({ binary: garbage.path, timeoutMs: 5000 }).synthesize(['Halo.'])),
    { kind: 'upstream', code: 'TTS_FAILED', message: /did not write a WAV/ })

  const hang = await script(t, 'exec sleep 60')
  const { calls, observer } = recordCalls()
  const started = Date.now()
  await t.rejects(collect(createEspeakTextToSpeech({ binary: hang.path, timeoutMs: 200, observer }).synthesize(['Halo.'])),
    { kind: 'timeout', code: 'TTS_TIMEOUT' })
  t.ok(Date.now() - started < 10_000, 'the 200 ms budget, not the minute the binary hangs')
  t.match(calls, [{ service: 'espeak-tts', outcome: 'timeout' }])

  const controller = new AbortController()
  setTimeout(() => controller.abort(), 100)
  await t.rejects(collect(createEspeakTextToSpeech({ binary: hang.path, timeoutMs: 10_000 }).synthesize(['Halo.'], { signal: controller.signal })),
    { name: 'AbortError' })

  t.throws(() => createEspeakTextToSpeech({ voice: '--help', timeoutMs: 1 }), RangeError)
  t.throws(() => createEspeakTextToSpeech({ voice: 'id; rm', timeoutMs: 1 }), RangeError)
  t.throws(() => createEspeakTextToSpeech({ speed: 9000, timeoutMs: 1 }), RangeError)
})
