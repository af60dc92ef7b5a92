// RIFF/WAVE reading and writing for what the speech providers send and expect. Streaming encoders
// (espeak-ng --stdout, ffmpeg to a pipe, OpenAI's /audio/speech) cannot seek back to patch sizes, so
// their RIFF and data sizes are placeholders (0x7fffffff, 0xffffffff, 0): the buffer length wins.
// Format reference: http://soundfile.sapp.org/doc/WaveFormat/

/** The highest rate recorders write (DXD's 768 kHz): a header claiming more is not a recording. */
export const MAX_SAMPLE_RATE = 768_000

export type WavErrorCode = 'INVALID_WAV' | 'WAV_FORMAT_MISMATCH'

/** Bytes that are not a WAV file we can use, or WAVs that cannot be joined. Callers map it to their domain. */
export class WavFormatError extends Error {
  readonly code: WavErrorCode

  constructor (code: WavErrorCode, message: string) {
    super(message)
    this.name = 'WavFormatError'
    this.code = code
  }
}

export interface WavFormat {
  sampleRate: number
  channels: number
  bitsPerSample: number
  /** 1 integer PCM, 3 IEEE float (WAVE_FORMAT_EXTENSIBLE is resolved to its sub-format). */
  audioFormat?: number
}

export interface WavInfo {
  sampleRate: number
  channels: number
  bitsPerSample: number
  audioFormat: number
  /** Bytes per sample frame (all channels). */
  blockAlign: number
  dataOffset: number
  /** Whole frames only, never past the end of the buffer. */
  dataLength: number
  durationSeconds: number
}

const PCM = 1
const IEEE_FLOAT = 3
const EXTENSIBLE = 0xfffe
const HEADER_BYTES = 44

function fourCC (buf: Buffer, offset: number): string {
  return buf.toString('latin1', offset, offset + 4)
}

/** Cheap sniff: starts like a RIFF/WAVE file. */
export function looksLikeWav (buf: Buffer): boolean {
  return buf.length >= 12 && fourCC(buf, 0) === 'RIFF' && fourCC(buf, 8) === 'WAVE'
}

/**
 * Chunks walked before the audio is found. Writers put a handful before it (fmt, fact, LIST, bext,
 * iXML, JUNK, cue); a file of thousands of empty chunks is not a recording, and the upload path hands
 * a WAV this reader refuses to ffmpeg, which judges it.
 */
const MAX_CHUNKS = 64

type WavFormatFields = Omit<WavInfo, 'dataOffset' | 'dataLength' | 'durationSeconds'>

function readFmt (buf: Buffer, body: number, size: number): WavFormatFields {
  if (size < 16) throw new WavFormatError('INVALID_WAV', 'WAV fmt chunk is too short')
  let audioFormat = buf.readUInt16LE(body)
  const channels = buf.readUInt16LE(body + 2)
  const sampleRate = buf.readUInt32LE(body + 4)
  const bitsPerSample = buf.readUInt16LE(body + 14)
  if (audioFormat === EXTENSIBLE && size >= 26) audioFormat = buf.readUInt16LE(body + 24)
  if (audioFormat !== PCM && audioFormat !== IEEE_FLOAT) {
    throw new WavFormatError('INVALID_WAV', `Unsupported WAV encoding ${audioFormat} (only PCM and float)`)
  }
  if (channels < 1 || sampleRate < 1 || sampleRate > MAX_SAMPLE_RATE || ![8, 16, 24, 32, 64].includes(bitsPerSample)) {
    throw new WavFormatError('INVALID_WAV', `Implausible WAV format: ${channels} ch, ${sampleRate} Hz, ${bitsPerSample} bit`)
  }
  // Recomputed rather than read: some encoders write a wrong blockAlign.
  return { audioFormat, channels, sampleRate, bitsPerSample, blockAlign: channels * bitsPerSample / 8 }
}

function withData (format: WavFormatFields, dataOffset: number, length: number): WavInfo {
  const dataLength = length - (length % format.blockAlign)
  return { ...format, dataOffset, dataLength, durationSeconds: dataLength / (format.sampleRate * format.blockAlign) }
}

/**
 * Finds the fmt and data chunks in any order (RIFF allows it; the usual order is fmt first), within
 * the buffer and MAX_CHUNKS. A data chunk before fmt must state its size: a streamed placeholder
 * there leaves nowhere to look for fmt.
 */
