import t from 'tap'
import { ERROR_CODES } from '../../../schemas/errors.ts'
import {
  AUDIO_FORMATS,
  describeAudioFormats,
  moveMp4IndexToFront,
  SNIFF_BYTES,
  sniffAudioFormat
} from '../../../src/services/speech/audio-format.ts'
import { encode, speak, toPcm, tone, truncate } from '../../support/helpers/audio-fixtures.ts'

const speech = await speak('Selamat datang di Institut Teknologi Bandung. Kampus Ganesha terletak di kota Bandung.', { voice: 'id' })

function mp4Boxes (file: Buffer): string[] {
  const types: string[] = []
  for (let offset = 0; offset + 8 <= file.length;) {
    const size = file.readUInt32BE(offset)
    types.push(file.toString('latin1', offset + 4, offset + 8))
    if (size < 8) break
    offset += size
  }
  return types
}

t.test('real encodings are recognised from their first bytes', async (t) => {
  for (const format of AUDIO_FORMATS) {
    const file = format === 'wav' ? speech : await encode(speech, format)
    t.equal(sniffAudioFormat(file.subarray(0, SNIFF_BYTES)), format, format)
    t.equal(sniffAudioFormat(file), format, `${format}, whole file`)
  }
  t.equal(sniffAudioFormat(await encode(speech, 'm4a', { mp4Layout: 'fragmented' })), 'm4a', 'fragmented mp4')
})

t.test('magic bytes', async (t) => {
  const bytes = (...parts: Array<string | number[]>): Buffer =>
    Buffer.concat(parts.map((part) => typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part)))
  const ftyp = (major: string, ...compatible: string[]): Buffer => {
    const size = 16 + compatible.length * 4
    return bytes([0, 0, 0, size], 'ftyp', major, [0, 0, 0, 0], compatible.join(''))
  }
  const cases: Array<[string, Buffer, string | null]> = [
    ['RIFF WAVE', bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '), 'wav'],
    ['RF64 WAVE', bytes('RF64', [0xFF, 0xFF, 0xFF, 0xFF], 'WAVEds64'), 'wav'],
    ['RIFF AVI is not audio', bytes('RIFF', [0, 0, 0, 0], 'AVI LIST'), null],
    ['ID3v2.3 tag', bytes('ID3', [3, 0, 0, 0, 0, 0x10, 0x7F]), 'mp3'],
    ['ID3 with a size byte >= 0x80', bytes('ID3', [3, 0, 0, 0x80, 0, 0, 0]), null],
    ['MPEG-1 layer III frame, 128 kbit/s 44.1 kHz', bytes([0xFF, 0xFB, 0x90, 0x64]), 'mp3'],
    ['MPEG-2 layer III frame', bytes([0xFF, 0xF3, 0x48, 0xC4]), 'mp3'],
    ['MPEG-2.5 frame (0xFFE sync)', bytes([0xFF, 0xE3, 0x18, 0xC4]), 'mp3'],
    ['ADTS AAC (layer bits 00) is not mp3', bytes([0xFF, 0xF1, 0x50, 0x80]), null],
    ['reserved MPEG version', bytes([0xFF, 0xEB, 0x90, 0x64]), null],
    ['bad bitrate index', bytes([0xFF, 0xFB, 0xF0, 0x64]), null],
    ['reserved sample rate', bytes([0xFF, 0xFB, 0x9C, 0x64]), null],
    ['fLaC', bytes('fLaC', [0, 0, 0, 0x22]), 'flac'],
    ['OggS', bytes('OggS', [0, 2]), 'ogg'],
    ['OggS with a bad version', bytes('OggS', [1, 2]), null],
    ['EBML', bytes([0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81]), 'webm'],
    ['ftyp M4A', ftyp('M4A ', 'M4A ', 'isom'), 'm4a'],
    ['ftyp isom', ftyp('isom', 'iso2', 'mp41'), 'm4a'],
    ['ftyp mp42', ftyp('mp42', 'isom'), 'm4a'],
    ['ftyp 3gp4', ftyp('3gp4', '3gp4', 'isom'), 'm4a'],
    ['unknown major brand, mp4 compatible brand', ftyp('XYZW', 'mp42'), 'm4a'],
    ['HEIC image', ftyp('heic', 'mif1', 'heic'), null],
    ['AVIF image', ftyp('avif', 'avif', 'mif1', 'miaf'), null],
    ['text', bytes('This is not audio, just a text file renamed to song.mp3'), null],
    ['PNG', bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), null],
    ['PDF', bytes('%PDF-1.7\n'), null],
    ['HLS playlist', bytes('#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n'), null],
    ['empty', Buffer.alloc(0), null],
    ['too short for any magic', bytes('Ri'), null],
    ['zeros', Buffer.alloc(64), null]
  ]
  for (const [name, head, expected] of cases) t.equal(sniffAudioFormat(head), expected, name)
})

