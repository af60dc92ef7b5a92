// The demo page's wiring: the key, the conversation picker, text and voice questions. Each part's
// logic lives in its own module; this file only connects them to the page.
import { askByText, askByVoice, deleteConversation, readConversation } from './api.js'
import { describeFailure, describeMicrophoneFailure } from './errors.js'
import { formatSeconds, setLanguage, t } from './i18n.js'
import { createLog } from './log.js'
import { createPlayer } from './player.js'
import { canRecord, startRecording } from './recorder.js'
import { session } from './session.js'
import { renderTimings } from './timings.js'

const $ = (id) => document.getElementById(id)
const page = {
  language: $('language'),
  keyForm: $('key-form'),
  key: $('api-key'),
  keyForget: $('key-forget'),
  keyState: $('key-state'),
  conversation: $('conversation'),
  conversationNew: $('conversation-new'),
  conversationDelete: $('conversation-delete'),
  status: $('status'),
  askForm: $('ask-form'),
  question: $('question'),
  ask: $('ask'),
  stop: $('stop'),
  record: $('record'),
  recording: $('recording'),
  voice: $('voice'),
  transcript: $('transcript'),
  emotion: $('emotion'),
  played: $('played'),
  timings: $('timings')
}
const log = createLog($('log'))
const player = createPlayer({
  onPlayed (seconds) {
    page.played.dataset.seconds = seconds.toFixed(3)
    page.played.textContent = `${formatSeconds(seconds)} s`
  }
})
let recorder = null
// True from a question's sending to its answer's end (or while recording): one turn at a time.
let busy = false
// The answer under way, which the stop button and Escape abort (the server then cancels its work).
let turn = null

function say (message, kind = 'error') {
  page.status.textContent = message
  page.status.dataset.kind = kind
  page.status.hidden = false
}

function quiet () {
  page.status.hidden = true
  page.status.textContent = ''
}

function setBusy (value) {
  busy = value
  const controls = [page.ask, page.conversationNew, page.conversationDelete, page.conversation, ...document.querySelectorAll('#log button.retry')]
  if (recorder === null) controls.push(page.record)
  // A control that gets disabled (or hidden) drops the focus to the page's start: a keyboard user
  // would have to Tab all the way back. The question box is where the next thing to do is.
  if ((busy ? controls : [page.stop]).includes(document.activeElement)) page.question.focus()
  for (const control of controls) control.disabled = busy
  if (recorder !== null) page.record.disabled = false
  // Recording has its own stop: the record button.
  page.stop.hidden = !busy || recorder !== null
  turn = busy && recorder === null ? new AbortController() : null
}

/** Stops the answer under way, and its speech (Escape silences a spoken answer that is over, too). */
function stopAnswer () {
  turn?.abort()
  player.stop()
}

/** A turn that failed, or that the visitor stopped: the answer's entry and the page say which. */
function failed (answer, error, retry) {
  const stopped = error.name === 'AbortError'
  answer?.fail({ retry, stopped })
  if (stopped) say(t('answerStopped'), 'info')
  else say(describeFailure(error))
}

function requireKey () {
  const key = session.key()
  if (key === '') {
    say(t('keyMissing'))
    page.key.focus()
  }
  return key
}

function currentConversation () {
  return session.conversation()
}

function fillConversations () {
  page.conversation.replaceChildren(...session.conversations().map((id) => {
    const option = document.createElement('option')
    option.value = id
    option.textContent = id
    return option
  }))
  page.conversation.value = session.conversation()
}

async function showHistory () {
  log.clear()
  const key = session.key()
  const conversationId = currentConversation()
  // A conversation with no question yet has nothing stored to read.
  if (key === '' || !session.isStored(conversationId)) return
  try {
    const { turns } = await readConversation({ key, conversationId })
    for (const turn of turns) log.stored(turn)
  } catch (error) {
    // Only conversations this tab asked in get here: a 404 means it expired, or the key changed
    // (conversations belong to the key that used them), and the visitor should know.
    say(describeFailure(error))
  }
}

