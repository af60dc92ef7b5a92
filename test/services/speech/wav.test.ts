import { test } from 'tap'
import { WavFormatError, joinedWavPieces, makeWav, normalizeWav, parseWav, silenceWav, wavSamples } from '../../../src/services/speech/wav.ts'
import { toneWav } from '../../support/fakes/prosa-tts.ts'
import { listInfo, riffChunk, riffWave, wavChunks } from '../../support/helpers/riff-chunks.ts'

/** The joined WAV in one buffer, as a client receives it. */
const joinWavs = (wavs: Buffer[], options?: { gapSeconds?: number }): Buffer => Buffer.concat(joinedWavPieces(wavs, options))

function pcm16 (values: number[]): Buffer {
  const buf = Buffer.alloc(values.length * 2)
  values.forEach((value, i) => buf.writeInt16LE(value, i * 2))
  return buf
}

test('makeWav writes a canonical header that parseWav reads back', async (t) => {
  const samples = pcm16([1, -1, 1000, -1000, 32767, -32768])
  const wav = makeWav(samples, { sampleRate: 16000, channels: 1, bitsPerSample: 16 })
  t.equal(wav.length, 44 + samples.length)
  t.equal(wav.toString('latin1', 0, 4), 'RIFF')
  t.equal(wav.readUInt32LE(4), wav.length - 8, 'RIFF size')
  t.equal(wav.readUInt32LE(28), 32000, 'byte rate')
  t.equal(wav.readUInt32LE(40), samples.length, 'data size')
  const info = parseWav(wav)
  t.match(info, { sampleRate: 16000, channels: 1, bitsPerSample: 16, audioFormat: 1, blockAlign: 2, dataOffset: 44, dataLength: 12 })
  t.equal(info.durationSeconds, 6 / 16000)
  t.same(wavSamples(wav), samples)
})

test('espeak-ng style streaming headers: sizes 0x7fffffff / 0xffffffff, the buffer length wins', async (t) => {
  for (const placeholder of [0x7ffff024, 0x7fffffff, 0xffffffff]) {
    const wav = makeWav(pcm16(new Array(22050).fill(0)), { sampleRate: 22050, channels: 1, bitsPerSample: 16 })
    wav.writeUInt32LE(placeholder, 4)
    wav.writeUInt32LE(placeholder, 40)
    const info = parseWav(wav)
    t.equal(info.dataLength, 44100, `placeholder ${placeholder.toString(16)}`)
    t.equal(info.durationSeconds, 1)
    const normalized = normalizeWav(wav)
    t.equal(normalized.readUInt32LE(40), 44100)
    t.equal(normalized.readUInt32LE(4), normalized.length - 8)
  }
  // ffmpeg writing to a pipe leaves both sizes at 0.
  const zeroed = makeWav(pcm16([5, 6, 7]), { sampleRate: 8000, channels: 1, bitsPerSample: 16 })
  zeroed.writeUInt32LE(0, 4)
  zeroed.writeUInt32LE(0, 40)
  t.equal(parseWav(zeroed).dataLength, 6)
})

