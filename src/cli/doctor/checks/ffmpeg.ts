// ffmpeg: installed, and decodes the test clip to WAV and FLAC as the voice pipeline does.
import type { Env as Config } from '../../../../schemas/env.ts'
import { speechToTextProvider } from '../../../wiring/speech.ts'
import type { PlannedCheck } from '../types.ts'
import type { Shared } from './common.ts'

export function ffmpegCheck (config: Config, shared: Shared): PlannedCheck {
  return {
    name: 'ffmpeg',
    run: async () => {
      const probe = await shared.ffmpeg()
      if (!probe.available) {
        // Without ffmpeg no upload can be decoded: fatal for voice when voice is configured.
        const voiceConfigured = speechToTextProvider(config) !== 'none'
        return {
          status: voiceConfigured ? 'fail' : 'warn',
          code: 'missing',
          detail: `not found: /v1/audio is unavailable${voiceConfigured ? '' : ' (text chat works)'} — install ffmpeg`
        }
      }
      const decoded = await shared.decodedClip()
      return { status: 'ok', detail: `ffmpeg ${probe.version ?? '(version unknown)'}: decoded a WAV to ${decoded.sampleRate / 1000} kHz WAV and FLAC` }
    }
  }
}
