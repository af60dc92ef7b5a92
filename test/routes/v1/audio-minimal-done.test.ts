// /v1/audio's event stream with `Prefer: return=minimal`: the `done` event leaves out the audio the
// `audio` events already carried (it repeated all of it, twice the bytes); without the preference,
// and for a JSON answer, nothing changes.
import t from 'tap'
import { parseWav } from '../../../src/services/speech/wav.ts'
import { build } from '../../support/helpers/app.ts'
import { question, upload, vendors } from './audio-fixture.ts'

interface Event { event: string, data: Record<string, unknown> }

function eventsOf (body: string): Event[] {
  return body.trim().split('\n\n').map((block) => {
    const [event = '', data = ''] = block.split('\n')
    return { event: event.replace('event: ', ''), data: JSON.parse(data.replace('data: ', '')) as Record<string, unknown> }
  })
}

const streamed = { accept: 'text/event-stream', headers: { prefer: 'return=minimal' } }

t.test('with Prefer: return=minimal, done has no audio; the audio events carry every sentence', async (t) => {
  const { env } = await vendors(t)
  const { app } = await build(t, env)
  const minimal = await upload(app, question, { ...streamed, conversation: 'minimal' })
  t.equal(minimal.statusCode, 200)
  t.equal(minimal.headers['preference-applied'], 'return=minimal')
  // Before: no Vary, so a cache could give this minimal stream to a client that did not ask for it.
  t.equal(minimal.headers.vary, 'Origin, Prefer, Accept', 'added to CORS\'s Origin (and Accept: vary-accept.test.ts)')
  const events = eventsOf(minimal.body)
  const done = events.at(-1)
  t.equal(done?.event, 'done')
  t.notOk(done !== undefined && 'audio' in done.data, 'no audio in done')
  t.match(done?.data, { audio_format: 'wav', sample_rate: 8000, warnings: [] })
  const audio = events.filter((event) => event.event === 'audio')
  t.ok(audio.length >= 1)
  for (const { data } of audio) t.ok(parseWav(Buffer.from(String(data.audio), 'base64')).durationSeconds > 0, `sentence ${String(data.index)}`)

  // Without the preference, as before: done repeats the whole answer's audio.
  const full = await upload(app, question, { accept: 'text/event-stream', conversation: 'full' })
  t.equal(full.headers['preference-applied'], undefined)
  t.equal(full.headers.vary, 'Origin, Prefer, Accept', 'a stream varies by Prefer even when none was sent')
  const fullDone = eventsOf(full.body).at(-1)
  t.equal(fullDone?.event, 'done')
  t.ok(parseWav(Buffer.from(String(fullDone?.data.audio), 'base64')).durationSeconds > 0, 'done carries the audio')
  t.ok(minimal.body.length < full.body.length * 0.75, `${minimal.body.length} bytes against ${full.body.length}`)
})

t.test('with Prefer: return=minimal, a failed synthesis still says audio: null; a JSON answer keeps its audio; an error before the stream says nothing of it', async (t) => {
  const { env } = await vendors(t, { ttsFailOn: 'ITB' })
  const { app } = await build(t, env)
  const failed = eventsOf((await upload(app, question, { ...streamed, conversation: 'failed' })).body).at(-1)
  t.match(failed, { event: 'done', data: { audio: null, warnings: [/^speech synthesis failed/] } })

  const { env: working } = await vendors(t)
  const { app: other } = await build(t, working)
  const json = await upload(other, question, { headers: { prefer: 'return=minimal' }, conversation: 'json' })
  t.equal(json.statusCode, 200)
  t.equal(json.headers['preference-applied'], undefined, 'not applied: the JSON body is the only copy of the audio')
  t.notMatch(String(json.headers.vary), /prefer/i, 'a JSON answer does not vary by Prefer')
  t.ok(parseWav(Buffer.from(String(json.json().audio), 'base64')).durationSeconds > 0)

  const { env: silent } = await vendors(t, { transcript: () => '' })
  const { app: third } = await build(t, silent)
  const refused = await upload(third, question, { ...streamed, conversation: 'silent' })
  t.match(refused, { statusCode: 400, headers: { 'content-type': /application\/json/ } })
  t.equal(refused.headers['preference-applied'], undefined)
  t.notMatch(String(refused.headers.vary), /prefer/i)
})
