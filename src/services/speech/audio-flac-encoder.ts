// A small FLAC encoder for what the emotion API needs: mono, 16-bit, fixed block size, each
// subframe the best of constant, verbatim or a fixed predictor (orders 0–4) with Rice-coded
// residuals in up to 16 partitions. It compresses speech to roughly half of its PCM, about what
// `flac -1` does, in a few milliseconds; STREAMINFO carries the sample count and MD5 (RFC 9639).
import { createHash } from 'node:crypto'
import { BitWriter, CRC8, crc16, utf8Number } from './flac-bits.ts'

const BLOCK_SIZE = 4096
const MAX_RICE_PARAMETER = 14
const MAX_PARTITION_ORDER = 4

const SAMPLE_RATE_CODES: Readonly<Record<number, number>> = { 88200: 1, 176400: 2, 192000: 3, 8000: 4, 16000: 5, 22050: 6, 24000: 7, 32000: 8, 44100: 9, 48000: 10 }

/**
 * Residual of the fixed predictor of `order` for samples [start, end), zigzagged (0, -1, 1, -2, …
 * as 0, 1, 2, 3, …) as Rice coding wants it.
 */
function fixedResidual (x: Int16Array, start: number, end: number, order: number, out: Int32Array): void {
  let j = 0
  let r: number
  switch (order) {
    case 0: for (let i = start; i < end; i++) { r = x[i]; out[j++] = (r << 1) ^ (r >> 31) } break
    case 1: for (let i = start + 1; i < end; i++) { r = x[i] - x[i - 1]; out[j++] = (r << 1) ^ (r >> 31) } break
    case 2: for (let i = start + 2; i < end; i++) { r = x[i] - 2 * x[i - 1] + x[i - 2]; out[j++] = (r << 1) ^ (r >> 31) } break
    case 3: for (let i = start + 3; i < end; i++) { r = x[i] - 3 * x[i - 1] + 3 * x[i - 2] - x[i - 3]; out[j++] = (r << 1) ^ (r >> 31) } break
    default: for (let i = start + 4; i < end; i++) { r = x[i] - 4 * x[i - 1] + 6 * x[i - 2] - 4 * x[i - 3] + x[i - 4]; out[j++] = (r << 1) ^ (r >> 31) }
  }
}

/**
 * The fixed predictor order (0–4, below n) whose residual has the smallest magnitude, as libFLAC's
 * search does: the five sums in one pass over the block, each order's residual the difference of
 * the one below it and its predecessor.
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
  if (head < end) {
    // The residuals of orders 0–3 at sample head - 1.
    let e0 = x[head - 1]
    let e1 = e0 - x[head - 2]
    let e2 = e1 - (x[head - 2] - x[head - 3])
    let e3 = e2 - (x[head - 2] - 2 * x[head - 3] + x[head - 4])
    let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0; let s4 = 0
    for (let i = head; i < end; i++) {
      const n0 = x[i]
      const n1 = n0 - e0
      const n2 = n1 - e1
      const n3 = n2 - e2
      const n4 = n3 - e3
      // Branch-free magnitudes (the signs of speech residuals are a coin toss for a branch predictor).
      s0 += (n0 ^ (n0 >> 31)) - (n0 >> 31)
      s1 += (n1 ^ (n1 >> 31)) - (n1 >> 31)
      s2 += (n2 ^ (n2 >> 31)) - (n2 >> 31)
      s3 += (n3 ^ (n3 >> 31)) - (n3 >> 31)
      s4 += (n4 ^ (n4 >> 31)) - (n4 >> 31)
      e0 = n0; e1 = n1; e2 = n2; e3 = n3
    }
    sums[0] += s0; sums[1] += s1; sums[2] += s2; sums[3] += s3; sums[4] += s4
  }
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
 * The cheapest partitioning of the zigzagged `residual` by estimated bits: the sums of the finest
 * partitioning are taken once and merged pairwise for the coarser ones.
 */
function planRice (residual: Int32Array, blockSize: number, order: number): RicePlan {
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
  const plan = planRice(residual, n, bestOrder)
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
    writer.rice(residual, at, at + size, k)
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
    writer.write(crc16(writer.bytes, frameStart, writer.length), 16)
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
