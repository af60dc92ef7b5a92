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
  async dispatch (type: string): Promise<void> { await this.listeners.get(type)?.({ preventDefault () {} }) }
}

const page = new Proxy({} as Record<string, FakeElement>, {
  get: (elements, name: string) => (elements[name] ??= new FakeElement())
})
Object.assign(globalThis, { document: { addEventListener () {}, documentElement: { dataset: {} } } })

let busy = false
let historyShown = 0
const said: string[] = []
let savedKey = ''
let focused = 0
page.key.focus = () => { focused++ }
/** What GET /v1/me answers next: a budget, or a failure (an ApiError's status and code). */
/** The /v1/me answers whose recording limits the page kept. */
const keptLimits: unknown[] = []
let checkAnswer: () => Promise<unknown> = async () => ({ key_id: 'id', rate_limit: { limit: 100, remaining: 99, reset: 10 } })
await t.mockImport('../../src/demo/main.js', {
  '../../src/demo/api.js': { checkKey: async () => await checkAnswer() },
  '../../src/demo/errors.js': { describeFailure: (error: { status: number }) => `failure ${error.status}` },
  '../../src/demo/asking.js': { askText () {}, cancelRecording () {}, isBusy: () => busy, isRecording: () => false, stopAnswer () {}, toggleRecording () {} },
  '../../src/demo/history.js': { deleteCurrentConversation () {}, fillConversations () {}, showHistory: () => { historyShown++ }, startConversation () {} },
  '../../src/demo/i18n.js': { setLanguage () {}, t: (name: string) => name },
  '../../src/demo/page.js': { log: { quietly: (change: () => void) => { change() } }, page, requireKey: () => savedKey, say: (message: string) => { said.push(message); page.status.textContent = message } },
  '../../src/demo/recording-limits.js': { describeRecordingLimit () {}, keepRecordingLimits: (answer: unknown) => { keptLimits.push(answer) } },
  '../../src/demo/session.js': {
    session: { key: () => savedKey, setKey: (key: string) => { savedKey = key }, language: () => 'id', setLanguage () {}, setConversation () {} }
  }
})

t.test('saving a key while an answer streams in keeps the log under it; saved when idle, the history is read again', async (t) => {
  t.equal(historyShown, 1, 'the history is read when the page opens')
  busy = true
  page.key.value = 'a-new-key'
  await page.keyForm.dispatch('submit')
  t.equal(savedKey, 'a-new-key', 'the key is saved for the next question')
  t.same(said, ['keyChecking', 'keyValid'])
  // Before: showHistory ran, whose log.clear() took the answer still streaming off the page.
  t.equal(historyShown, 1, 'the log (and the answer under way) is left as it is')

  busy = false
  await page.keyForm.dispatch('submit')
  t.equal(historyShown, 2, 'with no turn under way, the conversation is read with the new key')
})

t.test('a key is checked when it is saved: a wrong one says so at once and reads no history', async (t) => {
  said.length = 0
  const shown = historyShown
  page.key.value = 'a-typo'
  checkAnswer = async () => { throw Object.assign(new Error('Invalid API key'), { status: 401, code: 'INVALID_API_KEY' }) }
  await page.keyForm.dispatch('submit')
  t.same(said, ['keyChecking', 'failure 401'], 'the wrong-key message, before any question')
  t.equal(focused, 1, 'the key field is focused to fix it')
  t.equal(historyShown, shown, 'no history read with a wrong key')

  said.length = 0
  checkAnswer = async () => { throw Object.assign(new Error('busy'), { status: 503, code: 'OVERLOADED' }) }
  await page.keyForm.dispatch('submit')
  t.same(said, ['keyChecking', 'keyUnchecked'], 'saved, not checked, and why')
  t.equal(historyShown, shown + 1, 'the history is read: the key may well be right')

  said.length = 0
  checkAnswer = async () => ({ key_id: 'id', rate_limit: null })
  await page.keyForm.dispatch('submit')
  t.same(said, ['keyChecking', 'keyValidUnlimited'], 'no rate limit: valid, without numbers')

  said.length = 0
  checkAnswer = async () => { throw Object.assign(new Error('Not found'), { status: 404, code: 'NOT_FOUND' }) }
  await page.keyForm.dispatch('submit')
  t.same(said, ['keyChecking', 'keySaved'], 'a server without /v1/me: saved, as before')
})

t.test('a message said while the key is checked stays: the verdict replaces only the "checking" line', async (t) => {
  said.length = 0
  let answer!: (value: unknown) => void
  checkAnswer = async () => await new Promise((resolve) => { answer = resolve })
  const saving = page.keyForm.dispatch('submit')
  page.status.textContent = 'keyForgotten'
  answer({ key_id: 'id', rate_limit: { limit: 100, remaining: 99, reset: 10 } })
  await saving
  t.same(said, ['keyChecking'])
  t.equal(page.status.textContent, 'keyForgotten')
})

t.test('the limits of a recording are kept from the answer of a saved key\'s check, and a failed check keeps what was known', async (t) => {
  keptLimits.length = 0
  const answer = { key_id: 'id', rate_limit: null, limits: { max_audio_seconds: 60, max_upload_bytes: 16777216 } }
  checkAnswer = async () => answer
  await page.keyForm.dispatch('submit')
  t.same(keptLimits, [answer])
  checkAnswer = async () => { throw Object.assign(new Error('busy'), { status: 503, code: 'OVERLOADED' }) }
  await page.keyForm.dispatch('submit')
  t.same(keptLimits, [answer], 'nothing kept from a failure')
})
