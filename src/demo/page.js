// What every part of the demo page shares: its elements, the question-and-answer log, the status
// line (role=alert) and the API key each call needs.
/* global getComputedStyle */
import { t } from './i18n.js'
import { createLog } from './log.js'
import { session } from './session.js'

const $ = (id) => document.getElementById(id)
export const page = {
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
  recordLimit: $('record-limit'),
  recordingNotice: $('recording-notice'),
  voice: $('voice'),
  transcript: $('transcript'),
  emotion: $('emotion'),
  caption: $('caption'),
  played: $('played'),
  timings: $('timings')
}

/**
 * Where the log scrolls on its own (a larger screen), the question box below it stays on screen as
 * the log grows: a growing log would push it past the screen's bottom (after one answer on a
 * 1366×657 laptop screen). Only down to it: a visitor who scrolled past it (to the voice panel)
 * stays there. On a phone the page scrolls, and the visitor with it.
 */
function keepQuestionInView (list) {
  if (getComputedStyle(list).overflowY === 'visible') return
  const panel = page.askForm.closest('section')
  if (panel.getBoundingClientRect().bottom > document.documentElement.clientHeight) panel.scrollIntoView({ block: 'end' })
}

const list = $('log')
export const log = createLog(list, { grew: () => { keepQuestionInView(list) } })

export function say (message, kind = 'error') {
  page.status.textContent = message
  page.status.dataset.kind = kind
  page.status.hidden = false
  // On a phone the page scrolls: a question that failed (its turn leaves the log) would say why
  // a whole history above the question box. The other messages answer what is next to them.
  if (kind === 'error' && !inView(page.status)) page.status.scrollIntoView({ block: 'nearest' })
}

function inView (element) {
  const { top, bottom } = element.getBoundingClientRect()
  return top >= 0 && bottom <= document.documentElement.clientHeight
}

export function quiet () {
  page.status.hidden = true
  page.status.textContent = ''
}

/** The saved key, or '' after telling the visitor to enter one. */
export function requireKey () {
  const key = session.key()
  if (key === '') {
    say(t('keyMissing'))
    page.key.focus()
  }
  return key
}
