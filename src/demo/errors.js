// What the visitor reads when a call fails: one sentence in the UI language for each status and code
// the API documents (schemas/openapi.json; test/demo/errors.test.ts checks the list). The server's own
// message, which is English and may name settings meant for operators, is shown only where it says
// what the sentence cannot and is written for clients: a language model failure that waiting will not
// fix (no Retry-After), whose message names the models and how each refused.
import { t } from './i18n.js'

/** Codes whose sentence says more than their status's. */
const BY_CODE = {
  VALIDATION_ERROR: 'errorQuestionInvalid',
  MISSING_API_KEY: 'keyMissing',
  AUDIO_EMPTY: 'errorAudioEmpty',
  AUDIO_MISSING: 'errorAudioEmpty',
  AUDIO_NO_SPEECH: 'errorAudioNoSpeech',
  AUDIO_TOO_LONG: 'errorAudioTooLong',
  AUDIO_UNSUPPORTED: 'errorAudioUnreadable',
  AUDIO_UNDECODABLE: 'errorAudioUnreadable',
  STT_BAD_AUDIO: 'errorAudioUnreadable',
  AUDIO_MALFORMED_UPLOAD: 'errorUpload',
  AUDIO_MULTIPART_REQUIRED: 'errorUpload',
  AUDIO_TOO_MANY_FILES: 'errorUpload',
  AUDIO_TOO_MANY_PARTS: 'errorUpload',
  AUDIO_UPLOAD_TOO_SLOW: 'errorUploadSlow',
  AUDIO_TOO_LARGE: 'errorAudioTooLarge',
  LLM_UNAVAILABLE: 'errorLlm',
  STORAGE_UNAVAILABLE: 'errorStorage',
  STORE_UNAVAILABLE: 'errorKnowledge',
  INDEX_NOT_READY: 'errorKnowledge',
  OVERLOADED: 'errorBusy',
  AUDIO_BUSY: 'errorBusy',
  SHUTTING_DOWN: 'errorRestarting',
  CLOSED: 'errorRestarting',
  STT_NOT_CONFIGURED: 'errorVoiceStt',
  AUDIO_DECODER_UNAVAILABLE: 'errorVoice',
  ANSWER_TIMEOUT: 'errorAnswerTimeout',
  // Not from the server: api.js's name for a stream that ended before its `done` event.
  STREAM_INTERRUPTED: 'errorInterrupted'
}

const BY_STATUS = {
  0: 'errorNetwork',
  400: 'error400',
  401: 'error401',
  403: 'error403',
  404: 'error404',
  408: 'error408',
  409: 'error409',
  413: 'error413',
  414: 'error414',
  415: 'error415',
  429: 'error429',
  500: 'error500',
  502: 'error502',
  503: 'error503',
  504: 'error504'
}

/** Speech and emotion services name their failures `<SERVICE>_<WHAT>` (STT_AUTH, TTS_TIMEOUT, …). */
const SERVICES = { STT_: 'serviceStt', TTS_: 'serviceTts', EMOTION_: 'serviceEmotion' }

function serviceFailure (error) {
  const prefix = Object.keys(SERVICES).find((start) => error.code?.startsWith(start))
  if (prefix === undefined) return null
  const service = t(SERVICES[prefix])
  if (error.status === 504) return t('errorServiceTimeout', { service })
  if (error.status === 503 || error.status === 429) return t('errorServiceUnavailable', { service })
  return t('errorServiceFailed', { service })
}

export function describeFailure (error) {
  // Not an API failure: a fault of the page itself, whose message is for developers.
  if (error.status === undefined) return t('errorPage')
  if (error.code === 'VOICE_UNAVAILABLE') {
    return t(/speech-to-text/i.test(error.message) ? 'errorVoiceStt' : 'errorVoice')
  }
  if (error.code === 'LLM_UNAVAILABLE' && error.retryAfter === null) {
    // Every model refused the server's configuration or the request: "try again shortly" would mislead.
    return t('errorLlmRefused', { message: error.message })
  }
  const byCode = BY_CODE[error.code]
  if (byCode !== undefined) return t(byCode)
  const service = serviceFailure(error)
  if (service !== null) return service
  switch (error.status) {
    case 429: return error.retryAfter === null ? t('error429Soon') : t('error429', { seconds: error.retryAfter })
    case 500: return error.requestId === null ? t('error500') : t('error500Id', { requestId: error.requestId })
  }
  const byStatus = BY_STATUS[error.status]
  return byStatus === undefined ? t('errorOther', { status: error.status }) : t(byStatus)
}

/** getUserMedia's refusals, by the DOMException's name (its message is the browser's English). */
export function describeMicrophoneFailure (error) {
  switch (error?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return t('errorMicrophoneDenied')
    case 'NotFoundError':
    case 'OverconstrainedError':
      return t('errorMicrophoneMissing')
    case 'NotReadableError':
    case 'AbortError':
      return t('errorMicrophoneBusy')
    default:
      return t('errorMicrophone')
  }
}
