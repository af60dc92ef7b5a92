// A small FLAC encoder for what the emotion API needs: mono, 16-bit, fixed block size, each
// subframe the best of constant, verbatim or a fixed predictor (orders 0–4) with Rice-coded
// residuals in up to 16 partitions. It compresses speech to roughly half of its PCM, about what
// `flac -1` does, in a few milliseconds; STREAMINFO carries the sample count and MD5 (RFC 9639).
import { createHash } from 'node:crypto'

const BLOCK_SIZE = 4096
const MAX_RICE_PARAMETER = 14
const MAX_PARTITION_ORDER = 4

const CRC8 = new Uint8Array(256)
const CRC16 = new Uint16Array(256)
for (let i = 0; i < 256; i++) {
  let c8 = i
  let c16 = i << 8
  for (let bit = 0; bit < 8; bit++) {
    c8 = (c8 & 0x80) !== 0 ? ((c8 << 1) ^ 0x07) & 0xFF : (c8 << 1) & 0xFF
    c16 = (c16 & 0x8000) !== 0 ? ((c16 << 1) ^ 0x8005) & 0xFFFF : (c16 << 1) & 0xFFFF
  }
  CRC8[i] = c8
  CRC16[i] = c16
}

const SAMPLE_RATE_CODES: Readonly<Record<number, number>> = { 88200: 1, 176400: 2, 192000: 3, 8000: 4, 16000: 5, 22050: 6, 24000: 7, 32000: 8, 44100: 9, 48000: 10 }

class BitWriter {
  bytes: Uint8Array
  length = 0
  private acc = 0
  private bits = 0

  constructor (capacity: number) { this.bytes = new Uint8Array(capacity) }

  /** Writes the low `count` (≤ 24) bits of `value`. */
  write (value: number, count: number): void {
    if (count === 0) return
    this.acc = (this.acc << count) | (value & ((1 << count) - 1))
    this.bits += count
    while (this.bits >= 8) {
      this.bits -= 8
      if (this.length === this.bytes.length) this.grow()
      this.bytes[this.length++] = (this.acc >>> this.bits) & 0xFF
    }
    this.acc &= (1 << this.bits) - 1
  }

  /** `zeros` zero bits, then a one. */
  unary (zeros: number): void {
    let left = zeros
    while (left >= 24) { this.write(0, 24); left -= 24 }
    this.write(1, left + 1)
  }

  alignToByte (): void { if (this.bits > 0) this.write(0, 8 - this.bits) }

  private grow (): void {
    const bigger = new Uint8Array(this.bytes.length * 2)
    bigger.set(this.bytes)
    this.bytes = bigger
  }
}

function utf8Number (writer: BitWriter, value: number): void {
  if (value < 0x80) { writer.write(value, 8); return }
  let bytes = 2
  while (value >= 2 ** (5 * bytes + 1)) bytes++
  writer.write(((0xFF00 >> bytes) & 0xFF) | Math.floor(value / 2 ** (6 * (bytes - 1))), 8)
  for (let i = bytes - 2; i >= 0; i--) writer.write(0x80 | (Math.floor(value / 2 ** (6 * i)) & 0x3F), 8)
}

/** Residual of the fixed predictor of `order` for samples [start, end). */
function fixedResidual (x: Int16Array, start: number, end: number, order: number, out: Int32Array): void {
  let j = 0
  switch (order) {
    case 0: for (let i = start; i < end; i++) out[j++] = x[i]; break
    case 1: for (let i = start + 1; i < end; i++) out[j++] = x[i] - x[i - 1]; break
    case 2: for (let i = start + 2; i < end; i++) out[j++] = x[i] - 2 * x[i - 1] + x[i - 2]; break
    case 3: for (let i = start + 3; i < end; i++) out[j++] = x[i] - 3 * x[i - 1] + 3 * x[i - 2] - x[i - 3]; break
    default: for (let i = start + 4; i < end; i++) out[j++] = x[i] - 4 * x[i - 1] + 6 * x[i - 2] - 4 * x[i - 3] + x[i - 4]
  }
}

/**
 * The fixed predictor order (0–4, below n) whose residual has the smallest magnitude, as libFLAC's
 * search does: the five sums in one pass over the block.
 */
