import { spawn } from 'node:child_process'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import t, { type Test } from 'tap'
import { createAudioDecoder, probeFfmpeg } from '../../../src/services/speech/audio-decoder.ts'
import { sniffAudioFormat } from '../../../src/services/speech/audio-format.ts'
import type { AudioFormat } from '../../../src/services/speech/audio-format.ts'
import { LOWEST_PRIORITY } from '../../../src/services/speech/niceness.ts'
import { ServiceError } from '../../../src/services/errors.ts'
import {
  audioEncoders,
  checkDecoded,
  chunkedStream,
  encode,
  endlessToneStream,
  ffmpegChildren,
  flacStreamInfo,
  niceOf,
  speak,
  tone,
  trimWav,
  truncate,
  waitForFfmpegChildren,
  wavInfo
} from '../../support/helpers/audio-fixtures.ts'

const FORMATS: AudioFormat[] = ['wav', 'mp3', 'flac', 'ogg', 'm4a', 'webm']
const speech = await speak('Selamat datang di Institut Teknologi Bandung. Kampus Ganesha terletak di kota Bandung, Jawa Barat.', { voice: 'id' })
const speechSeconds = wavInfo(speech).durationSeconds
const encoded = new Map<AudioFormat, Buffer>()
for (const format of FORMATS) encoded.set(format, format === 'wav' ? speech : await encode(speech, format))
const fixture = (format: AudioFormat): Buffer => encoded.get(format) as Buffer

const decoder = createAudioDecoder({ maxSeconds: 60 })

/** Any rejection, ServiceError or not. */
async function anyRejection (promise: Promise<unknown>): Promise<Error> {
  return await promise.then(() => { throw new Error('expected a rejection') }, (error: Error) => error)
}

async function rejection (promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ServiceError) return error
    throw error
  }
  throw new Error('expected a rejection')
}

t.test('this ffmpeg has the encoders the fixtures need', async (t) => {
  const encoders = await audioEncoders()
  for (const name of ['pcm_s16le', 'flac', 'libmp3lame', 'libopus', 'aac']) t.ok(encoders.includes(name), name)
  t.comment(`audio encoders: ${encoders.join(', ')}`)
})

t.test('probeFfmpeg finds ffmpeg and its version', async (t) => {
  const probe = await probeFfmpeg({ force: true })
  t.equal(probe.available, true)
  t.match(probe.version, /^\d+\.\d+/)
  t.equal(probe.error, undefined)
  t.comment(`ffmpeg ${probe.version} (${probe.command})`)
})

t.test('every accepted format decodes from a real recording', async (t) => {
  for (const format of FORMATS) {
    await t.test(format, async (t) => {
      const file = fixture(format)
      t.equal(sniffAudioFormat(file), format, 'sniffed')
      const decoded = await decoder.decode(file)
      t.equal(decoded.format, format)
      t.equal(decoded.inputBytes, file.length)
      await checkDecoded(t, decoded, speechSeconds)
    })
  }
})

t.test('m4a in every layout, including the index last as phones write it', async (t) => {
  const long = await speak('Institut Teknologi Bandung adalah perguruan tinggi negeri di Bandung. '.repeat(5), { voice: 'id' })
  const seconds = wavInfo(long).durationSeconds
  for (const mp4Layout of ['moov-last', 'faststart', 'fragmented'] as const) {
    const file = await encode(long, 'm4a', { mp4Layout })
    const decoded = await decoder.decode(chunkedStream(file, { chunkSize: 4096 }))
    t.equal(decoded.format, 'm4a', mp4Layout)
    t.equal(decoded.inputBytes, file.length)
    await checkDecoded(t, decoded, seconds)
  }
})

t.test('a stream in small chunks decodes like the whole buffer', async (t) => {
  for (const format of ['mp3', 'ogg', 'wav'] as const) {
    const file = fixture(format)
    const stream = chunkedStream(file, { chunkSize: 7 })
    const decoded = await decoder.decode(stream)
    t.equal(decoded.format, format)
    t.equal(decoded.inputBytes, file.length, `${format}: every byte read`)
    t.equal(stream.pulled(), file.length)
    t.ok(decoded.wav.equals((await decoder.decode(file)).wav), `${format}: same samples as from a Buffer`)
  }
  const slow = await decoder.decode(chunkedStream(fixture('webm'), { chunkSize: 512, delayMs: 1 }))
  await checkDecoded(t, slow, speechSeconds)
})