export function parseWav (buf: Buffer): WavInfo {
  if (!looksLikeWav(buf)) throw new WavFormatError('INVALID_WAV', 'Not a RIFF/WAVE file')
  const riffSize = buf.readUInt32LE(4)
  const streamed = riffSize === 0 || riffSize >= 0x7fff0000
  let format: WavFormatFields | undefined
  let data: { offset: number, size: number } | undefined
  let offset = 12
  for (let chunks = 0; offset + 8 <= buf.length; chunks++) {
    if (chunks === MAX_CHUNKS) throw new WavFormatError('INVALID_WAV', `WAV has over ${MAX_CHUNKS} chunks before its audio`)
    const id = fourCC(buf, offset)
    const size = buf.readUInt32LE(offset + 4)
    const body = offset + 8
    const available = buf.length - body
    if (id === 'data') {
      const placeholder = size >= 0x7fff0000 || (size === 0 && streamed)
      if (format !== undefined) return withData(format, body, placeholder || size > available ? available : size)
      if (placeholder) throw new WavFormatError('INVALID_WAV', 'WAV data chunk of unknown size comes before its fmt chunk')
      data ??= { offset: body, size }
    }
    if (size > available) throw new WavFormatError('INVALID_WAV', `WAV chunk "${id}" is truncated`)
    if (id === 'fmt ') {
      format = readFmt(buf, body, size)
      if (data !== undefined) return withData(format, data.offset, data.size)
    }
    offset = body + size + (size % 2) // chunks are padded to an even size
  }
  throw new WavFormatError('INVALID_WAV', format === undefined ? 'WAV has no fmt chunk' : 'WAV has no data chunk')
}

/** The audio samples of a WAV (a view, not a copy). */
export function wavSamples (buf: Buffer): Buffer {
  const info = parseWav(buf)
  return buf.subarray(info.dataOffset, info.dataOffset + info.dataLength)
}

export const WAV_HEADER_BYTES = HEADER_BYTES

/**
 * Writes the canonical 44-byte header of a WAV holding `dataLength` bytes of samples into the start
 * of `target` (the one RIFF/WAVE header writer of the service). An odd data chunk is padded by one byte.
 */
export function writeWavHeader (target: Uint8Array, dataLength: number, format: WavFormat): void {
  const blockAlign = format.channels * format.bitsPerSample / 8
  if (!Number.isInteger(blockAlign) || blockAlign < 1) throw new WavFormatError('INVALID_WAV', 'Bits per sample must be a multiple of 8')
  const header = Buffer.from(target.buffer, target.byteOffset, HEADER_BYTES)
  header.write('RIFF', 0, 'latin1')
  header.writeUInt32LE(HEADER_BYTES - 8 + dataLength + (dataLength % 2), 4)
  header.write('WAVE', 8, 'latin1')
  header.write('fmt ', 12, 'latin1')
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(format.audioFormat ?? PCM, 20)
  header.writeUInt16LE(format.channels, 22)
  header.writeUInt32LE(format.sampleRate, 24)
  header.writeUInt32LE(format.sampleRate * blockAlign, 28)
  header.writeUInt16LE(blockAlign, 32)
  header.writeUInt16LE(format.bitsPerSample, 34)
  header.write('data', 36, 'latin1')
  header.writeUInt32LE(dataLength, 40)
}

/** A canonical 44-byte-header WAV around raw samples (one copy of them). */
export function makeWav (pcm: Uint8Array, format: WavFormat): Buffer {
  const blockAlign = format.channels * format.bitsPerSample / 8
  if (!Number.isInteger(blockAlign) || blockAlign < 1) throw new WavFormatError('INVALID_WAV', 'Bits per sample must be a multiple of 8')
  const dataLength = pcm.length - (pcm.length % blockAlign)
  const wav = Buffer.allocUnsafe(HEADER_BYTES + dataLength + (dataLength % 2))
  writeWavHeader(wav, dataLength, format)
  wav.set(pcm.subarray(0, dataLength), HEADER_BYTES)
  if (dataLength % 2 === 1) wav[HEADER_BYTES + dataLength] = 0
  return wav
}