test('parseWav walks chunks: LIST before data, odd-sized chunks are padded, WAVE_FORMAT_EXTENSIBLE', async (t) => {
  const tone = toneWav('halo', 16000)
  const info = parseWav(tone)
  t.equal(info.dataOffset, 12 + 24 + 26 + 8, 'data found after the LIST chunk')
  t.equal(info.sampleRate, 16000)
  t.ok(Math.abs(info.durationSeconds - 0.24) < 0.001)

  const samples = pcm16([1, 2, 3, 4])
  const odd = Buffer.concat([Buffer.from('junk'), Buffer.from([3, 0, 0, 0]), Buffer.from([9, 9, 9, 0])]) // 3 bytes + 1 pad
  const plain = makeWav(samples, { sampleRate: 8000, channels: 2, bitsPerSample: 16 })
  const withJunk = Buffer.concat([plain.subarray(0, 36), odd, plain.subarray(36)])
  t.same(wavSamples(withJunk), samples)
  t.equal(parseWav(withJunk).channels, 2)
  t.equal(parseWav(withJunk).durationSeconds, 2 / 8000)

  // A 40-byte extensible fmt chunk whose sub-format GUID starts with 1 (PCM).
  const fmt = Buffer.alloc(48)
  fmt.write('fmt ', 0, 'latin1')
  fmt.writeUInt32LE(40, 4)
  fmt.writeUInt16LE(0xfffe, 8)
  fmt.writeUInt16LE(1, 10)
  fmt.writeUInt32LE(48000, 12)
  fmt.writeUInt32LE(96000, 16)
  fmt.writeUInt16LE(2, 20)
  fmt.writeUInt16LE(16, 22)
  fmt.writeUInt16LE(22, 24)
  fmt.writeUInt16LE(1, 32)
  const extensible = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVE'), fmt, Buffer.from('data'), Buffer.from([8, 0, 0, 0]), pcm16([1, 2, 3, 4])])
  t.match(parseWav(extensible), { audioFormat: 1, sampleRate: 48000, dataLength: 8 })
})

test('parseWav finds fmt wherever it is: data first (odd-sized, with its pad byte), LIST/INFO anywhere', async (t) => {
  const format = { sampleRate: 8000, channels: 1, bitsPerSample: 8 }
  const samples = Buffer.from([1, 2, 3]) // 3 frames of 8-bit mono: an odd data chunk, padded
  const chunks = wavChunks(makeWav(samples, format))
  const fmt = chunks.get('fmt ') as Buffer
  const data = chunks.get('data') as Buffer
  t.equal(data.length, 8 + 3 + 1)
  const orders: Array<[string, Buffer[]]> = [
    ['data, fmt', [data, fmt]],
    ['data, LIST, fmt', [data, listInfo(), fmt]],
    ['LIST, data, fmt', [listInfo(), data, fmt]],
    ['fmt, LIST, data', [fmt, listInfo(), data]]
  ]
  for (const [order, parts] of orders) {
    const wav = riffWave(parts)
    t.match(parseWav(wav), { ...format, audioFormat: 1, dataLength: 3, durationSeconds: 3 / 8000 }, order)
    t.same(wavSamples(wav), samples, `${order}: the samples`)
    t.same(normalizeWav(wav), makeWav(samples, format), `${order}: normalized to the canonical order`)
    t.same(normalizeWav(Buffer.from(wav), { inPlace: true }), makeWav(samples, format), `${order}: in place as well`)
  }
})

test('parseWav bounds its walk: a data chunk before fmt must state its size, at most 64 chunks', async (t) => {
  const chunks = wavChunks(makeWav(pcm16([1, 2, 3, 4]), { sampleRate: 16000, channels: 1, bitsPerSample: 16 }))
  const fmt = chunks.get('fmt ') as Buffer
  const data = chunks.get('data') as Buffer
  for (const size of [0xffffffff, 0x7fffffff]) {
    const streamed = Buffer.from(data)
    streamed.writeUInt32LE(size, 4)
    t.throws(() => parseWav(riffWave([streamed, fmt])), { code: 'INVALID_WAV', message: /unknown size comes before its fmt/ }, `data size ${size.toString(16)}`)
  }
  const overstated = Buffer.from(data)
  overstated.writeUInt32LE(100, 4)
  t.throws(() => parseWav(riffWave([overstated, fmt])), { code: 'INVALID_WAV', message: /chunk "data" is truncated/ })
  t.throws(() => parseWav(riffWave([data])), { code: 'INVALID_WAV', message: /no fmt chunk/ })
  const junk = (count: number): Buffer[] => new Array<Buffer>(count).fill(riffChunk('JUNK', Buffer.alloc(0)))
  t.equal(parseWav(riffWave([fmt, ...junk(62), data])).dataLength, 8, 'data as the 64th chunk')
  t.throws(() => parseWav(riffWave([fmt, ...junk(63), data])), { code: 'INVALID_WAV', message: /over 64 chunks/ })
})

