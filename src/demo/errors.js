// What the visitor reads when a call fails: one sentence per status the API documents, in the UI
// language, with the server's own message where it says more than the status does.
import { t } from './i18n.js'

export function describeFailure (error) {
  if (error.status === undefined) return t('errorOther', { status: '—', message: error.message })
  switch (error.status) {
    case 0: return t('errorNetwork')
    case 400: return t('error400', { message: error.message })
    case 401: return t('error401')
    case 403: return t('error403')
    case 404: return t('error404')
    case 409: return t('error409')
    case 413: return t('error413')
    case 429: return t('error429', { seconds: error.retryAfter ?? '60' })
    case 503:
      if (error.code === 'VOICE_UNAVAILABLE') {
        return /speech-to-text/i.test(error.message) ? t('errorVoiceStt') : t('errorVoice', { message: error.message })
      }
      return t('error503')
    default: return t('errorOther', { status: error.status, message: error.message })
  }
}
