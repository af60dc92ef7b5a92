// Sample-rate conversion for decoded uploads: a windowed-sinc (Blackman) interpolator with the
// kernel precomputed in a table, low-passed at the lower of the two Nyquist frequencies so that
// downsampling a 44.1/48 kHz recording to 16 kHz does not fold high frequencies into speech.
// Speech recognition, not hi-fi, is the bar: 8 zero crossings each side is plenty.

const ZERO_CROSSINGS = 8
/** Table entries per zero crossing; linear interpolation between them. */
const RESOLUTION = 256

let kernelTable: Float32Array | undefined

function kernel (): Float32Array {
  if (kernelTable !== undefined) return kernelTable
  const size = ZERO_CROSSINGS * RESOLUTION + 2
  const table = new Float32Array(size)
  for (let i = 0; i < size; i++) {
    const x = i / RESOLUTION
    if (x >= ZERO_CROSSINGS) continue
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x)
    const phase = Math.PI * (x / ZERO_CROSSINGS + 1) // Blackman over [-Z, Z], centred
    const window = 0.42 - 0.5 * Math.cos(phase) + 0.08 * Math.cos(2 * phase)
    table[i] = sinc * window
  }
  kernelTable = table
  return table
}

/** `input` (at `fromRate`) converted to `toRate`; the same array when the rates are equal. */
export function resample (input: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate) return input
  const table = kernel()
  const step = fromRate / toRate
  // Below 1 when downsampling: the kernel widens and the pass band narrows to the output's Nyquist.
  const cutoff = Math.min(1, toRate / fromRate) * 0.97
  const reach = Math.ceil(ZERO_CROSSINGS / cutoff)
  const length = Math.floor(input.length / step)
  const output = new Float32Array(length)
  const last = input.length - 1
  for (let n = 0; n < length; n++) {
    const t = n * step
    const centre = Math.floor(t)
    let sum = 0
    const from = Math.max(0, centre - reach + 1)
    const to = Math.min(last, centre + reach)
    for (let k = from; k <= to; k++) {
      const position = Math.abs(t - k) * cutoff * RESOLUTION
      const index = position | 0
      if (index >= ZERO_CROSSINGS * RESOLUTION) continue
      const fraction = position - index
      sum += input[k] * (table[index] + (table[index + 1] - table[index]) * fraction)
    }
    output[n] = sum * cutoff
  }
  return output
}

/** Float samples in [-1, 1] as signed 16-bit (clipped, rounded). */
export function toInt16 (samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length)
  for (let i = 0; i < samples.length; i++) {
    const scaled = Math.round(samples[i] * 32767)
    out[i] = scaled > 32767 ? 32767 : scaled < -32768 ? -32768 : scaled
  }
  return out
}
