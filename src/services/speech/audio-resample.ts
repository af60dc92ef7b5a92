// Sample-rate conversion for decoded uploads: a polyphase windowed-sinc filter (Kaiser window),
// low-passed just below the lower of the two Nyquist frequencies so that downsampling a 22.05, 44.1
// or 48 kHz recording to 16 kHz does not fold high frequencies into speech. The coefficients of
// every phase are computed once per pair of rates (in 16-bit units, as float32).
// Speech recognition (0–7 kHz), not hi-fi, is the bar, and the cost is what a burst of uploads
// waits for: to 16 kHz, 16 taps per output sample from 22.05 kHz, 32 from 44.1, 36 from 48; a tone up
// to 6 kHz keeps its level (within 0.1 dB), 7 kHz loses ~1.6 dB, and everything from 10 kHz up is
// attenuated by more than 45 dB (test/services/speech/audio-resample.test.ts measures it).
// The multiply-adds run in a WebAssembly SIMD loop (four taps per instruction, ~5× a JavaScript
// loop), assembled below from named instructions: 250 bytes, no build step, no binary committed.
// Each thread (the decode pool's workers) keeps one small instance and feeds it fixed-size chunks,
// so its memory stays at a few hundred KB whatever the upload's length.
import { BoundedMap } from '../bounded-map.ts'
import { MAX_SAMPLE_RATE } from './wav.ts'

/** Half the kernel width, in zero crossings of the low-pass sinc. */
const ZERO_CROSSINGS = 5.7
/** The pass band's edge as a fraction of the lower Nyquist frequency (7.9 kHz for 16 kHz output). */
const CUTOFF = 0.9875
/** Kaiser window shape: ~50 dB stop band with the transition between 7.9 and 10 kHz. */
const KAISER_BETA = 4.5
/** Rate pairs needing more phases than this (odd rates) are left to ffmpeg, as are input rates above
 * any recorder's (MAX_SAMPLE_RATE): the input window grows with the ratio. */
export const MAX_PHASES = 4096
/** Output samples per call into WebAssembly: bounds the instance's memory. */
const CHUNK = 16384

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
  /** Coefficients per phase: the kernel's 2 × reach, padded with zeros to a multiple of 4. */
  rowTaps: number
  /** Whole input samples the centre moves per output sample, and the phases beyond that. */
  step: number
  rest: number
  coefficients: Float32Array
}
/** Rate pairs whose filters are kept, the most recently used: an upload at an unusual rate computes
 * its own, which then makes way (each was kept for good, up to ~10 MB apiece at distinct rates). */
export const FILTER_CACHE_SIZE = 8
const filters = new BoundedMap<string, Filter>(FILTER_CACHE_SIZE)

/** How many filters are kept (for the tests). */
export function cachedFilters (): number {
  return filters.size
}

function filterFor (fromRate: number, toRate: number): Filter | null {
  const key = `${fromRate}:${toRate}`
  const cached = filters.get(key)
  if (cached !== undefined) {
    // Most recently used last: the one set longest ago is the one to drop.
    filters.delete(key)
    filters.set(key, cached)
    return cached
  }
  const divisor = gcd(fromRate, toRate)
  const up = toRate / divisor
  const down = fromRate / divisor
  if (up > MAX_PHASES || fromRate > MAX_SAMPLE_RATE) return null
  // Relative to the input's Nyquist frequency: below 1 when downsampling, so the kernel widens.
  const cutoff = Math.min(1, toRate / fromRate) * CUTOFF
  const reach = Math.ceil(ZERO_CROSSINGS / cutoff)
  const taps = 2 * reach
  const rowTaps = Math.ceil(taps / 4) * 4
  const coefficients = new Float32Array(up * rowTaps)
  const scale = 32768 * cutoff / bessel0(KAISER_BETA)
  for (let phase = 0; phase < up; phase++) {
    for (let j = 0; j < taps; j++) {
      const x = phase / up - (j - reach + 1) // from input sample first + j to the output's position
      const window = 1 - (x / reach) ** 2
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x * cutoff) / (Math.PI * x * cutoff)
      coefficients[phase * rowTaps + j] = window <= 0 ? 0 : sinc * bessel0(KAISER_BETA * Math.sqrt(window)) * scale
    }
  }
  const filter = { up, down, reach, rowTaps, step: Math.floor(down / up), rest: down % up, coefficients }
  filters.set(key, filter)
  return filter
}

