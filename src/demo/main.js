// The demo page's wiring: the language toggle, the key, the conversation picker, the question box
// and the keyboard. Each part's logic lives in its own module; this file only connects them to the page.
import { checkKey } from './api.js'
import { askText, cancelRecording, isBusy, isRecording, stopAnswer, toggleRecording } from './asking.js'
import { describeFailure } from './errors.js'
import { deleteCurrentConversation, fillConversations, showHistory, startConversation } from './history.js'
import { setLanguage, t } from './i18n.js'
import { log, page, requireKey, say } from './page.js'
import { describeRecordingLimit, keepRecordingLimits } from './recording-limits.js'
import { session } from './session.js'

function applyLanguage (language) {
  session.setLanguage(language)
  // The turns' labels change words, not meaning: a screen reader must not read the log again.
  log.quietly(() => { setLanguage(language) })
  page.language.textContent = t('languageToggle')
  if (isRecording()) page.record.textContent = t('stop')
  describeRecordingLimit()
}

page.language.addEventListener('click', () => { applyLanguage(session.language() === 'id' ? 'en' : 'id') })

let keyChecks = 0

/**
 * Asks the server whether the saved key is valid (GET /v1/me, free with a valid key), so a typo
 * shows now rather than at the first question. Its verdict replaces only the "checking" line: a
 * message said meanwhile (a question's failure, the key forgotten) stays.
 */
async function checkSavedKey (key) {
  const check = ++keyChecks
  say(t('keyChecking'), 'info')
  let verdict
  try {
    const answer = await checkKey({ key })
    keepRecordingLimits(answer)
    const { rate_limit: budget } = answer
    verdict = { message: budget === null ? t('keyValidUnlimited') : t('keyValid', budget), kind: 'info', wrong: false }
  } catch (error) {
    // 401 is a wrong key (its message says so), as is a list of keys; 404 a server without /v1/me.
    const wrong = error.status === 401 || error.code === 'MULTIPLE_API_KEYS'
    if (wrong) verdict = { message: describeFailure(error), kind: 'error', wrong }
    else if (error.status === 404) verdict = { message: t('keySaved'), kind: 'info', wrong }
    else verdict = { message: t('keyUnchecked', { reason: describeFailure(error) }), kind: 'error', wrong }
  }
  if (check === keyChecks && page.status.textContent === t('keyChecking')) {
    say(verdict.message, verdict.kind)
    if (verdict.wrong) page.key.focus()
  }
  return !verdict.wrong
}

page.keyForm.addEventListener('submit', async (event) => {
  event.preventDefault()
  const key = page.key.value.trim()
  session.setKey(key)
  // `required` lets spaces through: no key is saved then, and the page says a key is needed.
  if (requireKey() === '') return
  const valid = await checkSavedKey(key)
  // Mid-answer (or mid-recording) the log is the conversation as it stands: reading it again would
  // clear the answer streaming in. The key is used from the next question on. A wrong key has no
  // history to read, and one changed meanwhile reads its own.
  if (valid && !isBusy() && session.key() === key) showHistory()
})
page.keyForget.addEventListener('click', () => {
  session.forgetKey()
  page.key.value = ''
  say(t('keyForgotten'), 'info')
  page.key.focus()
})

page.conversation.addEventListener('change', () => {
  session.setConversation(page.conversation.value)
  showHistory()
})
page.conversationNew.addEventListener('click', startConversation)
page.conversationDelete.addEventListener('click', deleteCurrentConversation)

page.askForm.addEventListener('submit', (event) => {
  event.preventDefault()
  // Enter reaches here even while the Kirim button is disabled (requestSubmit ignores it).
  if (isBusy()) return
  const message = page.question.value.trim()
  if (message !== '') askText(message)
})
// Enter sends, Shift+Enter starts a new line (as in most chat clients).
page.question.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault()
    page.askForm.requestSubmit()
  }
})
page.record.addEventListener('click', () => { toggleRecording() })
page.stop.addEventListener('click', stopAnswer)
// Escape stops what is under way: a recording (not sent), or else the answer and its speech.
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || event.isComposing) return
  if (isRecording()) cancelRecording()
  else stopAnswer()
})

applyLanguage(session.language())
page.key.value = session.key()
fillConversations()
showHistory()
// A key saved before (a reload): the limits of a recording are read without a word; failing, the
// page records as it did before servers told them (the history's reading says what is wrong).
if (session.key() !== '') checkKey({ key: session.key() }).then(keepRecordingLimits, () => {})
document.documentElement.dataset.ready = 'true'
