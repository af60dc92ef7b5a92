// The JSON answer of POST /v1/audio as a Buffer, byte for byte what the route's schema serializer
// writes for it, without a ~0.5 MB base64 string: making the string (Buffer#toString, ~3 ms), the
// serializer's scan of it for characters to escape (~6 ms) and the socket write's conversion of it
// to UTF-8 (~6 ms) all ran on the event loop. The serializer writes everything else (with the audio
// as ""), and the WAV is base64-encoded straight into its place (~0.5 ms for 400 KB).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const PAD = 0x3d // '='
/** The two base64 characters of every 12-bit value: the first in the low byte, the second in the high byte. */
const PAIRS = Uint16Array.from({ length: 4096 }, (_, value) => ALPHABET.charCodeAt(value >> 6) | (ALPHABET.charCodeAt(value & 63) << 8))

/** Writes `data` base64-encoded (RFC 4648, padded) into `out` from `offset`; returns the end offset. */
export function writeBase64 (data: Uint8Array, out: Uint8Array, offset: number): number {
  let at = offset
  const whole = data.length - (data.length % 3)
  for (let i = 0; i < whole; i += 3) {
    const bits = ((data[i] as number) << 16) | ((data[i + 1] as number) << 8) | (data[i + 2] as number)
    const high = PAIRS[bits >>> 12] as number
    const low = PAIRS[bits & 4095] as number
    out[at] = high & 255
    out[at + 1] = high >>> 8
    out[at + 2] = low & 255
    out[at + 3] = low >>> 8
    at += 4
  }
  if (whole < data.length) {
    const second = whole + 1 < data.length
    const bits = ((data[whole] as number) << 16) | (second ? (data[whole + 1] as number) << 8 : 0)
    const high = PAIRS[bits >>> 12] as number
    out[at] = high & 255
    out[at + 1] = high >>> 8
    out[at + 2] = second ? ALPHABET.charCodeAt((bits >>> 6) & 63) : PAD
    out[at + 3] = PAD
    at += 4
  }
  return at
}

/**
 * The top-level `audio` member with an empty value. Quotes inside JSON strings are escaped, so `,"`
 * only occurs between members, and no member after `audio` (audio_format, sample_rate, exec_time,
 * warnings) holds an object with an `audio` key: the last occurrence is the one.
 */
const EMPTY_AUDIO = ',"audio":"'

/**
 * `serializedWithEmptyAudio` (the schema serializer's output for the answer with `audio: ""`) with
 * `wav` base64-encoded into the empty string: equal to Buffer.from(serialize(answer with audio =
 * wav.toString('base64'))). Throws when the serialized text has no empty `audio` member.
 */
export function jsonWithAudio (serializedWithEmptyAudio: string, wav: Uint8Array): Buffer {
  const at = serializedWithEmptyAudio.lastIndexOf(`${EMPTY_AUDIO}"`)
  if (at === -1) throw new Error('the serialized answer has no empty "audio" member')
  const head = serializedWithEmptyAudio.slice(0, at + EMPTY_AUDIO.length)
  const tail = serializedWithEmptyAudio.slice(at + EMPTY_AUDIO.length)
  const headBytes = Buffer.byteLength(head)
  const audioBytes = Math.ceil(wav.length / 3) * 4
  const body = Buffer.allocUnsafe(headBytes + audioBytes + Buffer.byteLength(tail))
  body.write(head, 0, 'utf8')
  writeBase64(wav, body, headBytes)
  body.write(tail, headBytes + audioBytes, 'utf8')
  return body
}