t.test('the list of accepted formats names every one', async (t) => {
  const text = describeAudioFormats()
  for (const name of ['WAV', 'MP3', 'FLAC', 'Ogg', 'M4A', 'WebM']) t.match(text, name)
  // The OpenAPI document's example of AUDIO_UNSUPPORTED is the message the decoders write.
  t.equal(ERROR_CODES.AUDIO_UNSUPPORTED.message, `The file is not audio in a supported format. Accepted formats: ${text}`)
})

t.test('moving the MP4 index in front makes a recorder-style m4a readable from a pipe', async (t) => {
  // Long enough that ffmpeg cannot find the index within what it buffers from the pipe.
  const long = await speak('Institut Teknologi Bandung adalah perguruan tinggi negeri di Bandung. '.repeat(6), { voice: 'id' })
  const moovLast = await encode(long, 'm4a')
  const fastStart = await encode(long, 'm4a', { mp4Layout: 'faststart' })
  t.ok(mp4Boxes(moovLast).indexOf('moov') > mp4Boxes(moovLast).indexOf('mdat'), 'fixture has moov after mdat')
  t.equal((await toPcm(moovLast, 16000)).length, 0, 'ffmpeg reads nothing from the original through a pipe')

  const moved = moveMp4IndexToFront(moovLast)
  t.equal(moved.length, moovLast.length, 'same size')
  t.ok(mp4Boxes(moved).indexOf('moov') < mp4Boxes(moved).indexOf('mdat'), 'moov now before mdat')
  const pcm = await toPcm(moved, 16000)
  t.ok(pcm.length > 16000 * 2 * 10, `decodes from a pipe (${pcm.length} bytes)`)
  t.ok(pcm.equals(await toPcm(fastStart, 16000)), 'same audio as ffmpeg\'s own +faststart output')

  t.equal(moveMp4IndexToFront(fastStart), fastStart, 'already fast-start: returned as is')
  const fragmented = await encode(long, 'm4a', { mp4Layout: 'fragmented' })
  t.equal(moveMp4IndexToFront(fragmented), fragmented, 'fragmented: returned as is')
  const cut = truncate(moovLast, Math.floor(moovLast.length / 2))
  t.equal(moveMp4IndexToFront(cut), cut, 'truncated (no moov): returned as is')
  const notMp4 = tone(0.5)
  t.equal(moveMp4IndexToFront(notMp4), notMp4, 'not an MP4: returned as is')
})

