// Audio container detection from the first bytes of an upload (magic bytes). The decoder trusts the
// content, never the file name or the client's content type: a sniffed format only says the file
// is worth handing to ffmpeg, and the upload is accepted only once ffmpeg has decoded it.

export type AudioFormat = 'wav' | 'mp3' | 'flac' | 'ogg' | 'm4a' | 'webm'

/** Accepted formats, in the order they are listed to users. */
export const AUDIO_FORMATS: readonly AudioFormat[] = ['wav', 'mp3', 'flac', 'ogg', 'm4a', 'webm']

/** Human-readable names for error messages and documentation. */
export const AUDIO_FORMAT_NAMES: Readonly<Record<AudioFormat, string>> = {
  wav: 'WAV',
  mp3: 'MP3',
  flac: 'FLAC',
  ogg: 'Ogg (Opus or Vorbis)',
  m4a: 'M4A/MP4 (AAC)',
  webm: 'WebM/Matroska'
}

/** Bytes `sniffAudioFormat` looks at; fewer are fine for a short file, more are ignored. */
export const SNIFF_BYTES = 64

// ISO base media (MP4) brands that carry audio. Image formats built on the same container (HEIC,
// AVIF: brands heic, mif1, avif, ...) are deliberately absent.
const MP4_BRANDS = new Set([
  'M4A ', 'M4B ', 'M4P ', 'M4V ', 'F4A ', 'F4V ', 'mp41', 'mp42', 'mp71', 'isom', 'iso2', 'iso3', 'iso4',
  'iso5', 'iso6', 'avc1', 'dash', 'MSNV', 'mmp4', 'qt  ', '3gp4', '3gp5', '3gp6', '3gp7', '3gg6', '3ge6',
  '3ge7', '3g2a', '3g2b', '3g2c'
])

function ascii (head: Uint8Array, start: number, length: number): string {
  if (head.length < start + length) return ''
  return String.fromCharCode(...head.subarray(start, start + length))
}

function isWav (head: Uint8Array): boolean {
  const riff = ascii(head, 0, 4)
  return (riff === 'RIFF' || riff === 'RF64' || riff === 'BW64') && ascii(head, 8, 4) === 'WAVE'
}

function isId3v2 (head: Uint8Array): boolean {
  // "ID3", major version 2..4, revision != 0xFF, flags, then a 28-bit synchsafe size (MSBs clear).
  return ascii(head, 0, 3) === 'ID3' && head.length >= 10 &&
    head[3] >= 2 && head[3] <= 4 && head[4] !== 0xFF &&
    (head[6] | head[7] | head[8] | head[9]) < 0x80
}

function isMpegAudioFrame (head: Uint8Array): boolean {
  if (head.length < 4 || head[0] !== 0xFF || (head[1] & 0xE0) !== 0xE0) return false
  const version = (head[1] >> 3) & 0x03 // 01 is reserved
  const layer = (head[1] >> 1) & 0x03 // 00 is reserved (and is what ADTS AAC uses)
  const bitrate = head[2] >> 4 // 1111 is invalid
  const sampleRate = (head[2] >> 2) & 0x03 // 11 is reserved
  return version !== 1 && layer !== 0 && bitrate !== 0x0F && sampleRate !== 0x03
}

function isMp4Audio (head: Uint8Array): boolean {
  if (ascii(head, 4, 4) !== 'ftyp') return false
  const boxSize = ((head[0] << 24) >>> 0) + (head[1] << 16) + (head[2] << 8) + head[3]
  if (boxSize < 16) return false
  if (MP4_BRANDS.has(ascii(head, 8, 4))) return true
  // Compatible brands (after the 4-byte minor version), as far as the head reaches.
  const end = Math.min(boxSize, head.length)
  for (let offset = 16; offset + 4 <= end; offset += 4) {
    if (MP4_BRANDS.has(ascii(head, offset, 4))) return true
  }
  return false
}

/**
 * The audio container of a file from its first bytes (`SNIFF_BYTES` are enough), or null when it
 * is none of the accepted formats. ID3-tagged files are reported as mp3.
 */
export function sniffAudioFormat (head: Uint8Array): AudioFormat | null {
  if (isWav(head)) return 'wav'
  if (ascii(head, 0, 4) === 'fLaC') return 'flac'
  if (ascii(head, 0, 4) === 'OggS' && head.length > 4 && head[4] === 0) return 'ogg'
  if (head.length >= 4 && head[0] === 0x1A && head[1] === 0x45 && head[2] === 0xDF && head[3] === 0xA3) return 'webm'
  if (isMp4Audio(head)) return 'm4a'
  if (isId3v2(head) || isMpegAudioFrame(head)) return 'mp3'
  return null
}

