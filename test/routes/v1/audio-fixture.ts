// Shared by the /v1/audio tests (audio.test.ts, audio-failures.test.ts): the spoken question, an
// upload of it as a multipart form, and the fake vendors voice needs (Prosa STT/TTS, emotion).
import type { Test } from 'tap'
import { startFakeEmotion } from '../../support/fakes/emotion.ts'
import { startFakeProsaStt } from '../../support/fakes/prosa-stt.ts'
import { startFakeProsaTts } from '../../support/fakes/prosa-tts.ts'
import { build, TEST_API_KEY } from '../../support/helpers/app.ts'
import { speak } from '../../support/helpers/audio-fixtures.ts'

export const QUESTION = 'Kapan ITB didirikan?'
export const question = await speak(QUESTION)

export async function multipart (file: Buffer, options: { field?: string, name?: string, type?: string, before?: Array<[string, string | Blob]> } = {}): Promise<{ payload: Buffer, contentType: string }> {
  const form = new FormData()
  for (const [name, value] of options.before ?? []) form.append(name, value)
  form.append(options.field ?? 'audio', new Blob([file], { type: options.type ?? 'audio/wav' }), options.name ?? 'question.wav')
  const encoded = new Response(form)
  return { payload: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type') as string }
}

export async function upload (app: Awaited<ReturnType<typeof build>>['app'], file: Buffer, options: { field?: string, name?: string, accept?: string, conversation?: string, before?: Array<[string, string | Blob]>, headers?: Record<string, string> } = {}) {
  const { payload, contentType } = await multipart(file, options)
  return await app.inject({
    method: 'POST',
    url: '/v1/audio',
    headers: {
      'x-api-key': TEST_API_KEY,
      'x-conversation-id': options.conversation ?? 'voice-1',
      'content-type': contentType,
      ...(options.accept === undefined ? {} : { accept: options.accept }),
      ...options.headers
    },
    payload
  })
}

export async function vendors (t: Test, options: { emotion?: Parameters<typeof startFakeEmotion>[0], sttClose?: number, sttCloseReason?: string, ttsFailOn?: string, ttsDelayMs?: number, transcript?: () => string } = {}) {
  const stt = await startFakeProsaStt({ apiKey: 'stt-key', transcript: options.transcript ?? QUESTION, closeWith: options.sttClose, closeReason: options.sttCloseReason })
  const tts = await startFakeProsaTts({ apiKey: 'tts-key', failOnText: options.ttsFailOn, delayPerSentenceMs: options.ttsDelayMs })
  const emotion = await startFakeEmotion({ label: 'happy', ...options.emotion })
  t.teardown(async () => { await stt.close(); await tts.close(); await emotion.close() })
  return {
    stt,
    tts,
    emotion,
    env: {
      PROSA_STT_API_KEY: 'stt-key',
      PROSA_STT_URL: stt.url,
      PROSA_TTS_API_KEY: 'tts-key',
      PROSA_TTS_URL: tts.url,
      EMOTION_ANALYSIS_URL: emotion.url,
      // A busy machine can take over a second to answer even a fake: the budget is only short in the
      // test about it, against a service that would never answer in time.
      EMOTION_TIMEOUT: '30'
    }
  }
}