test('parseWav rejects what is not a usable WAV', async (t) => {
  const valid = makeWav(pcm16([1, 2]), { sampleRate: 16000, channels: 1, bitsPerSample: 16 })
  const cases: Array<[string, Buffer]> = [
    ['empty', Buffer.alloc(0)],
    ['FLAC', Buffer.from('fLaC\0\0\0\x22aaaaaaaaaaaaaaaa')],
    ['RIFF but not WAVE', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('AVI LIST')])],
    ['header only', valid.subarray(0, 12)],
    ['data and no fmt', Buffer.concat([valid.subarray(0, 12), valid.subarray(36)])],
    ['truncated fmt', valid.subarray(0, 30)]
  ]
  for (const [name, buf] of cases) {
    t.throws(() => parseWav(buf), { name: 'WavFormatError', code: 'INVALID_WAV' }, name)
  }
  const mulaw = Buffer.from(valid)
  mulaw.writeUInt16LE(7, 20)
  t.throws(() => parseWav(mulaw), /Unsupported WAV encoding 7/)
  t.ok(new WavFormatError('INVALID_WAV', 'x') instanceof Error)
  // A sample rate no recording has: 4 GHz took the resampler's memory and failed the upload with a 500.
  for (const rate of [0, 768_001, 4_000_000_000]) {
    const absurd = Buffer.from(valid)
    absurd.writeUInt32LE(rate, 24)
    t.throws(() => parseWav(absurd), { name: 'WavFormatError', code: 'INVALID_WAV', message: /Implausible/ }, `${rate} Hz`)
  }
  const highest = Buffer.from(valid)
  highest.writeUInt32LE(768_000, 24)
  t.equal(parseWav(highest).sampleRate, 768_000, 'the highest rate recorders write is read')
})

test('joinedWavPieces: one valid WAV, duration is the sum plus the gaps', async (t) => {
  const a = silenceWav(0.5, 16000)
  const b = toneWav('institut teknologi', 16000) // 18 chars × 60 ms
  const c = silenceWav(0.25, 16000)
  const joined = joinWavs([a, b, c])
  const info = parseWav(joined)
  t.equal(info.sampleRate, 16000)
  t.equal(joined.readUInt32LE(4), joined.length - 8)
  t.equal(info.dataLength, joined.length - 44)
  const expected = 0.5 + parseWav(b).durationSeconds + 0.25 + 2 * 0.15
  t.ok(Math.abs(info.durationSeconds - expected) < 0.001, `${info.durationSeconds} ≈ ${expected}`)
  // The tone sits between the first silence and the first gap, byte for byte.
  const start = 44 + 0.65 * 32000
  t.same(joined.subarray(start, start + 100), wavSamples(b).subarray(0, 100))

  const noGap = parseWav(joinWavs([a, c], { gapSeconds: 0 }))
  t.equal(noGap.durationSeconds, 0.75)
  t.equal(parseWav(joinWavs([b])).durationSeconds, parseWav(b).durationSeconds)

  const eightBit = joinWavs([makeWav(Buffer.from([0x80, 0x90]), { sampleRate: 8000, channels: 1, bitsPerSample: 8 }), makeWav(Buffer.from([0x70]), { sampleRate: 8000, channels: 1, bitsPerSample: 8 })], { gapSeconds: 0.001 })
  t.same([...wavSamples(eightBit)], [0x80, 0x90, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x70], 'unsigned 8-bit silence is 0x80')
})

test('joinedWavPieces: the joined WAV without copying the samples', async (t) => {
  const a = toneWav('itb', 16000)
  const b = toneWav('bandung', 16000)
  const pieces = joinedWavPieces([a, b])
  t.equal(pieces.length, 4, 'header, samples, gap, samples')
  const viewOf = (piece: Buffer | undefined, wav: Buffer): boolean => piece?.buffer === wav.buffer && piece.byteOffset === wav.byteOffset + parseWav(wav).dataOffset
  t.ok(viewOf(pieces[1], a), "the first input's samples are a view of it")
  t.ok(viewOf(pieces[3], b), "the second input's samples are a view of it")
  const odd = joinedWavPieces([makeWav(Buffer.from([1, 2, 3]), { sampleRate: 8000, channels: 1, bitsPerSample: 8 })])
  t.same(odd.slice(1).map((piece) => [...piece]), [[1, 2, 3], [0]], 'an odd data chunk ends with its pad byte')
})