function bestFixedOrder (x: Int16Array, start: number, end: number): number {
  const sums = [0, 0, 0, 0, 0]
  // The first samples, where only the lower orders have a residual.
  const head = Math.min(end, start + 4)
  for (let i = start; i < head; i++) {
    const k = i - start
    sums[0] += Math.abs(x[i])
    if (k >= 1) sums[1] += Math.abs(x[i] - x[i - 1])
    if (k >= 2) sums[2] += Math.abs(x[i] - 2 * x[i - 1] + x[i - 2])
    if (k >= 3) sums[3] += Math.abs(x[i] - 3 * x[i - 1] + 3 * x[i - 2] - x[i - 3])
  }
  let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0; let s4 = 0
  for (let i = head; i < end; i++) {
    const a = x[i]; const b = x[i - 1]; const c = x[i - 2]; const d = x[i - 3]; const e = x[i - 4]
    s0 += Math.abs(a)
    s1 += Math.abs(a - b)
    s2 += Math.abs(a - 2 * b + c)
    s3 += Math.abs(a - 3 * b + 3 * c - d)
    s4 += Math.abs(a - 4 * b + 6 * c - 4 * d + e)
  }
  sums[0] += s0; sums[1] += s1; sums[2] += s2; sums[3] += s3; sums[4] += s4
  let bestOrder = 0
  for (let order = 1; order <= 4 && order < end - start; order++) if (sums[order] < sums[bestOrder]) bestOrder = order
  return bestOrder
}

interface RicePlan { partitionOrder: number, parameters: number[], bits: number }

function riceParameter (sum: number, count: number): number {
  if (count === 0 || sum < count) return 0
  return Math.min(MAX_RICE_PARAMETER, Math.floor(Math.log2(sum / count)))
}

/**
 * The cheapest partitioning of `residual` (zigzagged in place) by estimated bits: the sums of the
 * finest partitioning are taken once and merged pairwise for the coarser ones.
 */
function planRice (residual: Int32Array, count: number, blockSize: number, order: number): RicePlan {
  for (let i = 0; i < count; i++) residual[i] = (residual[i] << 1) ^ (residual[i] >> 31)
  let finest = 0
  while (finest < MAX_PARTITION_ORDER && blockSize % (2 << finest) === 0 && blockSize / (2 << finest) > order) finest++
  const fine = 1 << finest
  const fineSize = blockSize / fine
  const sums = new Array<number>(fine)
  for (let p = 0, at = 0; p < fine; p++) {
    const size = fineSize - (p === 0 ? order : 0)
    let sum = 0
    for (let i = at; i < at + size; i++) sum += residual[i]
    sums[p] = sum
    at += size
  }
  let best: RicePlan | undefined
  for (let partitionOrder = 0; partitionOrder <= finest; partitionOrder++) {
    const partitions = 1 << partitionOrder
    const merge = fine / partitions
    const parameters: number[] = []
    let bits = 0
    for (let p = 0; p < partitions; p++) {
      const size = blockSize / partitions - (p === 0 ? order : 0)
      let sum = 0
      for (let q = p * merge; q < (p + 1) * merge; q++) sum += sums[q] as number
      const k = riceParameter(sum, size)
      parameters.push(k)
      bits += 4 + size * (k + 1) + Math.floor(sum / 2 ** k)
    }
    if (best === undefined || bits < best.bits) best = { partitionOrder, parameters, bits }
  }
  return best as RicePlan
}

function writeSubframe (writer: BitWriter, x: Int16Array, start: number, end: number, residual: Int32Array): void {
  const n = end - start
  let constant = true
  for (let i = start + 1; i < end && constant; i++) constant = x[i] === x[start]
  if (constant) {
    writer.write(0x00, 8)
    writer.write(x[start] & 0xFFFF, 16)
    return
  }
  const bestOrder = bestFixedOrder(x, start, end)
  fixedResidual(x, start, end, bestOrder, residual)
  const plan = planRice(residual, n - bestOrder, n, bestOrder)
  if (plan.bits + 6 + bestOrder * 16 >= n * 16) {
    writer.write(0x02, 8) // verbatim
    for (let i = start; i < end; i++) writer.write(x[i] & 0xFFFF, 16)
    return
  }
  writer.write((0x08 | bestOrder) << 1, 8)
  for (let i = 0; i < bestOrder; i++) writer.write(x[start + i] & 0xFFFF, 16)
  writer.write(0, 2) // Rice coding with 4-bit parameters
  writer.write(plan.partitionOrder, 4)
  const partitions = 1 << plan.partitionOrder
  let at = 0
  for (let p = 0; p < partitions; p++) {
    const k = plan.parameters[p] as number
    const size = n / partitions - (p === 0 ? bestOrder : 0)
    writer.write(k, 4)
    const mask = (1 << k) - 1
    for (let i = at; i < at + size; i++) {
      const u = residual[i] >>> 0
      const high = u >>> k
      // The unary quotient, its stop bit and the low bits in one write when they fit.
      if (high + 1 + k <= 24) {
        writer.write((1 << k) | (u & mask), high + 1 + k)
      } else {
        writer.unary(high)
        writer.write(u & mask, k)
      }
    }
    at += size
  }
}

