// A real OpenAI-compatible audio server on 127.0.0.1 for tests (docs/external-protocols.md §6):
// `POST /v1/audio/transcriptions` (multipart: file, model, language, response_format → `{text}`) and
// `POST /v1/audio/speech` (JSON → WAV bytes). Like OpenAI's streamed responses, the WAV carries
// placeholder RIFF/data sizes. https://platform.openai.com/docs/api-reference/audio
import Fastify from 'fastify'
import multipart from '@fastify/multipart'
import type { IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { toneWav } from './prosa-tts.ts'

export interface FakeOpenAiAudioOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string
  transcript?: string
  /** Wait before answering (for timeouts). */
  delayMs?: number
  /** Sample rate of /audio/speech answers. OpenAI's is 24 kHz. */
  sampleRate?: number
}

export interface RecordedTranscription {
  headers: IncomingHttpHeaders
  fields: Record<string, string>
  fileName?: string
  fileType?: string
  fileSize?: number
  fileIsWav?: boolean
}

export interface RecordedSpeech {
  headers: IncomingHttpHeaders
  body: { model?: unknown, input?: unknown, voice?: unknown, response_format?: unknown }
}

export interface FakeOpenAiAudio {
  /** Ends with /v1. */
  baseURL: string
  transcriptions: RecordedTranscription[]
  speeches: RecordedSpeech[]
  violations: string[]
  /** Answer the next `count` requests with this status (and `retry-after` when given). */
  failNext: (status: number, options?: { count?: number, retryAfter?: string, code?: string, message?: string }) => void
  close: () => Promise<void>
}

export async function startFakeOpenAiAudio (options: FakeOpenAiAudioOptions = {}): Promise<FakeOpenAiAudio> {
  const transcriptions: RecordedTranscription[] = []
  const speeches: RecordedSpeech[] = []
  const violations: string[] = []
  const timers = new Set<NodeJS.Timeout>()
  let failure: { status: number, count: number, retryAfter?: string, code?: string, message?: string } | undefined
  const app = Fastify({ logger: false, forceCloseConnections: true })
  await app.register(multipart, { limits: { fileSize: 25 * 1024 * 1024 } })

  const error = (status: number, message: string, type: string, code: string | null = null): { error: Record<string, unknown> } =>
    ({ error: { message, type, param: null, code } })

  app.addHook('onRequest', async (request, reply) => {
    if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      return await reply.code(401).send(error(401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'))
    }
    if (failure !== undefined && failure.count > 0) {
      failure.count -= 1
      if (failure.retryAfter !== undefined) reply.header('retry-after', failure.retryAfter)
      const type = failure.status === 429 ? 'requests' : failure.status >= 500 ? 'server_error' : 'invalid_request_error'
      return await reply.code(failure.status).send(error(failure.status, failure.message ?? 'Simulated failure.', type, failure.code ?? null))
    }
    if (options.delayMs !== undefined) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { timers.delete(timer); resolve() }, options.delayMs)
        timers.add(timer)
      })
    }
  })

  app.post('/v1/audio/transcriptions', async (request, reply) => {
    const recorded: RecordedTranscription = { headers: request.headers, fields: {} }
    transcriptions.push(recorded)
    if (!request.isMultipart()) {
      violations.push('transcription request is not multipart')
      return await reply.code(400).send(error(400, 'Expected multipart/form-data', 'invalid_request_error'))
    }
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const content = await part.toBuffer()
        if (part.fieldname !== 'file') violations.push(`unexpected file field ${part.fieldname}`)
        recorded.fileName = part.filename
        recorded.fileType = part.mimetype
        recorded.fileSize = content.length
        recorded.fileIsWav = content.length >= 12 && content.toString('latin1', 0, 4) === 'RIFF' && content.toString('latin1', 8, 12) === 'WAVE'
      } else {
        recorded.fields[part.fieldname] = String(part.value)
      }
    }
    if (recorded.fileSize === undefined) return await reply.code(400).send(error(400, "Missing required parameter: 'file'.", 'invalid_request_error'))
    if (recorded.fields.model === undefined) return await reply.code(400).send(error(400, 'you must provide a model parameter', 'invalid_request_error'))
    if (recorded.fields.language !== 'id') violations.push(`language is ${recorded.fields.language ?? 'missing'}, expected id`)
    if (recorded.fileName === undefined || !/\.(wav|flac|mp3|m4a|ogg|webm)$/.test(recorded.fileName)) {
      return await reply.code(400).send(error(400, 'Invalid file format.', 'invalid_request_error'))
    }
    const text = options.transcript ?? 'apa saja fakultas di itb'
    if (recorded.fields.response_format === 'text') return await reply.type('text/plain').send(text)
    return { text }
  })

  app.post<{ Body: RecordedSpeech['body'] }>('/v1/audio/speech', async (request, reply) => {
    speeches.push({ headers: request.headers, body: request.body })
    const { input, model, voice, response_format: format } = request.body ?? {}
    if (typeof input !== 'string' || input === '' || input.length > 4096) {
      return await reply.code(400).send(error(400, "'input' must be 1-4096 characters", 'invalid_request_error'))
    }
    if (typeof model !== 'string' || typeof voice !== 'string') {
      return await reply.code(400).send(error(400, 'model and voice are required', 'invalid_request_error'))
    }
    if (format !== 'wav') violations.push(`response_format is ${String(format)}, expected wav`)
    return await reply.type('audio/wav').send(toneWav(input, options.sampleRate ?? 24_000, { streamedSizes: true }))
  })

  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    transcriptions,
    speeches,
    violations,
    failNext: (status, failOptions = {}) => { failure = { status, count: failOptions.count ?? 1, retryAfter: failOptions.retryAfter, code: failOptions.code, message: failOptions.message } },
    close: async () => {
      for (const timer of timers) clearTimeout(timer)
      await app.close()
    }
  }
}
