// The demo's API calls (src/demo/api.js), run in Node with fetch replaced: what a voice question
// sends, and the streamed turn read back.
import t from 'tap'

// A plain browser module without types: loaded by URL, so it comes back as `any`.
const { askByVoice } = await import(new URL('../../src/demo/api.js', import.meta.url).href) as any

t.test('a voice question asks for a done event without the audio the page already plays from the audio events', async (t) => {
  const requests: Array<{ url: string, headers: Record<string, string> }> = []
  const realFetch = globalThis.fetch
  globalThis.fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    requests.push({ url: String(url), headers: init?.headers as Record<string, string> })
    return new Response('event: audio\ndata: {"index":0,"sentence":"Halo.","language":"id","audio":"UklGR"}\n\n' +
      'event: done\ndata: {"answer":"Halo.","language":"id","audio_format":"wav"}\n\n',
    { status: 200, headers: { 'content-type': 'text/event-stream', 'preference-applied': 'return=minimal' } })
  }
  t.teardown(() => { globalThis.fetch = realFetch })
  const played: string[] = []
  const result = await askByVoice({ key: 'k', conversationId: 'c', recording: new Blob(['x']), fileName: 'q.webm' },
    { audio: (data: { audio: string }) => { played.push(data.audio) } })
  t.match(requests, [{ url: /\/v1\/audio$/, headers: { accept: 'text/event-stream', prefer: 'return=minimal', 'x-conversation-id': 'c' } }])
  t.same(played, ['UklGR'])
  t.same(result, { answer: 'Halo.', language: 'id', audio_format: 'wav' })
})
