// A voice turn whose answer is stored is answered, whatever its signal does after: the route reports
// what the pipeline rejects, and GET /v1/conversations would show a turn the client was told failed.
// An extractive answer does not wait for the emotion analysis, which may still be running when the
// client goes away or the deadline passes. The warning that the analysis stopped with the request is
// given for that alone: an analysis that failed says so, and a receiver of the `emotion` event that
// throws is not taken for either (the label stands).
import t from 'tap'
import type { Assistant, ChatTurnResult, HeldTurnInput } from '../../../src/services/rag/assistant.ts'
import type { AudioDecoder, DecodedAudio } from '../../../src/services/speech/audio-decoder.ts'
import type { EmotionClient } from '../../../src/services/speech/types.ts'
import { ServiceError } from '../../../src/services/errors.ts'
import { createUploadBudget } from '../../../src/services/voice/upload.ts'
import { createVoicePipeline, type VoicePipeline, type VoiceTurnInput } from '../../../src/services/voice/pipeline.ts'
import { createWorkQueue } from '../../../src/services/voice/work-queue.ts'

const ANSWER: ChatTurnResult = { answer: 'ITB didirikan pada 1920.', language: 'id', sources: [], mode: 'extractive', timings: { retrieval: 0, llm: 0, total: 0 } }
const STOPPED = 'emotion analysis stopped with the request: neutral tone assumed'
const NO_SPEECH = 'speech synthesis not available: text answer only'

/** A pipeline whose assistant runs `answer` as the turn (the question as asked), and its emotion client. */
function pipeline (answer: (input: HeldTurnInput) => Promise<ChatTurnResult>, emotion: EmotionClient): VoicePipeline {
  const assistant = { withTurn: async (_turn, fn) => await fn(answer) } as Pick<Assistant, 'withTurn'> as Assistant
  const audio: DecodedAudio = { format: 'wav', wav: Buffer.alloc(44), flac: Buffer.alloc(0), durationSeconds: 1, sampleRate: 16000 } as DecodedAudio
  return createVoicePipeline({
    decoder: { decode: async () => audio } as unknown as AudioDecoder,
    upload: { budget: createUploadBudget(1 << 20), deadlineMs: 10_000 },
    decodeQueue: createWorkQueue({ concurrency: 1, maxWaiting: 1, busyCode: 'BUSY', busyMessage: 'busy' }),
    speechToText: { name: 'fake', transcribe: async () => 'Kapan ITB didirikan?' },
    emotion,
    emotionTimeoutMs: 60_000,
    textToSpeech: null,
    assistant
  })
}

const turn = (input: Partial<VoiceTurnInput> = {}): VoiceTurnInput => ({ keyId: 'k', conversationId: 'c', audio: Buffer.from('RIFF'), ...input })

/** Logs kept, for what a turn warned about. */
function logger (): { warn: (obj: object, msg: string) => void, lines: Array<{ msg: string, obj: object }> } {
  const lines: Array<{ msg: string, obj: object }> = []
  return { lines, warn: (obj, msg) => { lines.push({ msg, obj }) } }
}

t.test('the signal aborting after the answer was stored, during the emotion analysis: the turn is answered, tone neutral', async (t) => {
  const request = new AbortController()
  const stored: string[] = []
  // As the assistant does: the answer is stored, then the client goes away before it is sent.
  const voice = pipeline(async (input) => {
    stored.push(input.message)
    request.abort(new Error('client disconnected'))
    return ANSWER
  }, {
    // Still analysing when the answer is stored: it stops with the request's signal, as a vendor call does.
    analyze: async (_audio, _transcript, options) => await new Promise<string>((_resolve, reject) => {
      options?.signal?.addEventListener('abort', () => { reject(options.signal?.reason) }, { once: true })
    })
  })
  const result = await voice.run(turn({ signal: request.signal }))
  t.same(stored, ['Kapan ITB didirikan?'])
  t.equal(result.answer, ANSWER.answer, 'the stored answer is the one given')
  t.equal(result.emotion, 'neutral')
  t.ok(result.warnings.includes(STOPPED), 'and it says why the tone is neutral')
})

t.test('an analysis that fails after the stored answer says it failed, not that it stopped with the request', async (t) => {
  let fail!: () => void
  const voice = pipeline(async () => { fail(); return ANSWER }, {
    analyze: async () => await new Promise<string>((_resolve, reject) => { fail = () => { reject(new ServiceError('upstream', 'EMOTION_FAILED', 'HTTP 500')) } })
  })
  const log = logger()
  const result = await voice.run(turn({ log }))
  t.equal(result.emotion, 'neutral')
  t.same(result.warnings, ['emotion analysis unavailable (service error): neutral tone assumed', NO_SPEECH])
  t.match(log.lines, [{ msg: 'emotion analysis failed: neutral assumed' }])
})

t.test('a receiver of the `emotion` event that throws: the label stands, the failure is logged as the receiver\'s, no warning claims the analysis stopped', async (t) => {
  const receiver = (event: string): void => { if (event === 'emotion') throw new TypeError('the receiver failed') }
  // Extractive: the answer is stored before the label comes.
  let label!: (value: string) => void
  const extractive = pipeline(async () => { label('happy'); return ANSWER }, { analyze: async () => await new Promise<string>((resolve) => { label = resolve }) })
  const log = logger()
  const stored = await extractive.run(turn({ log, onEvent: receiver }))
  t.equal(stored.emotion, 'happy')
  t.same(stored.warnings, [NO_SPEECH], 'no request was stopped, no analysis failed')
  t.match(log.lines, [{ msg: 'emotion event not sent: its receiver failed', obj: { err: { message: 'the receiver failed' } } }])

  // Generative: the model call waits for the label, and gets it.
  const tones: string[] = []
  const generative = pipeline(async (input) => {
    tones.push(await input.emotion as string)
    return { ...ANSWER, mode: 'generative' }
  }, { analyze: async () => 'sad' })
  const answered = await generative.run(turn({ log: logger(), onEvent: receiver }))
  t.same(tones, ['sad'])
  t.match(answered, { emotion: 'sad', answer: ANSWER.answer })
  t.same(answered.warnings, [NO_SPEECH])
})