async function askText (message) {
  const key = requireKey()
  if (key === '') return
  quiet()
  setBusy(true)
  const answer = log.answer(log.question(message))
  try {
    const conversationId = currentConversation()
    const result = await askByText({ key, conversationId, message, signal: turn.signal }, {
      token: (data) => { answer.append(data.text) },
      sources: (data) => { answer.sources(data.sources) }
    })
    session.markStored(conversationId)
    answer.finish(result.answer, result.sources)
    page.question.value = ''
  } catch (error) {
    failed(answer, error, () => { page.question.focus(); askText(message) })
  } finally {
    setBusy(false)
  }
}

async function askVoice ({ recording, fileName }) {
  const key = requireKey()
  if (key === '') return
  quiet()
  setBusy(true)
  page.voice.hidden = false
  page.transcript.textContent = '…'
  page.emotion.textContent = '…'
  page.timings.replaceChildren()
  player.reset()
  let answer = null
  try {
    const conversationId = currentConversation()
    const result = await askByVoice({ key, conversationId, recording, fileName, signal: turn.signal }, {
      transcript: (data) => {
        page.transcript.textContent = data.text
        answer = log.answer(log.question(data.text))
      },
      emotion: (data) => { page.emotion.textContent = data.label },
      token: (data) => { answer?.append(data.text) },
      audio: (data) => { player.enqueue(data.audio) },
      sources: (data) => { answer?.sources(data.sources) }
    })
    session.markStored(conversationId)
    answer?.finish(result.answer, result.sources)
    renderTimings(page.timings, result.exec_time)
  } catch (error) {
    // What never arrived is not still on its way.
    for (const fact of [page.transcript, page.emotion]) {
      if (fact.textContent === '…') fact.textContent = '—'
    }
    failed(answer, error, () => { page.question.focus(); askVoice({ recording, fileName }) })
  } finally {
    setBusy(false)
  }
}

async function toggleRecording () {
  if (recorder !== null) {
    const finished = recorder
    recorder = null
    page.record.setAttribute('aria-pressed', 'false')
    page.record.textContent = t('record')
    page.recording.textContent = ''
    await askVoice(await finished.stop())
    return
  }
  if (requireKey() === '') return
  if (!canRecord()) {
    say(t('errorNoRecorder'))
    return
  }
  player.unlock()
  quiet()
  try {
    recorder = await startRecording({
      onTick (seconds) {
        page.recording.dataset.seconds = seconds.toFixed(2)
        page.recording.textContent = t('recording', { seconds: formatSeconds(seconds) })
      }
    })
  } catch (error) {
    say(describeMicrophoneFailure(error))
    return
  }
  page.record.setAttribute('aria-pressed', 'true')
  page.record.textContent = t('stop')
  setBusy(true)
}

function applyLanguage (language) {
  session.setLanguage(language)
  setLanguage(language)
  page.language.textContent = t('languageToggle')
  if (recorder !== null) page.record.textContent = t('stop')
}

page.language.addEventListener('click', () => { applyLanguage(session.language() === 'id' ? 'en' : 'id') })

page.keyForm.addEventListener('submit', (event) => {
  event.preventDefault()
  session.setKey(page.key.value.trim())
  // `required` lets spaces through: no key is saved then, and the page says a key is needed.
  if (requireKey() === '') return
  say(t('keySaved'), 'info')
  showHistory()
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
page.conversationNew.addEventListener('click', () => {
  quiet()
  session.newConversation()
  fillConversations()
  log.clear()
  page.question.focus()
})
page.conversationDelete.addEventListener('click', async () => {
  const key = requireKey()
  if (key === '') return
  const conversationId = currentConversation()
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
})

page.askForm.addEventListener('submit', (event) => {
  event.preventDefault()
  // Enter reaches here even while the Kirim button is disabled (requestSubmit ignores it).
  if (busy) return
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
