// One check per dependency (one file each in checks/), planned from the configuration the service
// itself would use: the same provider choice and the same clients (src/wiring/), so a green doctor
// means the service can talk to each of them. A new check: a file in checks/ and a line below.
import type { Env as Config } from '../../../schemas/env.ts'
import { createAudioDecoder, probeFfmpeg } from '../../services/speech/audio-decoder.ts'
import { missingEspeakVoices, probeEspeak } from '../../services/speech/espeak-tts.ts'
import { chatProviderSettings } from '../../wiring/rag.ts'
import { once, testClip, type PlanOptions, type Shared } from './checks/common.ts'
import { embeddingsCheck } from './checks/embeddings.ts'
import { emotionCheck } from './checks/emotion.ts'
import { espeakCheck } from './checks/espeak.ts'
import { ffmpegCheck } from './checks/ffmpeg.ts'
import { knowledgeCheck } from './checks/knowledge.ts'
import { llmCheck } from './checks/llm.ts'
import { pineconeCheck } from './checks/pinecone.ts'
import { redisCheck } from './checks/redis.ts'
import { sttCheck } from './checks/stt.ts'
import { ttsCheck } from './checks/tts.ts'
import type { DoctorTools, PlannedCheck } from './types.ts'

export { TEST_PROMPT, TEST_QUESTION, TEST_SENTENCE, testClip, hostOf, type PlanOptions } from './checks/common.ts'

export const defaultTools: DoctorTools = {
  probeFfmpeg: async () => await probeFfmpeg(),
  probeEspeak: async () => await probeEspeak(),
  missingEspeakVoices: async (voices) => await missingEspeakVoices(voices)
}

/** Every check, in output order; unconfigured dependencies come back as checks to skip. */
export function planChecks (config: Config, options: PlanOptions): PlannedCheck[] {
  const shared: Shared = {
    ffmpeg: once(options.tools.probeFfmpeg),
    espeak: once(options.tools.probeEspeak),
    decodedClip: once(async () => await createAudioDecoder({ maxSeconds: 5 }).decode(testClip()))
  }
  const providers = chatProviderSettings(config)
  return [
    redisCheck(config),
    ...(providers.length === 0
      ? [{ name: 'llm', skip: 'not configured (TOGETHER_API_KEY, OPENAI_API_KEY or LLM_BASE_URL): answers are extractive' }]
      : providers.map(llmCheck)),
    embeddingsCheck(config),
    pineconeCheck(config, options.pineconeControllerHost),
    sttCheck(config),
    ttsCheck(config, shared),
    emotionCheck(config, shared),
    ffmpegCheck(config, shared),
    espeakCheck(config, shared, options.tools.missingEspeakVoices),
    knowledgeCheck(config, options)
  ]
}
