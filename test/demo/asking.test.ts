// The demo's turn-taking (src/demo/asking.js), run in Node with a stand-in page: the microphone,
// the speaker and the API are replaced, the page's elements are plain objects.
import t from 'tap'

/** An element as much as asking.js and the modules it loads use one. */
class FakeElement {
  disabled = false
  hidden = false
  textContent = ''
  value = ''
  dataset: Record<string, string> = {}
  readonly attributes = new Map<string, string>()
  focus (): void { fakeDocument.activeElement = this }
  setAttribute (name: string, value: unknown): void { this.attributes.set(name, String(value)) }
  getAttribute (name: string): string | null { return this.attributes.get(name) ?? null }
  removeAttribute (name: string): void { this.attributes.delete(name) }
  replaceChildren (): void {}
  append (): void {}
  getBoundingClientRect (): { top: number, bottom: number } { return { top: 0, bottom: 0 } }
}

const elements = new Map<string, FakeElement>()
const fakeDocument = {
  activeElement: null as FakeElement | null,
  documentElement: { clientHeight: 600 },
  getElementById (id: string): FakeElement {
    if (!elements.has(id)) elements.set(id, new FakeElement())
    return elements.get(id) as FakeElement
  },
  querySelectorAll: (): FakeElement[] => []
}
const storage = new Map<string, string>()
Object.assign(globalThis, {
  document: fakeDocument,
  sessionStorage: {
    getItem: (name: string) => storage.get(name) ?? null,
    setItem: (name: string, value: string) => { storage.set(name, String(value)) },
    removeItem: (name: string) => { storage.delete(name) }
  }
})

const voiceQuestions: unknown[] = []
// Plain browser modules without types.
const asking: any = await t.mockImport('../../src/demo/asking.js', {
  '../../src/demo/recorder.js': {
    canRecord: () => true,
    startRecording: async () => ({ stop: async () => ({ recording: 'a recording', fileName: 'question.webm' }) })
  },
  '../../src/demo/player.js': { createPlayer: () => ({ unlock () {}, stop () {}, reset () {}, enqueue () {} }) },
  '../../src/demo/api.js': {
    askByText: async () => { throw new Error('not asked in these tests') },
    askByVoice: async (question: unknown) => { voiceQuestions.push(question); throw new Error('not asked in these tests') }
  }
})

t.test('a recording stopped after the key was forgotten leaves the page ready for the next question', async (t) => {
  storage.set('itb-demo.key', 'a-key')
  await asking.toggleRecording()
  t.ok(asking.isRecording() && asking.isBusy(), 'recording')
  // "Lupakan" (forget the key) stays available while recording.
  storage.delete('itb-demo.key')
  await asking.toggleRecording()
  t.notOk(asking.isRecording())
  t.same(voiceQuestions, [], 'nothing sent without a key')
  // It stayed busy: Kirim (and Enter) and the conversation controls disabled until a new recording.
  t.notOk(asking.isBusy(), 'no turn under way')
  for (const id of ['ask', 'conversation-new', 'conversation-delete', 'conversation']) t.equal(elements.get(id)?.disabled, false, `#${id} enabled`)
  t.equal(elements.get('status')?.dataset.kind, 'error', 'the page asks for a key')
})
