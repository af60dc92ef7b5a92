// Sample-rate conversion for decoded uploads: a polyphase windowed-sinc filter (Kaiser window),
// low-passed just below the lower of the two Nyquist frequencies so that downsampling a 22.05, 44.1
// or 48 kHz recording to 16 kHz does not fold high frequencies into speech. The coefficients of
// every phase are computed once per pair of rates (in 16-bit units, as float32), leaving a plain
// multiply-add loop per output sample.
// Speech recognition (0–7 kHz), not hi-fi, is the bar, and the cost is what a burst of uploads
// waits for: to 16 kHz, 16 taps per output sample from 22.05 kHz, 32 from 44.1, 36 from 48; a tone up
// to 6 kHz keeps its level (within 0.1 dB), 7 kHz loses ~1.6 dB, and everything from 10 kHz up is
// attenuated by more than 45 dB (test/services/speech/audio-resample.test.ts measures it).

/** Half the kernel width, in zero crossings of the low-pass sinc. */
const ZERO_CROSSINGS = 5.7
/** The pass band's edge as a fraction of the lower Nyquist frequency (7.9 kHz for 16 kHz output). */
const CUTOFF = 0.9875
/** Kaiser window shape: ~50 dB stop band with the transition between 7.9 and 10 kHz. */
const KAISER_BETA = 4.5
/** Rate pairs needing more phases than this (odd rates) are left to ffmpeg. */
export const MAX_PHASES = 4096

function gcd (a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b)
}

/** The modified Bessel function of the first kind, order 0 (its series converges fast for x ≤ 10). */
function bessel0 (x: number): number {
  let sum = 1
  let term = 1
  for (let k = 1; k < 30; k++) {
    term *= (x / (2 * k)) ** 2
    sum += term
  }
  return sum
}

interface Filter {
  up: number
  down: number
  /** Input samples each side of the centre. */
  reach: number
  taps: number
  /** Whole input samples the centre moves per output sample, and the phases beyond that. */
  step: number
  rest: number
  coefficients: Float32Array
}
const filters = new Map<string, Filter>()

function filterFor (fromRate: number, toRate: number): Filter | null {
  const key = `${fromRate}:${toRate}`
  const cached = filters.get(key)
  if (cached !== undefined) return cached
  const divisor = gcd(fromRate, toRate)
  const up = toRate / divisor
  const down = fromRate / divisor
  if (up > MAX_PHASES) return null
  // Relative to the input's Nyquist frequency: below 1 when downsampling, so the kernel widens.
  const cutoff = Math.min(1, toRate / fromRate) * CUTOFF
  const reach = Math.ceil(ZERO_CROSSINGS / cutoff)
  const taps = 2 * reach
  const coefficients = new Float32Array(up * taps)
  const scale = 32768 * cutoff / bessel0(KAISER_BETA)
  for (let phase = 0; phase < up; phase++) {
    for (let j = 0; j < taps; j++) {
      const x = phase / up - (j - reach + 1) // from input sample first + j to the output's position
      const window = 1 - (x / reach) ** 2
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x * cutoff) / (Math.PI * x * cutoff)
      coefficients[phase * taps + j] = window <= 0 ? 0 : sinc * bessel0(KAISER_BETA * Math.sqrt(window)) * scale
    }
  }
  const filter = { up, down, reach, taps, step: Math.floor(down / up), rest: down % up, coefficients }
  filters.set(key, filter)
  return filter
}

/**
 * `input` (at `fromRate`, floats in [-1, 1]) converted to `toRate` as signed 16-bit samples
 * (clipped, rounded) in the same pass; null when the pair needs more than MAX_PHASES filter phases.
 * 16-bit input read as sample / 32768 comes back unchanged when the rates are equal.
 */
export function resampleToInt16 (input: Float32Array, fromRate: number, toRate: number): Int16Array | null {
  if (fromRate === toRate) return toInt16(input)
  const filter = filterFor(fromRate, toRate)
  if (filter === null) return null
  const { up, down, reach, taps, step, rest, coefficients } = filter
  const length = Math.floor(input.length * up / down)
  const output = new Int16Array(length)
  const inputLength = input.length
  let centre = 0
  let phase = 0
  for (let n = 0; n < length; n++) {
    const first = centre - reach + 1
    let at = phase * taps
    // Two sums (taps is even): independent multiply-adds run side by side.
    let even = 0
    let odd = 0
    if (first >= 0 && first + taps <= inputLength) {
      const end = at + taps
      for (let k = first; at < end; at += 2, k += 2) {
        even += input[k] * coefficients[at]
        odd += input[k + 1] * coefficients[at + 1]
      }
    } else {
      for (let j = 0; j < taps; j++) {
        const k = first + j
        if (k >= 0 && k < inputLength) even += input[k] * coefficients[at + j]
      }
    }
    output[n] = clip16(even + odd)
    centre += step
    phase += rest
    if (phase >= up) { phase -= up; centre++ }
  }
  return output
}

function clip16 (scaled: number): number {
  const rounded = Math.round(scaled)
  return rounded > 32767 ? 32767 : rounded < -32768 ? -32768 : rounded
}

/** Float samples in [-1, 1] as signed 16-bit (clipped, rounded). */
function toInt16 (samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length)
  for (let i = 0; i < samples.length; i++) out[i] = clip16(samples[i] * 32768)
  return out
}
