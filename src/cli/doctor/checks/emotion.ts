// Emotion analysis, when configured: labels the FLAC test clip.
import type { Env as Config } from '../../../../schemas/env.ts'
import { createEmotionClient } from '../../../services/emotion/client.ts'
import type { PlannedCheck } from '../types.ts'
import { hostOf, type Shared } from './common.ts'

export function emotionCheck (config: Config, shared: Shared): PlannedCheck {
  const url = config.EMOTION_ANALYSIS_URL
  if (url === undefined) return { name: 'emotion', skip: 'not configured (EMOTION_ANALYSIS_URL): answers use a neutral tone' }
  return {
    name: 'emotion',
    hints: { url: 'EMOTION_ANALYSIS_URL', what: 'POST /predict', model: 'EMOTION_ANALYSIS_URL', host: hostOf(url) },
    run: async ({ signal, timeoutMs }) => {
      if (!(await shared.ffmpeg()).available) return { status: 'skip', detail: 'not checked: ffmpeg is needed to encode the FLAC test clip' }
      const { flac } = await shared.decodedClip()
      const label = await createEmotionClient({ url, timeoutMs }).analyze(flac, 'halo', { signal })
      return { status: 'ok', detail: `labelled a 1 s test clip (FLAC) "${label}"` }
    }
  }
}