test('joinedWavPieces refuses mixed formats and empty input', async (t) => {
  t.throws(() => joinWavs([silenceWav(0.1, 16000), silenceWav(0.1, 22050)]), { code: 'WAV_FORMAT_MISMATCH', message: /16000 Hz 1 ch 16 bit and 22050 Hz 1 ch 16 bit/ })
  t.throws(() => joinWavs([silenceWav(0.1, 16000), silenceWav(0.1, 16000, { channels: 2 })]), { code: 'WAV_FORMAT_MISMATCH' })
  t.throws(() => joinWavs([]), { code: 'INVALID_WAV' })
})

test('silenceWav and odd data lengths', async (t) => {
  const silence = silenceWav(1.5, 8000)
  t.match(parseWav(silence), { sampleRate: 8000, channels: 1, bitsPerSample: 16, durationSeconds: 1.5 })
  t.ok(wavSamples(silence).every((byte) => byte === 0))
  const odd = makeWav(Buffer.from([1, 2, 3]), { sampleRate: 8000, channels: 1, bitsPerSample: 8 })
  t.equal(odd.length, 48, 'a pad byte keeps the chunk even')
  t.equal(odd.readUInt32LE(40), 3)
  t.equal(parseWav(odd).dataLength, 3)
  t.equal(makeWav(Buffer.from([1, 2, 3]), { sampleRate: 8000, channels: 1, bitsPerSample: 16 }).readUInt32LE(40), 2, 'partial frames are dropped')
})

test('normalizeWav hands a canonical WAV back as it is, and rewrites any other', async (t) => {
  const canonical = makeWav(pcm16([1, 2, 3, 4]), { sampleRate: 16000, channels: 1, bitsPerSample: 16 })
  t.equal(normalizeWav(canonical), canonical, 'the same buffer, not a copy')
  const streamed = Buffer.from(canonical)
  streamed.writeUInt32LE(0xFFFFFFFF, 40) // a streaming writer's placeholder size
  const normalized = normalizeWav(streamed)
  t.not(normalized, streamed)
  t.ok(normalized.equals(canonical), 'sizes made exact')
  const withList = toneWav('halo', 16000)
  t.ok(normalizeWav(withList).equals(makeWav(wavSamples(withList), parseWav(withList))), 'extra chunks dropped')
})

test('normalizeWav with inPlace rewrites the header over the bytes before the samples, without copying them', async (t) => {
  const withList = toneWav('halo', 16000)
  const expected = makeWav(wavSamples(withList), parseWav(withList))
  const { dataOffset } = parseWav(withList)
  const normalized = normalizeWav(withList, { inPlace: true })
  t.ok(normalized.equals(expected), 'the same bytes as a rewritten copy')
  t.equal(normalized.buffer, withList.buffer, 'a view of the memory handed over')
  t.equal(normalized.byteOffset, withList.byteOffset + dataOffset - 44, 'its header ends where the samples start')

  const streamed = toneWav('halo', 16000, { streamedSizes: true })
  const exact = normalizeWav(streamed, { inPlace: true })
  t.ok(exact.equals(expected), 'placeholder sizes made exact')
  t.equal(exact.buffer, streamed.buffer)

  // An odd data chunk needs a pad byte the input does not have: copied.
  const odd = Buffer.alloc(47) // its own memory (not the pool's that makeWav's small copy comes from)
  makeWav(Buffer.from([1, 2, 3, 4]), { sampleRate: 8000, channels: 1, bitsPerSample: 8 }).copy(odd, 0, 0, 44)
  odd.set([1, 2, 3], 44)
  odd.writeUInt32LE(3, 40)
  const padded = normalizeWav(odd, { inPlace: true })
  t.not(padded.buffer, odd.buffer)
  t.equal(padded.length, 48)
  t.same([...wavSamples(padded)], [1, 2, 3])
  t.equal(padded[47], 0, 'the pad byte')
})