// ---- The WebAssembly kernel ----

/** The few members of the WebAssembly JavaScript API used here (the project's TypeScript libs have no DOM types). */
interface WasmMemory { readonly buffer: ArrayBuffer, grow: (pages: number) => number }
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> }
  Memory: new (descriptor: { initial: number }) => WasmMemory
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly

const uleb = (value: number): number[] => {
  const out: number[] = []
  let rest = value
  do {
    const byte = rest & 0x7F
    rest >>>= 7
    out.push(rest === 0 ? byte : byte | 0x80)
  } while (rest !== 0)
  return out
}
const name = (text: string): number[] => [...uleb(text.length), ...Buffer.from(text, 'latin1')]
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body]
const f32const = (value: number): number[] => [0x43, ...new Uint8Array(Float32Array.of(value).buffer)]
const I32 = 0x7F
const V128 = 0x7B
/** The instructions used (opcodes from the WebAssembly core and SIMD specifications). */
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0B],
  brIf: (depth: number) => [0x0D, depth],
  get: (local: number) => [0x20, local],
  set: (local: number) => [0x21, local],
  tee: (local: number) => [0x22, local],
  /** A constant from 0 to 63 (one byte of signed LEB128). */
  i32: (value: number) => [0x41, value & 0x3F],
  i32LtU: [0x49],
  i32GeU: [0x4F],
  i32Add: [0x6A],
  i32Sub: [0x6B],
  i32Mul: [0x6C],
  f32Add: [0x92],
  f32Min: [0x96],
  f32Max: [0x97],
  f32Nearest: [0x90],
  /** Saturating: NaN becomes 0 instead of a trap. */
  i32TruncSatF32S: [0xFC, 0x00],
  i32Store16: [0x3B, 1, 0],
  v128Load: [0xFD, 0x00, 0, 0],
  v128Zero: [0xFD, 0x0C, ...new Array<number>(16).fill(0)],
  f32x4Add: [0xFD, 0xE4, 0x01],
  f32x4Mul: [0xFD, 0xE6, 0x01],
  lane: (lane: number) => [0xFD, 0x1F, lane]
}

/**
 * resample(window, coefficients, rowBytes, up, stepBytes, rest, phase, output, outputEnd): for
 * each output sample, the dot product of the input from `window` with the coefficient row of
 * `phase`, rounded and clipped to 16 bits; then the window moves `stepBytes` (+4 when the phase
 * wraps). Addresses are in bytes of the imported memory.
 */
function kernelModule (): object {
  const [window, coefficients, rowBytes, up, stepBytes, rest, phase, output, outputEnd] = [0, 1, 2, 3, 4, 5, 6, 7, 8]
  const [row, input, rowEnd, sum] = [9, 10, 11, 12] // locals: three i32, one v128
  const body = [
    ...op.block, ...op.get(output), ...op.get(outputEnd), ...op.i32GeU, ...op.brIf(0),
    ...op.loop,
    ...op.v128Zero, ...op.set(sum),
    ...op.get(coefficients), ...op.get(phase), ...op.get(rowBytes), ...op.i32Mul, ...op.i32Add, ...op.tee(row),
    ...op.get(rowBytes), ...op.i32Add, ...op.set(rowEnd),
    ...op.get(window), ...op.set(input),
    // Four taps at a time.
    ...op.loop,
    ...op.get(sum), ...op.get(input), ...op.v128Load, ...op.get(row), ...op.v128Load, ...op.f32x4Mul, ...op.f32x4Add, ...op.set(sum),
    ...op.get(input), ...op.i32(16), ...op.i32Add, ...op.set(input),
    ...op.get(row), ...op.i32(16), ...op.i32Add, ...op.tee(row), ...op.get(rowEnd), ...op.i32LtU, ...op.brIf(0),
    ...op.end,
    // The four lanes summed, rounded, clipped to 16 bits and stored.
    ...op.get(output),
    ...op.get(sum), ...op.lane(0), ...op.get(sum), ...op.lane(1), ...op.f32Add,
    ...op.get(sum), ...op.lane(2), ...op.get(sum), ...op.lane(3), ...op.f32Add, ...op.f32Add,
    ...op.f32Nearest, ...f32const(32767), ...op.f32Min, ...f32const(-32768), ...op.f32Max, ...op.i32TruncSatF32S,
    ...op.i32Store16,
    // The next output's window and phase.
    ...op.get(window), ...op.get(stepBytes), ...op.i32Add, ...op.set(window),
    ...op.get(phase), ...op.get(rest), ...op.i32Add, ...op.tee(phase), ...op.get(up), ...op.i32GeU,
    ...op.if,
    ...op.get(phase), ...op.get(up), ...op.i32Sub, ...op.set(phase),
    ...op.get(window), ...op.i32(4), ...op.i32Add, ...op.set(window),
    ...op.end,
    ...op.get(output), ...op.i32(2), ...op.i32Add, ...op.tee(output), ...op.get(outputEnd), ...op.i32LtU, ...op.brIf(0),
    ...op.end,
    ...op.end,
    ...op.end
  ]
  const code = [2, 3, I32, 1, V128, ...body] // local declarations, then the body
  return new wasm.Module(Uint8Array.from([
    0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    ...section(1, [1, 0x60, 9, ...new Array<number>(9).fill(I32), 0]), // type: (9 × i32) -> ()
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01]), // import env.memory, ≥ 1 page
    ...section(3, [1, 0]), // one function, of that type
    ...section(7, [1, ...name('resample'), 0x00, 0]), // exported
    ...section(10, [1, ...uleb(code.length), ...code])
  ]))
}

