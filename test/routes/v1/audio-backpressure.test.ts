// A streamed voice answer to a client that stops reading: once its connection is full, the next
// sentence is not synthesized (nor its audio event written) until the client reads again.
import type { ServerResponse } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import t from 'tap'
import { startFakeChat } from '../../support/fakes/openai-chat.ts'
import { build, TEST_API_KEY } from '../../support/helpers/app.ts'
import { readToEnd } from '../../support/helpers/raw-socket.ts'
import { multipart, question, vendors } from './audio-fixture.ts'

/** Two hundred sentences of ~2.5 s of audio each: far more than the kernel holds for a client reading nothing. */
const SENTENCES = 200
const ANSWER = Array.from({ length: SENTENCES }, (_, i) => `Kalimat nomor ${i + 1} dari jawaban yang panjang ini.`).join(' ')

t.test('SSE voice: a client that stops reading holds back the synthesis; every sentence arrives once it reads', async (t) => {
  const { tts, env } = await vendors(t)
  const chat = await startFakeChat({ apiKey: 'llm', respond: () => ({ content: ANSWER }) })
  t.teardown(async () => { await chat.close() })
  const { app } = await build(t, { ...env, LLM_BASE_URL: chat.baseURL, LLM_MODEL: 'fake', LLM_API_KEY: 'llm', LLM_TIMEOUT: '60' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  let response: ServerResponse | undefined
  app.server.once('request', (_request, res: ServerResponse) => { response = res })

  // The turn waits for the client with bytes queued on the server's socket: the kernel takes no more.
  let stopped!: () => void
  const stuck = new Promise<'stuck'>((resolve) => { stopped = () => { resolve('stuck') } })
  let ended!: () => void
  const finished = new Promise<'finished'>((resolve) => { ended = () => { resolve('finished') } })
  const run = app.voice.run
  app.voice.run = async (input) => {
    const { ready } = input
    try {
      return await run({
        ...input,
        ready: ready === undefined
          ? undefined
          : () => {
              const wait = ready()
              if (wait !== undefined && (response?.socket?.writableLength ?? 0) > 0) stopped()
              return wait
            }
      })
    } finally {
      ended()
    }
  }

  const client = connect({ port, host: '127.0.0.1' })
  t.teardown(() => { client.destroy() })
  client.pause()
  const { payload, contentType } = await multipart(question)
  client.write(`POST /v1/audio HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: ${TEST_API_KEY}\r\nx-conversation-id: voice-slow\r\n` +
    `accept: text/event-stream\r\ncontent-type: ${contentType}\r\ncontent-length: ${payload.length}\r\n\r\n`)
  client.write(payload)

  t.equal(await Promise.race([stuck, finished]), 'stuck', 'the turn waits for the client')
  const synthesized = tts.texts.length
  t.ok(synthesized < SENTENCES, `synthesis held back: ${synthesized} of ${SENTENCES} sentences`)

  const received = await readToEnd(client)
  await finished
  const body = received.toString()
  const audio = body.match(/^event: audio$/gm)?.length ?? 0
  t.equal(tts.texts.length, SENTENCES, 'every sentence synthesized once the client read')
  t.equal(audio, SENTENCES, 'an audio event per sentence')
  t.match(body, /event: done\r?\n/, 'then done')
})
