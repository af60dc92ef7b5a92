// A voice turn whose answer is stored is answered, whatever its signal does after: the route reports
// what the pipeline rejects, and GET /v1/conversations would show a turn the client was told failed.
// An extractive answer does not wait for the emotion analysis, which may still be running when the
// client goes away or the deadline passes.
import t from 'tap'
import type { Assistant, ChatTurnResult } from '../../../src/services/rag/assistant.ts'
import type { AudioDecoder, DecodedAudio } from '../../../src/services/speech/audio-decoder.ts'
import { createUploadBudget } from '../../../src/services/voice/upload.ts'
import { createVoicePipeline } from '../../../src/services/voice/pipeline.ts'
import { createWorkQueue } from '../../../src/services/voice/work-queue.ts'

t.test('the signal aborting after the answer was stored, during the emotion analysis: the turn is answered, tone neutral', async (t) => {
  const request = new AbortController()
  const stored: string[] = []
  const answer: ChatTurnResult = { answer: 'ITB didirikan pada 1920.', language: 'id', sources: [], mode: 'extractive', timings: { retrieval: 0, llm: 0, total: 0 } }
  // As the assistant does: the answer is stored, then the client goes away before it is sent.
  const assistant = {
    withTurn: async (_turn, fn) => await fn(async (input) => {
      stored.push(input.message)
      request.abort(new Error('client disconnected'))
      return answer
    })
  } as Pick<Assistant, 'withTurn'> as Assistant
  const audio: DecodedAudio = { format: 'wav', wav: Buffer.alloc(44), flac: Buffer.alloc(0), durationSeconds: 1, sampleRate: 16000 } as DecodedAudio
  const voice = createVoicePipeline({
    decoder: { decode: async () => audio } as unknown as AudioDecoder,
    upload: { budget: createUploadBudget(1 << 20), deadlineMs: 10_000 },
    decodeQueue: createWorkQueue({ concurrency: 1, maxWaiting: 1, busyCode: 'BUSY', busyMessage: 'busy' }),
    speechToText: { name: 'fake', transcribe: async () => 'Kapan ITB didirikan?' },
    // Still analysing when the answer is stored: it stops with the request's signal, as a vendor call does.
    emotion: {
      analyze: async (_audio, _transcript, options) => await new Promise<string>((_resolve, reject) => {
        options?.signal?.addEventListener('abort', () => { reject(options.signal?.reason) }, { once: true })
      })
    },
    emotionTimeoutMs: 60_000,
    textToSpeech: null,
    assistant
  })
  const result = await voice.run({ keyId: 'k', conversationId: 'c', audio: Buffer.from('RIFF'), signal: request.signal })
  t.same(stored, ['Kapan ITB didirikan?'])
  t.equal(result.answer, answer.answer, 'the stored answer is the one given')
  t.equal(result.emotion, 'neutral')
  t.ok(result.warnings.includes('emotion analysis stopped with the request: neutral tone assumed'), 'and it says why the tone is neutral')
})
