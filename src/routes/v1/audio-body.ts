// The JSON answer of POST /v1/audio as a Buffer, byte for byte what the route's schema serializer
// writes for it, without a ~1 MB base64 string: making the string, the serializer's scan of it for
// characters to escape (~6 ms for 0.5 MB) and the socket write's conversion of it to UTF-8 (~6 ms)
// all ran on the event loop. The serializer writes everything else (with the audio as ""), and the
// WAV is base64-encoded straight into its place from its pieces (never joined into one buffer).

/** Bytes encoded per step: a multiple of 3 (no padding inside), 32 KB of text, a young-generation string. */
const STEP = 3 * 8192

/**
 * Writes the bytes of `pieces`, in order, base64-encoded as one (RFC 4648, padded) into `out` from
 * `offset`; returns the end offset. Node's native encoder a step at a time: ~0.2 ms per MB, where a
 * JavaScript table encoder took ~1 ms and one string of the whole would be a large object for the old
 * generation's collector. The 1–2 bytes a piece ends with beyond a multiple of 3 are encoded with
 * the start of the next, so the pieces never need copying into one buffer.
 */
export function writeBase64 (pieces: Buffer | readonly Buffer[], out: Buffer, offset: number): number {
  let at = offset
  let carry: Buffer = Buffer.alloc(0) // < 3 bytes of the pieces before, not written yet
  for (const piece of Buffer.isBuffer(pieces) ? [pieces] : pieces) {
    let from = 0
    if (carry.length > 0) {
      from = Math.min(3 - carry.length, piece.length)
      carry = Buffer.concat([carry, piece.subarray(0, from)])
      if (carry.length < 3) continue
      at += out.write(carry.toString('base64'), at, 'latin1')
    }
    const whole = from + Math.floor((piece.length - from) / 3) * 3
    for (let step = from; step < whole; step += STEP) {
      at += out.write(piece.toString('base64', step, Math.min(whole, step + STEP)), at, 'latin1')
    }
    carry = piece.subarray(whole)
  }
  if (carry.length > 0) at += out.write(carry.toString('base64'), at, 'latin1')
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
 * the WAV (one buffer, or its pieces in order) base64-encoded into the empty string: equal to
 * Buffer.from(serialize(answer with audio = Buffer.concat(pieces).toString('base64'))). Throws when
 * the serialized text has no empty `audio` member.
 */
export function jsonWithAudio (serializedWithEmptyAudio: string, wav: Buffer | readonly Buffer[]): Buffer {
  const at = serializedWithEmptyAudio.lastIndexOf(`${EMPTY_AUDIO}"`)
  if (at === -1) throw new Error('the serialized answer has no empty "audio" member')
  const head = serializedWithEmptyAudio.slice(0, at + EMPTY_AUDIO.length)
  const tail = serializedWithEmptyAudio.slice(at + EMPTY_AUDIO.length)
  const headBytes = Buffer.byteLength(head)
  const wavBytes = Buffer.isBuffer(wav) ? wav.length : wav.reduce((sum, piece) => sum + piece.length, 0)
  const audioBytes = Math.ceil(wavBytes / 3) * 4
  const body = Buffer.allocUnsafe(headBytes + audioBytes + Buffer.byteLength(tail))
  body.write(head, 0, 'utf8')
  writeBase64(wav, body, headBytes)
  body.write(tail, headBytes + audioBytes, 'utf8')
  return body
}
