// Reads the Opus packets out of a WebM (Matroska) file, as Chromium's and Firefox's MediaRecorder
// write it: one audio track, SimpleBlocks without lacing, Segment and Clusters of unknown size.
// Anything else (another codec, laced blocks, several channels mapped) is reported unsupported and
// left to ffmpeg. Only the elements on the path to the blocks are entered; the rest is skipped by size.

export interface WebmOpus {
  /** From the OpusHead in CodecPrivate. */
  channels: number
  preSkip: number
  packets: Uint8Array[]
}

export class WebmUnsupportedError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'WebmUnsupportedError'
  }
}

const SEGMENT = 0x18538067
const TRACKS = 0x1654AE6B
const TRACK_ENTRY = 0xAE
const CLUSTER = 0x1F43B675
const BLOCK_GROUP = 0xA0
const TRACK_NUMBER = 0xD7
const TRACK_TYPE = 0x83
const CODEC_ID = 0x86
const CODEC_PRIVATE = 0x63A2
const SIMPLE_BLOCK = 0xA3
const BLOCK = 0xA1
/** Masters read inline (their size ignored, so an unknown size is fine). */
const ENTERED = new Set([SEGMENT, TRACKS, TRACK_ENTRY, CLUSTER, BLOCK_GROUP])
const AUDIO_TRACK = 2

interface Vint { value: number, length: number, unknown: boolean }

/** An EBML variable-length integer at `at`; `keepMarker` for element IDs. */
function readVint (data: Uint8Array, at: number, keepMarker: boolean): Vint | null {
  const first = data[at]
  if (first === undefined || first === 0) return null
  const length = Math.clz32(first) - 23
  if (at + length > data.length) return null
  let value = keepMarker ? first : first & (0xFF >> length)
  let allOnes = value === (0xFF >> length)
  for (let i = 1; i < length; i++) {
    const byte = data[at + i] as number
    value = value * 256 + byte
    allOnes &&= byte === 0xFF
  }
  return { value, length, unknown: !keepMarker && allOnes }
}

interface Track { number?: number, type?: number, codec?: string, codecPrivate?: Uint8Array }

/** Throws WebmUnsupportedError when the file is not a plain Opus recording this reader understands. */
export function readWebmOpus (data: Uint8Array): WebmOpus {
  const tracks: Track[] = []
  const blocks: Array<{ track: number, payload: Uint8Array }> = []
  let at = 0
  while (at < data.length) {
    const id = readVint(data, at, true)
    if (id === null) break
    const size = readVint(data, at + id.length, false)
    if (size === null) break
    const body = at + id.length + size.length
    if (ENTERED.has(id.value)) {
      if (id.value === TRACK_ENTRY) tracks.push({})
      at = body
      continue
    }
    if (size.unknown) throw new WebmUnsupportedError('an element of unknown size outside the segment and clusters')
    // A recording cut short ends inside its last element: keep what came before it.
    if (body + size.value > data.length) break
    const payload = data.subarray(body, body + size.value)
    const track = tracks.at(-1)
    switch (id.value) {
      case TRACK_NUMBER: if (track !== undefined) track.number = readUint(payload); break
      case TRACK_TYPE: if (track !== undefined) track.type = readUint(payload); break
      case CODEC_ID: if (track !== undefined) track.codec = new TextDecoder().decode(payload).replace(/\0+$/, ''); break
      case CODEC_PRIVATE: if (track !== undefined) track.codecPrivate = payload; break
      case SIMPLE_BLOCK:
      case BLOCK: {
        const number = readVint(payload, 0, false)
        if (number === null || payload.length < number.length + 3) break
        const flags = payload[number.length + 2] as number
        if ((flags & 0x06) !== 0) throw new WebmUnsupportedError('laced blocks')
        blocks.push({ track: number.value, payload: payload.subarray(number.length + 3) })
        break
      }
    }
    at = body + size.value
  }
  const audio = tracks.find((track) => track.type === AUDIO_TRACK)
  // Not a variant ffmpeg could read better: there is no audio to find (damaged or cut short).
  if (audio === undefined) throw new Error('no audio track')
  if (audio.codec !== 'A_OPUS') throw new WebmUnsupportedError(`codec ${audio.codec ?? 'unknown'}`)
  const head = audio.codecPrivate
  if (head === undefined || head.length < 19 || new TextDecoder().decode(head.subarray(0, 8)) !== 'OpusHead') throw new WebmUnsupportedError('no OpusHead')
  const channels = head[9] as number
  const mappingFamily = head[18] as number
  if (mappingFamily !== 0 || channels < 1 || channels > 2) throw new WebmUnsupportedError(`Opus channel mapping ${mappingFamily} with ${channels} channels`)
  return {
    channels,
    preSkip: (head[10] as number) | ((head[11] as number) << 8),
    packets: blocks.filter((block) => block.track === audio.number).map((block) => block.payload)
  }
}

function readUint (bytes: Uint8Array): number {
  let value = 0
  for (const byte of bytes) value = value * 256 + byte
  return value
}
