// The conversation picker and the history it shows: this tab's conversations, the stored turns of
// the current one (GET /v1/conversations/{id}), starting a new one and deleting one.
import { deleteConversation, readConversation } from './api.js'
import { describeFailure } from './errors.js'
import { t } from './i18n.js'
import { log, page, quiet, requireKey, say } from './page.js'
import { session } from './session.js'

export function fillConversations () {
  page.conversation.replaceChildren(...session.conversations().map((id) => {
    const option = document.createElement('option')
    option.value = id
    option.textContent = id
    return option
  }))
  page.conversation.value = session.conversation()
}

// Each reading of the history, and each new conversation, makes the reading under way stale: its
// late answer must not fill (or its failure speak for) the conversation now shown. The arrow keys
// on the picker change the conversation at each press, so readings do overlap.
let shown = 0

export async function showHistory () {
  const reading = ++shown
  log.clear()
  const key = session.key()
  const conversationId = session.conversation()
  // A conversation with no question yet has nothing stored to read.
  if (key === '' || !session.isStored(conversationId)) return
  try {
    const { turns } = await readConversation({ key, conversationId })
    if (reading === shown) log.restore(turns)
  } catch (error) {
    // Only conversations this tab asked in get here: a 404 means it expired, or the key changed
    // (conversations belong to the key that used them), and the visitor should know.
    if (reading === shown) say(describeFailure(error))
  }
}

export function startConversation () {
  quiet()
  session.newConversation()
  fillConversations()
  shown++
  log.clear()
  page.question.focus()
}

export async function deleteCurrentConversation () {
  const key = requireKey()
  if (key === '') return
  const conversationId = session.conversation()
  try {
    // Only a conversation that got an answer exists on the server.
    if (session.isStored(conversationId)) await deleteConversation({ key, conversationId })
  } catch (error) {
    if (error.status !== 404) {
      say(describeFailure(error))
      return
    }
  }
  session.forget(conversationId)
  fillConversations()
  say(t('conversationDeleted'), 'info')
  await showHistory()
}