interface Kernel {
  memory: WasmMemory
  resample: (window: number, coefficients: number, rowBytes: number, up: number, stepBytes: number, rest: number, phase: number, output: number, outputEnd: number) => void
}
/** This thread's instance (calls are synchronous, so one is never used by two at once). */
let kernel: Kernel | undefined

function kernelWith (bytes: number): Kernel {
  if (kernel === undefined) {
    const memory = new wasm.Memory({ initial: 1 })
    const instance = new wasm.Instance(kernelModule(), { env: { memory } })
    kernel = { memory, resample: instance.exports.resample as Kernel['resample'] }
  }
  const missing = bytes - kernel.memory.buffer.byteLength
  if (missing > 0) kernel.memory.grow(Math.ceil(missing / 65536))
  return kernel
}

/**
 * `input` (at `fromRate`, floats in [-1, 1]) converted to `toRate` as signed 16-bit samples
 * (clipped, rounded) in the same pass; null when the pair needs more than MAX_PHASES filter phases
 * or the input rate is above 768 kHz.
 * 16-bit input read as sample / 32768 comes back unchanged when the rates are equal.
 */
export function resampleToInt16 (input: Float32Array, fromRate: number, toRate: number): Int16Array | null {
  if (fromRate === toRate) return toInt16(input)
  const filter = filterFor(fromRate, toRate)
  if (filter === null) return null
  const { up, down, reach, rowTaps, step, rest, coefficients } = filter
  const length = Math.floor(input.length * up / down)
  const output = new Int16Array(length)
  // Memory: the coefficients, one chunk's input window, one chunk's output.
  const windowLength = Math.ceil(CHUNK * down / up) + rowTaps + 8
  const windowAt = coefficients.byteLength // a multiple of 16: rowTaps is a multiple of 4
  const outputAt = windowAt + windowLength * 4
  const { memory, resample } = kernelWith(outputAt + CHUNK * 2)
  const floats = new Float32Array(memory.buffer)
  floats.set(coefficients, 0)
  for (let start = 0; start < length; start += CHUNK) {
    const count = Math.min(CHUNK, length - start)
    // The input from the first tap of output `start` to the last tap of the chunk's last output.
    const first = Math.floor(start * down / up) - reach + 1
    const end = Math.floor((start + count - 1) * down / up) - reach + 1 + rowTaps
    const window = floats.subarray(windowAt / 4, windowAt / 4 + end - first)
    const from = Math.min(input.length, Math.max(0, first))
    const to = Math.max(from, Math.min(input.length, end))
    window.fill(0, 0, from - first)
    window.set(input.subarray(from, to), from - first)
    window.fill(0, to - first)
    resample(windowAt, 0, rowTaps * 4, up, step * 4, rest, (start * down) % up, outputAt, outputAt + count * 2)
    output.set(new Int16Array(memory.buffer, outputAt, count), start)
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
