// Bit-level writing for the FLAC encoder (audio-flac-encoder.ts): a growable MSB-first bit writer,
// FLAC's UTF-8-style frame numbers, and the CRC-8 / CRC-16 that end a frame header and a frame
// (RFC 9639). Kept apart from the encoder's choices (predictor order, Rice parameters).
export const CRC8 = new Uint8Array(256)
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
// CRC-16 four bytes at a time ("slicing by 4"): CRC16_BY[n][x] is the CRC of byte x followed by n
// zero bytes, so four table look-ups replace a chain of four dependent ones.
const CRC16_BY = [CRC16, new Uint16Array(256), new Uint16Array(256), new Uint16Array(256)] as const
for (let n = 1; n < 4; n++) {
  for (let i = 0; i < 256; i++) {
    const previous = CRC16_BY[n - 1][i] as number
    CRC16_BY[n][i] = ((previous << 8) & 0xFFFF) ^ (CRC16[previous >> 8] as number)
  }
}

/** The CRC-16 (polynomial 0x8005, as FLAC frames end with) of bytes[start, end). */
export function crc16 (bytes: Uint8Array, start: number, end: number): number {
  const [t1, t2, t3, t4] = [CRC16_BY[0], CRC16_BY[1], CRC16_BY[2], CRC16_BY[3]]
  let crc = 0
  let i = start
  for (; i + 4 <= end; i += 4) {
    crc = t4[(crc >> 8) ^ bytes[i]] ^ t3[(crc & 0xFF) ^ bytes[i + 1]] ^ t2[bytes[i + 2]] ^ t1[bytes[i + 3]]
  }
  for (; i < end; i++) crc = ((crc << 8) & 0xFFFF) ^ t1[(crc >> 8) ^ bytes[i]]
  return crc
}

export class BitWriter {
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

  /**
   * The Rice codes of `values[from, to)` (zigzagged) with parameter `k`: the unary quotient, its
   * stop bit and the low bits in one step, gathered 32 bits at a time in locals and written a word
   * at a time.
   */
  rice (values: Int32Array, from: number, to: number, k: number): void {
    // The fast path writes at most 4 bytes per value.
    while (this.bytes.length - this.length < 4 * (to - from) + 8) this.grow()
    let bytes = this.bytes
    const mask = (1 << k) - 1
    const stop = 1 << k
    let acc = this.acc
    let bits = this.bits
    let length = this.length
    for (let i = from; i < to; i++) {
      const u = values[i] as number
      const count = (u >>> k) + 1 + k
      if (count > 24) {
        // A long quotient (rare): through the general writer, from under 8 pending bits.
        while (bits >= 8) { bits -= 8; bytes[length++] = acc >>> bits }
        this.acc = acc & ((1 << bits) - 1)
        this.bits = bits
        this.length = length
        this.unary(u >>> k)
        this.write(u & mask, k)
        while (this.bytes.length - this.length < 4 * (to - i) + 8) this.grow()
        bytes = this.bytes
        acc = this.acc
        bits = this.bits
        length = this.length
        continue
      }
      const code = stop | (u & mask)
      const free = 32 - bits
      if (count < free) {
        acc = (acc << count) | code
        bits += count
      } else {
        const over = count - free
        const word = (acc << free) | (code >>> over)
        bytes[length] = word >>> 24
        bytes[length + 1] = word >>> 16
        bytes[length + 2] = word >>> 8
        bytes[length + 3] = word
        length += 4
        acc = code & ((1 << over) - 1)
        bits = over
      }
    }
    // Back to the writer's state: under 8 pending bits.
    while (bits >= 8) { bits -= 8; bytes[length++] = acc >>> bits }
    this.acc = acc & ((1 << bits) - 1)
    this.bits = bits
    this.length = length
  }

  alignToByte (): void { if (this.bits > 0) this.write(0, 8 - this.bits) }

  private grow (): void {
    const bigger = new Uint8Array(this.bytes.length * 2)
    bigger.set(this.bytes)
    this.bytes = bigger
  }
}

export function utf8Number (writer: BitWriter, value: number): void {
  if (value < 0x80) { writer.write(value, 8); return }
  let bytes = 2
  while (value >= 2 ** (5 * bytes + 1)) bytes++
  writer.write(((0xFF00 >> bytes) & 0xFF) | Math.floor(value / 2 ** (6 * (bytes - 1))), 8)
  for (let i = bytes - 2; i >= 0; i--) writer.write(0x80 | (Math.floor(value / 2 ** (6 * i)) & 0x3F), 8)
}
