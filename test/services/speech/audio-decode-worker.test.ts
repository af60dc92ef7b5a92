// The decoder thread's task function, called in this thread: it frees the buffers it makes (and its
// copy of the upload) when a decode ends, instead of leaving them to its rare garbage collections.
import { valueSymbol } from 'piscina'
import t from 'tap'
import decodeUpload, { type DecodeTask } from '../../../src/services/speech/audio-decode-worker.ts'
import { encode, speak, wavInfo } from '../../support/helpers/audio-fixtures.ts'

const speech = await speak('Pendaftaran mahasiswa baru dibuka pada bulan Mei.', { voice: 'id' })
const { sampleRate: speechRate, durationSeconds } = wavInfo(speech)

/** The result as the pool's caller receives it: outside a worker, piscina's `move` wraps it. */
async function decode (task: DecodeTask): Promise<Awaited<ReturnType<typeof decodeUpload>>> {
  const result = await decodeUpload(task) as unknown
  return (typeof result === 'object' && result !== null && valueSymbol in result ? result[valueSymbol] : result) as Awaited<ReturnType<typeof decodeUpload>>
}

function detached (view: ArrayBufferView): boolean {
  return (view.buffer as ArrayBuffer).detached
}

/** Byte lengths of the ArrayBuffers released (detached through `transfer`) while `run` runs. */
async function released<T> (run: () => Promise<T>): Promise<{ result: T, bytes: number[] }> {
  const bytes: number[] = []
  const transfer = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'transfer') as PropertyDescriptor
  const original = transfer.value as (this: ArrayBuffer, length?: number) => ArrayBuffer
  // eslint-disable-next-line no-extend-native -- counts what the decoder releases; restored below
  Object.defineProperty(ArrayBuffer.prototype, 'transfer', {
    ...transfer,
    value: function (this: ArrayBuffer, length?: number) {
      bytes.push(this.byteLength)
      return original.call(this, length)
    }
  })
  try {
    return { result: await run(), bytes }
  } finally {
    Object.defineProperty(ArrayBuffer.prototype, 'transfer', transfer) // eslint-disable-line no-extend-native -- restores it
  }
}

function task (data: Buffer, format: DecodeTask['format'], maxSeconds = 60): DecodeTask {
  // The thread gets a copy of the upload with a buffer of its own, as a posted message has.
  return { data: new Uint8Array(data), format, sampleRate: 16000, maxSeconds }
}

t.test('a decoded WAV: its copy of the upload, the float samples, the 16-bit samples and the FLAC are freed; the result is not', async (t) => {
  const input = task(speech, 'wav')
  const { result, bytes } = await released(async () => await decode(input))
  if (!(result instanceof Uint8Array)) throw new Error(`not decoded: ${JSON.stringify(result)}`)
  t.ok(detached(input.data), 'the upload copy is released')
  t.notOk(detached(result), 'the result is intact')
  const frames = Math.round(durationSeconds * speechRate)
  const outSamples = Math.floor(frames * 16000 / speechRate)
  t.ok(bytes.includes(speech.length), 'the upload copy')
  t.ok(bytes.some((length) => Math.abs(length - frames * 4) <= 8), `the float samples (${frames} frames)`)
  t.ok(bytes.some((length) => Math.abs(length - outSamples * 2) <= 8), 'the 16-bit samples')
  t.ok(bytes.reduce((sum, length) => sum + length, 0) >= speech.length + frames * 4 + outSamples * 2 + 1000, 'the FLAC too')
  t.equal(Buffer.from(result.buffer, result.byteOffset).readUInt32LE(40), outSamples * 2, 'the WAV holds the 16-bit samples')
  t.equal(Buffer.from(result.subarray(44 + outSamples * 2, 44 + outSamples * 2 + 4)).toString('latin1'), 'fLaC')
})

t.test('MP3 decoded chunk by chunk: every chunk of samples and the joined samples are freed', async (t) => {
  const mp3 = await encode(speech, 'mp3')
  const input = task(mp3, 'mp3')
  const { result, bytes } = await released(async () => await decode(input))
  if (!(result instanceof Uint8Array)) throw new Error(`not decoded: ${JSON.stringify(result)}`)
  t.ok(detached(input.data), 'the upload copy is released')
  // The samples were copied out before their chunks were released: speech, not silence.
  const view = Buffer.from(result.buffer, result.byteOffset, result.byteLength)
  const samples = view.readUInt32LE(40) / 2
  let loud = 0
  for (let i = 0; i < samples; i++) if (Math.abs(view.readInt16LE(44 + 2 * i)) > 1000) loud++
  t.ok(loud > samples / 20, `${loud} of ${samples} samples are loud`)
  const floatBytes = bytes.filter((length) => length % 4 === 0 && length !== mp3.length)
  // Each chunk's samples, then the whole recording's: together at least twice the recording as floats.
  t.ok(floatBytes.length > 2, `chunks and the joined samples (${floatBytes.length})`)
  t.ok(floatBytes.reduce((sum, length) => sum + length, 0) >= 2 * durationSeconds * 22050 * 4 * 0.9)
})

t.test('a refused or undecodable upload is released too', async (t) => {
  const tooLong = task(speech, 'wav', 1)
  t.match(await decode(tooLong), { ok: false, reason: 'too_long' })
  t.ok(detached(tooLong.data))
  const garbage = task(Buffer.alloc(64 * 1024, 0x5a), 'mp3')
  t.match(await decode(garbage), { ok: false })
  t.ok(detached(garbage.data))
})
