// Sample-rate conversion for decoded uploads: a polyphase windowed-sinc (Blackman) filter,
// low-passed at the lower of the two Nyquist frequencies so that downsampling a 44.1/48 kHz
// recording to 16 kHz does not fold high frequencies into speech. The coefficients of every phase
// are computed once per pair of rates, leaving a plain multiply-add loop per output sample.
// Speech recognition, not hi-fi, is the bar: 8 zero crossings each side is plenty.

const ZERO_CROSSINGS = 8
/** Rate pairs needing more phases than this (odd rates) are left to ffmpeg. */
export const MAX_PHASES = 4096

function gcd (a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b)
}

function windowedSinc (x: number): number {
  if (Math.abs(x) >= ZERO_CROSSINGS) return 0
  const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x)
  const phase = Math.PI * (x / ZERO_CROSSINGS + 1) // Blackman over [-Z, Z], centred
  return sinc * (0.42 - 0.5 * Math.cos(phase) + 0.08 * Math.cos(2 * phase))
}

interface Filter { up: number, down: number, reach: number, taps: number, coefficients: Float64Array }
const filters = new Map<string, Filter>()

function filterFor (fromRate: number, toRate: number): Filter | null {
  const key = `${fromRate}:${toRate}`
  const cached = filters.get(key)
  if (cached !== undefined) return cached
  const divisor = gcd(fromRate, toRate)
  const up = toRate / divisor
  const down = fromRate / divisor
  if (up > MAX_PHASES) return null
  // Below 1 when downsampling: the kernel widens and the pass band narrows to the output's Nyquist.
  const cutoff = Math.min(1, toRate / fromRate) * 0.97
  const reach = Math.ceil(ZERO_CROSSINGS / cutoff)
  const taps = 2 * reach
  const coefficients = new Float64Array(up * taps)
  for (let phase = 0; phase < up; phase++) {
    const fraction = phase / up
    for (let j = 0; j < taps; j++) {
      const offset = j - reach + 1 // input sample centre + offset
      coefficients[phase * taps + j] = windowedSinc((fraction - offset) * cutoff) * cutoff
    }
  }
  const filter = { up, down, reach, taps, coefficients }
  filters.set(key, filter)
  return filter
}

/**
 * `input` (at `fromRate`, floats in [-1, 1]) converted to `toRate` as signed 16-bit samples
 * (clipped, rounded) in the same pass; null when the pair needs more than MAX_PHASES filter phases.
 */
export function resampleToInt16 (input: Float32Array, fromRate: number, toRate: number): Int16Array | null {
  if (fromRate === toRate) return toInt16(input)
  const filter = filterFor(fromRate, toRate)
  if (filter === null) return null
  const { up, down, reach, taps, coefficients } = filter
  const length = Math.floor(input.length * up / down)
  const output = new Int16Array(length)
  const inputLength = input.length
  let centre = 0
  let phase = 0
  for (let n = 0; n < length; n++) {
    const first = centre - reach + 1
    const base = phase * taps
    let sum = 0
    if (first >= 0 && first + taps <= inputLength) {
      for (let j = 0; j < taps; j++) sum += input[first + j] * coefficients[base + j]
    } else {
      for (let j = 0; j < taps; j++) {
        const k = first + j
        if (k >= 0 && k < inputLength) sum += input[k] * coefficients[base + j]
      }
    }
    output[n] = clip16(sum)
    phase += down
    while (phase >= up) { phase -= up; centre++ }
  }
  return output
}

function clip16 (sample: number): number {
  const scaled = Math.round(sample * 32767)
  return scaled > 32767 ? 32767 : scaled < -32768 ? -32768 : scaled
}

/** Float samples in [-1, 1] as signed 16-bit (clipped, rounded). */
function toInt16 (samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length)
  for (let i = 0; i < samples.length; i++) out[i] = clip16(samples[i])
  return out
}
