// What the ffmpeg decoder refuses, and how soon: input that is not audio, empty, damaged or
// truncated, too long (as a Buffer and as an endless stream), too large, or failing as a stream.
import { PassThrough, Readable } from 'node:stream'
import t from 'tap'
import { createAudioDecoder } from '../../../src/services/speech/audio-decoder.ts'
import { sniffAudioFormat } from '../../../src/services/speech/audio-format.ts'
import { chunkedStream, endlessToneStream, ffmpegChildren, tone, truncate } from '../../support/helpers/audio-fixtures.ts'
import { loadRecordings, rejection } from './audio-decoder-fixture.ts'

const { fixture } = await loadRecordings(['wav', 'mp3', 'm4a', 'webm'])

const decoder = createAudioDecoder({ maxSeconds: 60 })

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
