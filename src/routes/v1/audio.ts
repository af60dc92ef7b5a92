// POST /v1/audio: a spoken question in, a spoken (and written) answer out. The upload is read whole
// (within a per-instance memory budget and a deadline) before a decoder is taken. With `Accept: text/event-stream`: `transcript`,
// `emotion`, `token`s, `audio` (one WAV per sentence, while the answer is still being written),
// `sources`, then `done` with the full response (or `error`); with `Prefer: return=minimal`, a `done`
// without the audio the `audio` events already carried (half the bytes of a spoken answer).
import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { routeErrors } from '../../../schemas/errors.ts'
import { AUDIO_FIELD_NAMES, VOICE_EVENT_STREAM, VoiceHeaders, VoiceRequestBody, VoiceResponse, type VoiceResponseBody } from '../../../schemas/voice.ts'
import { ServiceError } from '../../services/errors.ts'
import { prefersMinimalReturn, withVary } from '../prefer.ts'
import { streamTurn, turnSignal, varyByAccept, wantsEventStream } from '../sse.ts'
import { jsonWithAudio } from './audio-body.ts'
import { ENCODED_BODY_MESSAGE, refuseEncodedBody } from './body-encoding.ts'
import { audioMissing, firstFile, FORM_LIMITS, formDeadline, recordingStream } from './audio-form.ts'
import { refuseSeveralConversationIds } from './conversation-id.ts'
import { refuseTinyPieces } from './body-pieces.ts'
import { closeAfterAnswer } from '../../plugins/lingering-close.ts'

const multipartRequired = (): ServiceError =>
  new ServiceError('bad_request', 'AUDIO_MULTIPART_REQUIRED', 'Send multipart/form-data with the recording in a field named "audio"')

