// The FLAC encoder's output is valid FLAC that ffmpeg decodes to exactly the samples given, with a
// complete STREAMINFO, for speech and for the signals that take its unusual paths: silence
// (constant subframes), noise (verbatim), full-scale jumps (Rice quotients too long for one write),
// and lengths that are not a whole number of blocks.
import { createHash } from 'node:crypto'
import t from 'tap'
import { encodeFlac } from '../../../src/services/speech/audio-flac-encoder.ts'
import { wavSamples } from '../../../src/services/speech/wav.ts'
import { flacStreamInfo, speak, toPcm } from '../../support/helpers/audio-fixtures.ts'

const speech = Uint8Array.from(wavSamples(await speak('Selamat datang di Institut Teknologi Bandung.', { voice: 'id' })))
const speechSamples = new Int16Array(speech.buffer)

/** Deterministic noise: a linear congruential generator's top 16 bits. */
function noise (length: number): Int16Array {
  const out = new Int16Array(length)
  let state = 12345
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    out[i] = state >>> 16
  }
  return out
}

const cases: Array<[string, Int16Array]> = [
  ['speech (22.05 kHz, several blocks)', speechSamples],
  ['speech, 4099 samples (a one-block tail of 3)', speechSamples.slice(10_000, 14_099)],
  ['one sample', Int16Array.from([-7])],
  ['silence', new Int16Array(9000)],
  ['white noise', noise(10_000)],
  ['full-scale spikes in near silence', Int16Array.from({ length: 20_000 }, (_, i) => i % 997 === 0 ? 32767 : i % 991 === 0 ? -32768 : i % 7)],
  ['full-scale square wave', Int16Array.from({ length: 9000 }, (_, i) => (i >> 5) % 2 === 0 ? 32767 : -32768)]
]

for (const [name, samples] of cases) {
  t.test(name, async (t) => {
    const flac = Buffer.from(encodeFlac(samples, 22050))
    const pcm = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength)
    t.match(flacStreamInfo(flac), {
      sampleRate: 22050,
      channels: 1,
      bitsPerSample: 16,
      totalSamples: samples.length,
      md5: createHash('md5').update(pcm).digest('hex')
    }, 'STREAMINFO')
    t.ok((await toPcm(flac, 22050)).equals(pcm), 'ffmpeg decodes it to exactly the samples')
  })
}

t.test('speech compresses to well under its PCM size', async (t) => {
  const flac = encodeFlac(speechSamples, 22050)
  t.ok(flac.length < speech.length * 0.75, `${flac.length} bytes of FLAC for ${speech.length} bytes of PCM`)
})
