// espeak-ng: installed, with an Indonesian voice and the English one English sentences are read with
// (what matters depends on the chosen synthesis).
import type { Env as Config } from '../../../../schemas/env.ts'
import { textToSpeechProvider } from '../../../wiring/speech.ts'
import type { DoctorTools, PlannedCheck } from '../types.ts'
import type { Shared } from './common.ts'

export function espeakCheck (config: Config, shared: Shared, missingVoices: DoctorTools['missingEspeakVoices']): PlannedCheck {
  return {
    name: 'espeak-ng',
    run: async () => {
      const probe = await shared.espeak()
      const provider = textToSpeechProvider(config)
      if (!probe.available) {
        return provider === 'espeak'
          ? { status: 'warn', code: 'missing', detail: 'not installed: spoken answers are text only — install espeak-ng (or configure PROSA_TTS_API_KEY or TTS_BASE_URL)' }
          : { status: 'skip', detail: `not installed (not used: speech synthesis is ${provider})` }
      }
      const version = `espeak-ng ${probe.version ?? '(version unknown)'}`
      if (!probe.hasIndonesian) {
        return provider === 'espeak'
          ? { status: 'warn', detail: `${version}: no Indonesian voice — answers are spoken with the default voice` }
          : { status: 'ok', detail: `${version}, no Indonesian voice (not used: speech synthesis is ${provider})` }
      }
      if (provider === 'espeak' && config.ESPEAK_VOICE_EN !== config.ESPEAK_VOICE && (await missingVoices([config.ESPEAK_VOICE_EN])).length > 0) {
        return { status: 'warn', code: 'voice', detail: `${version}: no voice "${config.ESPEAK_VOICE_EN}" (ESPEAK_VOICE_EN) — English sentences are spoken with ESPEAK_VOICE "${config.ESPEAK_VOICE}"` }
      }
      return { status: 'ok', detail: `${version}, Indonesian voice present${provider === 'espeak' ? '' : ` (not used: speech synthesis is ${provider})`}` }
    }
  }
}
