// Asking: a text question, a spoken one from the microphone, and stopping the answer under way.
// One turn at a time: the controls that would start another are disabled until the answer ends.
import { askByText, askByVoice } from './api.js'
import { describeFailure, describeMicrophoneFailure } from './errors.js'
import { formatSeconds, showSeconds, t } from './i18n.js'
import { answerLanguage } from './log.js'
import { log, page, quiet, requireKey, say } from './page.js'
import { createPlayer } from './player.js'
import { canRecord, startRecording } from './recorder.js'
import { recordingStop, WARN_SECONDS_LEFT } from './recording-limits.js'
import { session } from './session.js'
import { renderTimings } from './timings.js'

const player = createPlayer({
  onPlayed (seconds) { showSeconds(page.played, seconds) },
  onSpeaking: showCaption
})
let recorder = null
// The timers of the recording under way (its end, and the warning before it).
const recordingTimers = []
// True from a question's sending to its answer's end (or while recording): one turn at a time.
let busy = false
// The answer under way, which the stop button and Escape abort (the server then cancels its work).
let turn = null

/**
 * The caption of the sentence being heard, marked with that sentence's language (the audio event's
 * `language`) so that a screen reader reads an English sentence in English, whatever the answer's or
 * the UI's language; '—', unmarked, while nothing is. Not a live region: it would talk over the audio.
 */
function showCaption (caption) {
  if (caption === null) {
    page.caption.textContent = '—'
    page.caption.removeAttribute('lang')
    return
  }
  page.caption.textContent = caption.sentence
  page.caption.lang = answerLanguage(caption.language)
}

export const isBusy = () => busy
export const isRecording = () => recorder !== null

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
export function stopAnswer () {
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

export async function askText (message) {
  const key = requireKey()
  if (key === '') return
  quiet()
  setBusy(true)
  const answer = log.answer(log.question(message))
  try {
    const conversationId = session.conversation()
    const result = await askByText({ key, conversationId, message, signal: turn.signal }, {
      token: (data) => { answer.append(data.text) },
      sources: (data) => { answer.sources(data.sources) }
    })
    session.markStored(conversationId)
    // An answer in more than one language comes with its sentences' (the audio events' for a spoken one).
    answer.finish(result.answer, result.sources, result.language, result.sentences)
    // Only the question answered leaves the box: the next one, typed while this answer streamed, stays.
    if (page.question.value.trim() === message) page.question.value = ''
  } catch (error) {
    failed(answer, error, () => { page.question.focus(); askText(message) })
  } finally {
    setBusy(false)
  }
}

async function askVoice ({ recording, fileName }, notice = null) {
  const key = requireKey()
  if (key === '') {
    // A recording stopped after the key was forgotten: the turn recording began never starts.
    setBusy(false)
    return
  }
  quiet()
  // The page stopped the recording itself: the visitor must know it was sent, and why.
  if (notice !== null) say(notice, 'info')
  setBusy(true)
  page.voice.hidden = false
  page.transcript.textContent = '…'
  page.emotion.textContent = '…'
  page.timings.replaceChildren()
  player.reset()
  let answer = null
  // The sentences as spoken, each with its language: the log marks them so when they mix languages.
  const spoken = []
  try {
    const conversationId = session.conversation()
    const result = await askByVoice({ key, conversationId, recording, fileName, signal: turn.signal }, {
      transcript: (data) => {
        page.transcript.textContent = data.text
        answer = log.answer(log.question(data.text))
      },
      emotion: (data) => { page.emotion.textContent = data.label },
      token: (data) => { answer?.append(data.text) },
      audio: (data) => {
        spoken.push({ sentence: data.sentence, language: data.language })
        player.enqueue(data.audio, { sentence: data.sentence, language: data.language })
      },
      sources: (data) => { answer?.sources(data.sources) }
    })
    session.markStored(conversationId)
    answer?.finish(result.answer, result.sources, result.language, spoken)
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

/** Takes the recording under way off the page (its timers, the button, the time shown): the recorder, to stop. */
function endRecording () {
  const ended = recorder
  recorder = null
  for (const timer of recordingTimers.splice(0)) clearTimeout(timer)
  delete page.record.dataset.recording
  page.record.textContent = t('record')
  page.recording.textContent = ''
  page.recordingNotice.textContent = ''
  return ended
}

/** Ends the recording under way and sends it; `notice` says why the page ended it itself. */
async function finishRecording (notice) {
  await askVoice(await endRecording().stop(), notice)
}

/**
 * Escape while recording: the recording ends unsent (the microphone released), the record button has
 * the focus again, and the recording's own region (role=status) says so without interrupting.
 */
export async function cancelRecording () {
  if (recorder === null) return
  const cancelled = endRecording()
  setBusy(false)
  page.record.focus()
  page.recordingNotice.textContent = t('recordingCancelled')
  await cancelled.stop()
}

/** What the recorder is told: the time shown, counting down to the page's stop when the limits are known. */
function recordingOptions (stop) {
  const onTick = (seconds) => {
    page.recording.dataset.seconds = seconds.toFixed(2)
    const left = stop === null ? null : Math.max(0, Math.ceil(stop.afterSeconds - seconds))
    page.recording.textContent = t(left === null ? 'recording' : 'recordingLeft', { seconds: formatSeconds(seconds), left })
  }
  if (stop === null) return { onTick }
  return { onTick, maxBytes: stop.maxBytes, onFull: () => { if (recorder !== null) finishRecording(t('recordingSizeReached')) } }
}

/**
 * Known limits: a timer stops the recording a little before the server's limit, another has a
 * screen reader hear once that it is ending. The role=timer showing the time left is not read out as
 * it changes: every second would talk over the visitor.
 */
function armRecordingTimers (stop) {
  if (stop === null) return
  const warnAfter = stop.afterSeconds - WARN_SECONDS_LEFT
  if (warnAfter > 0) recordingTimers.push(setTimeout(() => { page.recordingNotice.textContent = t('recordingEnding', { seconds: WARN_SECONDS_LEFT }) }, warnAfter * 1000))
  recordingTimers.push(setTimeout(() => { if (recorder !== null) finishRecording(t('recordingLimitReached', { seconds: stop.limitSeconds })) }, stop.afterSeconds * 1000))
}

/** The record button: starts recording, or stops it and sends the recording as a question. */
export async function toggleRecording () {
  if (recorder !== null) {
    await finishRecording(null)
    return
  }
  if (requireKey() === '') return
  if (!canRecord()) {
    say(t('errorNoRecorder'))
    return
  }
  player.unlock()
  quiet()
  // A recording cancelled before left its words here: the next cancel must change them to be heard.
  page.recordingNotice.textContent = ''
  const stop = recordingStop()
  try {
    recorder = await startRecording(recordingOptions(stop))
  } catch (error) {
    say(describeMicrophoneFailure(error))
    return
  }
  armRecordingTimers(stop)
  // Its words say what a press does now ("Berhenti dan kirim"), so it is no toggle: a toggle's name
  // must not change, and a screen reader would read "stop and send, pressed".
  page.record.dataset.recording = 'true'
  page.record.textContent = t('stop')
  setBusy(true)
}
