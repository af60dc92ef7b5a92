// espeak-ng: installed, with the voices ESPEAK_VOICE and ESPEAK_VOICE_EN name (what matters depends on
// the chosen synthesis).
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
      if (provider !== 'espeak') {
        return { status: 'ok', detail: `${version}, ${probe.hasIndonesian ? 'Indonesian voice present' : 'no Indonesian voice'} (not used: speech synthesis is ${provider})` }
      }
      // What the service does at start-up (plugins/voice.ts, usableEspeakVoices): a refused voice gives way.
      const refused = await missingVoices([config.ESPEAK_VOICE, config.ESPEAK_VOICE_EN])
      if (refused.includes(config.ESPEAK_VOICE)) {
        return { status: 'warn', code: 'voice', detail: `${version}: no voice "${config.ESPEAK_VOICE}" (ESPEAK_VOICE) — Indonesian sentences are spoken with espeak-ng's default voice (English)` }
      }
      if (refused.includes(config.ESPEAK_VOICE_EN)) {
        return { status: 'warn', code: 'voice', detail: `${version}: no voice "${config.ESPEAK_VOICE_EN}" (ESPEAK_VOICE_EN) — English sentences are spoken with ESPEAK_VOICE "${config.ESPEAK_VOICE}"` }
      }
      return { status: 'ok', detail: `${version}, Indonesian voice present` }
    }
  }
}
