// Speech-to-text, when configured: the service's own client transcribes a 1 s test tone.
import type { Env as Config } from '../../../../schemas/env.ts'
import { brief } from '../../../services/vendor-call.ts'
import type { SpeechToText } from '../../../services/speech/types.ts'
import { createSpeechToText, speechToTextProvider } from '../../../wiring/speech.ts'
import type { PlannedCheck } from '../types.ts'
import { speechHints, testClip } from './common.ts'

export function sttCheck (config: Config): PlannedCheck {
  const provider = speechToTextProvider(config)
  if (provider === 'none') return { name: 'stt', skip: 'not configured (PROSA_STT_API_KEY, STT_BASE_URL or OPENAI_API_KEY): /v1/audio answers 503' }
  return {
    name: `stt:${provider}`,
    hints: speechHints(config, 'STT', provider, '/audio/transcriptions'),
    run: async ({ signal, timeoutMs }) => {
      const stt = createSpeechToText(config, { timeoutMs }) as SpeechToText
      const transcript = await stt.transcribe(testClip(), { signal })
      return { status: 'ok', detail: `transcribed a 1 s test tone: ${transcript === '' ? 'empty transcript (expected for a tone)' : `"${brief(transcript, 40)}"`}` }
    }
  }
}