/** "WAV, MP3, FLAC, Ogg (Opus or Vorbis), M4A/MP4 (AAC), WebM/Matroska" */
export function describeAudioFormats (): string {
  return AUDIO_FORMATS.map((format) => AUDIO_FORMAT_NAMES[format]).join(', ')
}

interface Mp4Box {
  type: string
  start: number
  end: number
  headerSize: number
}

/** The boxes between `start` and `end`, or null when they do not tile the range exactly. */
function readMp4Boxes (buf: Buffer, start: number, end: number): Mp4Box[] | null {
  const boxes: Mp4Box[] = []
  let offset = start
  while (offset < end) {
    if (offset + 8 > end) return null
    const size32 = buf.readUInt32BE(offset)
    const type = buf.toString('latin1', offset + 4, offset + 8)
    let headerSize = 8
    let size = size32
    if (size32 === 1) {
      if (offset + 16 > end) return null
      size = Number(buf.readBigUInt64BE(offset + 8))
      headerSize = 16
    } else if (size32 === 0) {
      size = end - offset
    }
    if (size < headerSize || offset + size > end) return null
    boxes.push({ type, start: offset, end: offset + size, headerSize })
    offset += size
  }
  return boxes
}

const CHUNK_OFFSET_PATH = new Set(['trak', 'mdia', 'minf', 'stbl'])

/**
 * Adds `shift` to every chunk offset (stco/co64 entry) of `moov` that lies in [from, to).
 * Returns false when the index is malformed.
 */
function shiftChunkOffsets (moov: Buffer, box: Mp4Box, shift: number, from: number, to: number): boolean {
  const children = readMp4Boxes(moov, box.start + box.headerSize, box.end)
  if (children === null) return false
  for (const child of children) {
    if (CHUNK_OFFSET_PATH.has(child.type)) {
      if (!shiftChunkOffsets(moov, child, shift, from, to)) return false
    } else if (child.type === 'stco' || child.type === 'co64') {
      const wide = child.type === 'co64'
      const entries = child.start + child.headerSize + 8 // after version/flags and entry_count
      if (entries > child.end) return false
      const count = moov.readUInt32BE(entries - 4)
      if (entries + count * (wide ? 8 : 4) > child.end) return false
      for (let i = 0; i < count; i++) {
        const at = entries + i * (wide ? 8 : 4)
        const offset = wide ? Number(moov.readBigUInt64BE(at)) : moov.readUInt32BE(at)
        if (offset < from || offset >= to) continue
        if (wide) moov.writeBigUInt64BE(BigInt(offset + shift), at)
        else moov.writeUInt32BE(offset + shift, at)
      }
    }
  }
  return true
}

/**
 * An MP4/M4A file with its index (the moov box) moved in front of the media data, as
 * `qt-faststart` and `-movflags +faststart` do. Phones and ffmpeg write moov last, and ffmpeg
 * cannot read such a file from a pipe (it would have to seek back); rewritten, it streams.
 * Returns the input unchanged when moov already comes first or the layout is not understood
 * (ffmpeg then judges the file itself).
 */
export function moveMp4IndexToFront (file: Buffer): Buffer {
  // Below 4 GiB every shifted offset and size still fits the 32-bit fields it came from.
  if (file.length > 0xFFFFFFFF) return file
  const boxes = readMp4Boxes(file, 0, file.length)
  if (boxes === null) return file
  const moov = boxes.find((box) => box.type === 'moov')
  const firstMdat = boxes.find((box) => box.type === 'mdat')
  if (moov === undefined || firstMdat === undefined || moov.start < firstMdat.start) return file
  const shift = moov.end - moov.start
  const moved = Buffer.from(file.subarray(moov.start, moov.end))
  const movedBox: Mp4Box = { ...moov, start: 0, end: shift }
  // A size of 0 means "up to the end of the file", which stops being true once moov moves.
  if (moved.readUInt32BE(0) === 0) moved.writeUInt32BE(shift, 0)
  if (!shiftChunkOffsets(moved, movedBox, shift, firstMdat.start, moov.start)) return file
  return Buffer.concat([
    file.subarray(0, firstMdat.start),
    moved,
    file.subarray(firstMdat.start, moov.start),
    file.subarray(moov.end)
  ])
}
