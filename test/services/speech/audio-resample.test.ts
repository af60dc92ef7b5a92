// Resampling quality where speech recognition needs it: the pass band (0–7 kHz) keeps its level,
// and what lies above the new Nyquist frequency is filtered out instead of folding into speech.
import t from 'tap'
import { cachedFilters, FILTER_CACHE_SIZE, MAX_PHASES, resampleToInt16 } from '../../../src/services/speech/audio-resample.ts'

/** One second of a sine at `frequency` (amplitude 0.5), sampled at `sampleRate`. */
function sine (frequency: number, sampleRate: number): Float32Array {
  const samples = new Float32Array(sampleRate)
  for (let i = 0; i < samples.length; i++) samples[i] = 0.5 * Math.sin(2 * Math.PI * frequency * i / sampleRate)
  return samples
}

/** The level of `output` against the input sine's, in dB, away from the edges. */
function gainDb (output: Int16Array): number {
  let energy = 0
  let count = 0
  for (let i = 1000; i < output.length - 1000; i++) {
    energy += ((output[i] as number) / 32768) ** 2
    count++
  }
  return 20 * Math.log10(Math.sqrt(energy / count) / (0.5 / Math.SQRT2))
}

function resampled (frequency: number, fromRate: number, toRate = 16000): Int16Array {
  const output = resampleToInt16(sine(frequency, fromRate), fromRate, toRate)
  if (output === null) throw new Error(`no filter for ${fromRate} -> ${toRate}`)
  return output
}

t.test('to 16 kHz from the usual rates: speech frequencies keep their level, the ones above 10 kHz are removed', async (t) => {
  for (const rate of [22050, 44100, 48000, 32000, 24000]) {
    for (const frequency of [1000, 4000, 6000]) {
      const gain = gainDb(resampled(frequency, rate))
      t.ok(Math.abs(gain) <= 0.5, `${rate} Hz: ${frequency} Hz kept within 0.5 dB (${gain.toFixed(2)} dB)`)
    }
    const at7k = gainDb(resampled(7000, rate))
    t.ok(at7k > -3, `${rate} Hz: 7 kHz loses under 3 dB (${at7k.toFixed(2)} dB)`)
    for (const frequency of [10000, 10300, 11000, 12000, 15000, 20000].filter((hz) => hz < rate / 2)) {
      const gain = gainDb(resampled(frequency, rate))
      t.ok(gain <= -45, `${rate} Hz: ${frequency} Hz attenuated by at least 45 dB (${gain.toFixed(1)} dB)`)
    }
  }
})

t.test('the output has the length of the input at the new rate', async (t) => {
  t.equal(resampled(1000, 22050).length, 16000)
  t.equal(resampleToInt16(new Float32Array(441 * 3 + 5), 22050, 16000)?.length, 960 + 3)
  t.equal(resampleToInt16(new Float32Array(48000), 48000, 16000)?.length, 16000)
  t.equal(resampleToInt16(new Float32Array(0), 44100, 16000)?.length, 0)
})

t.test('over many chunks, every output sample is where the ideal sine is: no seam, no delay', async (t) => {
  for (const rate of [22050, 48000]) {
    const seconds = 7 // seven chunks of output
    const input = new Float32Array(rate * seconds)
    for (let i = 0; i < input.length; i++) input[i] = 0.5 * Math.sin(2 * Math.PI * 1000 * i / rate)
    const output = resampleToInt16(input, rate, 16000) ?? new Int16Array(0)
    t.equal(output.length, 16000 * seconds)
    let worst = 0
    for (let n = 100; n < output.length - 100; n++) {
      worst = Math.max(worst, Math.abs((output[n] as number) - 16384 * Math.sin(2 * Math.PI * 1000 * n / 16000)))
    }
    t.ok(worst <= 40, `${rate} Hz: largest error ${worst.toFixed(1)} of 16384`)
  }
})

t.test('samples that are not numbers or infinite do not stop it (silence or full scale), and out-of-range ones are clipped', async (t) => {
  const input = new Float32Array(22050)
  input.fill(Number.NaN, 0, 2000)
  input.fill(Number.POSITIVE_INFINITY, 10000, 12000)
  input.fill(4, 15000, 17000)
  const output = resampleToInt16(input, 22050, 16000) ?? new Int16Array(0)
  t.equal(output.length, 16000)
  t.ok([0, 32767, -32768].includes(output[8000] as number), `infinity: ${output[8000]}`)
  t.equal(output[500], 0, 'NaN: silence')
  t.equal(output[11600], 32767, 'over full scale clipped')
  t.equal(output[5000], 0, 'silence after the NaNs')
})

t.test('upsampling (8 kHz telephone audio) keeps the tone', async (t) => {
  const gain = gainDb(resampled(1000, 8000))
  t.ok(Math.abs(gain) <= 0.5, `8 kHz -> 16 kHz: 1 kHz within 0.5 dB (${gain.toFixed(2)} dB)`)
})

t.test('at the same rate, 16-bit samples come back unchanged, clipped at full scale', async (t) => {
  const samples = Int16Array.from([0, 1, -1, 12345, -12345, 32767, -32768])
  const out = resampleToInt16(Float32Array.from(samples, (s) => s / 32768), 16000, 16000)
  t.same(Array.from(out ?? []), Array.from(samples))
  t.same(Array.from(resampleToInt16(Float32Array.from([1.5, -1.5]), 16000, 16000) ?? []), [32767, -32768])
})

t.test('a rate pair needing more than MAX_PHASES filter phases is left to ffmpeg', async (t) => {
  t.ok(MAX_PHASES < 16000, '44101 -> 16000 needs 16000 phases')
  t.equal(resampleToInt16(new Float32Array(100), 44101, 16000), null)
  // So is a rate above any recorder's (a Vorbis or FLAC header may claim one): its window took GBs
  // of the kernel's memory and the upload failed with a 500.
  t.equal(resampleToInt16(new Float32Array(100), 4_000_000_000, 16000), null)
  t.ok(resampleToInt16(new Float32Array(100), 768_000, 16000) !== null, 'up to 768 kHz')
})

t.test('filters are kept for a few rate pairs only: uploads at ever new rates do not grow the memory', async (t) => {
  // Each pair's coefficients were kept for good: 100 uploads at distinct rates held ~230 MB in the decoders.
  for (let i = 0; i < 3 * FILTER_CACHE_SIZE; i++) t.ok(resampleToInt16(new Float32Array(64), 96_000 + 16 * i, 16000) !== null)
  t.ok(cachedFilters() <= FILTER_CACHE_SIZE, `${cachedFilters()} filters kept`)
  // The usual rates stay cached while in use: the same output from a kept filter.
  const first = resampled(1000, 48000)
  t.same(resampled(1000, 48000), first)
})
