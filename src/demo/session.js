// What the demo remembers, all in this tab's sessionStorage: the API key (never in the URL, gone
// when the tab closes), the UI language, the current conversation and the ids of this tab's
// conversations that hold at least one question (newest first; only those have a history to read).
const KEY = 'itb-demo.key'
const LANGUAGE = 'itb-demo.language'
const CURRENT = 'itb-demo.conversation'
const STORED = 'itb-demo.conversations'

function storedIds () {
  try {
    const ids = JSON.parse(sessionStorage.getItem(STORED) ?? '[]')
    return Array.isArray(ids) ? ids.filter((id) => typeof id === 'string') : []
  } catch {
    return []
  }
}

export const session = {
  key: () => sessionStorage.getItem(KEY) ?? '',
  setKey: (value) => { sessionStorage.setItem(KEY, value) },
  forgetKey: () => { sessionStorage.removeItem(KEY) },
  language: () => sessionStorage.getItem(LANGUAGE) ?? 'id',
  setLanguage: (value) => { sessionStorage.setItem(LANGUAGE, value) },
  /** The conversation questions go to: a fresh id until one is chosen. */
  conversation () {
    let id = sessionStorage.getItem(CURRENT)
    if (id === null) {
      id = crypto.randomUUID()
      sessionStorage.setItem(CURRENT, id)
    }
    return id
  },
  setConversation: (id) => { sessionStorage.setItem(CURRENT, id) },
  newConversation: () => { sessionStorage.setItem(CURRENT, crypto.randomUUID()) },
  /** The current one first (even before its first question), then the stored ones. */
  conversations () {
    const current = this.conversation()
    return [current, ...storedIds().filter((id) => id !== current)]
  },
  isStored: (id) => storedIds().includes(id),
  /** The conversation now holds a question: remember it (newest first, twenty at most). */
  markStored (id) {
    sessionStorage.setItem(STORED, JSON.stringify([id, ...storedIds().filter((other) => other !== id)].slice(0, 20)))
  },
  forget (id) {
    sessionStorage.setItem(STORED, JSON.stringify(storedIds().filter((other) => other !== id)))
    if (sessionStorage.getItem(CURRENT) === id) this.newConversation()
  }
}