t.test('a text file named .mp3 is rejected as unsupported, listing the formats', async (t) => {
  const text = Buffer.from('This is not audio, just a text file renamed to song.mp3\n'.repeat(20))
  for (const input of [text, Readable.from([text])]) {
    const error = await rejection(decoder.decode(input))
    t.match(error, { kind: 'bad_request', code: 'AUDIO_UNSUPPORTED' })
    t.match(error.message, /WAV, MP3, FLAC, Ogg.*M4A.*WebM/)
  }
  t.same(await ffmpegChildren(), [], 'ffmpeg never started')
})

t.test('empty input is rejected', async (t) => {
  for (const input of [Buffer.alloc(0), Readable.from([]), chunkedStream(Buffer.alloc(0))]) {
    const error = await rejection(decoder.decode(input))
    t.match(error, { kind: 'bad_request', code: 'AUDIO_EMPTY', message: 'The audio file is empty' })
  }
})

t.test('damaged and truncated audio is undecodable', async (t) => {
  const mp3 = fixture('mp3')
  const garbage = Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 7919 + 13) % 251))
  const cases: Array<[string, Buffer]> = [
    ['first 300 bytes of an mp3', truncate(mp3, 300)],
    ['an ID3 tag and garbage', Buffer.concat([mp3.subarray(0, 10), garbage])],
    ['an MPEG frame header and garbage', Buffer.concat([Buffer.from([0xFF, 0xFB, 0x90, 0x64]), garbage])],
    ['fLaC and garbage', Buffer.concat([Buffer.from('fLaC'), garbage])],
    ['OggS and garbage', Buffer.concat([Buffer.from('OggS\0'), garbage])],
    ['a WAV header without samples', tone(0).subarray(0, 44)],
    ['first half of an m4a with its index last', truncate(fixture('m4a'), Math.floor(fixture('m4a').length / 2))],
    ['WebM cut after its header', truncate(fixture('webm'), 200)]
  ]
  for (const [name, file] of cases) {
    t.not(sniffAudioFormat(file), null, `${name}: passes the sniff`)
    const error = await rejection(decoder.decode(file))
    t.match(error, { kind: 'bad_request', code: 'AUDIO_UNDECODABLE' }, name)
    t.match(error.message, /could not be decoded/)
    t.ok(error.cause instanceof Error, `${name}: ffmpeg's reason kept as the cause`)
  }
  const blip = await rejection(decoder.decode(tone(0.05)))
  t.match(blip, { code: 'AUDIO_UNDECODABLE' }, '50 ms of audio is too little')
  t.equal((await decoder.decode(tone(0.2))).durationSeconds, 0.2, '200 ms is enough')
  t.same(await ffmpegChildren(), [], 'no ffmpeg left running')
})

t.test('ffmpeg failing early on a large stream: no EPIPE crash, input not read to the end', async (t) => {
  const junk = Buffer.alloc(12 * 1024 * 1024)
  for (let i = 0; i < junk.length; i += 4) junk.writeUInt32LE((i * 2654435761) >>> 0, i)
  const file = Buffer.concat([Buffer.from('OggS\0'), junk])
  const stream = chunkedStream(file, { chunkSize: 64 * 1024 })
  const error = await rejection(decoder.decode(stream))
  t.match(error, { code: 'AUDIO_UNDECODABLE' })
  t.ok(stream.pulled() < file.length, `stopped reading at ${stream.pulled()} of ${file.length} bytes`)
  t.ok(stream.destroyed, 'input destroyed')
  t.same(await ffmpegChildren(), [])
})

t.test('audio over the limit is rejected as soon as the limit is passed', async (t) => {
  // 90 s at 48 kHz: the 60 s mark comes 2.9 MB before the end of the input. How far past the mark
  // the input is read depends on pipe buffers and on how busy the machine is (466 kB seen on a
  // loaded CI machine): allow 1.5 MB, still half of what follows the mark.
  const long = tone(90, 48000)
  const mark = 44 + 60 * 48000 * 2
  const stream = chunkedStream(long, { chunkSize: 64 * 1024 })
  const started = Date.now()
  const error = await rejection(decoder.decode(stream))
  t.match(error, { kind: 'bad_request', code: 'AUDIO_TOO_LONG' })
  t.match(error.message, /60 seconds/)
  t.ok(stream.pulled() < mark + 1_500_000, `stopped reading at ${stream.pulled()} of ${long.length} bytes (the limit is at ${mark})`)
  t.ok(stream.destroyed, 'input destroyed')
  t.same(await ffmpegChildren(), [], 'ffmpeg killed and reaped')
  t.comment(`rejected after ${Date.now() - started} ms`)

  t.match(await rejection(decoder.decode(tone(70))), { code: 'AUDIO_TOO_LONG' }, '70 s as a Buffer')
  const short = createAudioDecoder({ maxSeconds: 5 })
  t.equal((await short.decode(tone(5))).durationSeconds, 5, 'exactly the limit is accepted')
  t.match(await rejection(short.decode(tone(5.1))), { code: 'AUDIO_TOO_LONG', message: /5 seconds/ }, '0.1 s over is not')
})

