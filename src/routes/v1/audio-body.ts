// The JSON answer of POST /v1/audio as a Buffer, byte for byte what the route's schema serializer
// writes for it, without a ~1 MB base64 string: making the string, the serializer's scan of it for
// characters to escape (~6 ms for 0.5 MB) and the socket write's conversion of it to UTF-8 (~6 ms)
// all ran on the event loop. The serializer writes everything else (with the audio as ""), and the
// WAV is base64-encoded straight into its place.

/** Bytes encoded per step: a multiple of 3 (no padding inside), 32 KB of text, a young-generation string. */
const STEP = 3 * 8192

/**
 * Writes `data` base64-encoded (RFC 4648, padded) into `out` from `offset`; returns the end offset.
 * Node's native encoder a step at a time: ~0.2 ms per MB, where a JavaScript table encoder took ~1 ms
 * and one string of the whole would be a large object for the old generation's collector.
 */
export function writeBase64 (data: Buffer, out: Buffer, offset: number): number {
  let at = offset
  for (let from = 0; from < data.length; from += STEP) {
    at += out.write(data.toString('base64', from, Math.min(data.length, from + STEP)), at, 'latin1')
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
export function jsonWithAudio (serializedWithEmptyAudio: string, wav: Buffer): Buffer {
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