/** Mono 16-bit `samples` at `sampleRate` as a complete FLAC file. */
export function encodeFlac (samples: Int16Array, sampleRate: number): Uint8Array {
  const total = samples.length
  const writer = new BitWriter(total * 2 + 1024)
  const residual = new Int32Array(BLOCK_SIZE)
  writer.write(0x664C6143 >>> 8, 24) // "fLa"
  writer.write(0x43, 8) // "C"
  writer.write(0x80, 8) // last metadata block, STREAMINFO
  writer.write(34, 24)
  const blockSize = Math.max(16, Math.min(BLOCK_SIZE, total))
  writer.write(blockSize, 16)
  writer.write(blockSize, 16)
  const frameSizesAt = writer.length
  writer.write(0, 24)
  writer.write(0, 24)
  writer.write(sampleRate >> 4, 16)
  writer.write(((sampleRate & 0x0F) << 4) | (0 << 1) | 0, 8) // low rate bits, channels-1 (0), bps-1 high bit (0)
  writer.write((15 << 4) | Math.floor(total / 2 ** 32), 8) // bps-1 low bits (15), total samples high 4 bits
  writer.write((total >>> 16) & 0xFFFF, 16)
  writer.write(total & 0xFFFF, 16)
  const md5 = createHash('md5').update(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength)).digest()
  for (const byte of md5) writer.write(byte, 8)

  let minFrame = Infinity
  let maxFrame = 0
  const rateCode = SAMPLE_RATE_CODES[sampleRate] ?? 0
  for (let start = 0, frame = 0; start < total; start += BLOCK_SIZE, frame++) {
    const end = Math.min(total, start + BLOCK_SIZE)
    const n = end - start
    const frameStart = writer.length
    const sizeCode = n === BLOCK_SIZE ? 12 : n <= 256 ? 6 : 7
    writer.write(0xFFF8, 16) // sync, fixed block size
    writer.write((sizeCode << 4) | rateCode, 8)
    writer.write(0x08, 8) // mono, 16 bits per sample
    utf8Number(writer, frame)
    if (sizeCode === 6) writer.write(n - 1, 8)
    if (sizeCode === 7) writer.write(n - 1, 16)
    let crc8 = 0
    for (let i = frameStart; i < writer.length; i++) crc8 = CRC8[crc8 ^ (writer.bytes[i] as number)] as number
    writer.write(crc8, 8)
    writeSubframe(writer, samples, start, end, residual)
    writer.alignToByte()
    let crc16 = 0
    for (let i = frameStart; i < writer.length; i++) crc16 = ((crc16 << 8) & 0xFFFF) ^ (CRC16[(crc16 >> 8) ^ (writer.bytes[i] as number)] as number)
    writer.write(crc16, 16)
    const size = writer.length - frameStart
    minFrame = Math.min(minFrame, size)
    maxFrame = Math.max(maxFrame, size)
  }
  const out = writer.bytes.subarray(0, writer.length)
  if (maxFrame > 0) {
    out[frameSizesAt] = (minFrame >> 16) & 0xFF
    out[frameSizesAt + 1] = (minFrame >> 8) & 0xFF
    out[frameSizesAt + 2] = minFrame & 0xFF
    out[frameSizesAt + 3] = (maxFrame >> 16) & 0xFF
    out[frameSizesAt + 4] = (maxFrame >> 8) & 0xFF
    out[frameSizesAt + 5] = maxFrame & 0xFF
  }
  return out
}