t.test('an endless stream stops at the limit', async (t) => {
  const stream = endlessToneStream(16000)
  const error = await rejection(createAudioDecoder({ maxSeconds: 3 }).decode(stream))
  t.match(error, { code: 'AUDIO_TOO_LONG' })
  t.ok(stream.pulled() < 16000 * 2 * 30, `read ${stream.pulled()} bytes (3 s of audio is 96000)`)
  t.ok(stream.destroyed)
  t.same(await ffmpegChildren(), [])
})

t.test('aborting kills ffmpeg and destroys the input', async (t) => {
  const stream = chunkedStream(tone(30), { chunkSize: 4096, delayMs: 5 })
  const controller = new AbortController()
  const decoding = decoder.decode(stream, { signal: controller.signal })
  const running = await waitForFfmpegChildren(1)
  t.equal(running.length, 1, 'one ffmpeg process decodes and encodes')
  const aborted = Date.now()
  controller.abort()
  await t.rejects(decoding, { name: 'AbortError' })
  t.ok(Date.now() - aborted < 10_000, 'settles on the abort, not when the 30 s input ends')
  t.ok(stream.destroyed, 'input destroyed')
  t.same(await ffmpegChildren(), [], 'ffmpeg killed and reaped')

  const reason = new Error('client went away')
  const late = new AbortController()
  const endless = endlessToneStream()
  const pending = createAudioDecoder({ maxSeconds: 3600 }).decode(endless, { signal: late.signal })
  setTimeout(() => { late.abort(reason) }, 100)
  await t.rejects(pending, reason, 'rejects with the abort reason')
  t.same(await ffmpegChildren(), [])

  const before = chunkedStream(fixture('wav'))
  await t.rejects(decoder.decode(before, { signal: AbortSignal.abort() }), { name: 'AbortError' }, 'already aborted')
  t.ok(before.destroyed)
  t.equal(before.pulled(), 0, 'nothing read')
})

t.test('one ffmpeg process writes both outputs, and is the only one started', async (t) => {
  // Counted by a wrapper that logs its pid and execs the real ffmpeg: only the processes this
  // decoder starts are counted, not another subtest's ffmpeg that is still being reaped.
  const probe = await probeFfmpeg()
  const log = join(await mkdtemp(join(tmpdir(), 'ffmpeg-starts-')), 'starts')
  t.teardown(async () => { await rm(join(log, '..'), { recursive: true, force: true }) })
  const command = await fakeFfmpeg(t, `echo $$ >> '${log}'\nexec '${probe.command as string}' "$@"`)
  const stream = chunkedStream(fixture('ogg'), { chunkSize: 512, delayMs: 2 })
  await checkDecoded(t, await createAudioDecoder({ maxSeconds: 60, command }).decode(stream), speechSeconds)
  const starts = (await readFile(log, 'utf8')).trim().split('\n')
  t.equal(starts.length, 1, `one ffmpeg process in all (started: ${starts.join(', ')})`)
})

/** A stand-in for ffmpeg: a shell script, so that the decoder meets a process that misbehaves. */
async function fakeFfmpeg (t: Test, script: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-ffmpeg-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const command = join(dir, 'ffmpeg')
  await writeFile(command, `#!/bin/sh\n${script}\n`)
  await chmod(command, 0o755)
  return command
}

t.test('ffmpeg dying early with the FLAC pipe closed: no EPIPE crash, undecodable, reaped', async (t) => {
  const command = await fakeFfmpeg(t, 'exec 3>&-; head -c 4096 >/dev/null; echo "broken input" >&2; exit 1')
  const junk = Buffer.alloc(8 * 1024 * 1024, 0x55)
  const stream = chunkedStream(Buffer.concat([Buffer.from('OggS\0'), junk]), { chunkSize: 64 * 1024 })
  const error = await rejection(createAudioDecoder({ maxSeconds: 60, command }).decode(stream))
  t.match(error, { code: 'AUDIO_UNDECODABLE' })
  t.match((error.cause as Error).message, /exited with 1: broken input/)
  t.ok(stream.destroyed, 'input destroyed')
  t.same(await ffmpegChildren(), [])
})

