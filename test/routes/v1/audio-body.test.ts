// The /v1/audio JSON answer built as a Buffer: the same bytes as the schema serializer's output.
import { randomBytes } from 'node:crypto'
import t, { type Test } from 'tap'
import { VoiceResponse, type VoiceResponseBody } from '../../../schemas/voice.ts'
import { jsonWithAudio, writeBase64 } from '../../../src/routes/v1/audio-body.ts'
import { schemaSerializer } from '../../support/helpers/schema-serializer.ts'

const serialize = await schemaSerializer(VoiceResponse)
const wav = randomBytes(70_001)

const answer = (overrides: Partial<VoiceResponseBody> = {}): VoiceResponseBody => ({
  transcript: 'Kapan ITB didirikan?',
  emotion: 'neutral',
  answer: 'ITB didirikan pada 3 Juli 1920 [1].',
  sources: [{ title: 'Sejarah ITB', url: 'https://www.itb.ac.id/sejarah' }],
  mode: 'extractive',
  language: 'id',
  audio: '',
  audio_format: 'wav',
  sample_rate: 8000,
  exec_time: { decode: 0.012, stt: 0.004, emotion: 0.003, rag: 0.02, tts: 0.01, total: 0.05 },
  warnings: [],
  ...overrides
})

const same = (t: Test, withoutAudio: VoiceResponseBody, audio: Buffer): void => {
  const full = { ...withoutAudio, audio: audio.toString('base64') }
  const body = jsonWithAudio(serialize(withoutAudio), audio)
  t.ok(body.equals(Buffer.from(serialize(full))), `byte for byte what the serializer writes (${audio.length} bytes of audio)`)
  t.same(JSON.parse(body.toString('utf8')), full)
}

t.test('base64 written into a buffer, as Buffer#toString writes it, at any offset', async (t) => {
  for (const length of [0, 1, 2, 3, 4, 5, 6, 7, 255, 4096, 24_575, 24_576, 24_577, 65_537]) {
    const data = randomBytes(length)
    for (const offset of [0, 1, 3]) {
      const out = Buffer.alloc(offset + Math.ceil(length / 3) * 4 + 2, 0x2a)
      const end = writeBase64(data, out, offset)
      t.equal(end, offset + Math.ceil(length / 3) * 4)
      t.equal(out.toString('latin1', offset, end), data.toString('base64'), `${length} bytes at ${offset}`)
      t.equal(out.toString('latin1', 0, offset) + out.toString('latin1', end), '*'.repeat(offset + 2), 'nothing written outside')
    }
  }
  const every = Buffer.from(Array.from({ length: 768 }, (_, index) => index % 256))
  const out = Buffer.alloc(1024)
  writeBase64(every, out, 0)
  t.equal(out.toString('latin1'), every.toString('base64'), 'every byte value in every position')
})

t.test('pieces are encoded as the one buffer they make, however they are cut', async (t) => {
  const data = randomBytes(40)
  const expected = data.toString('base64')
  // Every way to cut it in three (empty pieces included), and pieces of one to five bytes.
  const wrong: string[] = []
  for (let first = 0; first <= data.length; first++) {
    for (let second = first; second <= data.length; second += 3) {
      const pieces = [data.subarray(0, first), data.subarray(first, second), data.subarray(second)]
      const out = Buffer.alloc(Math.ceil(data.length / 3) * 4 + 3, 0x2a)
      const end = writeBase64(pieces, out, 1)
      if (out.toString('latin1', 1, end) !== expected || end !== 1 + expected.length || out[0] !== 0x2a || out[end] !== 0x2a) wrong.push(`${first}/${second}`)
    }
  }
  t.same(wrong, [], 'every cut in three')
  for (const size of [1, 2, 4, 5]) {
    const pieces = Array.from({ length: Math.ceil(data.length / size) }, (_, index) => data.subarray(index * size, (index + 1) * size))
    const out = Buffer.alloc(expected.length)
    t.equal(out.toString('latin1', 0, writeBase64(pieces, out, 0)), expected, `pieces of ${size} bytes`)
  }
  const large = [randomBytes(24_577), randomBytes(2), randomBytes(65_537)]
  const out = Buffer.alloc(Math.ceil((24_577 + 2 + 65_537) / 3) * 4)
  writeBase64(large, out, 0)
  t.equal(out.toString('latin1'), Buffer.concat(large).toString('base64'), 'pieces longer than a step')
  t.equal(writeBase64([], out, 7), 7, 'no pieces, nothing written')
})

t.test('the same bytes as the schema serializer', async (t) => {
  same(t, answer(), wav)
  same(t, answer(), Buffer.alloc(0))
  same(t, answer(), Buffer.from('RIFF'))
  const pieces = [wav.subarray(0, 44), wav.subarray(44, 30_001), Buffer.alloc(0), wav.subarray(30_001)]
  t.ok(jsonWithAudio(serialize(answer()), pieces).equals(jsonWithAudio(serialize(answer()), wav)), 'the WAV in pieces: the same bytes')
})

t.test('multi-byte text and look-alikes of the audio member around it', async (t) => {
  same(t, answer({
    transcript: 'Di mana kampus ITB? ,"audio":"", "audio":"" é 日本 🎓',
    answer: 'Jalan Ganesa 10 — “Bandung” \\ "kutip" \n baris baru \u0001 🎓',
    sources: [{ title: ',"audio":"",', url: 'https://example.org/?q="audio"' }],
    warnings: ['emotion analysis unavailable (,"audio":""): neutral tone assumed', 'ü']
  }), wav)
})

t.test('a serialized answer without an empty audio member is refused', async (t) => {
  t.throws(() => jsonWithAudio(serialize(answer({ audio: null, audio_format: null, sample_rate: null })), wav), /no empty "audio" member/)
  t.throws(() => jsonWithAudio(serialize(answer({ audio: 'UklGRg==' })), wav), /no empty "audio" member/)
})