/** Room for the multipart envelope around the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024

const audio: FastifyPluginAsyncTypebox = async (fastify) => {
  const maxBytes = fastify.voiceLimits.maxUploadBytes
  const uploadDeadlineMs = fastify.config.AUDIO_UPLOAD_TIMEOUT * 1000
  await fastify.register(multipart, { limits: { ...FORM_LIMITS, fileSize: maxBytes } })
  // Only a form is read: any other body gets the same answer, unread (Fastify would parse JSON and
  // text first, failing as a bad or too large JSON body, and refuse the rest with a bare 415).
  fastify.removeContentTypeParser(['application/json', 'text/plain'])
  fastify.addContentTypeParser('*', (_request, _payload, done) => { done(multipartRequired()) })
  fastify.addHook('preParsing', refuseEncodedBody)

  const tooLarge = () => new ServiceError('payload_too_large', 'AUDIO_TOO_LARGE', `The upload is larger than ${maxBytes} bytes (MAX_CONTENT_LENGTH)`)

  fastify.post('/audio', {
    schema: {
      tags: ['voice'],
      summary: 'Ask a question by voice',
      description: 'Transcribes the recorded question, answers it like POST /v1/chat (same conversation rules) and ' +
        'speaks the answer. Degrades instead of failing: emotion falls back to neutral, and a failed speech synthesis ' +
        'returns the text answer with audio null; `warnings` says what happened. Send `Accept: text/event-stream` for ' +
        'server-sent events: `transcript`, `emotion`, `token`, `audio` ({index, sentence, language, voice, audio (base64 WAV)}) per ' +
        'sentence while the answer is written, `sources`, then `done` (the full response; without `audio` with ' +
        '`Prefer: return=minimal`) or `error`.',
      headers: VoiceHeaders,
      consumes: ['multipart/form-data'],
      'x-errors': routeErrors(['VALIDATION_ERROR', 'headers must have required property \'x-conversation-id\''], 'AUDIO_MULTIPART_REQUIRED',
        'AUDIO_MISSING', 'AUDIO_TOO_MANY_FILES', 'AUDIO_TOO_MANY_PARTS', 'AUDIO_MALFORMED_UPLOAD', 'BODY_IN_TINY_PIECES', 'AUDIO_EMPTY', 'AUDIO_UNSUPPORTED',
        'AUDIO_UNDECODABLE', 'AUDIO_TOO_LONG', 'AUDIO_NO_SPEECH', 'AUDIO_UPLOAD_TOO_SLOW', 'CONVERSATION_BUSY', 'AUDIO_TOO_LARGE',
        ['UNSUPPORTED_MEDIA_TYPE', ENCODED_BODY_MESSAGE], 'STT_FAILED', 'STT_AUTH', 'STT_CONFIG', 'STT_RATE_LIMITED', 'STT_QUOTA', 'STT_UNAVAILABLE',
        'VOICE_UNAVAILABLE', 'AUDIO_DECODER_UNAVAILABLE', 'AUDIO_BUSY', 'LLM_UNAVAILABLE', 'STORE_UNAVAILABLE',
        'INDEX_NOT_READY', 'STT_TIMEOUT', 'ANSWER_TIMEOUT'),
      'x-event-stream': VOICE_EVENT_STREAM,
      response: { 200: VoiceResponse }
    },
    // The handler reads the multipart stream, so the body is only documented, not validated; the
    // headers are validated by the app's own validator, as on /v1/chat (same messages).
    config: { swaggerTransform: ({ schema, url }) => ({ schema: { ...schema, body: VoiceRequestBody }, url }) },
    onSend: varyByAccept,
    preValidation: refuseSeveralConversationIds,
    onRequest: async (request) => {
      // Refuse an oversized upload before reading a byte of it.
      if (Number(request.headers['content-length'] ?? 0) > maxBytes + MULTIPART_OVERHEAD) throw tooLarge()
    }
  }, async (request, reply) => {
    if (fastify.voiceUnavailableReason !== null) {
      throw new ServiceError('unavailable', 'VOICE_UNAVAILABLE', `Voice is unavailable: ${fastify.voiceUnavailableReason}. See README, "Voice: configuring speech".`, { expected: true })
    }
    if (!request.isMultipart()) throw multipartRequired()
    const form = request.parts()
    // After parts(): its pipe is already reading the body. The rest of a refused body is not read.
    refuseTinyPieces(request.raw, () => { closeAfterAnswer(reply) })
    const disarm = formDeadline(request.raw, uploadDeadlineMs)
    const { file: part, fields } = await firstFile(form).catch((error: unknown) => {
      disarm()
      throw error
    })
    if (part === undefined || !(AUDIO_FIELD_NAMES as readonly string[]).includes(part.fieldname)) {
      disarm()
      part?.file.resume()
      throw audioMissing(part === undefined ? fields : [], AUDIO_FIELD_NAMES)
    }
    const recording = recordingStream(part, form, tooLarge).once('close', disarm)
    const conversationId = request.headers['x-conversation-id']
    const deadline = turnSignal(reply, fastify.config.REQUEST_TIMEOUT * 1000)
    const turn = { keyId: request.keyId as string, conversationId, audio: recording, signal: deadline.signal, log: request.log }
    type VoiceInput = Parameters<typeof fastify.voice.run>[0]
    const run = async (onEvent?: VoiceInput['onEvent'], ready?: VoiceInput['ready']) => await fastify.voice.run({ ...turn, onEvent, ready })

    if (!wantsEventStream(request)) {
      const { audio, ...answer } = await run().catch((error: unknown) => { throw deadline.failure(error) })
      if (audio === null) return { ...answer, audio }
      const json = reply.serialize({ ...answer, audio: '' })
      if (typeof json !== 'string') throw new TypeError('the response serializer did not write text')
      // The bytes the schema serializer would write for the base64 audio, without making the string
      // (./audio-body.ts). A Buffer is sent as it is: the typed reply knows only the schema's shape.
      return reply.type('application/json; charset=utf-8').send(jsonWithAudio(json, audio) as unknown as VoiceResponseBody)
    }

    // Existing clients may read the audio from `done` only: it is left out only when asked.
    const minimal = prefersMinimalReturn(request.headers.prefer)
    // Said with the stream's headers (its first event), not on an error answered before it: the
    // stream's `done` depends on Prefer, sent or not (a JSON answer never does: its Vary names no Prefer).
    let headed = false
    const applied = (send: (event: string, data: unknown) => void) => (event: string, data: unknown): void => {
      if (!headed) {
        headed = true
        reply.header('vary', withVary(reply.getHeader('vary'), 'Prefer'))
        if (minimal) reply.header('preference-applied', 'return=minimal')
      }
      send(event, data)
    }
    return await streamTurn(request, reply, deadline, async (send, ready) => await run(applied(send), ready), ({ audio, ...result }) =>
      audio === null ? { ...result, audio } : minimal ? result : { ...result, audio: Buffer.concat(audio).toString('base64') })
  })
}

export default audio