t.test('ffmpeg succeeding without a FLAC stream is an internal error, not a bad upload', async (t) => {
  const command = await fakeFfmpeg(t, 'cat >/dev/null; head -c 32000 /dev/zero; printf junk >&3; exit 0')
  const error = await anyRejection(createAudioDecoder({ maxSeconds: 60, command }).decode(tone(1)))
  t.notOk(error instanceof ServiceError)
  t.match(error.message, /FLAC encoding failed: ffmpeg wrote 4 bytes/)
  t.same(await ffmpegChildren(), [])
})

t.test('aborting while ffmpeg is still writing both pipes kills it without an error on either', async (t) => {
  const command = await fakeFfmpeg(t, 'printf fLaC >&3; while :; do head -c 65536 /dev/zero; head -c 65536 /dev/zero >&3; sleep 0.01; done')
  const controller = new AbortController()
  const decoding = createAudioDecoder({ maxSeconds: 3600, command }).decode(endlessToneStream(), { signal: controller.signal })
  t.equal((await waitForFfmpegChildren(1)).length, 1)
  setTimeout(() => { controller.abort() }, 50)
  await t.rejects(decoding, { name: 'AbortError' })
  t.same(await ffmpegChildren(), [], 'killed and reaped')
})

t.test('an ffmpeg command that cannot be run is unavailable, not a bad upload', async (t) => {
  const error = await rejection(createAudioDecoder({ maxSeconds: 60, command: join(tmpdir(), 'no-such-dir', 'ffmpeg') }).decode(tone(0.5)))
  t.match(error, { kind: 'unavailable', code: 'AUDIO_DECODER_UNAVAILABLE' })
  t.match((error.cause as Error).message, /ENOENT/)
})

t.test('prestart: the next ffmpeg waits ready, each upload gets its own, close() kills the waiting one', async (t) => {
  const probe = await probeFfmpeg()
  const warm = createAudioDecoder({ maxSeconds: 60, command: probe.command, prestart: true })
  t.teardown(async () => { await warm.close() })
  const [first] = await waitForFfmpegChildren(1)
  t.same(await ffmpegChildren(), [first], 'one ffmpeg started ahead')
  await checkDecoded(t, await warm.decode(fixture('mp3')), speechSeconds)
  const [second] = await waitForFfmpegChildren(1)
  t.not(second, first, 'the upload used the waiting ffmpeg, and another now waits')
  t.match(await rejection(warm.decode(Buffer.from('OggS\0 not really ogg'))), { code: 'AUDIO_UNDECODABLE' }, 'errors as without prestart')
  const [third] = await waitForFfmpegChildren(1)
  t.not(third, second)

  process.kill(third as number, 'SIGKILL') // dies while waiting: the next upload starts its own
  await new Promise((resolve) => setTimeout(resolve, 100))
  await checkDecoded(t, await warm.decode(fixture('wav')), speechSeconds)
  t.equal((await waitForFfmpegChildren(1)).length, 1, 'and one waits again')

  await warm.close()
  t.same(await ffmpegChildren(), [], 'close() killed the waiting ffmpeg and it was reaped')
  t.equal((await warm.decode(tone(0.5))).durationSeconds, 0.5, 'decoding still works after close()')
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.same(await ffmpegChildren(), [], 'and starts none ahead')
})

// At the lowest priority already, a lowered ffmpeg and an untouched one would look the same.
const own = await niceOf('/proc/self/stat')
t.test('ffmpeg runs the nice levels given below the service', { skip: own >= LOWEST_PRIORITY ? 'this process runs at the lowest priority' : false }, async (t) => {
  const probe = await probeFfmpeg()
  for (const niceness of [0, 6]) {
    const decoder = createAudioDecoder({ maxSeconds: 60, command: probe.command, prestart: true, niceness })
    const [waiting] = await waitForFfmpegChildren(1)
    t.equal(await niceOf(`/proc/${waiting as number}/stat`), Math.min(LOWEST_PRIORITY, own + niceness), `the waiting ffmpeg ${niceness} levels below this process`)
    await checkDecoded(t, await decoder.decode(fixture('mp3')), speechSeconds)
    await decoder.close()
  }
})

t.test('an error of the input stream is passed on as it is', async (t) => {
  const failure = Object.assign(new Error('request file too large'), { statusCode: 413 })
  const source = chunkedStream(fixture('wav'), { chunkSize: 1024 })
  const failing = source.pipe(new PassThrough())
  source.once('data', () => { setTimeout(() => { failing.destroy(failure) }, 20) })
  await t.rejects(decoder.decode(failing), failure)
  t.same(await ffmpegChildren(), [])
})

