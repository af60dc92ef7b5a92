// The ffmpeg process behind the decoder: probing for it, one process per upload killed and reaped
// on abort, stand-ins that misbehave, prestart, nice levels, and no ffmpeg at all.
import { spawn } from 'node:child_process'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import t, { type Test } from 'tap'
import { createAudioDecoder, probeFfmpeg } from '../../../src/services/speech/audio-decoder.ts'
import { LOWEST_PRIORITY } from '../../../src/services/speech/niceness.ts'
import { ServiceError } from '../../../src/services/errors.ts'
import {
  checkDecoded,
  chunkedStream,
  endlessToneStream,
  ffmpegChildren,
  niceOf,
  tone,
  waitForFfmpegChildren
} from '../../support/helpers/audio-fixtures.ts'
import { loadRecordings, rejection } from './audio-decoder-fixture.ts'

const { fixture, speechSeconds } = await loadRecordings(['wav', 'mp3', 'ogg'])

const decoder = createAudioDecoder({ maxSeconds: 60 })

/** Any rejection, ServiceError or not. */
async function anyRejection (promise: Promise<unknown>): Promise<Error> {
  return await promise.then(() => { throw new Error('expected a rejection') }, (error: Error) => error)
}

t.test('probeFfmpeg finds ffmpeg and its version', async (t) => {
  const probe = await probeFfmpeg({ force: true })
  t.equal(probe.available, true)
  t.match(probe.version, /^\d+\.\d+/)
  t.equal(probe.error, undefined)
  t.comment(`ffmpeg ${probe.version} (${probe.command})`)
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
