// Speech synthesis: the service's own client speaks one test sentence.
import type { Env as Config } from '../../../../schemas/env.ts'
import { usableEspeakVoices } from '../../../services/speech/espeak-tts.ts'
import type { TextToSpeech } from '../../../services/speech/types.ts'
import { parseWav } from '../../../services/speech/wav.ts'
import { createTextToSpeech, textToSpeechProvider } from '../../../wiring/speech.ts'
import type { CheckOutcome, PlannedCheck } from '../types.ts'
import { speechHints, TEST_SENTENCE, type Shared } from './common.ts'

async function synthesizeCheck (tts: TextToSpeech, signal: AbortSignal): Promise<CheckOutcome> {
  const sentences = tts.synthesize([TEST_SENTENCE], { signal })[Symbol.asyncIterator]()
  try {
    const first = await sentences.next()
    if (first.done === true) return { status: 'fail', code: 'empty', detail: 'no audio came back' }
    const info = parseWav(first.value.wav)
    return { status: 'ok', detail: `"${TEST_SENTENCE}" → WAV of ${info.durationSeconds.toFixed(1)} s at ${info.sampleRate} Hz` }
  } finally {
    // Closes the provider's connection (Prosa keeps one WebSocket per answer).
    await sentences.return?.()
  }
}

export function ttsCheck (config: Config, shared: Shared): PlannedCheck {
  const provider = textToSpeechProvider(config)
  if (provider === 'none') return { name: 'tts', skip: 'disabled (TTS_PROVIDER=none): voice answers are text only' }
  const name = `tts:${provider}`
  if (provider === 'espeak') {
    return {
      name,
      run: async ({ signal, timeoutMs }) => {
        if (!(await shared.espeak()).available) return { status: 'skip', detail: 'not checked: espeak-ng is not installed (see espeak-ng)' }
        // The voices the service speaks with: a refused ESPEAK_VOICE gives way to espeak-ng's default (see espeak-ng).
        const { voices } = await usableEspeakVoices({ voice: config.ESPEAK_VOICE, englishVoice: config.ESPEAK_VOICE_EN })
        if (voices === null) return { status: 'fail', code: 'voice', detail: 'espeak-ng speaks neither with ESPEAK_VOICE nor with its default voice: voice answers are text only' }
        return await synthesizeCheck(createTextToSpeech(config, { timeoutMs, espeakVoices: voices }) as TextToSpeech, signal)
      }
    }
  }
  return {
    name,
    hints: speechHints(config, 'TTS', provider, '/audio/speech'),
    run: async ({ signal, timeoutMs }) => {
      return await synthesizeCheck(createTextToSpeech(config, { timeoutMs }) as TextToSpeech, signal)
    }
  }
}
