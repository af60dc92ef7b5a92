// What a recording may be, as GET /v1/me tells it (`limits`: MAX_AUDIO_SECONDS, MAX_CONTENT_LENGTH),
// read once per page or saved key. Unknown (a server older than `limits`, or the call failed), a
// recording has no limit of the page's own, as before: the server's 400 or 413 says it after upload.
import { t } from './i18n.js'
import { page } from './page.js'

/** Seconds before the page stops a recording itself that a screen reader hears it is ending. */
export const WARN_SECONDS_LEFT = 10

let limits = null

const isCount = (value) => Number.isInteger(value) && value > 0

/** Keeps the limits of a /v1/me answer (none in an older server's), and says the longest by the record button. */
export function keepRecordingLimits (answer) {
  const told = answer?.limits
  limits = isCount(told?.max_audio_seconds) && isCount(told?.max_upload_bytes) ? told : null
  describeRecordingLimit()
}

/** The record button's description ("at most 60 s"), in the page's language; nothing while unknown. */
export function describeRecordingLimit () {
  page.recordLimit.textContent = limits === null ? '' : t('recordLimit', { seconds: limits.max_audio_seconds })
  page.recordLimit.hidden = limits === null
}

/**
 * When the page stops a recording itself, and the bytes it may hold, or null while unknown. A little
 * before the server's limit: the encoder's last frames come after the stop, a timer may fire late,
 * and the server counts the decoded samples, not the seconds the page saw.
 */
export function recordingStop () {
  if (limits === null) return null
  const seconds = limits.max_audio_seconds
  return { limitSeconds: seconds, afterSeconds: seconds - Math.min(1, seconds / 4), maxBytes: limits.max_upload_bytes }
}