t.test('maxInputBytes guards the input size', async (t) => {
  const limited = createAudioDecoder({ maxSeconds: 60, maxInputBytes: 10_000 })
  t.match(await rejection(limited.decode(fixture('wav'))), { kind: 'payload_too_large', code: 'AUDIO_TOO_LARGE' })
  t.match(await rejection(limited.decode(chunkedStream(fixture('m4a'), { chunkSize: 1000 }))), { code: 'AUDIO_TOO_LARGE' }, 'also while buffering an m4a')
  t.equal((await limited.decode(tone(0.25))).durationSeconds, 0.25, 'small files pass')
})

t.test('other sample rates', async (t) => {
  const decoded = await createAudioDecoder({ maxSeconds: 60, sampleRate: 8000 }).decode(fixture('mp3'))
  t.match(wavInfo(decoded.wav), { sampleRate: 8000, channels: 1 })
  t.match(flacStreamInfo(decoded.flac), { sampleRate: 8000 })
  t.ok(Math.abs(decoded.durationSeconds - speechSeconds) <= 0.3)
})

t.test('invalid options', async (t) => {
  t.throws(() => createAudioDecoder({ maxSeconds: 0 }), TypeError)
  t.throws(() => createAudioDecoder({ maxSeconds: Number.NaN }), TypeError)
  t.throws(() => createAudioDecoder({ maxSeconds: 60, sampleRate: 1000 }), TypeError)
  t.throws(() => createAudioDecoder({ maxSeconds: 60, sampleRate: 16000.5 }), TypeError)
})

t.test('decoding a 10 s clip', async (t) => {
  const words = await speak('Institut Teknologi Bandung didirikan pada tahun seribu sembilan ratus dua puluh. Kampus utamanya berada di Jalan Ganesha, Bandung. Kampus lainnya ada di Jatinangor dan Cirebon.', { voice: 'id' })
  const clip = trimWav(words, 10)
  const seconds = wavInfo(clip).durationSeconds
  t.equal(seconds, 10, 'clip is 10 s')
  for (const format of ['mp3', 'm4a', 'ogg', 'wav'] as const) {
    const file = format === 'wav' ? clip : await encode(clip, format)
    await decoder.decode(file) // warm-up
    const times: number[] = []
    for (let i = 0; i < 3; i++) {
      const started = performance.now()
      await decoder.decode(file)
      times.push(performance.now() - started)
    }
    const best = Math.min(...times)
    t.comment(`${format}: ${seconds} s clip decoded to WAV + FLAC in ${best.toFixed(0)} ms (runs: ${times.map((time) => time.toFixed(0)).join(', ')})`)
    t.ok(best < seconds * 1000 / 2, `${format} decodes in well under the clip's duration`)
  }
})

t.test('without ffmpeg: probe reports unavailable, decode fails with 503', async (t) => {
  // prism-media looks for ffmpeg on PATH (and ./ffmpeg) and caches what it finds, so this runs in
  // a child process whose PATH and working directory hold no ffmpeg.
  const empty = await mkdtemp(join(tmpdir(), 'no-ffmpeg-'))
  t.teardown(async () => { await rm(empty, { recursive: true, force: true }) })
  const module = pathToFileURL(join(import.meta.dirname, '../../../src/services/speech/audio-decoder.ts')).href
  const script = `
    const { createAudioDecoder, probeFfmpeg } = await import(${JSON.stringify(module)})
    const wav = Buffer.from(process.argv[1], 'base64')
    const outcome = async (promise) => promise.then(() => 'decoded', (error) => ({ kind: error.kind, code: error.code, message: error.message }))
    const decoder = createAudioDecoder({ maxSeconds: 60 })
    const unprobed = await outcome(decoder.decode(wav))
    const probe = await probeFfmpeg()
    const probed = await outcome(decoder.decode(wav))
    console.log(JSON.stringify({ unprobed, probe, probed }))
  `
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, tone(0.5).toString('base64')], {
      cwd: empty,
      env: { PATH: empty }
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString() })
    child.once('error', reject)
    child.once('close', (code) => { code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`)) })
  })
  const result = JSON.parse(stdout)
  t.match(result.probe, { available: false, error: /not found/ })
  t.notOk('version' in result.probe)
  const unavailable = { kind: 'unavailable', code: 'AUDIO_DECODER_UNAVAILABLE', message: /ffmpeg/ }
  t.match(result.unprobed, unavailable, 'decode before any probe')
  t.match(result.probed, unavailable, 'decode after the failed probe')
})