function silentSamples (format: WavFormat, seconds: number): Buffer {
  const blockAlign = format.channels * format.bitsPerSample / 8
  const frames = Math.max(0, Math.round(seconds * format.sampleRate))
  // Unsigned 8-bit PCM is silent at 128, every other encoding at 0.
  const silent = format.bitsPerSample === 8 && (format.audioFormat ?? PCM) === PCM ? 0x80 : 0
  return Buffer.alloc(frames * blockAlign, silent)
}

export function silenceWav (seconds: number, sampleRate: number, format: { channels?: number, bitsPerSample?: number } = {}): Buffer {
  const full = { sampleRate, channels: format.channels ?? 1, bitsPerSample: format.bitsPerSample ?? 16 }
  return makeWav(silentSamples(full, seconds), full)
}

/**
 * The same audio with a canonical header and exact sizes (extra chunks dropped). A canonical input is
 * handed back as it is. With `inPlace` the caller hands the buffer over (a provider's answer that
 * nothing else holds): the canonical header is written over the 44 bytes before the samples, which a
 * valid WAV always has (its RIFF and fmt chunks and the data chunk's header), and the result is a view
 * of the same memory; the samples are not copied (~1 MB for a three-sentence answer at 16 kHz).
 */
export function normalizeWav (buf: Buffer, options: { inPlace?: boolean } = {}): Buffer {
  const info = parseWav(buf)
  const samples = buf.subarray(info.dataOffset, info.dataOffset + info.dataLength)
  // Already canonical (as this service writes it): the same buffer, not a copy.
  if (info.dataOffset === HEADER_BYTES && buf.length === HEADER_BYTES + info.dataLength + (info.dataLength % 2)) {
    const header = Buffer.alloc(HEADER_BYTES)
    writeWavHeader(header, info.dataLength, info)
    if (header.equals(buf.subarray(0, HEADER_BYTES))) return buf
  }
  // An odd data chunk needs a zero pad byte after it, which the input may lack: copied then.
  if (options.inPlace === true && info.dataOffset >= HEADER_BYTES && info.dataLength % 2 === 0) {
    const start = info.dataOffset - HEADER_BYTES
    writeWavHeader(buf.subarray(start), info.dataLength, info)
    return buf.subarray(start, info.dataOffset + info.dataLength)
  }
  return makeWav(samples, info)
}

function sameFormat (a: WavInfo, b: WavInfo): boolean {
  return a.sampleRate === b.sampleRate && a.channels === b.channels && a.bitsPerSample === b.bitsPerSample && a.audioFormat === b.audioFormat
}

function describe (info: WavInfo): string {
  return `${info.sampleRate} Hz ${info.channels} ch ${info.bitsPerSample} bit${info.audioFormat === IEEE_FLOAT ? ' float' : ''}`
}

/**
 * One WAV holding every input in order, with `gapSeconds` of silence between consecutive inputs
 * (a breath between sentences), as consecutive pieces: its header, then each input's samples (views
 * of the inputs, not copies) with the gaps between them. `Buffer.concat` of the pieces is the file;
 * a writer that takes pieces (the JSON answer's base64) never needs it in one buffer. Inputs must
 * share one format: resampling is not this module's job.
 */
export function joinedWavPieces (wavs: Buffer[], options: { gapSeconds?: number } = {}): Buffer[] {
  const gapSeconds = options.gapSeconds ?? 0.15
  if (wavs.length === 0) throw new WavFormatError('INVALID_WAV', 'No WAV to join')
  const infos = wavs.map((wav) => parseWav(wav))
  const first = infos[0]
  const gap = silentSamples(first, gapSeconds)
  let dataLength = 0
  for (const [index, info] of infos.entries()) {
    if (!sameFormat(first, info)) {
      throw new WavFormatError('WAV_FORMAT_MISMATCH', `Cannot join WAVs of different formats (${describe(first)} and ${describe(info)})`)
    }
    dataLength += (index > 0 ? gap.length : 0) + info.dataLength
  }
  const header = Buffer.alloc(HEADER_BYTES)
  writeWavHeader(header, dataLength, first)
  const pieces: Buffer[] = [header]
  for (const [index, info] of infos.entries()) {
    if (index > 0 && gap.length > 0) pieces.push(gap)
    pieces.push((wavs[index] as Buffer).subarray(info.dataOffset, info.dataOffset + info.dataLength))
  }
  if (dataLength % 2 === 1) pieces.push(Buffer.alloc(1)) // the pad byte after an odd data chunk
  return pieces
}
