// The demo page's wiring: the language toggle, the key, the conversation picker, the question box
// and the keyboard. Each part's logic lives in its own module; this file only connects them to the page.
import { askText, isBusy, isRecording, stopAnswer, toggleRecording } from './asking.js'
import { deleteCurrentConversation, fillConversations, showHistory, startConversation } from './history.js'
import { setLanguage, t } from './i18n.js'
import { page, requireKey, say } from './page.js'
import { session } from './session.js'

function applyLanguage (language) {
  session.setLanguage(language)
  setLanguage(language)
  page.language.textContent = t('languageToggle')
  if (isRecording()) page.record.textContent = t('stop')
}

page.language.addEventListener('click', () => { applyLanguage(session.language() === 'id' ? 'en' : 'id') })

page.keyForm.addEventListener('submit', (event) => {
  event.preventDefault()
  session.setKey(page.key.value.trim())
  // `required` lets spaces through: no key is saved then, and the page says a key is needed.
  if (requireKey() === '') return
  say(t('keySaved'), 'info')
  // Mid-answer (or mid-recording) the log is the conversation as it stands: reading it again would
  // clear the answer streaming in. The key is used from the next question on.
  if (!isBusy()) showHistory()
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
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && !event.isComposing) stopAnswer()
})

applyLanguage(session.language())
page.key.value = session.key()
fillConversations()
showHistory()
document.documentElement.dataset.ready = 'true'
