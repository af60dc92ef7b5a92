// The demo page's wiring (src/demo/main.js), run in Node: every module it connects is a stand-in, so
// what is checked is the wiring itself — what each control of the page sets off.
import t from 'tap'

type Listener = (event: { preventDefault: () => void }) => unknown

/** An element as much as main.js uses one: its value, focus and the listeners it is given. */
class FakeElement {
  value = ''
  textContent = ''
  readonly listeners = new Map<string, Listener>()
  addEventListener (type: string, listener: Listener): void { this.listeners.set(type, listener) }
  focus (): void {}
  dispatch (type: string): void { this.listeners.get(type)?.({ preventDefault () {} }) }
}

const page = new Proxy({} as Record<string, FakeElement>, {
  get: (elements, name: string) => (elements[name] ??= new FakeElement())
})
Object.assign(globalThis, { document: { addEventListener () {}, documentElement: { dataset: {} } } })

let busy = false
let historyShown = 0
const said: string[] = []
let savedKey = ''
await t.mockImport('../../src/demo/main.js', {
  '../../src/demo/asking.js': { askText () {}, isBusy: () => busy, isRecording: () => false, stopAnswer () {}, toggleRecording () {} },
  '../../src/demo/history.js': { deleteCurrentConversation () {}, fillConversations () {}, showHistory: () => { historyShown++ }, startConversation () {} },
  '../../src/demo/i18n.js': { setLanguage () {}, t: (name: string) => name },
  '../../src/demo/page.js': { page, requireKey: () => savedKey, say: (message: string) => { said.push(message) } },
  '../../src/demo/session.js': {
    session: { key: () => savedKey, setKey: (key: string) => { savedKey = key }, language: () => 'id', setLanguage () {}, setConversation () {} }
  }
})

t.test('saving a key while an answer streams in keeps the log under it; saved when idle, the history is read again', async (t) => {
  t.equal(historyShown, 1, 'the history is read when the page opens')
  busy = true
  page.key.value = 'a-new-key'
  page.keyForm.dispatch('submit')
  t.equal(savedKey, 'a-new-key', 'the key is saved for the next question')
  t.same(said, ['keySaved'])
  // Before: showHistory ran, whose log.clear() took the answer still streaming off the page.
  t.equal(historyShown, 1, 'the log (and the answer under way) is left as it is')

  busy = false
  page.keyForm.dispatch('submit')
  t.equal(historyShown, 2, 'with no turn under way, the conversation is read with the new key')
})
