// The ffmpeg decoder on real recordings: every accepted format and MP4 layout, streamed input,
// other sample rates, its options, and how fast it decodes a 10 s clip.
import t from 'tap'
import { createAudioDecoder } from '../../../src/services/speech/audio-decoder.ts'
import { sniffAudioFormat } from '../../../src/services/speech/audio-format.ts'
import {
  audioEncoders,
  checkDecoded,
  chunkedStream,
  encode,
  flacStreamInfo,
  speak,
  trimWav,
  wavInfo
} from '../../support/helpers/audio-fixtures.ts'
import { FORMATS, loadRecordings } from './audio-decoder-fixture.ts'

const { fixture, speechSeconds } = await loadRecordings()

const decoder = createAudioDecoder({ maxSeconds: 60 })

t.test('this ffmpeg has the encoders the fixtures need', async (t) => {
  const encoders = await audioEncoders()
  for (const name of ['pcm_s16le', 'flac', 'libmp3lame', 'libopus', 'aac']) t.ok(encoders.includes(name), name)
  t.comment(`audio encoders: ${encoders.join(', ')}`)
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