t.test('chunk offsets are shifted by the index size, in every track and both offset widths', async (t) => {
  const box = (type: string, ...payload: Buffer[]): Buffer => {
    const body = Buffer.concat(payload)
    const header = Buffer.alloc(8)
    header.writeUInt32BE(8 + body.length, 0)
    header.write(type, 4, 'latin1')
    return Buffer.concat([header, body])
  }
  const stco = (...offsets: number[]): Buffer => {
    const body = Buffer.alloc(8 + offsets.length * 4)
    body.writeUInt32BE(offsets.length, 4)
    offsets.forEach((offset, i) => body.writeUInt32BE(offset, 8 + i * 4))
    return box('stco', body)
  }
  const co64 = (...offsets: number[]): Buffer => {
    const body = Buffer.alloc(8 + offsets.length * 8)
    body.writeUInt32BE(offsets.length, 4)
    offsets.forEach((offset, i) => body.writeBigUInt64BE(BigInt(offset), 8 + i * 8))
    return box('co64', body)
  }
  const track = (offsets: Buffer): Buffer => box('trak', box('tkhd', Buffer.alloc(84)), box('mdia', box('minf', box('stbl', box('stsd', Buffer.alloc(8)), offsets))))
  const ftyp = box('ftyp', Buffer.from('M4A \0\0\0\0M4A isom', 'latin1'))
  // mdat with a 64-bit size (size field 1), 64 bytes of media.
  const mdat = Buffer.alloc(16 + 64)
  mdat.writeUInt32BE(1, 0)
  mdat.write('mdat', 4, 'latin1')
  mdat.writeBigUInt64BE(BigInt(mdat.length), 8)
  for (let i = 16; i < mdat.length; i++) mdat[i] = i
  const mediaStart = ftyp.length + 16
  const moovOf = (...tracks: Buffer[]): Buffer => box('moov', box('mvhd', Buffer.alloc(100)), ...tracks)
  const moov = moovOf(track(stco(mediaStart, mediaStart + 32, 0)), track(co64(mediaStart + 48)))
  moov.writeUInt32BE(0, 0) // moov runs to the end of the file
  const file = Buffer.concat([ftyp, mdat, moov])

  const moved = moveMp4IndexToFront(file)
  t.equal(moved.length, file.length)
  t.ok(moved.subarray(0, ftyp.length).equals(ftyp), 'ftyp stays first')
  const movedMoov = moved.subarray(ftyp.length, ftyp.length + moov.length)
  t.equal(movedMoov.readUInt32BE(0), moov.length, 'a size of 0 becomes the real size')
  t.equal(movedMoov.toString('latin1', 4, 8), 'moov')
  t.ok(moved.subarray(ftyp.length + moov.length).equals(mdat), 'media data follows, unchanged')
  const shift = moov.length
  const expected = moovOf(track(stco(mediaStart + shift, mediaStart + 32 + shift, 0)), track(co64(mediaStart + 48 + shift)))
  t.ok(movedMoov.equals(expected), 'offsets into mdat shifted, others (0) untouched')
  // The shifted offsets point at the same media bytes as before.
  t.equal(moved[mediaStart + shift + 32], file[mediaStart + 32])

  const badCount = moovOf(track(stco(mediaStart)))
  badCount.writeUInt32BE(1000, badCount.length - 8) // entry_count far beyond the box
  const withBadIndex = Buffer.concat([ftyp, mdat, badCount])
  t.equal(moveMp4IndexToFront(withBadIndex), withBadIndex, 'malformed chunk offset table: returned as is')
  const shortStco = moovOf(track(box('stco', Buffer.alloc(4))))
  const withShortStco = Buffer.concat([ftyp, mdat, shortStco])
  t.equal(moveMp4IndexToFront(withShortStco), withShortStco, 'stco without entry count: returned as is')
  const brokenChild = moovOf(Buffer.from([0, 0, 0, 40, 0x74, 0x72, 0x61, 0x6B]))
  const withBrokenChild = Buffer.concat([ftyp, mdat, brokenChild])
  t.equal(moveMp4IndexToFront(withBrokenChild), withBrokenChild, 'child box overrunning moov: returned as is')
  const cutLargeSize = Buffer.concat([ftyp, mdat.subarray(0, 12)])
  t.equal(moveMp4IndexToFront(cutLargeSize), cutLargeSize, '64-bit size cut short: returned as is')
  const stray = Buffer.concat([ftyp, Buffer.from([0, 0, 0])])
  t.equal(moveMp4IndexToFront(stray), stray, 'trailing bytes shorter than a box header: returned as is')
})
