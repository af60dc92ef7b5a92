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

t.test('the same bytes as the schema serializer', async (t) => {
  same(t, answer(), wav)
  same(t, answer(), Buffer.alloc(0))
  same(t, answer(), Buffer.from('RIFF'))
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
