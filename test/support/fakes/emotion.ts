// A real emotion analysis server on 127.0.0.1 for tests, with the original app's contract
// (docs/external-protocols.md §3): `POST /predict?text=<transcript>`, multipart with one `file`
// field holding the audio, answering `{prediction}`. Built with Fastify and @fastify/multipart so the
// client's multipart body is parsed by a real parser.
import Fastify from 'fastify'
import multipart from '@fastify/multipart'
import type { AddressInfo } from 'node:net'

export interface FakeEmotionOptions {
  /** normal answers at once; slow waits `delayMs` (default 5 s, beyond any budget); failing answers 500. */
  mode?: 'normal' | 'slow' | 'failing'
  /** failing: the body of the 500, sent as text/plain (a crashed Python service sends its traceback); default `{detail}` JSON. */
  failureBody?: string
  /** The prediction sent back, as is. Default "happy". */
  label?: string
  delayMs?: number
}

export interface RecordedEmotionRequest {
  text: string | undefined
  fields: string[]
  fileName?: string
  fileSize?: number
  contentType?: string
  /** The first bytes of the file, to check the audio arrived intact. */
  fileHead?: Buffer
}

export interface FakeEmotion {
  url: string
  requests: RecordedEmotionRequest[]
  violations: string[]
  close: () => Promise<void>
}

export async function startFakeEmotion (options: FakeEmotionOptions = {}): Promise<FakeEmotion> {
  const mode = options.mode ?? 'normal'
  const requests: RecordedEmotionRequest[] = []
  const violations: string[] = []
  const timers = new Set<NodeJS.Timeout>()
  const app = Fastify({ logger: false, forceCloseConnections: true })
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 2 } })

  app.post<{ Querystring: { text?: string } }>('/predict', async (request, reply) => {
    const recorded: RecordedEmotionRequest = { text: request.query.text, fields: [] }
    requests.push(recorded)
    if (recorded.text === undefined) violations.push('no ?text= query parameter')
    if (!request.isMultipart()) {
      violations.push(`not multipart: ${request.headers['content-type'] ?? 'no content-type'}`)
      return await reply.code(422).send({ detail: 'file is required' })
    }
    for await (const part of request.parts()) {
      recorded.fields.push(part.fieldname)
      if (part.type === 'file' && part.fieldname === 'file') {
        const content = await part.toBuffer()
        recorded.fileName = part.filename
        recorded.fileSize = content.length
        recorded.contentType = part.mimetype
        recorded.fileHead = content.subarray(0, 16)
      } else if (part.type === 'file') {
        await part.toBuffer()
      }
    }
    if (recorded.fields.join(',') !== 'file') violations.push(`expected exactly one "file" field, got [${recorded.fields.join(', ')}]`)
    if (recorded.fileSize === undefined) return await reply.code(422).send({ detail: 'file is required' })

    if (mode === 'failing') {
      if (options.failureBody !== undefined) return await reply.code(500).type('text/plain; charset=utf-8').send(options.failureBody)
      return await reply.code(500).send({ detail: 'model crashed' })
    }
    if (mode === 'slow') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { timers.delete(timer); resolve() }, options.delayMs ?? 5000)
        timers.add(timer)
      })
    }
    return { prediction: options.label ?? 'happy' }
  })

  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    violations,
    close: async () => {
      for (const timer of timers) clearTimeout(timer)
      await app.close()
    }
  }
}
